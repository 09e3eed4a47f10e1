import { Type } from '@sinclair/typebox';
import { fromContract } from '../../platform/contract/index.js';
import { ClusterNameParam, GroupIdParam } from '../../platform/schemas.js';
import { defineOperation } from '../../platform/http/operation.js';
import { getProcessArgs, updateProcessArgs, type ProcessArgs } from './processArgs.js';

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
];
