import type { Command } from '../../platform/command.js';
import { errors } from '../../platform/errors.js';
import { newObjectId, randomHex } from '../../platform/ids.js';
import { defineLifecycle } from '../../platform/sim/lifecycle.js';
import type { Reader } from '../../platform/store/types.js';
import { PROJECTS } from '../../platform/tenancy.js';
import { getProject } from '../projects/projects.js';
import { REGIONS } from '../clusters/regions.js';
import { overlaps, parseCidr } from './cidr.js';
import { PEERS } from './collections.js';
import { getContainer } from './containers.js';
import { recordEvent } from './events.js';
import { networkErrors, savePeer, type PeerDoc, type PeerStatus, type Provider } from './model.js';

// Network peering connections. Each provider's states move on the clock:
// AWS INITIATING → PENDING_ACCEPTANCE → FINALIZING → AVAILABLE (the customer's
// acceptance is taken as given after networkPeer.accept); Azure ADDING_PEER →
// AVAILABLE; Google Cloud ADDING_PEER → WAITING_FOR_USER → AVAILABLE. A deleted
// peer shows TERMINATING (AWS) or DELETING until networkPeer.delete has passed.

export type PeerInput = Partial<Omit<PeerDoc, 'id' | 'groupId' | 'status' | 'connectionId'>>;

const FIELDS: Record<Provider, readonly (keyof PeerInput)[]> = {
  AWS: ['accepterRegionName', 'awsAccountId', 'routeTableCidrBlock', 'vpcId'],
  AZURE: ['azureDirectoryId', 'azureSubscriptionId', 'resourceGroupName', 'vnetName'],
  GCP: ['gcpProjectId', 'networkName'],
};
const FIRST: Record<Provider, PeerStatus> = { AWS: 'INITIATING', AZURE: 'ADDING_PEER', GCP: 'ADDING_PEER' };
const EVENTS = {
  AWS: { created: 'PEER_CREATED', updated: 'PEER_UPDATED', deleted: 'PEER_DELETED', active: undefined },
  AZURE: { created: 'AZURE_PEER_CREATED', updated: 'AZURE_PEER_UPDATED', deleted: 'AZURE_PEER_DELETED', active: 'AZURE_PEER_ACTIVE' },
  GCP: { created: 'GCP_PEER_CREATED', updated: 'GCP_PEER_UPDATED', deleted: 'GCP_PEER_DELETED', active: 'GCP_PEER_ACTIVE' },
} as const;

async function peerEvent(cmd: Command, p: PeerDoc, which: 'created' | 'updated' | 'deleted' | 'active'): Promise<void> {
  const type = EVENTS[p.providerName][which];
  if (!type) return;
  const project = await cmd.tx.get<{ orgId: string }>(PROJECTS, p.groupId);
  if (!project) return;
  await recordEvent(cmd.tx, { type, at: cmd.now, actor: cmd.actor, orgId: project.orgId, groupId: p.groupId, raw: { peerId: p.id, containerId: p.containerId } });
}

export async function listPeers(r: Reader, groupId: string, provider: Provider): Promise<PeerDoc[]> {
  await getProject(r, groupId);
  return (await r.list<PeerDoc>(PEERS, groupId)).items.filter((p) => p.providerName === provider);
}

export async function getPeer(r: Reader, groupId: string, id: string): Promise<PeerDoc> {
  await getProject(r, groupId);
  const p = await r.get<PeerDoc>(PEERS, id);
  if (!p || p.groupId !== groupId) throw networkErrors.peerNotFound(id);
  return p;
}

/** The rules of the customer side, against the container it peers with. */
async function check(r: Reader, groupId: string, p: PeerDoc): Promise<void> {
  const container = await getContainer(r, groupId, p.containerId);
  if (container.providerName !== p.providerName) throw networkErrors.providerMismatch(p.providerName, p.containerId);
  for (const f of FIELDS[p.providerName]) if (p[f] === undefined) throw errors.missingAttribute(f);
  if (p.providerName === 'AWS') {
    if (!REGIONS.AWS.some((reg) => reg.native === p.accepterRegionName)) {
      throw errors.invalidAttribute('accepterRegionName', 'must be an AWS region name such as us-east-1');
    }
    const block = parseCidr(p.routeTableCidrBlock!);
    if (!block) throw networkErrors.invalidCidr(p.routeTableCidrBlock!, 'not an IPv4 network in CIDR notation');
    if (overlaps(block, parseCidr(container.atlasCidrBlock)!)) {
      throw networkErrors.invalidCidr(p.routeTableCidrBlock!, `overlaps the container's Atlas CIDR block ${container.atlasCidrBlock}`);
    }
  }
  const same = (await r.list<PeerDoc>(PEERS, groupId)).items.find(
    (o) => o.id !== p.id && o.containerId === p.containerId && FIELDS[p.providerName].every((f) => f === 'routeTableCidrBlock' || o[f] === p[f]),
  );
  if (same) throw networkErrors.peerExists(same.id);
}

function pick(input: PeerInput, provider: Provider): PeerInput {
  const out: PeerInput = {};
  for (const f of FIELDS[provider]) if (input[f] !== undefined) (out as Record<string, unknown>)[f] = input[f];
  return out;
}

export async function createPeer(cmd: Command, groupId: string, input: PeerInput): Promise<PeerDoc> {
  const provider = (input.providerName ?? 'AWS') as Provider;
  const p: PeerDoc = { id: newObjectId(cmd.now), groupId, containerId: input.containerId!, providerName: provider, status: FIRST[provider], ...pick(input, provider) };
  await check(cmd.tx, groupId, p);
  await savePeer(cmd.tx, p);
  await peerEvent(cmd, p, 'created');
  await peerLifecycle.start(cmd, provider === 'AWS' ? 'requested' : 'added', p.id);
  return p;
}

export async function updatePeer(cmd: Command, groupId: string, id: string, input: PeerInput): Promise<PeerDoc> {
  const p = await getPeer(cmd.tx, groupId, id);
  if (p.status === 'TERMINATING' || p.status === 'DELETING') throw networkErrors.peerDeleting(id);
  if (input.providerName !== undefined && input.providerName !== p.providerName) throw networkErrors.providerMismatch(input.providerName, p.containerId);
  if (input.containerId !== undefined && input.containerId !== p.containerId) throw errors.invalidAttribute('containerId', 'a peering connection cannot move to another container');
  Object.assign(p, pick(input, p.providerName));
  await check(cmd.tx, groupId, p);
  // A changed customer side is requested again from the start.
  p.status = FIRST[p.providerName];
  delete p.connectionId;
  await savePeer(cmd.tx, p);
  await peerEvent(cmd, p, 'updated');
  await peerLifecycle.start(cmd, p.providerName === 'AWS' ? 'requested' : 'added', p.id);
  return p;
}

export async function deletePeer(cmd: Command, groupId: string, id: string): Promise<void> {
  const p = await getPeer(cmd.tx, groupId, id);
  // Asking again while it goes changes nothing.
  if (p.status === 'TERMINATING' || p.status === 'DELETING') return;
  await cmd.effects.cancel(p.id);
  p.status = p.providerName === 'AWS' ? 'TERMINATING' : 'DELETING';
  await savePeer(cmd.tx, p);
  await peerLifecycle.start(cmd, 'removed', p.id);
}

const save = async (cmd: Command, p: PeerDoc) => savePeer(cmd.tx, p);

export const peerLifecycle = defineLifecycle<PeerDoc, 'requested' | 'accepted' | 'finalized' | 'added' | 'connected' | 'removed'>({
  name: 'networkPeer',
  load: ({ tx }, timer) => tx.get<PeerDoc>(PEERS, timer.ref),
  state: { get: (p) => p.status, set: (p, s) => (p.status = s as PeerStatus) },
  states: ['INITIATING', 'PENDING_ACCEPTANCE', 'FINALIZING', 'AVAILABLE', 'TERMINATING', 'ADDING_PEER', 'WAITING_FOR_USER', 'DELETING'],
  durations: { 'networkPeer.request': 2000, 'networkPeer.accept': 3000, 'networkPeer.finalize': 2000, 'networkPeer.delete': 2000 },
  transitions: {
    requested: {
      duration: 'networkPeer.request',
      from: ['INITIATING'],
      to: 'PENDING_ACCEPTANCE',
      timerId: (ref) => `${ref}:peer`,
      run: async (cmd, p) => {
        p.connectionId = `pcx-${randomHex(17)}`;
        await save(cmd, p);
        await peerLifecycle.start(cmd, 'accepted', p.id);
      },
    },
    accepted: {
      duration: 'networkPeer.accept',
      from: ['PENDING_ACCEPTANCE'],
      to: 'FINALIZING',
      timerId: (ref) => `${ref}:peer`,
      run: async (cmd, p) => {
        await save(cmd, p);
        await peerLifecycle.start(cmd, 'finalized', p.id);
      },
    },
    finalized: { duration: 'networkPeer.finalize', from: ['FINALIZING'], to: 'AVAILABLE', timerId: (ref) => `${ref}:peer`, run: save },
    added: {
      duration: 'networkPeer.request',
      from: ['ADDING_PEER'],
      records: ['AZURE_PEER_ACTIVE'],
      timerId: (ref) => `${ref}:peer`,
      run: async (cmd, p) => {
        // Google Cloud waits for the customer's side of the peering, taken as made after networkPeer.accept.
        p.status = p.providerName === 'GCP' ? 'WAITING_FOR_USER' : 'AVAILABLE';
        await save(cmd, p);
        if (p.status === 'AVAILABLE') await peerEvent(cmd, p, 'active');
        else await peerLifecycle.start(cmd, 'connected', p.id);
      },
    },
    connected: {
      duration: 'networkPeer.accept',
      from: ['WAITING_FOR_USER'],
      to: 'AVAILABLE',
      records: ['GCP_PEER_ACTIVE'],
      timerId: (ref) => `${ref}:peer`,
      run: async (cmd, p) => {
        await save(cmd, p);
        await peerEvent(cmd, p, 'active');
      },
    },
    removed: {
      duration: 'networkPeer.delete',
      from: ['TERMINATING', 'DELETING'],
      records: ['PEER_DELETED', 'AZURE_PEER_DELETED', 'GCP_PEER_DELETED'],
      timerId: (ref) => `${ref}:peer`,
      run: async (cmd, p) => {
        await cmd.tx.delete(PEERS, p.id);
        await peerEvent(cmd, p, 'deleted');
      },
    },
  },
});

/** The connection as the contract shows it for its provider. */
export function peerView(p: PeerDoc) {
  const base = { containerId: p.containerId, id: p.id, providerName: p.providerName };
  if (p.providerName === 'AWS') {
    return { ...base, accepterRegionName: p.accepterRegionName, awsAccountId: p.awsAccountId, connectionId: p.connectionId, routeTableCidrBlock: p.routeTableCidrBlock, statusName: p.status, vpcId: p.vpcId };
  }
  if (p.providerName === 'AZURE') {
    return { ...base, azureDirectoryId: p.azureDirectoryId, azureSubscriptionId: p.azureSubscriptionId, resourceGroupName: p.resourceGroupName, status: p.status, vnetName: p.vnetName };
  }
  return { ...base, gcpProjectId: p.gcpProjectId, networkName: p.networkName, status: p.status };
}
