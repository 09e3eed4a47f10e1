import type { Command } from '../../platform/command.js';
import { errors } from '../../platform/errors.js';
import { newObjectId, randomHex, randomToken } from '../../platform/ids.js';
import type { Reader, Tx } from '../../platform/store/types.js';
import { getProject } from '../projects/projects.js';
import { listClusters } from '../clusters/clusters.js';
import { clusterErrors } from '../clusters/model.js';
import { findRegion, type CloudProvider } from '../clusters/regions.js';
import { formatCidr, isPrivate, overlaps, parseCidr, type Block } from './cidr.js';
import { CONTAINERS, PEERS } from './collections.js';
import { recordEvent } from './events.js';
import { networkErrors, saveContainer, type ContainerDoc, type PeerDoc, type Provider } from './model.js';

// Network peering containers: the network Atlas deploys a project's dedicated
// clusters into, one per provider and region (one per project for Google Cloud,
// whose network spans regions). A container is made by hand or by the first
// dedicated cluster placed where none exists; it cannot change or go while
// clusters or peering connections use it.

/** The prefix lengths Atlas accepts per provider. */
const PREFIXES: Record<Provider, { min: number; max: number }> = {
  AWS: { min: 21, max: 24 },
  AZURE: { min: 21, max: 24 },
  GCP: { min: 16, max: 18 },
};

/** Where implicitly made containers take their blocks from, first free one first. */
const DEFAULT_BLOCKS: Record<Provider, string> = { AWS: '192.168.248.0/21', AZURE: '192.168.248.0/21', GCP: '192.168.0.0/18' };

export interface ContainerInput {
  providerName?: string;
  atlasCidrBlock?: string;
  regionName?: string;
  region?: string;
  regions?: string[];
}

export async function listContainers(r: Reader, groupId: string, provider?: Provider): Promise<ContainerDoc[]> {
  await getProject(r, groupId);
  const all = (await r.list<ContainerDoc>(CONTAINERS, groupId)).items;
  return provider ? all.filter((c) => c.providerName === provider) : all;
}

export async function getContainer(r: Reader, groupId: string, id: string): Promise<ContainerDoc> {
  await getProject(r, groupId);
  const c = await r.get<ContainerDoc>(CONTAINERS, id);
  if (!c || c.groupId !== groupId) throw networkErrors.containerNotFound(id);
  return c;
}

function checkCidr(provider: Provider, cidr: string, others: ContainerDoc[]): Block {
  const block = parseCidr(cidr);
  if (!block) throw networkErrors.invalidCidr(cidr, 'not an IPv4 network in CIDR notation');
  if (!isPrivate(block)) throw networkErrors.invalidCidr(cidr, 'must lie in 10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16');
  const { min, max } = PREFIXES[provider];
  if (block.prefix < min || block.prefix > max) throw networkErrors.invalidCidr(cidr, `${provider} containers take a /${min} to /${max} block`);
  for (const o of others) {
    if (overlaps(block, parseCidr(o.atlasCidrBlock)!)) throw networkErrors.cidrOverlap(cidr, o.atlasCidrBlock);
  }
  return block;
}

function checkRegion(provider: Provider, region: string): void {
  if (!findRegion(provider as CloudProvider, region)) throw clusterErrors.invalidRegion(region, provider);
}

/** Names the provider gives the network (fixed for the container's life). */
function providerNames(c: ContainerDoc): void {
  if (c.providerName === 'AWS') c.vpcId = `vpc-${randomHex(17)}`;
  if (c.providerName === 'AZURE') {
    c.azureSubscriptionId = randomHex(24);
    c.vnetName = `vnet_${randomHex(24)}_${randomToken(8)}`;
  }
  if (c.providerName === 'GCP') {
    c.gcpProjectId = `p-${randomToken(24)}`;
    c.networkName = `nt-${c.groupId}-${randomToken(8)}`;
  }
}

const regionOf = (input: ContainerInput): string | undefined => input.regionName ?? input.region;

export async function createContainer(cmd: Command, groupId: string, input: ContainerInput): Promise<ContainerDoc> {
  const { tx, now } = cmd;
  await getProject(tx, groupId);
  const provider = input.providerName as Provider;
  if (!(provider in PREFIXES)) throw errors.invalidAttribute('providerName', 'containers exist for AWS, AZURE and GCP');
  if (input.atlasCidrBlock === undefined) throw errors.missingAttribute('atlasCidrBlock');
  const existing = await listContainers(tx, groupId);
  const region = regionOf(input);
  if (provider === 'GCP') {
    if (existing.some((c) => c.providerName === 'GCP')) throw networkErrors.containerExists('GCP', 'this project');
    for (const r of input.regions ?? []) checkRegion(provider, r);
  } else {
    if (region === undefined) throw errors.missingAttribute(provider === 'AWS' ? 'regionName' : 'region');
    checkRegion(provider, region);
    if (existing.some((c) => c.providerName === provider && c.regionName === region)) throw networkErrors.containerExists(provider, region);
  }
  const block = checkCidr(provider, input.atlasCidrBlock, existing);
  const c: ContainerDoc = {
    id: newObjectId(now),
    groupId,
    providerName: provider,
    atlasCidrBlock: formatCidr(block),
    provisioned: false,
    ...(provider === 'GCP' ? { regions: [...new Set(input.regions ?? [])] } : { regionName: region }),
  };
  providerNames(c);
  await saveContainer(tx, c);
  return c;
}

/** Whether clusters or peering connections use the container. */
async function inUse(r: Reader, c: ContainerDoc): Promise<boolean> {
  const peers = (await r.list<PeerDoc>(PEERS, c.groupId)).items;
  if (peers.some((p) => p.containerId === c.id)) return true;
  const clusters = await listClusters(r, c.groupId);
  return clusters.some((cl) =>
    cl.replicationSpecs.some((s) =>
      s.regionConfigs.some((rc) => rc.providerName === c.providerName && (c.providerName === 'GCP' || rc.regionName === c.regionName)),
    ),
  );
}

export async function updateContainer(cmd: Command, groupId: string, id: string, input: ContainerInput): Promise<ContainerDoc> {
  const { tx } = cmd;
  const c = await getContainer(tx, groupId, id);
  if (input.providerName !== undefined && input.providerName !== c.providerName) throw networkErrors.providerMismatch(input.providerName, id);
  const region = regionOf(input);
  if (c.providerName !== 'GCP' && region !== undefined && region !== c.regionName) {
    throw errors.invalidAttribute(c.providerName === 'AWS' ? 'regionName' : 'region', 'a container cannot move to another region');
  }
  if (input.atlasCidrBlock !== undefined && input.atlasCidrBlock !== c.atlasCidrBlock) {
    if (await inUse(tx, c)) throw networkErrors.containerInUse(id);
    const others = (await listContainers(tx, groupId)).filter((o) => o.id !== id);
    c.atlasCidrBlock = formatCidr(checkCidr(c.providerName, input.atlasCidrBlock, others));
  }
  if (c.providerName === 'GCP' && input.regions !== undefined) {
    for (const r of input.regions) checkRegion('GCP', r);
    // Regions in use stay: a network only gains regions while clusters run in it.
    c.regions = [...new Set([...(c.provisioned ? (c.regions ?? []) : []), ...input.regions])];
  }
  await saveContainer(tx, c);
  return c;
}

export async function deleteContainer(cmd: Command, groupId: string, id: string): Promise<void> {
  const { tx, actor, now } = cmd;
  const project = await getProject(tx, groupId);
  const c = await getContainer(tx, groupId, id);
  if (await inUse(tx, c)) throw networkErrors.containerInUse(id);
  await tx.delete(CONTAINERS, id);
  await recordEvent(tx, { type: 'CONTAINER_DELETED', at: now, actor, orgId: project.orgId, groupId, raw: { containerId: id, providerName: c.providerName } });
}

/** The first default-sized block, counting down from the provider's default, that overlaps no container of the project. */
function freeBlock(provider: Provider, existing: ContainerDoc[]): string {
  const first = parseCidr(DEFAULT_BLOCKS[provider])!;
  const taken = existing.map((c) => parseCidr(c.atlasCidrBlock)!);
  for (let start = first.start; start >= 0; start -= first.size) {
    const b = { ...first, start };
    if (isPrivate(b) && !taken.some((t) => overlaps(t, b))) return formatCidr(b);
  }
  return formatCidr({ ...first, start: parseCidr('10.0.0.0/8')!.start });
}

/**
 * A dedicated cluster placed in regions: each provider and region gets its
 * container if it has none (as Atlas makes one for the first cluster there), and
 * the containers it lands in become provisioned.
 */
export async function placeCluster(tx: Tx, groupId: string, regions: { providerName: string; regionName: string }[], now: number): Promise<void> {
  for (const { providerName, regionName } of regions) {
    if (!(providerName in PREFIXES)) continue;
    const provider = providerName as Provider;
    const existing = (await tx.list<ContainerDoc>(CONTAINERS, groupId)).items;
    let c = existing.find((x) => x.providerName === provider && (provider === 'GCP' || x.regionName === regionName));
    if (!c) {
      c = { id: newObjectId(now), groupId, providerName: provider, atlasCidrBlock: freeBlock(provider, existing), provisioned: false };
      if (provider === 'GCP') c.regions = [];
      else c.regionName = regionName;
      providerNames(c);
    }
    c.provisioned = true;
    if (provider === 'GCP' && !c.regions!.includes(regionName)) c.regions = [...c.regions!, regionName];
    await saveContainer(tx, c);
  }
}

/** The container as the contract shows it for its provider. */
export function containerView(c: ContainerDoc) {
  const base = { atlasCidrBlock: c.atlasCidrBlock, id: c.id, providerName: c.providerName, provisioned: c.provisioned };
  if (c.providerName === 'AWS') return { ...base, regionName: c.regionName, vpcId: c.vpcId };
  if (c.providerName === 'AZURE') return { ...base, azureSubscriptionId: c.azureSubscriptionId, region: c.regionName, vnetName: c.vnetName };
  return { ...base, gcpProjectId: c.gcpProjectId, networkName: c.networkName, regions: c.regions };
}
