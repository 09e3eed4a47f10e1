import { Type, type Static } from '@sinclair/typebox';
import { defineOperation, type VersionSpec } from '../../platform/http/operation.js';
import { GroupIdParam, StringEnum } from '../../platform/schemas.js';
import { ACTIONS } from './actions.js';
import { createCustomRole, deleteCustomRole, getCustomRole, listCustomRoles, updateCustomRole, type CustomRoleDoc } from './customRoles.js';

const TAG = 'Custom Database Roles';
const BASE = '/api/atlas/v2/groups/{groupId}/customDBRoles/roles';

// Typed clients always send all three keys; curl examples send only the ones that matter.
const ResourceIn = Type.Object(
  {
    cluster: Type.Optional(Type.Boolean({ description: 'Whether the action applies to every cluster of the project.' })),
    collection: Type.Optional(Type.String({ description: 'Collection the action applies to; empty for every collection.' })),
    db: Type.Optional(Type.String({ description: 'Database the action applies to; empty for every database.' })),
  },
  { additionalProperties: false, title: 'DatabasePermittedNamespaceResource' },
);
const ResourceOut = Type.Object(
  { cluster: Type.Boolean(), collection: Type.String(), db: Type.String() },
  { additionalProperties: false, title: 'DatabasePermittedNamespaceResource' },
);

const action = (resource: typeof ResourceIn | typeof ResourceOut) =>
  Type.Object(
    { action: StringEnum(ACTIONS, { description: 'Privilege action the role grants.' }), resources: Type.Array(resource) },
    { additionalProperties: false, title: 'DatabasePrivilegeAction' },
  );

const InheritedRole = Type.Object(
  {
    db: Type.String({ description: 'Database on which the inherited role is granted.' }),
    role: Type.String({ description: 'Built-in role or custom role of the project to inherit.' }),
  },
  { additionalProperties: false, title: 'DatabaseInheritedRole' },
);
const InheritedRoles = Type.Array(InheritedRole, { uniqueItems: true });

const CreateRole = Type.Object(
  {
    actions: Type.Optional(Type.Array(action(ResourceIn))),
    inheritedRoles: Type.Optional(InheritedRoles),
    roleName: Type.String({ description: 'Name of the custom role.' }),
  },
  { additionalProperties: false, title: 'UserCustomDBRole' },
);

const UpdateRole = Type.Object(
  { actions: Type.Optional(Type.Array(action(ResourceIn))), inheritedRoles: Type.Optional(InheritedRoles) },
  { additionalProperties: false, title: 'UpdateCustomDBRole' },
);

const CustomRole = Type.Object(
  { actions: Type.Array(action(ResourceOut)), inheritedRoles: InheritedRoles, roleName: Type.String() },
  { additionalProperties: false, title: 'UserCustomDBRole' },
);

const view = (r: CustomRoleDoc) => ({
  actions: r.actions,
  inheritedRoles: r.inheritedRoles,
  roleName: r.roleName,
});

const version = (spec: VersionSpec): Record<string, VersionSpec> => ({ '2023-01-01': spec });
const ROLE_PARAMS = Type.Object({
  groupId: GroupIdParam,
  roleName: Type.String({ minLength: 1, description: 'Name of the custom role.' }),
});
const READ = { scope: 'project', role: 'GROUP_READ_ONLY' } as const;
const WRITE = { scope: 'project', role: 'GROUP_DATABASE_ACCESS_ADMIN' } as const;

export const operations = [
  defineOperation({
    operationId: 'listCustomDatabaseRoles',
    method: 'GET',
    path: BASE,
    tag: TAG,
    summary: 'Return All Custom Roles in One Project',
    access: READ,
    params: Type.Object({ groupId: GroupIdParam }),
    versions: version({ response: Type.Array(CustomRole) }),
    async handler(ctx) {
      return (await listCustomRoles(ctx.services.store, ctx.params.groupId)).map(view);
    },
  }),
  defineOperation({
    operationId: 'createCustomDatabaseRole',
    method: 'POST',
    path: BASE,
    tag: TAG,
    summary: 'Create One Custom Role',
    access: WRITE,
    params: Type.Object({ groupId: GroupIdParam }),
    versions: version({ body: CreateRole, bodyRequired: true, response: CustomRole, status: 202 }),
    async handler(ctx) {
      const body = ctx.body as Static<typeof CreateRole>;
      return view(await ctx.services.store.write((tx) => createCustomRole(tx, ctx.params.groupId, body, ctx.actor, ctx.now)));
    },
  }),
  defineOperation({
    operationId: 'getCustomDatabaseRole',
    method: 'GET',
    path: `${BASE}/{roleName}`,
    tag: TAG,
    summary: 'Return One Custom Role in One Project',
    access: READ,
    params: ROLE_PARAMS,
    versions: version({ response: CustomRole }),
    async handler(ctx) {
      return view(await getCustomRole(ctx.services.store, ctx.params.groupId, ctx.params.roleName));
    },
  }),
  defineOperation({
    operationId: 'updateCustomDatabaseRole',
    method: 'PATCH',
    path: `${BASE}/{roleName}`,
    tag: TAG,
    summary: 'Update One Custom Role in One Project',
    access: WRITE,
    params: ROLE_PARAMS,
    versions: version({ body: UpdateRole, bodyRequired: true, response: CustomRole }),
    async handler(ctx) {
      const { groupId, roleName } = ctx.params;
      const body = ctx.body as Static<typeof UpdateRole>;
      return view(await ctx.services.store.write((tx) => updateCustomRole(tx, groupId, roleName, body, ctx.actor, ctx.now)));
    },
  }),
  defineOperation({
    operationId: 'deleteCustomDatabaseRole',
    method: 'DELETE',
    path: `${BASE}/{roleName}`,
    tag: TAG,
    summary: 'Remove One Custom Role from One Project',
    access: WRITE,
    params: ROLE_PARAMS,
    versions: version({ status: 204 }),
    async handler(ctx) {
      const { groupId, roleName } = ctx.params;
      await ctx.services.store.write((tx) => deleteCustomRole(tx, groupId, roleName, ctx.actor, ctx.now));
    },
  }),
];
