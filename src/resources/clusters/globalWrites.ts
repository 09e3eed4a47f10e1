import type { Command } from '../../platform/command.js';
import { ApiError, errors } from '../../platform/errors.js';
import type { Reader } from '../../platform/store/types.js';
import { clusterToChange, getCluster } from './clusters.js';
import { saveCluster, type ClusterDoc, type ManagedNamespace } from './model.js';

// Global cluster settings of a GEOSHARDED cluster: custom zone mappings (a location,
// an ISO 3166 country or subdivision code, sent to a zone) and managed namespaces
// (collections sharded on a location-prefixed key). Mappings name zones by zone name
// internally and are shown by the id of the zone's first shard (its zoneId at
// 2024-08-05).

const LOCATION = /^[A-Z]{2}(-[A-Z0-9]{1,3})?$/;
const notGlobal = (name: string) => new ApiError(400, 'NOT_GLOBAL_CLUSTER', `Cluster ${name} is not a global (GEOSHARDED) cluster.`, [name]);

function settings(c: ClusterDoc) {
  return c.geoSharding ?? { customZoneMapping: {}, managedNamespaces: [] };
}

export function geoShardingView(c: ClusterDoc, zoneIds: boolean) {
  const g = settings(c);
  const mapping: Record<string, string> = {};
  for (const [location, zone] of Object.entries(g.customZoneMapping)) {
    const spec = c.replicationSpecs.find((s) => s.zoneName === zone);
    if (spec) mapping[location] = zoneIds ? spec.zoneId : spec.id;
  }
  return { customZoneMapping: mapping, managedNamespaces: g.managedNamespaces, selfManagedSharding: c.globalClusterSelfManagedSharding };
}

export const getGeoSharding = (r: Reader, groupId: string, name: string) => getCluster(r, groupId, name);

async function globalCluster(cmd: Command, groupId: string, name: string): Promise<ClusterDoc> {
  const { c } = await clusterToChange(cmd.tx, groupId, name);
  if (c.clusterType !== 'GEOSHARDED') throw notGlobal(c.name);
  c.geoSharding = settings(c);
  return c;
}

export async function addZoneMappings(cmd: Command, groupId: string, name: string, mappings: { location: string; zone: string }[]): Promise<ClusterDoc> {
  const c = await globalCluster(cmd, groupId, name);
  const zones = new Set(c.replicationSpecs.map((s) => s.zoneName));
  for (const m of mappings) {
    if (!LOCATION.test(m.location)) throw errors.invalidAttribute('customZoneMappings.location', `${m.location} is not an ISO 3166 location code`);
    if (!zones.has(m.zone)) throw errors.invalidAttribute('customZoneMappings.zone', `cluster ${c.name} has no zone named ${m.zone}`);
  }
  for (const m of mappings) c.geoSharding!.customZoneMapping[m.location] = m.zone;
  await saveCluster(cmd.tx, c);
  return c;
}

export async function clearZoneMappings(cmd: Command, groupId: string, name: string): Promise<ClusterDoc> {
  const c = await globalCluster(cmd, groupId, name);
  c.geoSharding!.customZoneMapping = {};
  await saveCluster(cmd.tx, c);
  return c;
}

export async function addManagedNamespace(cmd: Command, groupId: string, name: string, n: Partial<ManagedNamespace>): Promise<ClusterDoc> {
  const c = await globalCluster(cmd, groupId, name);
  for (const f of ['db', 'collection', 'customShardKey'] as const) if (!n[f]) throw errors.missingAttribute(f);
  if (c.geoSharding!.managedNamespaces.some((x) => x.db === n.db && x.collection === n.collection)) {
    throw new ApiError(409, 'DUPLICATE_MANAGED_NAMESPACE', `Namespace ${n.db}.${n.collection} is already managed.`, [`${n.db}.${n.collection}`]);
  }
  const hashed = n.isCustomShardKeyHashed ?? false;
  if (hashed && n.isShardKeyUnique) throw errors.invalidAttribute('isShardKeyUnique', 'a hashed shard key cannot be unique');
  if (!hashed && (n.presplitHashedZones || n.numInitialChunks !== undefined)) {
    throw errors.invalidAttribute(n.presplitHashedZones ? 'presplitHashedZones' : 'numInitialChunks', 'applies to hashed shard keys only');
  }
  c.geoSharding!.managedNamespaces.push({
    db: n.db!, collection: n.collection!, customShardKey: n.customShardKey!, isCustomShardKeyHashed: hashed,
    isShardKeyUnique: n.isShardKeyUnique ?? false, presplitHashedZones: n.presplitHashedZones ?? false,
    ...(n.numInitialChunks !== undefined ? { numInitialChunks: n.numInitialChunks } : {}),
  });
  await saveCluster(cmd.tx, c);
  return c;
}

export async function removeManagedNamespace(cmd: Command, groupId: string, name: string, db?: string, collection?: string): Promise<ClusterDoc> {
  const c = await globalCluster(cmd, groupId, name);
  if (!db) throw errors.missingAttribute('db');
  if (!collection) throw errors.missingAttribute('collection');
  const before = c.geoSharding!.managedNamespaces.length;
  c.geoSharding!.managedNamespaces = c.geoSharding!.managedNamespaces.filter((x) => !(x.db === db && x.collection === collection));
  if (c.geoSharding!.managedNamespaces.length === before) {
    throw new ApiError(404, 'MANAGED_NAMESPACE_NOT_FOUND', `Namespace ${db}.${collection} is not managed.`, [`${db}.${collection}`]);
  }
  await saveCluster(cmd.tx, c);
  return c;
}
