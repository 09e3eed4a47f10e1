import { createHash } from 'node:crypto';
import type { Command } from '../../platform/command.js';
import { ApiError, errors } from '../../platform/errors.js';
import { newObjectId } from '../../platform/ids.js';
import { defineLifecycle } from '../../platform/sim/lifecycle.js';
import type { Reader, Tx } from '../../platform/store/types.js';
import { getProject } from '../projects/projects.js';
import { STREAM_PRIVATE_LINKS } from './collections.js';
import type { Json } from './model.js';

// The networking side of stream processing: the account Atlas runs a project's
// workspaces from (what a customer peers or allows), and PrivateLink connections
// to a customer's Kafka or storage, which Atlas sets up on its side over time.

const PROVIDERS = ['AWS', 'AZURE', 'GCP'] as const;

/** Stable per project and provider, so that a customer's allow-lists stay valid. */
function digits(seed: string, n: number): string {
  const h = createHash('sha256').update(seed).digest();
  return Array.from(h.subarray(0, n), (b) => String(b % 10)).join('');
}
const hex = (seed: string, n: number) => createHash('sha256').update(seed).digest('hex').slice(0, n);

export async function accountDetails(r: Reader, groupId: string, cloudProvider: string, regionName: string): Promise<Json> {
  await getProject(r, groupId);
  const provider = cloudProvider.toUpperCase();
  if (!(PROVIDERS as readonly string[]).includes(provider)) throw errors.invalidQueryParameter('cloudProvider', 'AWS, AZURE or GCP');
  if (!regionName) throw errors.missingQueryParameter('regionName');
  const seed = `${groupId}/${provider}/${regionName}`;
  const cidrBlock = '192.168.248.0/21';
  if (provider === 'AWS') return { awsAccountId: digits(seed, 12), cidrBlock, cloudProvider: 'aws', vpcId: `vpc-${hex(seed, 17)}` };
  if (provider === 'AZURE') {
    const h = hex(seed, 32);
    return {
      azureSubscriptionId: `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`,
      cidrBlock,
      cloudProvider: 'azure',
      virtualNetworkName: `vnet_${hex(seed, 24)}`,
    };
  }
  return { cidrBlock, cloudProvider: 'gcp', gcpProjectId: `p-${hex(seed, 24)}`, vpcNetworkName: `nt-${hex(seed, 24)}` };
}

export interface PrivateLinkDoc extends Json {
  _id: string;
  groupId: string;
  provider: string;
  state: 'PENDING' | 'DONE' | 'DELETING';
}

const linkNotFound = (id: string) =>
  new ApiError(404, 'STREAM_PRIVATE_LINK_NOT_FOUND', `No stream processing PrivateLink connection with ID ${id} exists.`, [id]);

export async function listPrivateLinks(r: Reader, groupId: string): Promise<PrivateLinkDoc[]> {
  await getProject(r, groupId);
  return (await r.list<PrivateLinkDoc>(STREAM_PRIVATE_LINKS, groupId)).items;
}

export async function getPrivateLink(r: Reader, groupId: string, id: string): Promise<PrivateLinkDoc> {
  await getProject(r, groupId);
  const l = await r.get<PrivateLinkDoc>(STREAM_PRIVATE_LINKS, id);
  if (!l || l.groupId !== groupId) throw linkNotFound(id);
  return l;
}

const save = (tx: Tx, l: PrivateLinkDoc) => tx.put(STREAM_PRIVATE_LINKS, l._id, l, { parent: l.groupId, name: null });

function check(input: Json): void {
  const provider = input.provider as string | undefined;
  if (!provider) throw errors.missingAttribute('provider');
  if (!(PROVIDERS as readonly string[]).includes(provider)) throw errors.invalidEnumValue(provider, 'provider');
  if (provider === 'AWS' && input.vendor === 'MSK' && !input.arn) throw errors.missingAttribute('arn');
  if (provider === 'AWS' && input.vendor !== 'MSK' && input.vendor !== 'S3' && !input.serviceEndpointId && !input.arn) {
    throw errors.missingAttribute('serviceEndpointId');
  }
  if (provider === 'AZURE' && !input.serviceEndpointId) throw errors.missingAttribute('serviceEndpointId');
  if (provider === 'GCP' && !input.gcpServiceAttachmentUris) throw errors.missingAttribute('gcpServiceAttachmentUris');
}

export async function createPrivateLink(cmd: Command, groupId: string, input: Json): Promise<PrivateLinkDoc> {
  await getProject(cmd.tx, groupId);
  check(input);
  const id = newObjectId(cmd.now);
  const l: PrivateLinkDoc = {
    ...input,
    _id: id,
    groupId,
    provider: input.provider as string,
    state: 'PENDING',
    interfaceEndpointId: input.provider === 'AWS' ? `vpce-${hex(id, 17)}` : undefined,
  };
  await save(cmd.tx, l);
  await privateLinkLifecycle.start(cmd, 'ready', id);
  return l;
}

export async function updatePrivateLink(cmd: Command, groupId: string, id: string, input: Json): Promise<PrivateLinkDoc> {
  const l = await getPrivateLink(cmd.tx, groupId, id);
  if (l.state === 'DELETING') throw linkNotFound(id);
  const next = { ...l, ...input, _id: l._id, groupId, state: l.state } as PrivateLinkDoc;
  if (input.provider !== undefined && input.provider !== l.provider) throw errors.invalidAttribute('provider', 'a connection keeps its provider');
  check(next);
  await save(cmd.tx, next);
  return next;
}

export async function deletePrivateLink(cmd: Command, groupId: string, id: string): Promise<void> {
  const l = await getPrivateLink(cmd.tx, groupId, id);
  if (l.state === 'DELETING') return;
  l.state = 'DELETING';
  await save(cmd.tx, l);
  await privateLinkLifecycle.cancel(cmd, 'ready', id);
  await privateLinkLifecycle.start(cmd, 'gone', id);
}

export const privateLinkLifecycle = defineLifecycle<PrivateLinkDoc, 'ready' | 'gone'>({
  name: 'streamPrivateLink',
  load: ({ tx }, timer) => tx.get<PrivateLinkDoc>(STREAM_PRIVATE_LINKS, timer.ref),
  state: { get: (l) => l.state, set: (l, s) => (l.state = s as PrivateLinkDoc['state']) },
  states: ['PENDING', 'DONE', 'DELETING'],
  durations: { 'streamPrivateLink.ready': 120_000, 'streamPrivateLink.gone': 60_000 },
  transitions: {
    ready: { duration: 'streamPrivateLink.ready', from: ['PENDING'], to: 'DONE', run: ({ tx }, l) => save(tx, l) },
    gone: {
      duration: 'streamPrivateLink.gone',
      from: ['DELETING'],
      async run({ tx }, l) {
        await tx.delete(STREAM_PRIVATE_LINKS, l._id);
      },
    },
  },
});

export function privateLinkView(l: PrivateLinkDoc, link: (p: string) => string): Json {
  const { groupId: _g, ...rest } = l;
  return { ...rest, links: [{ href: link(`/api/atlas/v2/groups/${l.groupId}/streams/privateLinkConnections/${l._id}`), rel: 'self' }] };
}
