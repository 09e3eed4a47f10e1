import { Type, type Static } from '@sinclair/typebox';
import { defineOperation, type VersionSpec } from '../../platform/http/operation.js';
import { CLUSTER_NAME_PATTERN, DateTime, GroupIdParam, Links, Paginated, StringEnum } from '../../platform/schemas.js';
import { isoSeconds } from '../../platform/time.js';
import { createUser, deleteUser, getUser, listUsers, updateUser, type DatabaseUserDoc, type UserInput } from './users.js';

const TAG = 'Database Users';
const BASE = '/api/atlas/v2/groups/{groupId}/databaseUsers';

const Label = Type.Object(
  {
    key: Type.String({ minLength: 1, maxLength: 255, description: 'Key of the label.' }),
    value: Type.String({ minLength: 1, maxLength: 255, description: 'Value of the label.' }),
  },
  { additionalProperties: false, title: 'ComponentLabel' },
);

const Role = Type.Object(
  {
    collectionName: Type.Optional(Type.String({ description: 'Collection the role applies to (read and readWrite only).' })),
    databaseName: Type.String({ description: 'Database the role applies to; admin for cluster-wide and custom roles.' }),
    roleName: Type.String({ description: 'A built-in role (read, readWrite, dbAdmin, atlasAdmin, ...) or a custom role of the project.' }),
  },
  { additionalProperties: false, title: 'DatabaseUserRole' },
);

const Scope = Type.Object(
  {
    name: Type.String({ pattern: CLUSTER_NAME_PATTERN, description: 'Name of the cluster or data lake the user may reach.' }),
    type: StringEnum(['CLUSTER', 'DATA_LAKE', 'STREAM'] as const),
  },
  { additionalProperties: false, title: 'UserScope' },
);

const authTypes = {
  awsIAMType: StringEnum(['NONE', 'USER', 'ROLE'] as const, { default: 'NONE' }),
  ldapAuthType: StringEnum(['NONE', 'GROUP', 'USER'] as const, { default: 'NONE' }),
  oidcAuthType: StringEnum(['NONE', 'IDP_GROUP', 'USER'] as const, { default: 'NONE' }),
  x509Type: StringEnum(['NONE', 'CUSTOMER', 'MANAGED'] as const, { default: 'NONE' }),
};
const DatabaseName = StringEnum(['admin', '$external'] as const, { default: 'admin' });

const writable = {
  ...Object.fromEntries(Object.entries(authTypes).map(([k, v]) => [k, Type.Optional(v)])),
  deleteAfterDate: Type.Optional(DateTime('When the user is removed: at most one week ahead.')),
  description: Type.Optional(Type.String({ maxLength: 100 })),
  labels: Type.Optional(Type.Array(Label)),
  // Read-only: typed clients send it, and it is ignored.
  links: Type.Optional(Links),
  password: Type.Optional(Type.String({ minLength: 8, description: 'SCRAM users only; stored hashed, never returned.' })),
  scopes: Type.Optional(Type.Array(Scope)),
};

const CreateUser = Type.Object(
  {
    ...writable,
    databaseName: DatabaseName,
    groupId: Type.String({ description: 'The project, as in the path.' }),
    roles: Type.Array(Role),
    username: Type.String({ maxLength: 1024 }),
  },
  { additionalProperties: false, title: 'CloudDatabaseUser' },
);

// Atlas's update takes the same document; every field is optional and only those sent change.
const UpdateUser = Type.Object(
  {
    ...writable,
    databaseName: Type.Optional(DatabaseName),
    groupId: Type.Optional(Type.String()),
    roles: Type.Optional(Type.Array(Role)),
    username: Type.Optional(Type.String({ maxLength: 1024 })),
  },
  { additionalProperties: false, title: 'CloudDatabaseUser' },
);

const DatabaseUser = Type.Object(
  {
    ...authTypes,
    databaseName: DatabaseName,
    deleteAfterDate: Type.Optional(DateTime()),
    description: Type.Optional(Type.String({ maxLength: 100 })),
    groupId: Type.String(),
    labels: Type.Array(Label),
    links: Links,
    roles: Type.Array(Role),
    scopes: Type.Array(Scope),
    username: Type.String({ maxLength: 1024 }),
  },
  { additionalProperties: false, title: 'CloudDatabaseUser' },
);

export const userPath = (u: Pick<DatabaseUserDoc, 'groupId' | 'databaseName' | 'username'>) =>
  `${BASE.replace('{groupId}', u.groupId)}/${encodeURIComponent(u.databaseName)}/${encodeURIComponent(u.username)}`;

function view(u: DatabaseUserDoc, link: (path: string) => string): Static<typeof DatabaseUser> {
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

const version = (spec: VersionSpec): Record<string, VersionSpec> => ({ '2023-01-01': spec });
const USER_PARAMS = Type.Object({
  groupId: GroupIdParam,
  databaseName: Type.String({ minLength: 1, description: 'admin, or $external (%24external) for externally authenticated users.' }),
  username: Type.String({ minLength: 1, description: 'Username of the database user.' }),
});
const READ = { scope: 'project', role: 'GROUP_READ_ONLY' } as const;
const WRITE = { scope: 'project', role: 'GROUP_DATABASE_ACCESS_ADMIN' } as const;

export const operations = [
  defineOperation({
    operationId: 'listDatabaseUsers',
    method: 'GET',
    path: BASE,
    tag: TAG,
    summary: 'Return All Database Users in One Project',
    access: READ,
    params: Type.Object({ groupId: GroupIdParam }),
    paginated: true,
    versions: version({ response: Paginated(DatabaseUser, 'PaginatedApiAtlasDatabaseUserView') }),
    async handler(ctx) {
      return ctx.listAll(await listUsers(ctx.services.store, ctx.params.groupId), (u) => view(u, ctx.link));
    },
  }),
  defineOperation({
    operationId: 'createDatabaseUser',
    method: 'POST',
    path: BASE,
    tag: TAG,
    summary: 'Create One Database User in One Project',
    access: WRITE,
    params: Type.Object({ groupId: GroupIdParam }),
    versions: version({ body: CreateUser, bodyRequired: true, response: DatabaseUser, status: 201 }),
    async handler(ctx) {
      const body = ctx.body as Static<typeof CreateUser>;
      const { services } = ctx;
      const user = await services.store.write((tx) =>
        createUser(tx, services, ctx.params.groupId, body as Parameters<typeof createUser>[3], ctx.actor, ctx.now),
      );
      return view(user, ctx.link);
    },
  }),
  defineOperation({
    operationId: 'getDatabaseUser',
    method: 'GET',
    path: `${BASE}/{databaseName}/{username}`,
    tag: TAG,
    summary: 'Return One Database User from One Project',
    access: READ,
    params: USER_PARAMS,
    versions: version({ response: DatabaseUser }),
    async handler(ctx) {
      const { groupId, databaseName, username } = ctx.params;
      return view(await getUser(ctx.services.store, groupId, databaseName, username), ctx.link);
    },
  }),
  defineOperation({
    operationId: 'updateDatabaseUser',
    method: 'PATCH',
    path: `${BASE}/{databaseName}/{username}`,
    tag: TAG,
    summary: 'Update One Database User in One Project',
    access: WRITE,
    params: USER_PARAMS,
    versions: version({ body: UpdateUser, bodyRequired: true, response: DatabaseUser }),
    async handler(ctx) {
      const { groupId, databaseName, username } = ctx.params;
      const { services } = ctx;
      const user = await services.store.write((tx) =>
        updateUser(tx, services, groupId, databaseName, username, ctx.body as UserInput, ctx.actor, ctx.now),
      );
      return view(user, ctx.link);
    },
  }),
  defineOperation({
    operationId: 'deleteDatabaseUser',
    method: 'DELETE',
    path: `${BASE}/{databaseName}/{username}`,
    tag: TAG,
    summary: 'Remove One Database User from One Project',
    access: WRITE,
    params: USER_PARAMS,
    versions: version({ status: 204 }),
    async handler(ctx) {
      const { groupId, databaseName, username } = ctx.params;
      await ctx.services.store.write((tx) => deleteUser(tx, groupId, databaseName, username, ctx.actor, ctx.now));
    },
  }),
];
