import { Type } from '@sinclair/typebox';
import { fromContract } from '../../platform/contract/index.js';
import { defineOperation } from '../../platform/http/operation.js';
import { GroupIdParam } from '../../platform/schemas.js';
import { LIMITS, limitView, listLimits, setLimit } from './limits.js';
import { getToggles, updateToggles, type Toggles } from './toggles.js';

// The project's feature toggles and limits.

const params = Type.Object({ groupId: GroupIdParam });
const limitParams = Type.Object({
  groupId: GroupIdParam,
  limitName: Type.Unsafe<string>({ type: 'string', enum: Object.keys(LIMITS) }),
});

export const adminOperations = [
  defineOperation({
    operationId: 'getGroupSettings',
    classicId: 'getProjectSettings',
    method: 'GET',
    path: '/api/atlas/v2/groups/{groupId}/settings',
    tag: 'Projects',
    summary: 'Return One Project Settings',
    access: { scope: 'project', role: 'GROUP_READ_ONLY' },
    params,
    versions: fromContract('getGroupSettings'),
    async handler(ctx) {
      return getToggles(ctx.services.store, ctx.params.groupId);
    },
  }),
  defineOperation({
    operationId: 'updateGroupSettings',
    classicId: 'updateProjectSettings',
    method: 'PATCH',
    path: '/api/atlas/v2/groups/{groupId}/settings',
    tag: 'Projects',
    summary: 'Update One Project Settings',
    access: { scope: 'project', role: 'GROUP_OWNER' },
    params,
    versions: fromContract('updateGroupSettings'),
    async handler(ctx) {
      const body = ctx.body as Partial<Toggles>;
      return ctx.services.store.write((tx) => updateToggles(tx, ctx.params.groupId, body));
    },
  }),
  defineOperation({
    operationId: 'listGroupLimits',
    classicId: 'listProjectLimits',
    method: 'GET',
    path: '/api/atlas/v2/groups/{groupId}/limits',
    tag: 'Projects',
    summary: 'Return All Limits for One Project',
    access: { scope: 'project', role: 'GROUP_READ_ONLY' },
    params,
    versions: fromContract('listGroupLimits'),
    async handler(ctx) {
      return listLimits(ctx.services.store, ctx.params.groupId);
    },
  }),
  defineOperation({
    operationId: 'getGroupLimit',
    classicId: 'getProjectLimit',
    method: 'GET',
    path: '/api/atlas/v2/groups/{groupId}/limits/{limitName}',
    tag: 'Projects',
    summary: 'Return One Limit for One Project',
    access: { scope: 'project', role: 'GROUP_READ_ONLY' },
    params: limitParams,
    versions: fromContract('getGroupLimit'),
    async handler(ctx) {
      return limitView(ctx.services.store, ctx.params.groupId, ctx.params.limitName);
    },
  }),
  defineOperation({
    operationId: 'setGroupLimit',
    classicId: 'setProjectLimit',
    method: 'PATCH',
    path: '/api/atlas/v2/groups/{groupId}/limits/{limitName}',
    tag: 'Projects',
    summary: 'Set One Project Limit',
    access: { scope: 'project', role: 'GROUP_OWNER' },
    params: limitParams,
    versions: fromContract('setGroupLimit'),
    async handler(ctx) {
      const { value } = ctx.body as { value: number };
      return ctx.services.store.write((tx) => setLimit(tx, ctx.params.groupId, ctx.params.limitName, value, ctx.actor, ctx.now));
    },
  }),
  defineOperation({
    operationId: 'deleteGroupLimit',
    classicId: 'deleteProjectLimit',
    method: 'DELETE',
    path: '/api/atlas/v2/groups/{groupId}/limits/{limitName}',
    tag: 'Projects',
    summary: 'Remove One Project Limit',
    access: { scope: 'project', role: 'GROUP_OWNER' },
    params: limitParams,
    versions: fromContract('deleteGroupLimit'),
    async handler(ctx) {
      await ctx.services.store.write((tx) => setLimit(tx, ctx.params.groupId, ctx.params.limitName, undefined, ctx.actor, ctx.now));
    },
  }),
];
