import { Type } from '@sinclair/typebox';
import { fromContract } from '../../platform/contract/index.js';
import { ClusterNameParam, GroupIdParam } from '../../platform/schemas.js';
import { contractQuery } from '../../platform/contract/index.js';
import { defineOperation } from '../../platform/http/operation.js';
import { getProcessArgs, updateProcessArgs, type ProcessArgs } from './processArgs.js';
import { getCluster } from './clusters.js';
import { autoScalingMode, changeStatus, startTestFailover } from './failover.js';
import { providerRegions } from './providerRegions.js';
import { getProject } from '../projects/projects.js';

const TAG = 'Clusters';
const Params = Type.Object({ groupId: GroupIdParam, clusterName: ClusterNameParam });

export const operations = [
  defineOperation({
    operationId: 'getGroupClusterProcessArgs',
    classicId: 'getClusterAdvancedConfiguration',
    method: 'GET',
    path: '/api/atlas/v2/groups/{groupId}/clusters/{clusterName}/processArgs',
    tag: TAG,
    summary: 'Return Advanced Configuration Options for One Cluster',
    access: { scope: 'project', role: 'GROUP_READ_ONLY' },
    params: Params,
    versions: fromContract('getGroupClusterProcessArgs'),
    async handler(ctx) {
      return getProcessArgs(ctx.store, ctx.params.groupId, ctx.params.clusterName);
    },
  }),
  defineOperation({
    operationId: 'updateGroupClusterProcessArgs',
    classicId: 'updateClusterAdvancedConfiguration',
    method: 'PATCH',
    path: '/api/atlas/v2/groups/{groupId}/clusters/{clusterName}/processArgs',
    tag: TAG,
    summary: 'Update Advanced Configuration Options for One Cluster',
    access: { scope: 'project', role: 'GROUP_CLUSTER_MANAGER' },
    params: Params,
    versions: fromContract('updateGroupClusterProcessArgs'),
    async handler(ctx) {
      const body = ctx.body as ProcessArgs;
      return ctx.command((cmd) => updateProcessArgs(cmd, ctx.params.groupId, ctx.params.clusterName, body));
    },
  }),
  defineOperation({
    operationId: 'listGroupClusterProviderRegions',
    classicId: 'listCloudProviderRegions',
    method: 'GET',
    path: '/api/atlas/v2/groups/{groupId}/clusters/provider/regions',
    tag: TAG,
    summary: 'Return All Cloud Provider Regions',
    access: { scope: 'project', role: 'GROUP_READ_ONLY' },
    params: Type.Object({ groupId: GroupIdParam }),
    query: contractQuery('listGroupClusterProviderRegions'),
    paginated: true,
    versions: fromContract('listGroupClusterProviderRegions'),
    async handler(ctx) {
      await getProject(ctx.store, ctx.params.groupId);
      const q = ctx.query as { providers?: string[]; tier?: string };
      return ctx.listAll(providerRegions(q.providers, q.tier));
    },
  }),
  defineOperation({
    operationId: 'getGroupClusterStatus',
    classicId: 'getClusterStatus',
    method: 'GET',
    path: '/api/atlas/v2/groups/{groupId}/clusters/{clusterName}/status',
    tag: TAG,
    summary: 'Return Status of All Cluster Operations',
    access: { scope: 'project', role: 'GROUP_READ_ONLY' },
    params: Params,
    versions: fromContract('getGroupClusterStatus'),
    async handler(ctx) {
      const c = await getCluster(ctx.store, ctx.params.groupId, ctx.params.clusterName);
      const self = `/api/atlas/v2/groups/${c.groupId}/clusters/${encodeURIComponent(c.name)}/status`;
      return { changeStatus: changeStatus(c), links: [{ href: ctx.link(self), rel: 'self' }] };
    },
  }),
  defineOperation({
    operationId: 'restartGroupClusterPrimaries',
    classicId: 'testFailover',
    method: 'POST',
    path: '/api/atlas/v2/groups/{groupId}/clusters/{clusterName}/restartPrimaries',
    tag: TAG,
    summary: 'Test Failover for One Cluster',
    access: { scope: 'project', role: 'GROUP_CLUSTER_MANAGER' },
    params: Params,
    versions: fromContract('restartGroupClusterPrimaries'),
    async handler(ctx) {
      await ctx.command((cmd) => startTestFailover(cmd, ctx.params.groupId, ctx.params.clusterName));
    },
  }),
  defineOperation({
    operationId: 'autoGroupClusterScalingConfiguration',
    classicId: 'autoScalingConfiguration',
    method: 'GET',
    path: '/api/atlas/v2/groups/{groupId}/clusters/{clusterName}/autoScalingConfiguration',
    tag: TAG,
    summary: 'Return Auto Scaling Configuration for One Sharded Cluster',
    access: { scope: 'project', role: 'GROUP_READ_ONLY' },
    params: Params,
    versions: fromContract('autoGroupClusterScalingConfiguration'),
    async handler(ctx) {
      const c = await getCluster(ctx.store, ctx.params.groupId, ctx.params.clusterName);
      return { autoScalingMode: autoScalingMode(c) };
    },
  }),
];
