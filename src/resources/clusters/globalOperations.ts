import { Type } from '@sinclair/typebox';
import { contractQuery, fromContract } from '../../platform/contract/index.js';
import { defineOperation } from '../../platform/http/operation.js';
import { ClusterNameParam, GroupIdParam } from '../../platform/schemas.js';
import type { ManagedNamespace } from './model.js';
import { addManagedNamespace, addZoneMappings, clearZoneMappings, geoShardingView, getGeoSharding, removeManagedNamespace } from './globalWrites.js';

const TAG = 'Global Clusters';
const Params = Type.Object({ groupId: GroupIdParam, clusterName: ClusterNameParam });
const PATH = '/api/atlas/v2/groups/{groupId}/clusters/{clusterName}/globalWrites';
const WRITE = { scope: 'project', role: 'GROUP_DATA_ACCESS_ADMIN' } as const;
// 2024-08-05 names zones by zoneId; older versions by the zone's replication spec id.
const byZoneId = (version: string) => version >= '2024-08-05';

export const operations = [
  defineOperation({
    operationId: 'getGroupClusterGlobalWrites', classicId: 'getManagedNamespace',
    method: 'GET', path: PATH, tag: TAG, summary: 'Return One Managed Namespace in One Global Cluster',
    access: { scope: 'project', role: 'GROUP_READ_ONLY' }, params: Params,
    versions: fromContract('getGroupClusterGlobalWrites'),
    async handler(ctx) {
      return geoShardingView(await getGeoSharding(ctx.store, ctx.params.groupId, ctx.params.clusterName), byZoneId(ctx.version));
    },
  }),
  defineOperation({
    operationId: 'createGroupClusterGlobalWriteCustomZoneMapping', classicId: 'createCustomZoneMapping',
    method: 'POST', path: `${PATH}/customZoneMapping`, tag: TAG, summary: 'Add One Custom Zone Mapping to One Global Cluster',
    access: WRITE, params: Params,
    versions: fromContract('createGroupClusterGlobalWriteCustomZoneMapping'),
    async handler(ctx) {
      const body = ctx.body as { customZoneMappings: { location: string; zone: string }[] };
      const c = await ctx.command((cmd) => addZoneMappings(cmd, ctx.params.groupId, ctx.params.clusterName, body.customZoneMappings));
      return geoShardingView(c, byZoneId(ctx.version));
    },
  }),
  defineOperation({
    operationId: 'deleteGroupClusterGlobalWriteCustomZoneMapping', classicId: 'deleteAllCustomZoneMappings',
    method: 'DELETE', path: `${PATH}/customZoneMapping`, tag: TAG, summary: 'Remove All Custom Zone Mappings from One Global Cluster',
    access: WRITE, params: Params,
    versions: fromContract('deleteGroupClusterGlobalWriteCustomZoneMapping'),
    async handler(ctx) {
      const c = await ctx.command((cmd) => clearZoneMappings(cmd, ctx.params.groupId, ctx.params.clusterName));
      return geoShardingView(c, byZoneId(ctx.version));
    },
  }),
  defineOperation({
    operationId: 'createGroupClusterGlobalWriteManagedNamespace', classicId: 'createManagedNamespace',
    method: 'POST', path: `${PATH}/managedNamespaces`, tag: TAG, summary: 'Create One Managed Namespace in One Global Cluster',
    access: WRITE, params: Params,
    versions: fromContract('createGroupClusterGlobalWriteManagedNamespace'),
    async handler(ctx) {
      const body = ctx.body as Partial<ManagedNamespace>;
      const c = await ctx.command((cmd) => addManagedNamespace(cmd, ctx.params.groupId, ctx.params.clusterName, body));
      return geoShardingView(c, byZoneId(ctx.version));
    },
  }),
  defineOperation({
    operationId: 'deleteGroupClusterGlobalWriteManagedNamespaces', classicId: 'deleteManagedNamespace',
    method: 'DELETE', path: `${PATH}/managedNamespaces`, tag: TAG, summary: 'Remove One Managed Namespace from One Global Cluster',
    access: WRITE, params: Params, query: contractQuery('deleteGroupClusterGlobalWriteManagedNamespaces'),
    versions: fromContract('deleteGroupClusterGlobalWriteManagedNamespaces'),
    async handler(ctx) {
      const q = ctx.query as { db?: string; collection?: string };
      const c = await ctx.command((cmd) => removeManagedNamespace(cmd, ctx.params.groupId, ctx.params.clusterName, q.db, q.collection));
      return geoShardingView(c, byZoneId(ctx.version));
    },
  }),
];
