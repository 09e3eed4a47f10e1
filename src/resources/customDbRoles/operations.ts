import { Type } from '@sinclair/typebox';
import { fromContract } from '../../platform/contract/index.js';
import { defineOperation } from '../../platform/http/operation.js';
import { GroupIdParam } from '../../platform/schemas.js';
import { createCustomRole, deleteCustomRole, getCustomRole, listCustomRoles, updateCustomRole, type CustomRoleDoc, type RoleInput } from './customRoles.js';

const TAG = 'Custom Database Roles';
const BASE = '/api/atlas/v2/groups/{groupId}/customDBRoles/roles';

const view = (r: CustomRoleDoc) => ({ actions: r.actions, inheritedRoles: r.inheritedRoles, roleName: r.roleName });

const GROUP_PARAMS = Type.Object({ groupId: GroupIdParam });
const ROLE_PARAMS = Type.Object({ groupId: GroupIdParam, roleName: Type.String({ description: 'Name of the custom role.' }) });
const READ = { scope: 'project', role: 'GROUP_READ_ONLY' } as const;
const WRITE = { scope: 'project', role: 'GROUP_DATABASE_ACCESS_ADMIN' } as const;

export const operations = [
  defineOperation({
    operationId: 'listGroupCustomDbRoleRoles',
    classicId: 'listCustomDatabaseRoles',
    method: 'GET',
    path: BASE,
    tag: TAG,
    summary: 'Return All Custom Roles in One Project',
    access: READ,
    params: GROUP_PARAMS,
    versions: fromContract('listGroupCustomDbRoleRoles'),
    async handler(ctx) {
      return (await listCustomRoles(ctx.store, ctx.params.groupId)).map(view);
    },
  }),
  defineOperation({
    operationId: 'createGroupCustomDbRoleRole',
    classicId: 'createCustomDatabaseRole',
    method: 'POST',
    path: BASE,
    tag: TAG,
    summary: 'Create One Custom Role',
    access: WRITE,
    params: GROUP_PARAMS,
    versions: fromContract('createGroupCustomDbRoleRole'),
    async handler(ctx) {
      const body = ctx.body as RoleInput & { roleName: string };
      return view(await ctx.command(({ tx, effects }) => createCustomRole(tx, ctx.params.groupId, body, ctx.actor, ctx.now)));
    },
  }),
  defineOperation({
    operationId: 'getGroupCustomDbRoleRole',
    classicId: 'getCustomDatabaseRole',
    method: 'GET',
    path: `${BASE}/{roleName}`,
    tag: TAG,
    summary: 'Return One Custom Role in One Project',
    access: READ,
    params: ROLE_PARAMS,
    versions: fromContract('getGroupCustomDbRoleRole'),
    async handler(ctx) {
      return view(await getCustomRole(ctx.store, ctx.params.groupId, ctx.params.roleName));
    },
  }),
  defineOperation({
    operationId: 'updateGroupCustomDbRoleRole',
    classicId: 'updateCustomDatabaseRole',
    method: 'PATCH',
    path: `${BASE}/{roleName}`,
    tag: TAG,
    summary: 'Update One Custom Role in One Project',
    access: WRITE,
    params: ROLE_PARAMS,
    versions: fromContract('updateGroupCustomDbRoleRole'),
    async handler(ctx) {
      const { groupId, roleName } = ctx.params;
      const body = ctx.body as RoleInput;
      return view(await ctx.command(({ tx, effects }) => updateCustomRole(tx, groupId, roleName, body, ctx.actor, ctx.now)));
    },
  }),
  defineOperation({
    operationId: 'deleteGroupCustomDbRoleRole',
    classicId: 'deleteCustomDatabaseRole',
    method: 'DELETE',
    path: `${BASE}/{roleName}`,
    tag: TAG,
    summary: 'Remove One Custom Role from One Project',
    access: WRITE,
    params: ROLE_PARAMS,
    versions: fromContract('deleteGroupCustomDbRoleRole'),
    async handler(ctx) {
      const { groupId, roleName } = ctx.params;
      await ctx.command(({ tx, effects }) => deleteCustomRole(tx, groupId, roleName, ctx.actor, ctx.now));
    },
  }),
];
