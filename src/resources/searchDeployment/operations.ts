import { Type } from '@sinclair/typebox';
import { fromContract } from '../../platform/contract/index.js';
import { defineOperation } from '../../platform/http/operation.js';
import { ClusterNameParam, GroupIdParam } from '../../platform/schemas.js';
import { createDeployment, deleteDeployment, deploymentView, getDeployment, updateDeployment, type DeploymentInput } from './searchDeployment.js';

const TAG = 'Atlas Search';
const PATH = '/api/atlas/v2/groups/{groupId}/clusters/{clusterName}/search/deployment';
const params = Type.Object({ groupId: GroupIdParam, clusterName: ClusterNameParam });
// Search nodes are billed: Atlas's reference pages name Project Owner to change them.
const READ = { scope: 'project', role: 'GROUP_READ_ONLY' } as const;
const WRITE = { scope: 'project', role: 'GROUP_OWNER' } as const;

export const operations = [
  defineOperation({
    operationId: 'getGroupClusterSearchDeployment',
    classicId: 'getAtlasSearchDeployment',
    method: 'GET',
    path: PATH,
    tag: TAG,
    summary: 'Return Search Nodes',
    access: READ,
    params,
    versions: fromContract('getGroupClusterSearchDeployment'),
    async handler(ctx) {
      return deploymentView(await getDeployment(ctx.store, ctx.params.groupId, ctx.params.clusterName));
    },
  }),
  defineOperation({
    operationId: 'createGroupClusterSearchDeployment',
    classicId: 'createAtlasSearchDeployment',
    method: 'POST',
    path: PATH,
    tag: TAG,
    summary: 'Create Search Nodes',
    access: WRITE,
    params,
    versions: fromContract('createGroupClusterSearchDeployment'),
    async handler(ctx) {
      const { groupId, clusterName } = ctx.params;
      return deploymentView(await ctx.command((cmd) => createDeployment(cmd, groupId, clusterName, ctx.body as DeploymentInput)));
    },
  }),
  defineOperation({
    operationId: 'updateGroupClusterSearchDeployment',
    classicId: 'updateAtlasSearchDeployment',
    method: 'PATCH',
    path: PATH,
    tag: TAG,
    summary: 'Update Search Nodes',
    access: WRITE,
    params,
    versions: fromContract('updateGroupClusterSearchDeployment'),
    async handler(ctx) {
      const { groupId, clusterName } = ctx.params;
      return deploymentView(await ctx.command((cmd) => updateDeployment(cmd, groupId, clusterName, ctx.body as DeploymentInput)));
    },
  }),
  defineOperation({
    operationId: 'deleteGroupClusterSearchDeployment',
    classicId: 'deleteAtlasSearchDeployment',
    method: 'DELETE',
    path: PATH,
    tag: TAG,
    summary: 'Remove Search Nodes',
    access: WRITE,
    params,
    versions: fromContract('deleteGroupClusterSearchDeployment'),
    async handler(ctx) {
      await ctx.command((cmd) => deleteDeployment(cmd, ctx.params.groupId, ctx.params.clusterName));
      return undefined;
    },
  }),
];
