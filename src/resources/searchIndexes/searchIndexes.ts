import type { Command } from '../../platform/command.js';
import { ApiError, errors } from '../../platform/errors.js';
import { newObjectId } from '../../platform/ids.js';
import type { Reader, Tx } from '../../platform/store/types.js';
import { isoSeconds } from '../../platform/time.js';
import { getCluster } from '../clusters/clusters.js';
import type { ClusterDoc } from '../clusters/model.js';
import { plannedProcesses } from '../clusters/processes.js';
import { getProject } from '../projects/projects.js';
import { SEARCH_INDEXES } from './collections.js';
import { checkDefinition, type IndexType } from './definition.js';
import { recordEvent } from './events.js';
import { searchIndexLifecycle } from './lifecycle.js';
import { parentOf, type DefinitionVersion, type SearchIndexDoc } from './model.js';

export type { SearchIndexDoc } from './model.js';

// Search indexes of a cluster. A new definition (create or update) is staged:
// PENDING, then BUILDING, then READY on the clock. Once an index has been built
// it stays queryable on its last built definition while a newer one builds.

type Json = Record<string, unknown>;

export interface IndexInput {
  database?: string;
  collectionName?: string;
  name?: string;
  type?: IndexType;
  definition?: Json;
}


const notFound = (what: string) =>
  new ApiError(404, 'ATLAS_SEARCH_INDEX_NOT_FOUND', `No search index ${what} exists.`, [what]);

export async function listIndexes(r: Reader, groupId: string, clusterName: string): Promise<{ cluster: ClusterDoc; indexes: SearchIndexDoc[] }> {
  await getProject(r, groupId);
  const cluster = await getCluster(r, groupId, clusterName);
  const indexes = (await r.list<SearchIndexDoc>(SEARCH_INDEXES, parentOf(groupId, clusterName))).items;
  return { cluster, indexes };
}

export async function getIndex(r: Reader, groupId: string, clusterName: string, id: string): Promise<{ cluster: ClusterDoc; index: SearchIndexDoc }> {
  const { cluster, indexes } = await listIndexes(r, groupId, clusterName);
  const index = indexes.find((i) => i.id === id);
  if (!index) throw notFound(`with ID ${id}`);
  return { cluster, index };
}

export async function getIndexByName(
  r: Reader,
  groupId: string,
  clusterName: string,
  database: string,
  collectionName: string,
  name: string,
): Promise<{ cluster: ClusterDoc; index: SearchIndexDoc }> {
  const { cluster, indexes } = await listIndexes(r, groupId, clusterName);
  const index = indexes.find((i) => i.database === database && i.collectionName === collectionName && i.name === name);
  if (!index) throw notFound(`named ${name} on ${database}.${collectionName}`);
  return { cluster, index };
}

async function save(tx: Tx, i: SearchIndexDoc): Promise<void> {
  await tx.put(SEARCH_INDEXES, i.id, i, { parent: parentOf(i.groupId, i.clusterName), name: null });
}

function required(v: string | undefined, field: string): string {
  if (typeof v !== 'string' || v === '') throw errors.missingAttribute(field);
  return v;
}

export async function createIndex(cmd: Command, groupId: string, clusterName: string, input: IndexInput): Promise<SearchIndexDoc> {
  const { tx, now, actor } = cmd;
  const project = await getProject(tx, groupId);
  const { indexes } = await listIndexes(tx, groupId, clusterName);
  const database = required(input.database, 'database');
  const collectionName = required(input.collectionName, 'collectionName');
  const name = required(input.name, 'name');
  const type = input.type ?? 'search';
  const definition = checkDefinition(type, input.definition);
  if (indexes.some((i) => i.database === database && i.collectionName === collectionName && i.name === name)) {
    throw new ApiError(
      409,
      'ATLAS_SEARCH_DUPLICATE_INDEX',
      `Index ${name} already exists for ${database}.${collectionName}.`,
      [name, database, collectionName],
    );
  }
  const index: SearchIndexDoc = {
    id: newObjectId(now),
    groupId,
    clusterName,
    database,
    collectionName,
    name,
    type,
    status: 'PENDING',
    latest: { definition, version: 0, createdAt: now },
  };
  await save(tx, index);
  await searchIndexLifecycle.start(cmd, 'build', index.id);
  await recordEvent(tx, { type: 'FTS_INDEX_CREATED', at: now, actor, orgId: project.orgId, groupId, raw: raw(index) });
  return index;
}

export async function updateIndex(cmd: Command, index: SearchIndexDoc, definition: Json | undefined): Promise<SearchIndexDoc> {
  const { tx, now, actor } = cmd;
  const project = await getProject(tx, index.groupId);
  index.latest = { definition: checkDefinition(index.type, definition), version: index.latest.version + 1, createdAt: now };
  index.status = 'PENDING';
  await save(tx, index);
  await searchIndexLifecycle.cancel(cmd, 'ready', index.id);
  await searchIndexLifecycle.start(cmd, 'build', index.id);
  await recordEvent(tx, { type: 'FTS_INDEX_UPDATED', at: now, actor, orgId: project.orgId, groupId: index.groupId, raw: raw(index) });
  return index;
}

export async function deleteIndex(cmd: Command, index: SearchIndexDoc): Promise<void> {
  const { tx, now, actor } = cmd;
  const project = await getProject(tx, index.groupId);
  await tx.cancelTimers(index.id);
  await tx.delete(SEARCH_INDEXES, index.id);
  await recordEvent(tx, { type: 'FTS_INDEX_DELETED', at: now, actor, orgId: project.orgId, groupId: index.groupId, raw: raw(index) });
}

/** Every index of a cluster that is going away goes with it. */
export async function dropClusterIndexes(tx: Tx, groupId: string, clusterName: string): Promise<void> {
  const parent = parentOf(groupId, clusterName);
  for (const i of (await tx.list<SearchIndexDoc>(SEARCH_INDEXES, parent)).items) await tx.cancelTimers(i.id);
  await tx.deleteChildren(SEARCH_INDEXES, parent);
}

function raw(i: SearchIndexDoc): Json {
  return { clusterName: i.clusterName, database: i.database, collectionName: i.collectionName, indexName: i.name, indexId: i.id };
}

const versionView = (v: DefinitionVersion) => ({ version: v.version, createdAt: isoSeconds(v.createdAt) });

/** The data-bearing hosts of the cluster: each runs mongot beside mongod and reports its own state. */
function hostsOf(cluster: ClusterDoc): string[] {
  return plannedProcesses(cluster)
    .filter((p) => p.typeName === 'REPLICA_PRIMARY' || p.typeName === 'REPLICA_SECONDARY')
    .map((p) => p.hostname);
}

/** The view of the current API (2024-05-30). */
export function indexView(cluster: ClusterDoc, i: SearchIndexDoc) {
  const queryable = i.built !== undefined;
  const staged = i.built && i.built.version !== i.latest.version;
  const main = i.built
    ? { definition: i.built.definition, definitionVersion: versionView(i.built), queryable: true, status: staged ? 'READY' : i.status }
    : { definition: i.latest.definition, definitionVersion: versionView(i.latest), queryable: false, status: i.status };
  const stagedIndex = staged
    ? { definition: i.latest.definition, definitionVersion: versionView(i.latest), queryable: false, status: i.status }
    : undefined;
  return {
    collectionName: i.collectionName,
    database: i.database,
    indexID: i.id,
    latestDefinition: i.latest.definition,
    latestDefinitionVersion: versionView(i.latest),
    name: i.name,
    queryable,
    status: i.status,
    statusDetail: hostsOf(cluster).map((hostname) => ({ hostname, mainIndex: main, queryable, stagedIndex, status: i.status })),
    type: i.type,
  };
}

/** The view of the older FTS API (2023-01-01): the definition's fields at the top, and its own status names. */
export function ftsView(i: SearchIndexDoc) {
  return {
    ...i.latest.definition,
    collectionName: i.collectionName,
    database: i.database,
    indexID: i.id,
    name: i.name,
    status: i.status === 'READY' ? 'STEADY' : 'IN_PROGRESS',
    type: i.type,
  };
}

/** The definition in an FTS body: everything that is not the index's identity. */
export function ftsDefinition(body: Json): Json {
  const { collectionName: _c, database: _d, name: _n, type: _t, indexID: _i, status: _s, ...definition } = body;
  return definition;
}
