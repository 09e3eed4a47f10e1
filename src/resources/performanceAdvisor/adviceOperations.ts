import { Type } from '@sinclair/typebox';
import { contractQuery, fromContract } from '../../platform/contract/index.js';
import { defineOperation } from '../../platform/http/operation.js';
import { ClusterNameParam, GroupIdParam } from '../../platform/schemas.js';
import { PROCESS_ID_PATTERN } from '../clusters/processOperations.js';
import {
  clusterSuggestedIndexes, dropIndexSuggestions, processNamespaces, processSuggestedIndexes, schemaAdvice, slowQueryLogs,
  type SlowLogOptions, type Window,
} from './advice.js';
import { buildRollingIndex, type RollingIndexInput } from './rollingIndex.js';

const TAG = 'Performance Advisor';
const ProcessParams = Type.Object({ groupId: GroupIdParam, processId: Type.String({ pattern: PROCESS_ID_PATTERN }) });
const ClusterParams = Type.Object({ groupId: GroupIdParam, clusterName: ClusterNameParam });
const READ = { scope: 'project', role: 'GROUP_READ_ONLY' } as const;
// Slow query logs and the queries behind suggestions show data: Project Data Access Read Only.
const DATA_READ = { scope: 'project', role: 'GROUP_DATA_ACCESS_READ_ONLY' } as const;
const base = (id: string) => `/api/atlas/v2/groups/{groupId}/${id}/performanceAdvisor`;

export const operations = [
  defineOperation({
    operationId: 'listGroupProcessPerformanceAdvisorNamespaces', classicId: 'listSlowQueryNamespaces',
    method: 'GET', path: `${base('processes/{processId}')}/namespaces`, tag: TAG,
    summary: 'Return All Namespaces for One Host', access: READ,
    params: ProcessParams, query: contractQuery('listGroupProcessPerformanceAdvisorNamespaces'),
    versions: fromContract('listGroupProcessPerformanceAdvisorNamespaces'),
    async handler(ctx) {
      return processNamespaces(ctx.store, ctx.params.groupId, ctx.params.processId, ctx.query as Window, ctx.now);
    },
  }),
  defineOperation({
    operationId: 'listGroupProcessPerformanceAdvisorSlowQueryLogs', classicId: 'listSlowQueries',
    method: 'GET', path: `${base('processes/{processId}')}/slowQueryLogs`, tag: TAG,
    summary: 'Return Slow Queries', access: DATA_READ,
    params: ProcessParams, query: contractQuery('listGroupProcessPerformanceAdvisorSlowQueryLogs'),
    versions: fromContract('listGroupProcessPerformanceAdvisorSlowQueryLogs'),
    async handler(ctx) {
      return slowQueryLogs(ctx.store, ctx.params.groupId, ctx.params.processId, ctx.query as SlowLogOptions, ctx.now);
    },
  }),
  defineOperation({
    operationId: 'listGroupProcessPerformanceAdvisorSuggestedIndexes', classicId: 'listSuggestedIndexes',
    method: 'GET', path: `${base('processes/{processId}')}/suggestedIndexes`, tag: TAG,
    summary: 'Return Suggested Indexes', access: DATA_READ,
    params: ProcessParams, query: contractQuery('listGroupProcessPerformanceAdvisorSuggestedIndexes'),
    versions: fromContract('listGroupProcessPerformanceAdvisorSuggestedIndexes'),
    async handler(ctx) {
      const q = ctx.query as Window & { namespaces?: string[]; nIndexes?: number; nExamples?: number };
      return processSuggestedIndexes(ctx.store, ctx.params.groupId, ctx.params.processId, q, ctx.now);
    },
  }),
  defineOperation({
    operationId: 'listGroupClusterPerformanceAdvisorSuggestedIndexes', classicId: 'listClusterSuggestedIndexes',
    method: 'GET', path: `${base('clusters/{clusterName}')}/suggestedIndexes`, tag: TAG,
    summary: 'Return Suggested Indexes for One Cluster', access: DATA_READ,
    params: ClusterParams, query: contractQuery('listGroupClusterPerformanceAdvisorSuggestedIndexes'),
    versions: fromContract('listGroupClusterPerformanceAdvisorSuggestedIndexes'),
    async handler(ctx) {
      const q = ctx.query as Window & { processIds?: string[]; namespaces?: string[] };
      return clusterSuggestedIndexes(ctx.store, ctx.params.groupId, ctx.params.clusterName, q, ctx.now);
    },
  }),
  defineOperation({
    operationId: 'listGroupClusterPerformanceAdvisorDropIndexSuggestions', classicId: 'listDropIndexSuggestions',
    method: 'GET', path: `${base('clusters/{clusterName}')}/dropIndexSuggestions`, tag: TAG,
    summary: 'Return All Suggested Indexes to Drop', access: READ,
    params: ClusterParams,
    versions: fromContract('listGroupClusterPerformanceAdvisorDropIndexSuggestions'),
    async handler(ctx) {
      return dropIndexSuggestions(ctx.store, ctx.params.groupId, ctx.params.clusterName, ctx.now);
    },
  }),
  defineOperation({
    operationId: 'listGroupClusterPerformanceAdvisorSchemaAdvice', classicId: 'listSchemaAdvice',
    method: 'GET', path: `${base('clusters/{clusterName}')}/schemaAdvice`, tag: TAG,
    summary: 'Return Schema Advice', access: READ,
    params: ClusterParams,
    versions: fromContract('listGroupClusterPerformanceAdvisorSchemaAdvice'),
    async handler(ctx) {
      return schemaAdvice(ctx.store, ctx.params.groupId, ctx.params.clusterName, ctx.now);
    },
  }),
  defineOperation({
    operationId: 'createGroupClusterIndexRollingIndex', classicId: 'createRollingIndex',
    method: 'POST', path: '/api/atlas/v2/groups/{groupId}/clusters/{clusterName}/index', tag: 'Rolling Index',
    summary: 'Create One Rolling Index', access: { scope: 'project', role: 'GROUP_DATA_ACCESS_ADMIN' },
    params: ClusterParams,
    versions: fromContract('createGroupClusterIndexRollingIndex'),
    async handler(ctx) {
      const body = ctx.body as RollingIndexInput;
      await ctx.command((cmd) => buildRollingIndex(cmd, ctx.params.groupId, ctx.params.clusterName, body));
    },
  }),
];
