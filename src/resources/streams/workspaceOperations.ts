import { Type } from '@sinclair/typebox';
import { fromContract } from '../../platform/contract/index.js';
import { defineOperation } from '../../platform/http/operation.js';
import { LOOSE } from './schemas.js';
import { GroupIdParam } from '../../platform/schemas.js';
import { connectionView, listConnections } from './connections.js';
import {
  auditLog,
  createWorkspace,
  deleteWorkspace,
  findWorkspace,
  listWorkspaces,
  updateWorkspace,
  workspaceView,
  type WorkspaceInput,
} from './workspaces.js';

export const TAG = 'Streams';
export const BASE = '/api/atlas/v2/groups/{groupId}/streams';
// Atlas's reference pages: reading needs Project Data Access Read Only, changes
// need Project Stream Processing Owner (Project Owner holds both).
export const READ = { scope: 'project', role: 'GROUP_DATA_ACCESS_READ_ONLY' } as const;
export const WRITE = { scope: 'project', role: 'GROUP_STREAM_PROCESSING_OWNER' } as const;
export const GROUP = Type.Object({ groupId: GroupIdParam });
export const WORKSPACE = Type.Object({ groupId: GroupIdParam, tenantName: Type.String({ description: 'Name of the stream processing workspace.' }) });

type Json = Record<string, unknown>;

export const workspaceOperations = [
  defineOperation({
    operationId: 'listGroupStreamWorkspaces',
    classicId: 'listStreamInstances',
    method: 'GET',
    path: BASE,
    tag: TAG,
    summary: 'Return All Stream Processing Workspaces in One Project',
    access: READ,
    params: GROUP,
    paginated: true,
    versions: fromContract('listGroupStreamWorkspaces', LOOSE),
    async handler(ctx) {
      return ctx.listAll(await listWorkspaces(ctx.store, ctx.params.groupId), (w) => workspaceView(w, ctx.link));
    },
  }),
  defineOperation({
    operationId: 'createGroupStreamWorkspace',
    classicId: 'createStreamInstance',
    method: 'POST',
    path: BASE,
    tag: TAG,
    summary: 'Create One Stream Processing Workspace',
    access: WRITE,
    params: GROUP,
    versions: fromContract('createGroupStreamWorkspace', LOOSE),
    async handler(ctx) {
      const w = await ctx.command((cmd) => createWorkspace(cmd, ctx.params.groupId, ctx.body as WorkspaceInput, false));
      return workspaceView(w, ctx.link);
    },
  }),
  defineOperation({
    operationId: 'withGroupStreamSampleConnections',
    classicId: 'createStreamInstanceWithSampleConnections',
    method: 'POST',
    path: `${BASE}:withSampleConnections`,
    tag: TAG,
    summary: 'Create One Stream Processing Workspace with Sample Connections',
    access: WRITE,
    params: GROUP,
    versions: fromContract('withGroupStreamSampleConnections', LOOSE),
    async handler(ctx) {
      const w = await ctx.command((cmd) => createWorkspace(cmd, ctx.params.groupId, ctx.body as WorkspaceInput, true));
      return workspaceView(w, ctx.link);
    },
  }),
  defineOperation({
    operationId: 'getGroupStreamWorkspace',
    classicId: 'getStreamInstance',
    method: 'GET',
    path: `${BASE}/{tenantName}`,
    tag: TAG,
    summary: 'Return One Stream Processing Workspace',
    access: READ,
    params: WORKSPACE,
    query: Type.Object({ includeConnections: Type.Optional(Type.Boolean()) }),
    versions: fromContract('getGroupStreamWorkspace', LOOSE),
    async handler(ctx) {
      const { groupId, tenantName } = ctx.params;
      const w = await findWorkspace(ctx.store, groupId, tenantName);
      const connections = ctx.query.includeConnections
        ? (await listConnections(ctx.store, groupId, tenantName)).map((c) => connectionView(c, ctx.link))
        : undefined;
      return workspaceView(w, ctx.link, connections);
    },
  }),
  defineOperation({
    operationId: 'updateGroupStreamWorkspace',
    classicId: 'updateStreamInstance',
    method: 'PATCH',
    path: `${BASE}/{tenantName}`,
    tag: TAG,
    summary: 'Update One Stream Processing Workspace',
    access: WRITE,
    params: WORKSPACE,
    versions: fromContract('updateGroupStreamWorkspace', LOOSE),
    async handler(ctx) {
      const w = await ctx.command((cmd) => updateWorkspace(cmd, ctx.params.groupId, ctx.params.tenantName, ctx.body as Json));
      return workspaceView(w, ctx.link);
    },
  }),
  defineOperation({
    operationId: 'deleteGroupStreamWorkspace',
    classicId: 'deleteStreamInstance',
    method: 'DELETE',
    path: `${BASE}/{tenantName}`,
    tag: TAG,
    summary: 'Remove One Stream Processing Workspace',
    access: WRITE,
    params: WORKSPACE,
    versions: fromContract('deleteGroupStreamWorkspace', LOOSE),
    async handler(ctx) {
      await ctx.command((cmd) => deleteWorkspace(cmd, ctx.params.groupId, ctx.params.tenantName));
      return undefined;
    },
  }),
  defineOperation({
    operationId: 'downloadGroupStreamAuditLogs',
    classicId: 'downloadStreamTenantAuditLogs',
    method: 'GET',
    path: `${BASE}/{tenantName}/auditLogs`,
    tag: TAG,
    summary: 'Download Audit Logs for One Stream Processing Workspace',
    access: READ,
    params: WORKSPACE,
    query: Type.Object({
      startDate: Type.Optional(Type.Integer({ minimum: 0 })),
      endDate: Type.Optional(Type.Integer({ minimum: 0 })),
      spName: Type.Optional(Type.String()),
    }),
    // The trimmed contract keeps JSON media types only; Atlas serves this one as +gzip.
    versions: { '2023-02-01': { status: 200, response: Type.String(), gzip: true } },
    async handler(ctx) {
      const w = await findWorkspace(ctx.store, ctx.params.groupId, ctx.params.tenantName);
      return auditLog(w, ctx.query.startDate, ctx.query.endDate, ctx.query.spName);
    },
  }),
];
