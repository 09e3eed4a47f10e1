import { Type, type Static } from '@sinclair/typebox';
import {
  maskSecret,
  writeCredentials,
  type AccessListEntry,
  type AccessListInput,
  type SecretDoc,
  type ServiceAccountDoc,
} from '../../platform/credentials.js';
import {
  addSecret,
  addServiceAccountAccessList,
  deleteServiceAccountAccessListEntry,
  createServiceAccount,
  deleteSecret,
  deleteServiceAccount,
  getProjectServiceAccount,
  getServiceAccount,
  listProjectServiceAccounts,
  listServiceAccounts,
  removeServiceAccountFromProject,
  setServiceAccountProjectRoles,
  updateServiceAccount,
} from './serviceAccounts.js';
import { errors } from '../../platform/errors.js';
import { getProject } from '../projects/projects.js';
import { ORG_ROLES, PROJECT_ROLES } from '../../platform/roles.js';
import { defineOperation } from '../../platform/http/operation.js';
import { AccessListEntries, DateTime, GroupIdParam, IpAddressParam, OrgIdParam, Paginated, RoleNames } from '../../platform/schemas.js';

const TAG = 'Service Accounts';
// Atlas serves service accounts from this version on.
const V = '2024-08-05';

const ClientIdParam = Type.String({
  pattern: '^mdb_sa_id_[a-fA-F\\d]{24}$',
  description: 'The Client ID of the Service Account.',
});
const SecretIdParam = Type.String({
  pattern: '^([a-f0-9]{24})$',
  description: 'Unique 24-hexadecimal digit string that identifies the secret.',
});

const Name = Type.String({ minLength: 1, maxLength: 64, description: 'Human-readable name for the Service Account.' });
const Description = Type.String({ minLength: 1, maxLength: 250, description: 'Human readable description for the Service Account.' });
const Roles = RoleNames(ORG_ROLES, 'Organization roles of the Service Account.');
// Decision: the organization setting Atlas applies by default, 8 hours to one year.
const ExpiresAfterHours = Type.Integer({
  minimum: 8,
  maximum: 8760,
  description: 'Hours until the new secret expires.',
});

const Secret = Type.Object(
  {
    createdAt: DateTime(),
    expiresAt: DateTime(),
    id: Type.String(),
    lastUsedAt: Type.Optional(DateTime()),
    maskedSecretValue: Type.String(),
    secret: Type.Optional(Type.String()),
  },
  { title: 'ServiceAccountSecret' },
);

// The organization's and a project's views differ only in whose roles they list.
const ServiceAccount = (title: string) =>
  Type.Object(
    {
      clientId: Type.String(),
      createdAt: DateTime(),
      description: Type.String(),
      name: Type.String(),
      roles: Type.Array(Type.String()),
      secrets: Type.Array(Secret),
    },
    { title },
  );
const OrgServiceAccount = ServiceAccount('OrgServiceAccount');

const CreateRequest = Type.Object(
  {
    description: Description,
    name: Name,
    roles: Roles,
    secretExpiresAfterHours: Type.Optional(ExpiresAfterHours),
    withoutInitialSecret: Type.Optional(Type.Boolean({ default: false })),
  },
  { additionalProperties: false, title: 'OrgServiceAccountRequest' },
);
const UpdateRequest = Type.Object(
  { description: Type.Optional(Description), name: Type.Optional(Name), roles: Type.Optional(Roles) },
  { additionalProperties: false, title: 'OrgServiceAccountUpdateRequest' },
);
const ProjectRoles = RoleNames(PROJECT_ROLES, 'Project roles of the Service Account.');

const GroupServiceAccount = ServiceAccount('GroupServiceAccount');

const CreateInProjectRequest = Type.Object(
  {
    description: Description,
    name: Name,
    roles: ProjectRoles,
    secretExpiresAfterHours: ExpiresAfterHours,
  },
  { additionalProperties: false, title: 'GroupServiceAccountRequest' },
);
const UpdateInProjectRequest = Type.Object(
  { description: Type.Optional(Description), name: Type.Optional(Name), roles: Type.Optional(ProjectRoles) },
  { additionalProperties: false, title: 'GroupServiceAccountUpdateRequest' },
);
const ProjectRoleAssignment = Type.Object(
  { roles: ProjectRoles },
  { additionalProperties: false, title: 'GroupServiceAccountRoleAssignment' },
);

const AccessListEntryView = Type.Object(
  {
    cidrBlock: Type.String(),
    createdAt: DateTime(),
    ipAddress: Type.Optional(Type.String()),
    lastUsedAddress: Type.Optional(Type.String()),
    lastUsedAt: Type.Optional(DateTime()),
    requestCount: Type.Integer(),
  },
  { title: 'ServiceAccountIPAccessListEntry' },
);
const AccessListRequest = AccessListEntries('ServiceAccountIPAccessListEntry', 200);
const PaginatedAccessList = Paginated(AccessListEntryView, 'PaginatedServiceAccountIPAccessEntryView');
const ServiceAccountGroup = Type.Object(
  { groupId: Type.String(), roles: Type.Array(Type.String()) },
  { title: 'ServiceAccountGroup' },
);

const SecretRequest = Type.Object(
  { secretExpiresAfterHours: ExpiresAfterHours },
  { additionalProperties: false, title: 'ServiceAccountSecretRequest' },
);

/** A secret as reads show it; `value` only in the answer that creates it. */
function secretView(s: SecretDoc, value?: string): Static<typeof Secret> {
  return {
    createdAt: s.createdAt,
    expiresAt: s.expiresAt,
    id: s.id,
    ...(s.lastUsedAt ? { lastUsedAt: s.lastUsedAt } : {}),
    maskedSecretValue: maskSecret(s.tail),
    ...(value !== undefined ? { secret: value } : {}),
  };
}

export function accountView(sa: ServiceAccountDoc, shown?: { id: string; value: string }): Static<typeof OrgServiceAccount> {
  return {
    clientId: sa.clientId,
    createdAt: sa.createdAt,
    description: sa.description,
    name: sa.name,
    roles: sa.roles,
    secrets: sa.secrets.map((s) => secretView(s, s.id === shown?.id ? shown.value : undefined)),
  };
}

function entryView(e: AccessListEntry): Static<typeof AccessListEntryView> {
  return {
    cidrBlock: e.cidrBlock,
    createdAt: e.created,
    ...(e.ipAddress !== undefined ? { ipAddress: e.ipAddress } : {}),
    requestCount: 0,
  };
}

/** The account as a project sees it: its roles in that project. */
function projectAccountView(
  sa: ServiceAccountDoc,
  groupId: string,
  shown?: { id: string; value: string },
): Static<typeof GroupServiceAccount> {
  return { ...accountView(sa, shown), roles: sa.groupRoles[groupId] ?? [] };
}

const OrgParams = Type.Object({ orgId: OrgIdParam });
const ProjectParams = Type.Object({ groupId: GroupIdParam });
const ProjectAccountParams = Type.Object({ groupId: GroupIdParam, clientId: ClientIdParam });
const AccountParams = Type.Object({ orgId: OrgIdParam, clientId: ClientIdParam });

export const operations = [
  defineOperation({
    operationId: 'listOrgServiceAccounts',
    classicId: 'listServiceAccounts',
    method: 'GET',
    path: '/api/atlas/v2/orgs/{orgId}/serviceAccounts',
    tag: TAG,
    summary: 'Return All Organization Service Accounts',
    access: { scope: 'org', role: 'ORG_MEMBER' },
    params: OrgParams,
    paginated: true,
    versions: { [V]: { response: Paginated(OrgServiceAccount, 'PaginatedOrgServiceAccounts') } },
    async handler(ctx) {
      const all = await listServiceAccounts(ctx.services.store, ctx.params.orgId);
      return ctx.listAll(all, (sa) => accountView(sa));
    },
  }),
  defineOperation({
    operationId: 'createOrgServiceAccount',
    classicId: 'createServiceAccount',
    method: 'POST',
    path: '/api/atlas/v2/orgs/{orgId}/serviceAccounts',
    tag: TAG,
    summary: 'Create One Organization Service Account',
    access: { scope: 'org', role: 'ORG_OWNER' },
    params: OrgParams,
    versions: { [V]: { body: CreateRequest, bodyRequired: true, response: OrgServiceAccount, status: 201 } },
    async handler(ctx) {
      const body = ctx.body as Static<typeof CreateRequest>;
      if (body.withoutInitialSecret && body.secretExpiresAfterHours !== undefined) {
        throw errors.invalidAttribute('secretExpiresAfterHours', 'must not be set when withoutInitialSecret is true');
      }
      if (!body.withoutInitialSecret && body.secretExpiresAfterHours === undefined) {
        throw errors.missingAttribute('secretExpiresAfterHours');
      }
      const { sa, secret } = await writeCredentials(ctx.services, (tx) =>
        createServiceAccount(
          tx,
          ctx.params.orgId,
          {
            name: body.name,
            description: body.description,
            roles: body.roles,
            secretExpiresAfterHours: body.withoutInitialSecret ? undefined : body.secretExpiresAfterHours,
          },
          ctx.actor,
          ctx.now,
        ),
      );
      return accountView(sa, secret);
    },
  }),
  defineOperation({
    operationId: 'getOrgServiceAccount',
    classicId: 'getServiceAccount',
    method: 'GET',
    path: '/api/atlas/v2/orgs/{orgId}/serviceAccounts/{clientId}',
    tag: TAG,
    summary: 'Return One Organization Service Account',
    access: { scope: 'org', role: 'ORG_MEMBER' },
    params: AccountParams,
    versions: { [V]: { response: OrgServiceAccount } },
    async handler(ctx) {
      return accountView(await getServiceAccount(ctx.services.store, ctx.params.orgId, ctx.params.clientId));
    },
  }),
  defineOperation({
    operationId: 'updateOrgServiceAccount',
    classicId: 'updateServiceAccount',
    method: 'PATCH',
    path: '/api/atlas/v2/orgs/{orgId}/serviceAccounts/{clientId}',
    tag: TAG,
    summary: 'Update One Organization Service Account',
    access: { scope: 'org', role: 'ORG_OWNER' },
    params: AccountParams,
    versions: { [V]: { body: UpdateRequest, bodyRequired: true, response: OrgServiceAccount } },
    async handler(ctx) {
      const body = ctx.body as Static<typeof UpdateRequest>;
      const sa = await writeCredentials(ctx.services, (tx) =>
        updateServiceAccount(tx, ctx.params.orgId, ctx.params.clientId, body, ctx.actor, ctx.now),
      );
      return accountView(sa);
    },
  }),
  defineOperation({
    operationId: 'deleteOrgServiceAccount',
    classicId: 'deleteServiceAccount',
    method: 'DELETE',
    path: '/api/atlas/v2/orgs/{orgId}/serviceAccounts/{clientId}',
    tag: TAG,
    summary: 'Delete One Organization Service Account',
    access: { scope: 'org', role: 'ORG_OWNER' },
    params: AccountParams,
    versions: { [V]: { status: 204 } },
    async handler(ctx) {
      await writeCredentials(ctx.services, (tx) =>
        deleteServiceAccount(tx, ctx.params.orgId, ctx.params.clientId, ctx.actor, ctx.now),
      );
    },
  }),
  defineOperation({
    operationId: 'createOrgServiceAccountSecret',
    classicId: 'createServiceAccountSecret',
    method: 'POST',
    path: '/api/atlas/v2/orgs/{orgId}/serviceAccounts/{clientId}/secrets',
    tag: TAG,
    summary: 'Create One Organization Service Account Secret',
    access: { scope: 'org', role: 'ORG_OWNER' },
    params: AccountParams,
    versions: { [V]: { body: SecretRequest, bodyRequired: true, response: Secret, status: 201 } },
    async handler(ctx) {
      const body = ctx.body as Static<typeof SecretRequest>;
      const { doc, secret } = await writeCredentials(ctx.services, (tx) =>
        addSecret(tx, ctx.params.orgId, ctx.params.clientId, body.secretExpiresAfterHours, ctx.actor, ctx.now),
      );
      return secretView(doc, secret);
    },
  }),
  defineOperation({
    operationId: 'deleteOrgServiceAccountSecret',
    classicId: 'deleteServiceAccountSecret',
    method: 'DELETE',
    path: '/api/atlas/v2/orgs/{orgId}/serviceAccounts/{clientId}/secrets/{secretId}',
    tag: TAG,
    summary: 'Delete One Organization Service Account Secret',
    access: { scope: 'org', role: 'ORG_OWNER' },
    params: Type.Object({ orgId: OrgIdParam, clientId: ClientIdParam, secretId: SecretIdParam }),
    versions: { [V]: { status: 204 } },
    async handler(ctx) {
      await writeCredentials(ctx.services, (tx) =>
        deleteSecret(tx, ctx.params.orgId, ctx.params.clientId, ctx.params.secretId, ctx.actor, ctx.now),
      );
    },
  }),
  defineOperation({
    operationId: 'listGroupServiceAccounts',
    classicId: 'listProjectServiceAccounts',
    method: 'GET',
    path: '/api/atlas/v2/groups/{groupId}/serviceAccounts',
    tag: TAG,
    summary: 'Return All Project Service Accounts',
    access: { scope: 'project', role: 'GROUP_READ_ONLY' },
    params: ProjectParams,
    paginated: true,
    versions: { [V]: { response: Paginated(GroupServiceAccount, 'PaginatedGroupServiceAccounts') } },
    async handler(ctx) {
      const project = await getProject(ctx.services.store, ctx.params.groupId);
      const all = await listProjectServiceAccounts(ctx.services.store, project.orgId, project.id);
      return ctx.listAll(all, (sa) => projectAccountView(sa, project.id));
    },
  }),
  defineOperation({
    operationId: 'createGroupServiceAccount',
    classicId: 'createProjectServiceAccount',
    method: 'POST',
    path: '/api/atlas/v2/groups/{groupId}/serviceAccounts',
    tag: TAG,
    summary: 'Create One Project Service Account',
    access: { scope: 'project', role: 'GROUP_OWNER' },
    params: ProjectParams,
    versions: { [V]: { body: CreateInProjectRequest, bodyRequired: true, response: GroupServiceAccount, status: 201 } },
    async handler(ctx) {
      const body = ctx.body as Static<typeof CreateInProjectRequest>;
      const project = await getProject(ctx.services.store, ctx.params.groupId);
      // Atlas makes the new account a member of the project's organization.
      const { sa, secret } = await writeCredentials(ctx.services, (tx) =>
        createServiceAccount(
          tx,
          project.orgId,
          {
            name: body.name,
            description: body.description,
            roles: ['ORG_MEMBER'],
            secretExpiresAfterHours: body.secretExpiresAfterHours,
            project: { groupId: project.id, roles: body.roles },
          },
          ctx.actor,
          ctx.now,
        ),
      );
      return projectAccountView(sa, project.id, secret);
    },
  }),
  defineOperation({
    operationId: 'getGroupServiceAccount',
    classicId: 'getProjectServiceAccount',
    method: 'GET',
    path: '/api/atlas/v2/groups/{groupId}/serviceAccounts/{clientId}',
    tag: TAG,
    summary: 'Return One Project Service Account',
    access: { scope: 'project', role: 'GROUP_READ_ONLY' },
    params: ProjectAccountParams,
    versions: { [V]: { response: GroupServiceAccount } },
    async handler(ctx) {
      const project = await getProject(ctx.services.store, ctx.params.groupId);
      const sa = await getProjectServiceAccount(ctx.services.store, project.orgId, project.id, ctx.params.clientId);
      return projectAccountView(sa, project.id);
    },
  }),
  defineOperation({
    operationId: 'updateGroupServiceAccount',
    classicId: 'updateProjectServiceAccount',
    method: 'PATCH',
    path: '/api/atlas/v2/groups/{groupId}/serviceAccounts/{clientId}',
    tag: TAG,
    summary: 'Update One Project Service Account',
    access: { scope: 'project', role: 'GROUP_OWNER' },
    params: ProjectAccountParams,
    versions: { [V]: { body: UpdateInProjectRequest, bodyRequired: true, response: GroupServiceAccount } },
    async handler(ctx) {
      const body = ctx.body as Static<typeof UpdateInProjectRequest>;
      const project = await getProject(ctx.services.store, ctx.params.groupId);
      const sa = await writeCredentials(ctx.services, async (tx) => {
        await getProjectServiceAccount(tx, project.orgId, project.id, ctx.params.clientId);
        const details = { name: body.name, description: body.description };
        const updated = await updateServiceAccount(tx, project.orgId, ctx.params.clientId, details, ctx.actor, ctx.now);
        if (body.roles === undefined) return updated;
        return setServiceAccountProjectRoles(tx, project.orgId, project.id, ctx.params.clientId, body.roles, ctx.actor, ctx.now);
      });
      return projectAccountView(sa, project.id);
    },
  }),
  defineOperation({
    operationId: 'deleteGroupServiceAccount',
    classicId: 'deleteProjectServiceAccount',
    method: 'DELETE',
    path: '/api/atlas/v2/groups/{groupId}/serviceAccounts/{clientId}',
    tag: TAG,
    summary: 'Remove One Project Service Account',
    access: { scope: 'project', role: 'GROUP_OWNER' },
    params: ProjectAccountParams,
    versions: { [V]: { status: 204 } },
    async handler(ctx) {
      const project = await getProject(ctx.services.store, ctx.params.groupId);
      await writeCredentials(ctx.services, (tx) =>
        removeServiceAccountFromProject(tx, project.orgId, project.id, ctx.params.clientId, ctx.actor, ctx.now),
      );
    },
  }),
  defineOperation({
    operationId: 'inviteGroupServiceAccount',
    classicId: 'addProjectServiceAccount',
    method: 'POST',
    path: '/api/atlas/v2/groups/{groupId}/serviceAccounts/{clientId}:invite',
    tag: TAG,
    summary: 'Assign One Service Account to One Project',
    access: { scope: 'project', role: 'GROUP_OWNER' },
    params: ProjectAccountParams,
    versions: { [V]: { body: ProjectRoleAssignment, bodyRequired: true, response: GroupServiceAccount } },
    async handler(ctx) {
      const body = ctx.body as Static<typeof ProjectRoleAssignment>;
      const project = await getProject(ctx.services.store, ctx.params.groupId);
      const sa = await writeCredentials(ctx.services, (tx) =>
        setServiceAccountProjectRoles(tx, project.orgId, project.id, ctx.params.clientId, body.roles, ctx.actor, ctx.now),
      );
      return projectAccountView(sa, project.id);
    },
  }),
  defineOperation({
    operationId: 'getOrgServiceAccountGroups',
    classicId: 'listServiceAccountProjects',
    method: 'GET',
    path: '/api/atlas/v2/orgs/{orgId}/serviceAccounts/{clientId}/groups',
    tag: TAG,
    summary: 'Return All Service Account Project Assignments',
    access: { scope: 'org', role: 'ORG_MEMBER' },
    params: AccountParams,
    paginated: true,
    versions: { [V]: { response: Paginated(ServiceAccountGroup, 'PaginatedServiceAccountGroup') } },
    async handler(ctx) {
      const sa = await getServiceAccount(ctx.services.store, ctx.params.orgId, ctx.params.clientId);
      const all = Object.entries(sa.groupRoles)
        .filter(([, roles]) => roles.length > 0)
        .map(([groupId, roles]) => ({ groupId, roles }));
      return ctx.listAll(all);
    },
  }),
  defineOperation({
    operationId: 'listOrgServiceAccountAccessList',
    classicId: 'listServiceAccountAccessList',
    method: 'GET',
    path: '/api/atlas/v2/orgs/{orgId}/serviceAccounts/{clientId}/accessList',
    tag: TAG,
    summary: 'Return All Access List Entries for One Organization Service Account',
    access: { scope: 'org', role: 'ORG_MEMBER' },
    params: AccountParams,
    paginated: true,
    versions: { [V]: { response: PaginatedAccessList } },
    async handler(ctx) {
      const sa = await getServiceAccount(ctx.services.store, ctx.params.orgId, ctx.params.clientId);
      return ctx.listAll(sa.accessList, entryView);
    },
  }),
  defineOperation({
    operationId: 'createOrgServiceAccountAccessList',
    classicId: 'createServiceAccountAccessList',
    method: 'POST',
    path: '/api/atlas/v2/orgs/{orgId}/serviceAccounts/{clientId}/accessList',
    tag: TAG,
    summary: 'Add Access List Entries for One Organization Service Account',
    access: { scope: 'org', role: 'ORG_OWNER' },
    params: AccountParams,
    paginated: true,
    versions: { [V]: { body: AccessListRequest, bodyRequired: true, response: PaginatedAccessList } },
    async handler(ctx) {
      const sa = await writeCredentials(ctx.services, (tx) =>
        addServiceAccountAccessList(tx, ctx.params.orgId, ctx.params.clientId, ctx.body as AccessListInput[], ctx.actor, ctx.now),
      );
      return ctx.listAll(sa.accessList, entryView);
    },
  }),
  defineOperation({
    operationId: 'deleteOrgServiceAccountAccessListEntry',
    classicId: 'deleteServiceAccountAccessListEntry',
    method: 'DELETE',
    path: '/api/atlas/v2/orgs/{orgId}/serviceAccounts/{clientId}/accessList/{ipAddress}',
    tag: TAG,
    summary: 'Remove One Access List Entry from One Organization Service Account',
    access: { scope: 'org', role: 'ORG_OWNER' },
    params: Type.Object({ orgId: OrgIdParam, clientId: ClientIdParam, ipAddress: IpAddressParam }),
    versions: { [V]: { status: 204 } },
    async handler(ctx) {
      await writeCredentials(ctx.services, (tx) =>
        deleteServiceAccountAccessListEntry(tx, ctx.params.orgId, ctx.params.clientId, ctx.params.ipAddress, ctx.actor, ctx.now),
      );
    },
  }),
];
