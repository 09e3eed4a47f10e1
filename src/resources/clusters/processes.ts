import type { Reader, Tx } from '../../platform/store/types.js';
import type { ClusterDoc } from './model.js';
import { PROCESSES } from './collections.js';
import { ApiError } from '../../platform/errors.js';
import { isoSeconds } from '../../platform/time.js';

/**
 * One mongod or mongos of a cluster (PROCESSES, parent = groupId).
 * They exist while the cluster is provisioned; monitoring reads them to
 * generate measurements.
 */
export interface ProcessDoc {
  /** `<hostname>:<port>` */
  id: string;
  groupId: string;
  clusterName: string;
  hostname: string;
  port: number;
  typeName: string;
  replicaSetName?: string;
  shardName?: string;
  version: string;
  created: string;
  userAlias: string;
  /** Set while the node's region is down in an outage simulation: it stopped reporting then. */
  downSince?: string;
}

export const processNotFound = (id: string, groupId: string) =>
  new ApiError(404, 'PROCESS_NOT_FOUND', `No process with ID ${id} exists in group ${groupId}.`, [id, groupId]);

/** A process of the project by its id (`host:port`), or undefined. */
async function findProcess(r: Reader, groupId: string, processId: string): Promise<ProcessDoc | undefined> {
  const p = await r.get<ProcessDoc>(PROCESSES, processId);
  return p && p.groupId === groupId ? p : undefined;
}

export async function getProcess(r: Reader, groupId: string, processId: string): Promise<ProcessDoc> {
  const p = await findProcess(r, groupId, processId);
  if (!p) throw processNotFound(processId, groupId);
  return p;
}

export async function listProjectProcesses(r: Reader, groupId: string): Promise<ProcessDoc[]> {
  return (await r.list<ProcessDoc>(PROCESSES, groupId)).items;
}

export async function listClusterProcesses(r: Reader, groupId: string, clusterName: string): Promise<ProcessDoc[]> {
  return (await listProjectProcesses(r, groupId)).filter((p) => p.clusterName === clusterName);
}

const pad = (n: number) => String(n).padStart(2, '0');

/** Hostname prefixes are DNS labels: lowercase, and short enough with the node suffix. */
function hostPrefix(name: string): string {
  return name.toLowerCase().slice(0, 23).replace(/-+$/, '');
}

export function clusterDomain(c: Pick<ClusterDoc, 'name' | 'domainToken'>): string {
  return `${hostPrefix(c.name)}.${c.domainToken}.mongodb.net`;
}

function shardHost(c: Pick<ClusterDoc, 'name' | 'domainToken'>, shard: number, node: number): string {
  return `${hostPrefix(c.name)}-shard-${pad(shard)}-${pad(node)}.${c.domainToken}.mongodb.net`;
}

/** The host's own name, as Atlas reports it: atlas-<replica set token>-shard-00-00...; userAlias carries the cluster's name. */
function internalHost(c: Pick<ClusterDoc, 'replicaSetToken' | 'domainToken'>, kind: string, shard: number, node: number): string {
  return `atlas-${c.replicaSetToken}-${kind}-${pad(shard)}-${pad(node)}.${c.domainToken}.mongodb.net`;
}

export function replicaSetName(c: Pick<ClusterDoc, 'replicaSetToken'>, shard: number): string {
  return `atlas-${c.replicaSetToken}-shard-${shard}`;
}

const nodesOf = (spec: ClusterDoc['replicationSpecs'][number]) =>
  spec.regionConfigs.reduce(
    (n, rc) => n + rc.electableSpecs.nodeCount + (rc.readOnlySpecs?.nodeCount ?? 0) + (rc.analyticsSpecs?.nodeCount ?? 0),
    0,
  );

/** The region of each node of a shard, in node order (each region's nodes follow the previous region's). */
export function nodeRegions(spec: ClusterDoc['replicationSpecs'][number]): { providerName: string; regionName: string; electable: boolean }[] {
  return spec.regionConfigs.flatMap((rc) => {
    const all = rc.electableSpecs.nodeCount + (rc.readOnlySpecs?.nodeCount ?? 0) + (rc.analyticsSpecs?.nodeCount ?? 0);
    return Array.from({ length: all }, (_, i) => ({ providerName: rc.providerName, regionName: rc.regionName, electable: i < rc.electableSpecs.nodeCount }));
  });
}

/** The processes the cluster's current topology has. */
export function plannedProcesses(c: ClusterDoc): Omit<ProcessDoc, 'created'>[] {
  const sharded = c.clusterType !== 'REPLICASET';
  const out: Omit<ProcessDoc, 'created'>[] = [];
  const base = { groupId: c.groupId, clusterName: c.name, version: c.mongoDBVersion };
  c.replicationSpecs.forEach((spec, s) => {
    const rs = replicaSetName(c, s);
    const regions = nodeRegions(spec);
    for (let n = 0; n < nodesOf(spec); n++) {
      const down = c.outage?.regions.some((r) => r.providerName === regions[n]?.providerName && r.regionName === regions[n]?.regionName);
      const hostname = internalHost(c, 'shard', s, n);
      const userAlias = shardHost(c, s, n);
      out.push({
        ...base,
        id: `${hostname}:27017`,
        hostname,
        port: 27017,
        // The first node of the highest-priority region is the primary, until a test failover elects another.
        typeName: n === (c.primaries?.[s] ?? 0) ? 'REPLICA_PRIMARY' : 'REPLICA_SECONDARY',
        replicaSetName: rs,
        ...(sharded ? { shardName: rs } : {}),
        userAlias,
        ...(down ? { downSince: c.outage!.since } : {}),
      });
      if (sharded) {
        out.push({ ...base, id: `${hostname}:27016`, hostname, port: 27016, typeName: 'SHARD_MONGOS', userAlias });
      }
    }
  });
  if (sharded) {
    for (let n = 0; n < 3; n++) {
      const hostname = internalHost(c, 'config', 0, n);
      out.push({
        ...base,
        id: `${hostname}:27017`,
        hostname,
        port: 27017,
        typeName: 'SHARD_CONFIG',
        replicaSetName: `atlas-${c.replicaSetToken}-config-0`,
        userAlias: `${hostPrefix(c.name)}-config-00-${pad(n)}.${c.domainToken}.mongodb.net`,
      });
    }
  }
  return out;
}

/** Brings the stored processes in line with the topology; processes that stay keep their creation date. */
export async function syncClusterProcesses(tx: Tx, c: ClusterDoc, at: number): Promise<void> {
  const existing = new Map((await listClusterProcesses(tx, c.groupId, c.name)).map((p) => [p.id, p]));
  for (const planned of plannedProcesses(c)) {
    const doc: ProcessDoc = { ...planned, created: existing.get(planned.id)?.created ?? isoSeconds(at) };
    existing.delete(planned.id);
    await tx.put(PROCESSES, doc.id, doc, { parent: c.groupId, name: null });
  }
  for (const gone of existing.keys()) await tx.delete(PROCESSES, gone);
}

export async function removeClusterProcesses(tx: Tx, groupId: string, clusterName: string): Promise<void> {
  for (const p of await listClusterProcesses(tx, groupId, clusterName)) await tx.delete(PROCESSES, p.id);
}
