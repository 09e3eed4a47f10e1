import { Type } from '@sinclair/typebox';
import { fromContract } from '../../platform/contract/index.js';
import { defineOperation } from '../../platform/http/operation.js';
import { LOOSE } from './schemas.js';
import { GroupIdParam } from '../../platform/schemas.js';
import { connectionView, createConnection, deleteConnection, getConnection, listConnections, updateConnection, type ConnectionInput } from './connections.js';
import {
  connectionsOf,
  createProcessor,
  deleteProcessor,
  getProcessor,
  listProcessors,
  processorView,
  startProcessor,
  stopProcessor,
  updateProcessor,
  type ProcessorInput,
} from './processors.js';
import { BASE, READ, TAG, WORKSPACE, WRITE } from './workspaceOperations.js';

const CONNECTION = Type.Object({ ...WORKSPACE.properties, connectionName: Type.String({ description: 'Name of the connection.' }) });
const PROCESSOR = Type.Object({ groupId: GroupIdParam, tenantName: WORKSPACE.properties.tenantName, processorName: Type.String({ description: 'Name of the stream processor.' }) });
const CONN_PATH = `${BASE}/{tenantName}/connections`;
const PROC_PATH = `${BASE}/{tenantName}/processor/{processorName}`;

export const processorOperations = [
  defineOperation({
    operationId: 'listGroupStreamConnections',
    classicId: 'listStreamConnections',
    method: 'GET',
    path: CONN_PATH,
    tag: TAG,
    summary: 'Return All Connections of One Stream Processing Workspace',
    access: READ,
    params: WORKSPACE,
    paginated: true,
    versions: fromContract('listGroupStreamConnections', LOOSE),
    async handler(ctx) {
      return ctx.listAll(await listConnections(ctx.store, ctx.params.groupId, ctx.params.tenantName), (c) => connectionView(c, ctx.link));
    },
  }),
  defineOperation({
    operationId: 'createGroupStreamConnection',
    classicId: 'createStreamConnection',
    method: 'POST',
    path: CONN_PATH,
    tag: TAG,
    summary: 'Create One Connection in One Stream Processing Workspace',
    access: WRITE,
    params: WORKSPACE,
    versions: fromContract('createGroupStreamConnection', LOOSE),
    async handler(ctx) {
      const c = await ctx.command((cmd) => createConnection(cmd, ctx.params.groupId, ctx.params.tenantName, ctx.body as ConnectionInput));
      return connectionView(c, ctx.link);
    },
  }),
  defineOperation({
    operationId: 'getGroupStreamConnection',
    classicId: 'getStreamConnection',
    method: 'GET',
    path: `${CONN_PATH}/{connectionName}`,
    tag: TAG,
    summary: 'Return One Connection of One Stream Processing Workspace',
    access: READ,
    params: CONNECTION,
    versions: fromContract('getGroupStreamConnection', LOOSE),
    async handler(ctx) {
      const { groupId, tenantName, connectionName } = ctx.params;
      return connectionView(await getConnection(ctx.store, groupId, tenantName, connectionName), ctx.link);
    },
  }),
  defineOperation({
    operationId: 'updateGroupStreamConnection',
    classicId: 'updateStreamConnection',
    method: 'PATCH',
    path: `${CONN_PATH}/{connectionName}`,
    tag: TAG,
    summary: 'Update One Connection of One Stream Processing Workspace',
    access: WRITE,
    params: CONNECTION,
    versions: fromContract('updateGroupStreamConnection', LOOSE),
    async handler(ctx) {
      const { groupId, tenantName, connectionName } = ctx.params;
      const c = await ctx.command((cmd) => updateConnection(cmd, groupId, tenantName, connectionName, ctx.body as ConnectionInput));
      return connectionView(c, ctx.link);
    },
  }),
  defineOperation({
    operationId: 'deleteGroupStreamConnection',
    classicId: 'deleteStreamConnection',
    method: 'DELETE',
    path: `${CONN_PATH}/{connectionName}`,
    tag: TAG,
    summary: 'Remove One Connection of One Stream Processing Workspace',
    access: WRITE,
    params: CONNECTION,
    versions: fromContract('deleteGroupStreamConnection', LOOSE),
    async handler(ctx) {
      const { groupId, tenantName, connectionName } = ctx.params;
      await ctx.command(async (cmd) => {
        const usedBy = (await listProcessors(cmd.tx, groupId, tenantName))
          .filter((p) => connectionsOf(p.pipeline, p.options).includes(connectionName))
          .map((p) => p.name);
        await deleteConnection(cmd, groupId, tenantName, connectionName, usedBy);
      });
      return undefined;
    },
  }),
  defineOperation({
    operationId: 'createGroupStreamProcessor',
    classicId: 'createStreamProcessor',
    method: 'POST',
    path: `${BASE}/{tenantName}/processor`,
    tag: TAG,
    summary: 'Create One Stream Processor',
    access: WRITE,
    params: WORKSPACE,
    versions: fromContract('createGroupStreamProcessor', LOOSE),
    async handler(ctx) {
      const p = await ctx.command((cmd) => createProcessor(cmd, ctx.params.groupId, ctx.params.tenantName, ctx.body as ProcessorInput));
      return processorView(p, ctx.now, ctx.link, false);
    },
  }),
  defineOperation({
    operationId: 'getGroupStreamProcessors',
    classicId: 'listStreamProcessors',
    method: 'GET',
    path: `${BASE}/{tenantName}/processors`,
    tag: TAG,
    summary: 'Return All Stream Processors of One Workspace',
    access: READ,
    params: WORKSPACE,
    paginated: true,
    versions: fromContract('getGroupStreamProcessors', LOOSE),
    async handler(ctx) {
      const all = await listProcessors(ctx.store, ctx.params.groupId, ctx.params.tenantName);
      return ctx.listAll(all, (p) => processorView(p, ctx.now, ctx.link, true));
    },
  }),
  defineOperation({
    operationId: 'getGroupStreamProcessor',
    classicId: 'getStreamProcessor',
    method: 'GET',
    path: PROC_PATH,
    tag: TAG,
    summary: 'Return One Stream Processor with its Statistics',
    access: READ,
    params: PROCESSOR,
    versions: fromContract('getGroupStreamProcessor', LOOSE),
    async handler(ctx) {
      const { groupId, tenantName, processorName } = ctx.params;
      return processorView(await getProcessor(ctx.store, groupId, tenantName, processorName), ctx.now, ctx.link, true);
    },
  }),
  defineOperation({
    operationId: 'updateGroupStreamProcessor',
    classicId: 'modifyStreamProcessor',
    method: 'PATCH',
    path: PROC_PATH,
    tag: TAG,
    summary: 'Modify One Stream Processor',
    access: WRITE,
    params: PROCESSOR,
    versions: fromContract('updateGroupStreamProcessor', LOOSE),
    async handler(ctx) {
      const { groupId, tenantName, processorName } = ctx.params;
      const p = await ctx.command((cmd) => updateProcessor(cmd, groupId, tenantName, processorName, ctx.body as ProcessorInput));
      return processorView(p, ctx.now, ctx.link, true);
    },
  }),
  defineOperation({
    operationId: 'deleteGroupStreamProcessor',
    classicId: 'deleteStreamProcessor',
    method: 'DELETE',
    path: PROC_PATH,
    tag: TAG,
    summary: 'Remove One Stream Processor',
    access: WRITE,
    params: PROCESSOR,
    versions: fromContract('deleteGroupStreamProcessor', LOOSE),
    async handler(ctx) {
      const { groupId, tenantName, processorName } = ctx.params;
      await ctx.command((cmd) => deleteProcessor(cmd, groupId, tenantName, processorName));
      return undefined;
    },
  }),
  defineOperation({
    operationId: 'startGroupStreamProcessor',
    classicId: 'startStreamProcessor',
    method: 'POST',
    path: `${PROC_PATH}:start`,
    tag: TAG,
    summary: 'Start One Stream Processor',
    access: WRITE,
    params: PROCESSOR,
    versions: fromContract('startGroupStreamProcessor', LOOSE),
    async handler(ctx) {
      const { groupId, tenantName, processorName } = ctx.params;
      await ctx.command((cmd) => startProcessor(cmd, groupId, tenantName, processorName));
      return {};
    },
  }),
  defineOperation({
    operationId: 'startGroupStreamProcessorWith',
    classicId: 'startStreamProcessorWith',
    method: 'POST',
    path: `${PROC_PATH}:startWith`,
    tag: TAG,
    summary: 'Start One Stream Processor with Options',
    access: WRITE,
    params: PROCESSOR,
    versions: fromContract('startGroupStreamProcessorWith', LOOSE),
    async handler(ctx) {
      const { groupId, tenantName, processorName } = ctx.params;
      const { tier } = (ctx.body ?? {}) as { tier?: string };
      await ctx.command((cmd) => startProcessor(cmd, groupId, tenantName, processorName, tier));
      return {};
    },
  }),
  defineOperation({
    operationId: 'stopGroupStreamProcessor',
    classicId: 'stopStreamProcessor',
    method: 'POST',
    path: `${PROC_PATH}:stop`,
    tag: TAG,
    summary: 'Stop One Stream Processor',
    access: WRITE,
    params: PROCESSOR,
    versions: fromContract('stopGroupStreamProcessor', LOOSE),
    async handler(ctx) {
      const { groupId, tenantName, processorName } = ctx.params;
      await ctx.command((cmd) => stopProcessor(cmd, groupId, tenantName, processorName));
      return {};
    },
  }),
];
