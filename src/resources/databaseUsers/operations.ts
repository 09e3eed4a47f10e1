import { Type } from '@sinclair/typebox';
import { fromContract } from '../../platform/contract/index.js';
import { defineOperation } from '../../platform/http/operation.js';
import { GroupIdParam } from '../../platform/schemas.js';
import { isoSeconds } from '../../platform/time.js';
import { createUser, deleteUser, getUser, listUsers, updateUser, type DatabaseUserDoc, type UserInput } from './users.js';

const TAG = 'Database Users';
const BASE = '/api/atlas/v2/groups/{groupId}/databaseUsers';

// The role name is one of Atlas's built-in roles or any custom role of the project; the
// published structure lists "<a custom role name>" as if it were a value.
const roleName = (schema: Record<string, unknown>) => {
  const roles = (schema.properties as Record<string, { items: { properties: Record<string, unknown> } }>).roles;
  roles.items.properties.roleName = { type: 'string' };
};

// Atlas's PATCH takes the same document, and only the fields sent change.
const partial = (schema: Record<string, unknown>) => {
  roleName(schema);
  delete schema.required;
};

// groupId is write-only in the published structure, yet Atlas's answers (and the reference's
// examples) carry it, and typed clients read the user's project from it.
const withGroupId = (schema: Record<string, unknown>) => {
  roleName(schema);
  (schema.properties as Record<string, unknown>).groupId = { type: 'string' };
  schema.required = [...((schema.required as string[]) ?? []), 'groupId'];
};

const listSchema = (schema: Record<string, unknown>) =>
  withGroupId((schema.properties as Record<string, { items: Record<string, unknown> }>).results.items);

const userPath = (u: Pick<DatabaseUserDoc, 'groupId' | 'databaseName' | 'username'>) =>
  `${BASE.replace('{groupId}', u.groupId)}/${encodeURIComponent(u.databaseName)}/${encodeURIComponent(u.username)}`;

function view(u: DatabaseUserDoc, link: (path: string) => string) {
  return {
    awsIAMType: u.awsIAMType,
    databaseName: u.databaseName,
    ...(u.deleteAfter !== undefined ? { deleteAfterDate: isoSeconds(u.deleteAfter) } : {}),
    ...(u.description !== undefined ? { description: u.description } : {}),
    groupId: u.groupId,
    labels: u.labels,
    ldapAuthType: u.ldapAuthType,
    links: [{ href: link(userPath(u)), rel: 'self' }],
    oidcAuthType: u.oidcAuthType,
    roles: u.roles,
    scopes: u.scopes,
    username: u.username,
    x509Type: u.x509Type,
  };
}

const GROUP_PARAMS = Type.Object({ groupId: GroupIdParam });
const USER_PARAMS = Type.Object({
  groupId: GroupIdParam,
  databaseName: Type.String({ description: 'admin, or $external (%24external) for externally authenticated users.' }),
  username: Type.String({ description: 'Username of the database user.' }),
});
const READ = { scope: 'project', role: 'GROUP_READ_ONLY' } as const;
const WRITE = { scope: 'project', role: 'GROUP_DATABASE_ACCESS_ADMIN' } as const;

export const operations = [
  defineOperation({
    operationId: 'listGroupDatabaseUsers',
    classicId: 'listDatabaseUsers',
    method: 'GET',
    path: BASE,
    tag: TAG,
    summary: 'Return All Database Users in One Project',
    access: READ,
    params: GROUP_PARAMS,
    paginated: true,
    versions: fromContract('listGroupDatabaseUsers', { response: { edit: listSchema } }),
    async handler(ctx) {
      return ctx.listAll(await listUsers(ctx.store, ctx.params.groupId), (u) => view(u, ctx.link));
    },
  }),
  defineOperation({
    operationId: 'createGroupDatabaseUser',
    classicId: 'createDatabaseUser',
    method: 'POST',
    path: BASE,
    tag: TAG,
    summary: 'Create One Database User in One Project',
    access: WRITE,
    params: GROUP_PARAMS,
    versions: fromContract('createGroupDatabaseUser', { body: { edit: roleName }, response: { edit: withGroupId } }),
    async handler(ctx) {
      const body = ctx.body as Parameters<typeof createUser>[3];
            const user = await ctx.command(({ tx, effects }) => createUser(tx, effects, ctx.params.groupId, body, ctx.actor, ctx.now));
      return view(user, ctx.link);
    },
  }),
  defineOperation({
    operationId: 'getGroupDatabaseUser',
    classicId: 'getDatabaseUser',
    method: 'GET',
    path: `${BASE}/{databaseName}/{username}`,
    tag: TAG,
    summary: 'Return One Database User from One Project',
    access: READ,
    params: USER_PARAMS,
    versions: fromContract('getGroupDatabaseUser', { response: { edit: withGroupId } }),
    async handler(ctx) {
      const { groupId, databaseName, username } = ctx.params;
      return view(await getUser(ctx.store, groupId, databaseName, username), ctx.link);
    },
  }),
  defineOperation({
    operationId: 'updateGroupDatabaseUser',
    classicId: 'updateDatabaseUser',
    method: 'PATCH',
    path: `${BASE}/{databaseName}/{username}`,
    tag: TAG,
    summary: 'Update One Database User in One Project',
    access: WRITE,
    params: USER_PARAMS,
    versions: fromContract('updateGroupDatabaseUser', { body: { edit: partial }, response: { edit: withGroupId } }),
    async handler(ctx) {
      const { groupId, databaseName, username } = ctx.params;
            const user = await ctx.command(({ tx, effects }) =>
        updateUser(tx, effects, groupId, databaseName, username, ctx.body as UserInput, ctx.actor, ctx.now),
      );
      return view(user, ctx.link);
    },
  }),
  defineOperation({
    operationId: 'deleteGroupDatabaseUser',
    classicId: 'deleteDatabaseUser',
    method: 'DELETE',
    path: `${BASE}/{databaseName}/{username}`,
    tag: TAG,
    summary: 'Remove One Database User from One Project',
    access: WRITE,
    params: USER_PARAMS,
    versions: fromContract('deleteGroupDatabaseUser'),
    async handler(ctx) {
      const { groupId, databaseName, username } = ctx.params;
      await ctx.command(({ tx, effects }) => deleteUser(tx, groupId, databaseName, username, ctx.actor, ctx.now));
    },
  }),
];
