import { Type, type Static } from '@sinclair/typebox';
import { type AccessListInput } from '../../platform/credentials.js';
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
import { defineOperation } from '../../platform/http/operation.js';
import { IpAddressParam, OrgIdParam, Paginated } from '../../platform/schemas.js';
import {
  ClientIdParam,
  SecretIdParam,
  Secret,
  OrgServiceAccount,
  CreateRequest,
  UpdateRequest,
  GroupServiceAccount,
  CreateInProjectRequest,
  UpdateInProjectRequest,
  ProjectRoleAssignment,
  AccessListRequest,
  PaginatedAccessList,
  ServiceAccountGroup,
  SecretRequest,
  secretView,
  accountView,
  entryView,
  projectAccountView,
  OrgParams,
  ProjectParams,
  ProjectAccountParams,
  AccountParams,
} from './views.js';

const TAG = 'Service Accounts';
// Atlas serves service accounts from this version on.
const V = '2024-08-05';


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
      const all = await listServiceAccounts(ctx.store, ctx.params.orgId);
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
      const body = ctx.body;
      if (body.withoutInitialSecret && body.secretExpiresAfterHours !== undefined) {
        throw errors.invalidAttribute('secretExpiresAfterHours', 'must not be set when withoutInitialSecret is true');
      }
      if (!body.withoutInitialSecret && body.secretExpiresAfterHours === undefined) {
        throw errors.missingAttribute('secretExpiresAfterHours');
      }
      const { sa, secret } = await ctx.command(({ tx }) =>
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
      return accountView(await getServiceAccount(ctx.store, ctx.params.orgId, ctx.params.clientId));
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
      const body = ctx.body;
      const sa = await ctx.command(({ tx }) =>
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
      await ctx.command(({ tx }) =>
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
      const body = ctx.body;
      const { doc, secret } = await ctx.command(({ tx }) =>
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
      await ctx.command(({ tx }) =>
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
      const project = await getProject(ctx.store, ctx.params.groupId);
      const all = await listProjectServiceAccounts(ctx.store, project.orgId, project.id);
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
      const body = ctx.body;
      const project = await getProject(ctx.store, ctx.params.groupId);
      // Atlas makes the new account a member of the project's organization.
      const { sa, secret } = await ctx.command(({ tx }) =>
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
      const project = await getProject(ctx.store, ctx.params.groupId);
      const sa = await getProjectServiceAccount(ctx.store, project.orgId, project.id, ctx.params.clientId);
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
      const body = ctx.body;
      const project = await getProject(ctx.store, ctx.params.groupId);
      const sa = await ctx.command(async ({ tx }) => {
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
      const project = await getProject(ctx.store, ctx.params.groupId);
      await ctx.command(({ tx }) =>
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
      const body = ctx.body;
      const project = await getProject(ctx.store, ctx.params.groupId);
      const sa = await ctx.command(({ tx }) =>
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
      const sa = await getServiceAccount(ctx.store, ctx.params.orgId, ctx.params.clientId);
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
      const sa = await getServiceAccount(ctx.store, ctx.params.orgId, ctx.params.clientId);
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
      const sa = await ctx.command(({ tx }) =>
        addServiceAccountAccessList(tx, ctx.params.orgId, ctx.params.clientId, ctx.body, ctx.actor, ctx.now),
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
      await ctx.command(({ tx }) =>
        deleteServiceAccountAccessListEntry(tx, ctx.params.orgId, ctx.params.clientId, ctx.params.ipAddress, ctx.actor, ctx.now),
      );
    },
  }),
];
