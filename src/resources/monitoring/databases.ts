import type { Reader, Tx } from '../../platform/store/types.js';
import { CLUSTER_DATABASES, METRIC_OVERRIDES } from './collections.js';
import { ApiError } from '../../platform/errors.js';
import { newObjectId } from '../../platform/ids.js';
import type { Override } from './measurements.js';
import { alignUp, BUCKET, hashUnit, type DatabaseProfile } from './series.js';

/** A database declared on a cluster: loaded sample data or one declared through the control endpoint. */
export interface DatabaseDoc extends DatabaseProfile {
  id: string;
  clusterId: string;
  groupId: string;
  clusterName: string;
  source: 'sample' | 'custom';
  /** When it appeared in listings; its series start at the next 5-minute mark (`created`). */
  visibleFrom: number;
}

/** Databases and overrides are kept under this key; they are dropped when the cluster is deleted. */
export function clusterKey(c: { groupId: string; name: string }): string {
  return `${c.groupId}/${c.name}`;
}

export async function storedDatabases(r: Reader, cluster: { groupId: string; name: string }): Promise<DatabaseDoc[]> {
  return (await r.list<DatabaseDoc>(CLUSTER_DATABASES, clusterKey(cluster))).items;
}

export async function putDatabase(tx: Tx, db: DatabaseDoc): Promise<void> {
  await tx.put(CLUSTER_DATABASES, db.id, db, {
    parent: clusterKey({ groupId: db.groupId, name: db.clusterName }),
    name: db.name,
  });
}

/**
 * Every mongod has `config` and `local` from the moment it runs (production
 * lists exactly these two on a fresh cluster). Their sizes are small and do not
 * change: nothing writes to them in an idle cluster.
 */
function systemDatabases(since: number): DatabaseProfile[] {
  const created = alignUp(since, BUCKET);
  return [
    {
      name: 'config',
      created,
      objects: 48,
      avgObjSize: 146,
      growthPerDay: 0,
      storageRatio: 1.6,
      indexBytesPerObject: 120,
      collections: 10,
      indexes: 16,
      views: 0,
      seed: 1,
    },
    {
      name: 'local',
      created,
      objects: 2_048,
      avgObjSize: 540,
      growthPerDay: 0,
      storageRatio: 0.55,
      indexBytesPerObject: 24,
      collections: 6,
      indexes: 5,
      views: 0,
      seed: 2,
    },
  ];
}

/** The sample datasets Atlas loads, with their documented shapes: collections, documents and sizes. */
export const SAMPLE_DATASETS: Omit<DatabaseProfile, 'created' | 'seed'>[] = [
  { name: 'sample_airbnb', objects: 5555, avgObjSize: 16_957, growthPerDay: 0, storageRatio: 0.58, indexBytesPerObject: 66, collections: 1, indexes: 4, views: 0 },
  { name: 'sample_analytics', objects: 3_110, avgObjSize: 6_105, growthPerDay: 0, storageRatio: 0.52, indexBytesPerObject: 40, collections: 3, indexes: 3, views: 0 },
  { name: 'sample_geospatial', objects: 11_095, avgObjSize: 361, growthPerDay: 0, storageRatio: 0.43, indexBytesPerObject: 46, collections: 1, indexes: 2, views: 0 },
  { name: 'sample_guides', objects: 8, avgObjSize: 187, growthPerDay: 0, storageRatio: 2.2, indexBytesPerObject: 512, collections: 1, indexes: 1, views: 0 },
  { name: 'sample_mflix', objects: 75_583, avgObjSize: 1_525, growthPerDay: 0, storageRatio: 0.47, indexBytesPerObject: 72, collections: 6, indexes: 11, views: 0 },
  { name: 'sample_restaurants', objects: 25_548, avgObjSize: 564, growthPerDay: 0, storageRatio: 0.49, indexBytesPerObject: 40, collections: 2, indexes: 2, views: 0 },
  { name: 'sample_supplies', objects: 5_000, avgObjSize: 4_121, growthPerDay: 0, storageRatio: 0.5, indexBytesPerObject: 36, collections: 1, indexes: 1, views: 0 },
  { name: 'sample_training', objects: 466_640, avgObjSize: 127, growthPerDay: 0, storageRatio: 0.41, indexBytesPerObject: 38, collections: 7, indexes: 8, views: 0 },
  { name: 'sample_weatherdata', objects: 10_000, avgObjSize: 1_460, growthPerDay: 0, storageRatio: 0.35, indexBytesPerObject: 34, collections: 1, indexes: 1, views: 0 },
];

/** A cluster's databases that exist at `at`, system ones first, then by name. */
export async function databasesAt(
  r: Reader,
  cluster: { id: string; groupId: string; name: string },
  since: number,
  at: number,
): Promise<DatabaseProfile[]> {
  const all = [
    ...systemDatabases(since).map((d) => ({ ...d, visibleFrom: since })),
    ...(await storedDatabases(r, cluster)),
  ];
  return all.filter((d) => d.visibleFrom <= at).sort((x, y) => (x.name < y.name ? -1 : x.name > y.name ? 1 : 0));
}

export const databaseNotFound = (name: string, processId: string) =>
  new ApiError(404, 'DATABASE_NOT_FOUND', `No database named ${name} exists on process ${processId}.`, [name, processId]);

/** What a test declares of its own database: sizes now, and growth from now on. */
export interface DatabaseDeclaration {
  name: string;
  dataSizeBytes: number;
  avgObjSize: number;
  growthPerDay: number;
  collections: number;
  indexes: number;
  views: number;
}

/** Declares a database on a cluster; it appears at `at` and its series start at the next 5-minute mark. */
export async function declareDatabase(
  tx: Tx,
  cluster: { id: string; groupId: string; name: string },
  d: DatabaseDeclaration,
  at: number,
): Promise<DatabaseDoc> {
  if (d.name === 'config' || d.name === 'local') {
    throw new ApiError(400, 'INVALID_ATTRIBUTE', `Database ${d.name} belongs to every cluster already.`, [d.name]);
  }
  if (await tx.getByName(CLUSTER_DATABASES, clusterKey(cluster), d.name)) {
    throw new ApiError(409, 'DUPLICATE_DATABASE_NAME', `Database ${d.name} already exists on cluster ${cluster.name}.`, [d.name]);
  }
  const doc: DatabaseDoc = {
    id: newObjectId(at),
    clusterId: cluster.id,
    groupId: cluster.groupId,
    clusterName: cluster.name,
    source: 'custom',
    name: d.name,
    created: alignUp(at, BUCKET),
    visibleFrom: at,
    objects: d.dataSizeBytes / d.avgObjSize,
    avgObjSize: d.avgObjSize,
    growthPerDay: d.growthPerDay,
    storageRatio: 0.5,
    indexBytesPerObject: 40,
    collections: d.collections,
    indexes: d.indexes,
    views: d.views,
    seed: hashUnit(`${cluster.id}/${d.name}`) * 1000,
  };
  await putDatabase(tx, doc);
  return doc;
}

/** Overrides a metric of one of the cluster's databases over a span (see measurements.ts). */
export async function addOverride(
  tx: Tx,
  cluster: { groupId: string; name: string },
  o: Override & { databaseName: string },
  at: number,
): Promise<Override & { id: string; databaseName: string }> {
  const doc = { id: newObjectId(at), ...o };
  await tx.put(METRIC_OVERRIDES, doc.id, doc, { parent: clusterKey(cluster) });
  return doc;
}

export async function overridesOf(r: Reader, cluster: { groupId: string; name: string }, databaseName: string): Promise<Override[]> {
  const { items } = await r.list<Override & { databaseName: string }>(METRIC_OVERRIDES, clusterKey(cluster));
  return items.filter((o) => o.databaseName === databaseName);
}

/** A cluster's declared databases and overrides go with it. */
export async function dropClusterMonitoring(tx: Tx, cluster: { groupId: string; name: string }): Promise<void> {
  await tx.deleteChildren(CLUSTER_DATABASES, clusterKey(cluster));
  await tx.deleteChildren(METRIC_OVERRIDES, clusterKey(cluster));
}
