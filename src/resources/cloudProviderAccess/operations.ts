import { Type } from '@sinclair/typebox';
import { fromContract } from '../../platform/contract/index.js';
import { defineOperation } from '../../platform/http/operation.js';
import { GroupIdParam, ObjectIdString, StringEnum } from '../../platform/schemas.js';
import { authorizeRole, createRole, deauthorizeRole, getRole, listRoles, roleView, type NewRole, type Provider } from './roles.js';

const TAG = 'Cloud Provider Access';
const params = Type.Object({ groupId: GroupIdParam });
const roleParams = Type.Object({ groupId: GroupIdParam, roleId: ObjectIdString('Unique 24-hexadecimal digit string that identifies the role.') });

export const operations = [
  defineOperation({
    operationId: 'listGroupCloudProviderAccess',
    classicId: 'listCloudProviderAccessRoles',
    method: 'GET',
    path: '/api/atlas/v2/groups/{groupId}/cloudProviderAccess',
    tag: TAG,
    summary: 'Return All Cloud Provider Access Roles',
    access: { scope: 'project', role: 'GROUP_READ_ONLY' },
    params,
    versions: fromContract('listGroupCloudProviderAccess'),
    async handler(ctx) {
      const roles = await listRoles(ctx.services.store, ctx.params.groupId);
      const of = (p: Provider) => roles.filter((r) => r.providerName === p).map(roleView);
      return { awsIamRoles: of('AWS'), azureServicePrincipals: of('AZURE'), gcpServiceAccounts: of('GCP') };
    },
  }),
  defineOperation({
    operationId: 'createGroupCloudProviderAccess',
    classicId: 'createCloudProviderAccessRole',
    method: 'POST',
    path: '/api/atlas/v2/groups/{groupId}/cloudProviderAccess',
    tag: TAG,
    summary: 'Create One Cloud Provider Access Role',
    access: { scope: 'project', role: 'GROUP_OWNER' },
    params,
    versions: fromContract('createGroupCloudProviderAccess'),
    async handler(ctx) {
      const body = ctx.body as NewRole;
      return roleView(await ctx.services.store.write((tx) => createRole(tx, ctx.params.groupId, body, ctx.actor, ctx.now)));
    },
  }),
  defineOperation({
    operationId: 'getGroupCloudProviderAccess',
    classicId: 'getCloudProviderAccessRole',
    method: 'GET',
    path: '/api/atlas/v2/groups/{groupId}/cloudProviderAccess/{roleId}',
    tag: TAG,
    summary: 'Return One Cloud Provider Access Role',
    access: { scope: 'project', role: 'GROUP_READ_ONLY' },
    params: roleParams,
    versions: fromContract('getGroupCloudProviderAccess'),
    async handler(ctx) {
      await listRoles(ctx.services.store, ctx.params.groupId);
      return roleView(await getRole(ctx.services.store, ctx.params.groupId, ctx.params.roleId));
    },
  }),
  defineOperation({
    operationId: 'authorizeGroupCloudProviderAccessRole',
    classicId: 'authorizeCloudProviderAccessRole',
    method: 'PATCH',
    path: '/api/atlas/v2/groups/{groupId}/cloudProviderAccess/{roleId}',
    tag: TAG,
    summary: 'Authorize One Cloud Provider Access Role',
    access: { scope: 'project', role: 'GROUP_OWNER' },
    params: roleParams,
    versions: fromContract('authorizeGroupCloudProviderAccessRole'),
    async handler(ctx) {
      const body = ctx.body as { providerName: Provider; iamAssumedRoleArn?: string };
      return roleView(await ctx.services.store.write((tx) => authorizeRole(tx, ctx.params.groupId, ctx.params.roleId, body, ctx.actor, ctx.now)));
    },
  }),
  defineOperation({
    operationId: 'deauthorizeGroupCloudProviderAccessRole',
    classicId: 'deauthorizeCloudProviderAccessRole',
    method: 'DELETE',
    path: '/api/atlas/v2/groups/{groupId}/cloudProviderAccess/{cloudProvider}/{roleId}',
    tag: TAG,
    summary: 'Deauthorize One Cloud Provider Access Role',
    access: { scope: 'project', role: 'GROUP_OWNER' },
    params: Type.Object({
      groupId: GroupIdParam,
      cloudProvider: StringEnum(['AWS', 'AZURE', 'GCP']),
      roleId: ObjectIdString('Unique 24-hexadecimal digit string that identifies the role.'),
    }),
    versions: fromContract('deauthorizeGroupCloudProviderAccessRole'),
    async handler(ctx) {
      await ctx.services.store.write((tx) => deauthorizeRole(tx, ctx.params.groupId, ctx.params.cloudProvider, ctx.params.roleId, ctx.actor, ctx.now));
    },
  }),
];
