import { Type, type Static } from '@sinclair/typebox';
import {
  addAccessListEntries,
  createApiKey,
  deleteAccessListEntry,
  deleteApiKey,
  getAccessListEntry,
  getApiKey,
  getProjectApiKey,
  listOrgApiKeys,
  listProjectApiKeys,
  removeFromProject,
  setProjectRoles,
  updateApiKey,
} from './apiKeys.js';
import {
  maskPrivateKey,
  writeCredentials,
  type AccessListEntry,
  type AccessListInput,
  type ApiKeyDoc,
} from '../../platform/credentials.js';
import { errors } from '../../platform/errors.js';
import { getProject } from '../projects/projects.js';
import { ORG_ROLES, PROJECT_ROLES } from '../../platform/roles.js';
import { defineOperation } from '../../platform/http/operation.js';
import {
  AccessListEntries,
  DateTime,
  GroupIdParam,
  IpAddressParam,
  Links,
  ObjectIdString,
  OrgIdParam,
  Paginated,
  RoleNames,
} from '../../platform/schemas.js';

const TAG = 'Programmatic API Keys';
const V = '2023-01-01';

const ApiUserIdParam = ObjectIdString('Unique 24-hexadecimal digit string that identifies this organization API key.');

const Desc = Type.String({ minLength: 1, maxLength: 250, description: 'Purpose or explanation of this organization API key.' });
const OrgRoles = RoleNames(ORG_ROLES);
const ProjectRoles = RoleNames(PROJECT_ROLES);

const RoleAssignment = Type.Object(
  {
    groupId: Type.Optional(Type.String()),
    orgId: Type.Optional(Type.String()),
    roleName: Type.String(),
  },
  { title: 'CloudAccessRoleAssignment' },
);

const ApiKeyUserDetails = Type.Object(
  {
    desc: Type.String(),
    id: Type.String(),
    links: Links,
    privateKey: Type.String(),
    publicKey: Type.String(),
    roles: Type.Array(RoleAssignment),
  },
  { title: 'ApiKeyUserDetails' },
);

const UserAccessListResponse = Type.Object(
  {
    cidrBlock: Type.String(),
    count: Type.Integer(),
    created: DateTime(),
    ipAddress: Type.Optional(Type.String()),
    lastUsed: Type.Optional(DateTime()),
    lastUsedAddress: Type.Optional(Type.String()),
    links: Links,
  },
  { title: 'UserAccessListResponse' },
);

const CreateOrgKey = Type.Object(
  { desc: Desc, roles: OrgRoles },
  { additionalProperties: false, title: 'CreateAtlasOrganizationApiKey' },
);
const UpdateOrgKey = Type.Object(
  { desc: Type.Optional(Desc), roles: Type.Optional(OrgRoles) },
  { additionalProperties: false, title: 'UpdateAtlasOrganizationApiKey' },
);
const CreateProjectKey = Type.Object(
  { desc: Desc, roles: ProjectRoles },
  { additionalProperties: false, title: 'CreateAtlasProjectApiKey' },
);
const UpdateProjectKey = Type.Object(
  { desc: Type.Optional(Desc), roles: Type.Optional(ProjectRoles) },
  { additionalProperties: false, title: 'UpdateAtlasProjectApiKey' },
);
const RoleAssignments = Type.Array(
  Type.Object(
    { apiUserId: Type.Optional(ApiUserIdParam), roles: ProjectRoles },
    { additionalProperties: false, title: 'UserAccessRoleAssignment' },
  ),
  { minItems: 1 },
);
const AccessListRequest = AccessListEntries('UserAccessListRequest');

type Link = (path: string) => string;

const keyPath = (k: ApiKeyDoc) => `/api/atlas/v2/orgs/${k.orgId}/apiKeys/${k.id}`;

/** The key as reads show it: the private key masked. `privateKey` is given only by the create answer. */
export function keyView(link: Link, k: ApiKeyDoc, privateKey?: string): Static<typeof ApiKeyUserDetails> {
  return {
    desc: k.desc,
    id: k.id,
    links: [{ href: link(keyPath(k)), rel: 'self' }],
    privateKey: privateKey ?? maskPrivateKey(k.privateKeyTail),
    publicKey: k.publicKey,
    roles: k.roles.map((r) => (r.groupId ? { groupId: r.groupId, roleName: r.roleName } : { orgId: k.orgId, roleName: r.roleName })),
  };
}

function entryView(link: Link, k: ApiKeyDoc, e: AccessListEntry): Static<typeof UserAccessListResponse> {
  return {
    cidrBlock: e.cidrBlock,
    count: 0,
    created: e.created,
    ...(e.ipAddress !== undefined ? { ipAddress: e.ipAddress } : {}),
    links: [{ href: link(`${keyPath(k)}/accessList/${encodeURIComponent(e.ipAddress ?? e.cidrBlock)}`), rel: 'self' }],
  };
}

export const operations = [
  defineOperation({
    operationId: 'listOrgApiKeys',
    classicId: 'listApiKeys',
    method: 'GET',
    path: '/api/atlas/v2/orgs/{orgId}/apiKeys',
    tag: TAG,
    summary: 'Return All Organization API Keys',
    access: { scope: 'org', role: 'ORG_MEMBER' },
    params: Type.Object({ orgId: OrgIdParam }),
    paginated: true,
    versions: { [V]: { response: Paginated(ApiKeyUserDetails, 'PaginatedApiApiUserView') } },
    async handler(ctx) {
      const keys = await listOrgApiKeys(ctx.services.store, ctx.params.orgId);
      return ctx.listAll(keys, (k) => keyView(ctx.link, k));
    },
  }),
  defineOperation({
    operationId: 'createOrgApiKey',
    classicId: 'createApiKey',
    method: 'POST',
    path: '/api/atlas/v2/orgs/{orgId}/apiKeys',
    tag: TAG,
    summary: 'Create One Organization API Key',
    access: { scope: 'org', role: 'ORG_OWNER' },
    params: Type.Object({ orgId: OrgIdParam }),
    versions: { [V]: { body: CreateOrgKey, bodyRequired: true, response: ApiKeyUserDetails } },
    async handler(ctx) {
      const body = ctx.body as Static<typeof CreateOrgKey>;
      const { key, privateKey } = await writeCredentials(ctx.services, (tx) =>
        createApiKey(tx, ctx.params.orgId, { desc: body.desc, orgRoles: body.roles }, ctx.actor, ctx.now),
      );
      return keyView(ctx.link, key, privateKey);
    },
  }),
  defineOperation({
    operationId: 'getOrgApiKey',
    classicId: 'getApiKey',
    method: 'GET',
    path: '/api/atlas/v2/orgs/{orgId}/apiKeys/{apiUserId}',
    tag: TAG,
    summary: 'Return One Organization API Key',
    access: { scope: 'org', role: 'ORG_MEMBER' },
    params: Type.Object({ orgId: OrgIdParam, apiUserId: ApiUserIdParam }),
    versions: { [V]: { response: ApiKeyUserDetails } },
    async handler(ctx) {
      return keyView(ctx.link, await getApiKey(ctx.services.store, ctx.params.orgId, ctx.params.apiUserId));
    },
  }),
  defineOperation({
    operationId: 'updateOrgApiKey',
    classicId: 'updateApiKey',
    method: 'PATCH',
    path: '/api/atlas/v2/orgs/{orgId}/apiKeys/{apiUserId}',
    tag: TAG,
    summary: 'Update One Organization API Key',
    access: { scope: 'org', role: 'ORG_OWNER' },
    params: Type.Object({ orgId: OrgIdParam, apiUserId: ApiUserIdParam }),
    versions: { [V]: { body: UpdateOrgKey, bodyRequired: true, response: ApiKeyUserDetails } },
    async handler(ctx) {
      const body = ctx.body as Static<typeof UpdateOrgKey>;
      const key = await writeCredentials(ctx.services, (tx) =>
        updateApiKey(tx, ctx.params.orgId, ctx.params.apiUserId, { desc: body.desc, orgRoles: body.roles }, ctx.actor, ctx.now),
      );
      return keyView(ctx.link, key);
    },
  }),
  defineOperation({
    operationId: 'deleteOrgApiKey',
    classicId: 'deleteApiKey',
    method: 'DELETE',
    path: '/api/atlas/v2/orgs/{orgId}/apiKeys/{apiUserId}',
    tag: TAG,
    summary: 'Remove One Organization API Key',
    access: { scope: 'org', role: 'ORG_OWNER' },
    params: Type.Object({ orgId: OrgIdParam, apiUserId: ApiUserIdParam }),
    versions: { [V]: { status: 204 } },
    async handler(ctx) {
      await writeCredentials(ctx.services, (tx) => deleteApiKey(tx, ctx.params.orgId, ctx.params.apiUserId, ctx.actor, ctx.now));
    },
  }),
  defineOperation({
    operationId: 'listOrgApiKeyAccessListEntries',
    classicId: 'listApiKeyAccessListsEntries',
    method: 'GET',
    path: '/api/atlas/v2/orgs/{orgId}/apiKeys/{apiUserId}/accessList',
    tag: TAG,
    summary: 'Return All Access List Entries for One Organization API Key',
    access: { scope: 'org', role: 'ORG_MEMBER' },
    params: Type.Object({ orgId: OrgIdParam, apiUserId: ApiUserIdParam }),
    paginated: true,
    versions: { [V]: { response: Paginated(UserAccessListResponse, 'PaginatedApiUserAccessListResponseView') } },
    async handler(ctx) {
      const key = await getApiKey(ctx.services.store, ctx.params.orgId, ctx.params.apiUserId);
      return ctx.listAll(key.accessList, (e) => entryView(ctx.link, key, e));
    },
  }),
  defineOperation({
    operationId: 'createOrgApiKeyAccessListEntry',
    classicId: 'createApiKeyAccessList',
    method: 'POST',
    path: '/api/atlas/v2/orgs/{orgId}/apiKeys/{apiUserId}/accessList',
    tag: TAG,
    summary: 'Create One Access List Entry for One Organization API Key',
    access: { scope: 'org', role: 'ORG_OWNER' },
    params: Type.Object({ orgId: OrgIdParam, apiUserId: ApiUserIdParam }),
    paginated: true,
    versions: {
      [V]: {
        body: AccessListRequest,
        bodyRequired: true,
        response: Paginated(UserAccessListResponse, 'PaginatedApiUserAccessListResponseView'),
      },
    },
    async handler(ctx) {
      const key = await writeCredentials(ctx.services, (tx) =>
        addAccessListEntries(tx, ctx.params.orgId, ctx.params.apiUserId, ctx.body as AccessListInput[], ctx.actor, ctx.now),
      );
      return ctx.listAll(key.accessList, (e) => entryView(ctx.link, key, e));
    },
  }),
  defineOperation({
    operationId: 'getOrgApiKeyAccessListEntry',
    classicId: 'getApiKeyAccessList',
    method: 'GET',
    path: '/api/atlas/v2/orgs/{orgId}/apiKeys/{apiUserId}/accessList/{ipAddress}',
    tag: TAG,
    summary: 'Return One Access List Entry for One Organization API Key',
    access: { scope: 'org', role: 'ORG_MEMBER' },
    params: Type.Object({ orgId: OrgIdParam, apiUserId: ApiUserIdParam, ipAddress: IpAddressParam }),
    versions: { [V]: { response: UserAccessListResponse } },
    async handler(ctx) {
      const key = await getApiKey(ctx.services.store, ctx.params.orgId, ctx.params.apiUserId);
      return entryView(ctx.link, key, getAccessListEntry(key, ctx.params.ipAddress));
    },
  }),
  defineOperation({
    operationId: 'deleteOrgApiKeyAccessListEntry',
    classicId: 'deleteApiKeyAccessListEntry',
    method: 'DELETE',
    path: '/api/atlas/v2/orgs/{orgId}/apiKeys/{apiUserId}/accessList/{ipAddress}',
    tag: TAG,
    summary: 'Remove One Access List Entry for One Organization API Key',
    access: { scope: 'org', role: 'ORG_OWNER' },
    params: Type.Object({ orgId: OrgIdParam, apiUserId: ApiUserIdParam, ipAddress: IpAddressParam }),
    versions: { [V]: { status: 204 } },
    async handler(ctx) {
      await writeCredentials(ctx.services, (tx) =>
        deleteAccessListEntry(tx, ctx.params.orgId, ctx.params.apiUserId, ctx.params.ipAddress, ctx.actor, ctx.now),
      );
    },
  }),
  defineOperation({
    operationId: 'listGroupApiKeys',
    classicId: 'listProjectApiKeys',
    method: 'GET',
    path: '/api/atlas/v2/groups/{groupId}/apiKeys',
    tag: TAG,
    summary: 'Return All Organization API Keys Assigned to One Project',
    access: { scope: 'project', role: 'GROUP_OWNER' },
    params: Type.Object({ groupId: GroupIdParam }),
    paginated: true,
    versions: { [V]: { response: Paginated(ApiKeyUserDetails, 'PaginatedApiApiUserView') } },
    async handler(ctx) {
      const project = await getProject(ctx.services.store, ctx.params.groupId);
      const keys = await listProjectApiKeys(ctx.services.store, project.orgId, project.id);
      return ctx.listAll(keys, (k) => keyView(ctx.link, k));
    },
  }),
  defineOperation({
    operationId: 'createGroupApiKey',
    classicId: 'createProjectApiKey',
    method: 'POST',
    path: '/api/atlas/v2/groups/{groupId}/apiKeys',
    tag: TAG,
    summary: 'Create and Assign One Organization API Key to One Project',
    access: { scope: 'project', role: 'GROUP_OWNER' },
    params: Type.Object({ groupId: GroupIdParam }),
    versions: { [V]: { body: CreateProjectKey, bodyRequired: true, response: ApiKeyUserDetails } },
    async handler(ctx) {
      const body = ctx.body as Static<typeof CreateProjectKey>;
      const project = await getProject(ctx.services.store, ctx.params.groupId);
      const { key, privateKey } = await writeCredentials(ctx.services, (tx) =>
        createApiKey(
          tx,
          project.orgId,
          { desc: body.desc, orgRoles: [], project: { groupId: project.id, roles: body.roles } },
          ctx.actor,
          ctx.now,
        ),
      );
      return keyView(ctx.link, key, privateKey);
    },
  }),
  defineOperation({
    operationId: 'addGroupApiKey',
    classicId: 'addProjectApiKey',
    method: 'POST',
    path: '/api/atlas/v2/groups/{groupId}/apiKeys/{apiUserId}',
    tag: TAG,
    summary: 'Assign One Organization API Key to One Project',
    access: { scope: 'project', role: 'GROUP_OWNER' },
    params: Type.Object({ groupId: GroupIdParam, apiUserId: ApiUserIdParam }),
    versions: { [V]: { body: RoleAssignments, bodyRequired: true, status: 204 } },
    async handler(ctx) {
      const body = ctx.body as Static<typeof RoleAssignments>;
      if (body.some((a) => a.apiUserId !== undefined && a.apiUserId !== ctx.params.apiUserId)) {
        throw errors.invalidAttribute('apiUserId', 'must be the API key named in the path');
      }
      const project = await getProject(ctx.services.store, ctx.params.groupId);
      await writeCredentials(ctx.services, (tx) =>
        setProjectRoles(tx, project.orgId, project.id, ctx.params.apiUserId, body.flatMap((a) => a.roles), ctx.actor, ctx.now),
      );
    },
  }),
  defineOperation({
    operationId: 'updateGroupApiKeyRoles',
    classicId: 'updateApiKeyRoles',
    method: 'PATCH',
    path: '/api/atlas/v2/groups/{groupId}/apiKeys/{apiUserId}',
    tag: TAG,
    summary: 'Update Organization API Key Roles for One Project',
    access: { scope: 'project', role: 'GROUP_OWNER' },
    params: Type.Object({ groupId: GroupIdParam, apiUserId: ApiUserIdParam }),
    paginated: true,
    versions: { [V]: { body: UpdateProjectKey, bodyRequired: true, response: ApiKeyUserDetails } },
    async handler(ctx) {
      const body = ctx.body as Static<typeof UpdateProjectKey>;
      const project = await getProject(ctx.services.store, ctx.params.groupId);
      const key = await writeCredentials(ctx.services, async (tx) => {
        await getProjectApiKey(tx, project.orgId, project.id, ctx.params.apiUserId);
        if (body.desc !== undefined) await updateApiKey(tx, project.orgId, ctx.params.apiUserId, { desc: body.desc }, ctx.actor, ctx.now);
        if (body.roles === undefined) {
          if (body.desc === undefined) throw errors.missingAttribute('roles');
          return getApiKey(tx, project.orgId, ctx.params.apiUserId);
        }
        return setProjectRoles(tx, project.orgId, project.id, ctx.params.apiUserId, body.roles, ctx.actor, ctx.now);
      });
      return keyView(ctx.link, key);
    },
  }),
  defineOperation({
    operationId: 'removeGroupApiKey',
    classicId: 'removeProjectApiKey',
    method: 'DELETE',
    path: '/api/atlas/v2/groups/{groupId}/apiKeys/{apiUserId}',
    tag: TAG,
    summary: 'Unassign One Organization API Key from One Project',
    access: { scope: 'project', role: 'GROUP_OWNER' },
    params: Type.Object({ groupId: GroupIdParam, apiUserId: ApiUserIdParam }),
    versions: { [V]: { status: 204 } },
    async handler(ctx) {
      const project = await getProject(ctx.services.store, ctx.params.groupId);
      await writeCredentials(ctx.services, (tx) =>
        removeFromProject(tx, project.orgId, project.id, ctx.params.apiUserId, ctx.actor, ctx.now),
      );
    },
  }),
];
