import { Type } from '@sinclair/typebox';
import { fromContract } from '../../platform/contract/index.js';
import { defineOperation } from '../../platform/http/operation.js';
import { ClusterNameParam, GroupIdParam } from '../../platform/schemas.js';
import { endOutage, getOutage, outageView, startOutage, type OutageDoc } from './outage.js';

const TAG = 'Cluster Outage Simulation';
const Params = Type.Object({ groupId: GroupIdParam, clusterName: ClusterNameParam });
const PATH = '/api/atlas/v2/groups/{groupId}/clusters/{clusterName}/outageSimulation';

export const operations = [
  defineOperation({
    operationId: 'getGroupClusterOutageSimulation', classicId: 'getOutageSimulation',
    method: 'GET', path: PATH, tag: TAG, summary: 'Return One Outage Simulation',
    access: { scope: 'project', role: 'GROUP_READ_ONLY' }, params: Params,
    versions: fromContract('getGroupClusterOutageSimulation'),
    async handler(ctx) {
      return outageView(await getOutage(ctx.store, ctx.params.groupId, ctx.params.clusterName));
    },
  }),
  defineOperation({
    operationId: 'startGroupClusterOutageSimulation', classicId: 'startOutageSimulation',
    method: 'POST', path: PATH, tag: TAG, summary: 'Start an Outage Simulation',
    access: { scope: 'project', role: 'GROUP_CLUSTER_MANAGER' }, params: Params,
    versions: fromContract('startGroupClusterOutageSimulation'),
    async handler(ctx) {
      const body = ctx.body as { outageFilters?: OutageDoc['outageFilters'] };
      return outageView(await ctx.command((cmd) => startOutage(cmd, ctx.params.groupId, ctx.params.clusterName, body.outageFilters)));
    },
  }),
  defineOperation({
    operationId: 'endGroupClusterOutageSimulation', classicId: 'endOutageSimulation',
    method: 'DELETE', path: PATH, tag: TAG, summary: 'End an Outage Simulation',
    access: { scope: 'project', role: 'GROUP_CLUSTER_MANAGER' }, params: Params,
    versions: fromContract('endGroupClusterOutageSimulation'),
    async handler(ctx) {
      return outageView(await ctx.command((cmd) => endOutage(cmd, ctx.params.groupId, ctx.params.clusterName)));
    },
  }),
];
