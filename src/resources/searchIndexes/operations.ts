import { Type } from '@sinclair/typebox';
import { fromContract } from '../../platform/contract/index.js';
import { looseDefinitions } from './schemas.js';
import { defineOperation } from '../../platform/http/operation.js';
import { ClusterNameParam, GroupIdParam, ObjectIdString } from '../../platform/schemas.js';
import {
  createIndex,
  deleteIndex,
  ftsDefinition,
  ftsView,
  getIndex,
  getIndexByName,
  indexView,
  listIndexes,
  updateIndex,
  type IndexInput,
} from './searchIndexes.js';

const TAG = 'Atlas Search';
const BASE = '/api/atlas/v2/groups/{groupId}/clusters/{clusterName}/search/indexes';
const FTS = '/api/atlas/v2/groups/{groupId}/clusters/{clusterName}/fts/indexes';
// Atlas's reference pages name Project Data Access Read Only to read indexes and
// Project Data Access Admin to change them.
const READ = { scope: 'project', role: 'GROUP_DATA_ACCESS_READ_ONLY' } as const;
const WRITE = { scope: 'project', role: 'GROUP_DATA_ACCESS_ADMIN' } as const;

type Json = Record<string, unknown>;
const LOOSE = { body: looseDefinitions, response: looseDefinitions };

const CLUSTER = Type.Object({ groupId: GroupIdParam, clusterName: ClusterNameParam });
const BY_ID = Type.Object({ ...CLUSTER.properties, indexId: ObjectIdString('Unique 24-hexadecimal digit string that identifies the search index.') });
const COLLECTION = Type.Object({
  ...CLUSTER.properties,
  databaseName: Type.String({ description: 'Name of the database that contains the collection.' }),
  collectionName: Type.String({ description: 'Name of the collection that contains the indexes.' }),
});
const NAMED = Type.Object({ ...COLLECTION.properties, indexName: Type.String({ description: 'Name of the search index.' }) });
const definitionOf = (body: unknown) => (body as { definition?: Json }).definition;

export const operations = [
  defineOperation({
    operationId: 'listGroupClusterSearchIndexes',
    classicId: 'listAtlasSearchIndexesCluster',
    method: 'GET',
    path: BASE,
    tag: TAG,
    summary: 'Return All Atlas Search Indexes for One Cluster',
    access: READ,
    params: CLUSTER,
    versions: fromContract('listGroupClusterSearchIndexes', LOOSE),
    async handler(ctx) {
      const { cluster, indexes } = await listIndexes(ctx.store, ctx.params.groupId, ctx.params.clusterName);
      return indexes.map((i) => indexView(cluster, i));
    },
  }),
  defineOperation({
    operationId: 'createGroupClusterSearchIndex',
    classicId: 'createAtlasSearchIndex',
    method: 'POST',
    path: BASE,
    tag: TAG,
    summary: 'Create One Atlas Search Index',
    access: WRITE,
    params: CLUSTER,
    versions: fromContract('createGroupClusterSearchIndex', { ...LOOSE, status: 201 }),
    async handler(ctx) {
      const { groupId, clusterName } = ctx.params;
      const index = await ctx.command((cmd) => createIndex(cmd, groupId, clusterName, ctx.body as IndexInput));
      const { cluster } = await listIndexes(ctx.store, groupId, clusterName);
      return indexView(cluster, index);
    },
  }),
  defineOperation({
    operationId: 'listGroupClusterSearchIndex',
    classicId: 'listAtlasSearchIndexes',
    method: 'GET',
    path: `${BASE}/{databaseName}/{collectionName}`,
    tag: TAG,
    summary: 'Return All Atlas Search Indexes for One Collection',
    access: READ,
    params: COLLECTION,
    versions: fromContract('listGroupClusterSearchIndex', LOOSE),
    async handler(ctx) {
      const { groupId, clusterName, databaseName, collectionName } = ctx.params;
      const { cluster, indexes } = await listIndexes(ctx.store, groupId, clusterName);
      return indexes.filter((i) => i.database === databaseName && i.collectionName === collectionName).map((i) => indexView(cluster, i));
    },
  }),
  defineOperation({
    operationId: 'getGroupClusterSearchIndexByName',
    classicId: 'getAtlasSearchIndexByName',
    method: 'GET',
    path: `${BASE}/{databaseName}/{collectionName}/{indexName}`,
    tag: TAG,
    summary: 'Return One Atlas Search Index by Name',
    access: READ,
    params: NAMED,
    versions: fromContract('getGroupClusterSearchIndexByName', LOOSE),
    async handler(ctx) {
      const { groupId, clusterName, databaseName, collectionName, indexName } = ctx.params;
      const { cluster, index } = await getIndexByName(ctx.store, groupId, clusterName, databaseName, collectionName, indexName);
      return indexView(cluster, index);
    },
  }),
  defineOperation({
    operationId: 'updateGroupClusterSearchIndexByName',
    classicId: 'updateAtlasSearchIndexByName',
    method: 'PATCH',
    path: `${BASE}/{databaseName}/{collectionName}/{indexName}`,
    tag: TAG,
    summary: 'Update One Atlas Search Index by Name',
    access: WRITE,
    params: NAMED,
    versions: fromContract('updateGroupClusterSearchIndexByName', LOOSE),
    async handler(ctx) {
      const { groupId, clusterName, databaseName, collectionName, indexName } = ctx.params;
      const { cluster, index } = await ctx.command(async (cmd) => {
        const found = await getIndexByName(cmd.tx, groupId, clusterName, databaseName, collectionName, indexName);
        return { cluster: found.cluster, index: await updateIndex(cmd, found.index, definitionOf(ctx.body)) };
      });
      return indexView(cluster, index);
    },
  }),
  defineOperation({
    operationId: 'deleteGroupClusterSearchIndexByName',
    classicId: 'deleteAtlasSearchIndexByName',
    method: 'DELETE',
    path: `${BASE}/{databaseName}/{collectionName}/{indexName}`,
    tag: TAG,
    summary: 'Remove One Atlas Search Index by Name',
    access: WRITE,
    params: NAMED,
    versions: fromContract('deleteGroupClusterSearchIndexByName', { ...LOOSE, status: 204 }),
    async handler(ctx) {
      const { groupId, clusterName, databaseName, collectionName, indexName } = ctx.params;
      await ctx.command(async (cmd) =>
        deleteIndex(cmd, (await getIndexByName(cmd.tx, groupId, clusterName, databaseName, collectionName, indexName)).index),
      );
      return undefined;
    },
  }),
  defineOperation({
    operationId: 'getGroupClusterSearchIndex',
    classicId: 'getAtlasSearchIndex',
    method: 'GET',
    path: `${BASE}/{indexId}`,
    tag: TAG,
    summary: 'Return One Atlas Search Index by ID',
    access: READ,
    params: BY_ID,
    versions: fromContract('getGroupClusterSearchIndex', LOOSE),
    async handler(ctx) {
      const { cluster, index } = await getIndex(ctx.store, ctx.params.groupId, ctx.params.clusterName, ctx.params.indexId);
      return indexView(cluster, index);
    },
  }),
  defineOperation({
    operationId: 'updateGroupClusterSearchIndex',
    classicId: 'updateAtlasSearchIndex',
    method: 'PATCH',
    path: `${BASE}/{indexId}`,
    tag: TAG,
    summary: 'Update One Atlas Search Index by ID',
    access: WRITE,
    params: BY_ID,
    versions: fromContract('updateGroupClusterSearchIndex', LOOSE),
    async handler(ctx) {
      const { groupId, clusterName, indexId } = ctx.params;
      const { cluster, index } = await ctx.command(async (cmd) => {
        const found = await getIndex(cmd.tx, groupId, clusterName, indexId);
        return { cluster: found.cluster, index: await updateIndex(cmd, found.index, definitionOf(ctx.body)) };
      });
      return indexView(cluster, index);
    },
  }),
  defineOperation({
    operationId: 'deleteGroupClusterSearchIndex',
    classicId: 'deleteAtlasSearchIndex',
    method: 'DELETE',
    path: `${BASE}/{indexId}`,
    tag: TAG,
    summary: 'Remove One Atlas Search Index by ID',
    access: WRITE,
    params: BY_ID,
    versions: fromContract('deleteGroupClusterSearchIndex', { ...LOOSE, status: 204 }),
    async handler(ctx) {
      const { groupId, clusterName, indexId } = ctx.params;
      await ctx.command(async (cmd) => deleteIndex(cmd, (await getIndex(cmd.tx, groupId, clusterName, indexId)).index));
      return undefined;
    },
  }),
  // The older FTS paths: the same indexes, the definition at the top level.
  defineOperation({
    operationId: 'createGroupClusterFtsIndex',
    classicId: 'createAtlasSearchIndexDeprecated',
    method: 'POST',
    path: FTS,
    tag: TAG,
    summary: 'Create One Atlas Search Index (FTS path)',
    access: WRITE,
    params: CLUSTER,
    versions: fromContract('createGroupClusterFtsIndex', LOOSE),
    async handler(ctx) {
      const body = ctx.body as Json;
      const input = { ...(body as IndexInput), definition: ftsDefinition(body) };
      return ftsView(await ctx.command((cmd) => createIndex(cmd, ctx.params.groupId, ctx.params.clusterName, input)));
    },
  }),
  defineOperation({
    operationId: 'listGroupClusterFtsIndex',
    classicId: 'listAtlasSearchIndexesDeprecated',
    method: 'GET',
    path: `${FTS}/{databaseName}/{collectionName}`,
    tag: TAG,
    summary: 'Return All Atlas Search Indexes for One Collection (FTS path)',
    access: READ,
    params: COLLECTION,
    versions: fromContract('listGroupClusterFtsIndex', LOOSE),
    async handler(ctx) {
      const { groupId, clusterName, databaseName, collectionName } = ctx.params;
      const { indexes } = await listIndexes(ctx.store, groupId, clusterName);
      return indexes.filter((i) => i.database === databaseName && i.collectionName === collectionName).map(ftsView);
    },
  }),
  defineOperation({
    operationId: 'getGroupClusterFtsIndex',
    classicId: 'getAtlasSearchIndexDeprecated',
    method: 'GET',
    path: `${FTS}/{indexId}`,
    tag: TAG,
    summary: 'Return One Atlas Search Index (FTS path)',
    access: READ,
    params: BY_ID,
    versions: fromContract('getGroupClusterFtsIndex', LOOSE),
    async handler(ctx) {
      return ftsView((await getIndex(ctx.store, ctx.params.groupId, ctx.params.clusterName, ctx.params.indexId)).index);
    },
  }),
  defineOperation({
    operationId: 'updateGroupClusterFtsIndex',
    classicId: 'updateAtlasSearchIndexDeprecated',
    method: 'PATCH',
    path: `${FTS}/{indexId}`,
    tag: TAG,
    summary: 'Update One Atlas Search Index (FTS path)',
    access: WRITE,
    params: BY_ID,
    versions: fromContract('updateGroupClusterFtsIndex', LOOSE),
    async handler(ctx) {
      const { groupId, clusterName, indexId } = ctx.params;
      const index = await ctx.command(async (cmd) =>
        updateIndex(cmd, (await getIndex(cmd.tx, groupId, clusterName, indexId)).index, ftsDefinition(ctx.body as Json)),
      );
      return ftsView(index);
    },
  }),
  defineOperation({
    operationId: 'deleteGroupClusterFtsIndex',
    classicId: 'deleteAtlasSearchIndexDeprecated',
    method: 'DELETE',
    path: `${FTS}/{indexId}`,
    tag: TAG,
    summary: 'Remove One Atlas Search Index (FTS path)',
    access: WRITE,
    params: BY_ID,
    versions: fromContract('deleteGroupClusterFtsIndex', { ...LOOSE, status: 204 }),
    async handler(ctx) {
      const { groupId, clusterName, indexId } = ctx.params;
      await ctx.command(async (cmd) => deleteIndex(cmd, (await getIndex(cmd.tx, groupId, clusterName, indexId)).index));
      return undefined;
    },
  }),
];
