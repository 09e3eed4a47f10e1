import { Type } from '@sinclair/typebox';
import { fromContract } from '../../platform/contract/index.js';
import { defineOperation } from '../../platform/http/operation.js';
import { LOOSE } from './schemas.js';
import {
  accountDetails,
  createPrivateLink,
  deletePrivateLink,
  getPrivateLink,
  listPrivateLinks,
  privateLinkView,
  updatePrivateLink,
} from './networking.js';
import { BASE, GROUP, READ, TAG, WORKSPACE, WRITE } from './workspaceOperations.js';
import { auditLog, findWorkspace } from './workspaces.js';

type Json = Record<string, unknown>;
const LINK = Type.Object({ ...GROUP.properties, connectionId: Type.String({ description: 'Unique id of the PrivateLink connection.' }) });
const LINKS = `${BASE}/privateLinkConnections`;

export const networkingOperations = [
  defineOperation({
    operationId: 'getGroupStreamAccountDetails',
    classicId: 'getAccountDetails',
    method: 'GET',
    path: `${BASE}/accountDetails`,
    tag: TAG,
    summary: 'Return the Account Atlas Runs Stream Processing From',
    access: READ,
    params: GROUP,
    query: Type.Object({ cloudProvider: Type.String(), regionName: Type.String() }),
    versions: fromContract('getGroupStreamAccountDetails', LOOSE),
    async handler(ctx) {
      return accountDetails(ctx.store, ctx.params.groupId, ctx.query.cloudProvider, ctx.query.regionName);
    },
  }),
  defineOperation({
    operationId: 'listGroupStreamPrivateLinkConnections',
    classicId: 'listPrivateLinkConnections',
    method: 'GET',
    path: LINKS,
    tag: TAG,
    summary: 'Return All PrivateLink Connections for Stream Processing',
    access: READ,
    params: GROUP,
    paginated: true,
    versions: fromContract('listGroupStreamPrivateLinkConnections', LOOSE),
    async handler(ctx) {
      return ctx.listAll(await listPrivateLinks(ctx.store, ctx.params.groupId), (l) => privateLinkView(l, ctx.link));
    },
  }),
  defineOperation({
    operationId: 'createGroupStreamPrivateLinkConnection',
    classicId: 'createPrivateLinkConnection',
    method: 'POST',
    path: LINKS,
    tag: TAG,
    summary: 'Create One PrivateLink Connection for Stream Processing',
    access: WRITE,
    params: GROUP,
    versions: fromContract('createGroupStreamPrivateLinkConnection', LOOSE),
    async handler(ctx) {
      return privateLinkView(await ctx.command((cmd) => createPrivateLink(cmd, ctx.params.groupId, ctx.body as Json)), ctx.link);
    },
  }),
  defineOperation({
    operationId: 'getGroupStreamPrivateLinkConnection',
    classicId: 'getPrivateLinkConnection',
    method: 'GET',
    path: `${LINKS}/{connectionId}`,
    tag: TAG,
    summary: 'Return One PrivateLink Connection for Stream Processing',
    access: READ,
    params: LINK,
    versions: fromContract('getGroupStreamPrivateLinkConnection', LOOSE),
    async handler(ctx) {
      return privateLinkView(await getPrivateLink(ctx.store, ctx.params.groupId, ctx.params.connectionId), ctx.link);
    },
  }),
  defineOperation({
    operationId: 'updateGroupStreamPrivateLinkConnection',
    classicId: 'updatePrivateLinkConnection',
    method: 'PATCH',
    path: `${LINKS}/{connectionId}`,
    tag: TAG,
    summary: 'Update One PrivateLink Connection for Stream Processing',
    access: WRITE,
    params: LINK,
    versions: fromContract('updateGroupStreamPrivateLinkConnection', LOOSE),
    async handler(ctx) {
      const l = await ctx.command((cmd) => updatePrivateLink(cmd, ctx.params.groupId, ctx.params.connectionId, ctx.body as Json));
      return privateLinkView(l, ctx.link);
    },
  }),
  defineOperation({
    operationId: 'deleteGroupStreamPrivateLinkConnection',
    classicId: 'deletePrivateLinkConnection',
    method: 'DELETE',
    path: `${LINKS}/{connectionId}`,
    tag: TAG,
    summary: 'Remove One PrivateLink Connection for Stream Processing',
    access: WRITE,
    params: LINK,
    versions: fromContract('deleteGroupStreamPrivateLinkConnection', LOOSE),
    async handler(ctx) {
      await ctx.command((cmd) => deletePrivateLink(cmd, ctx.params.groupId, ctx.params.connectionId));
      return undefined;
    },
  }),
  defineOperation({
    operationId: 'downloadGroupStreamOperationalLogs',
    classicId: 'downloadOperationalLogs',
    method: 'GET',
    path: `${BASE}/{tenantName}:downloadOperationalLogs`,
    tag: TAG,
    summary: 'Download Operational Logs for One Stream Processing Workspace',
    access: READ,
    params: WORKSPACE,
    query: Type.Object({
      startDate: Type.Optional(Type.Integer({ minimum: 0 })),
      endDate: Type.Optional(Type.Integer({ minimum: 0 })),
      spName: Type.Optional(Type.String()),
    }),
    // The trimmed contract keeps JSON media types only; Atlas serves this one as +gzip.
    versions: { '2025-03-12': { status: 200, response: Type.String(), gzip: true } },
    async handler(ctx) {
      const w = await findWorkspace(ctx.store, ctx.params.groupId, ctx.params.tenantName);
      return auditLog(w, ctx.query.startDate, ctx.query.endDate, ctx.query.spName, true);
    },
  }),
];
