import { Type } from '@sinclair/typebox';
import { fromContract } from '../../platform/contract/index.js';
import { defineOperation } from '../../platform/http/operation.js';
import { GroupIdParam } from '../../platform/schemas.js';
import { getProject } from '../projects/projects.js';
import { getUserSecurity } from './certificates.js';
import { disableCustomerX509, securityView, updateUserSecurity, type SecurityInput } from './userSecurity.js';

const PATH = '/api/atlas/v2/groups/{groupId}/userSecurity';
const PARAMS = Type.Object({ groupId: GroupIdParam });
const OWNER = { scope: 'project', role: 'GROUP_OWNER' } as const;

export const operations = [
  defineOperation({
    operationId: 'getGroupUserSecurity',
    classicId: 'getLdapConfiguration',
    method: 'GET',
    path: PATH,
    tag: 'LDAP Configuration',
    summary: 'Return the Current LDAP or X.509 Configuration',
    access: OWNER,
    params: PARAMS,
    versions: fromContract('getGroupUserSecurity'),
    async handler(ctx) {
      const { store } = ctx;
      await getProject(store, ctx.params.groupId);
      return securityView(await getUserSecurity(store, ctx.params.groupId), ctx.link);
    },
  }),
  defineOperation({
    operationId: 'updateGroupUserSecurity',
    classicId: 'saveLdapConfiguration',
    method: 'PATCH',
    path: PATH,
    tag: 'LDAP Configuration',
    summary: 'Edit the LDAP or X.509 Configuration',
    access: OWNER,
    params: PARAMS,
    versions: fromContract('updateGroupUserSecurity'),
    async handler(ctx) {
      const body = ctx.body as SecurityInput;
      const doc = await ctx.command(({ tx, effects }) => updateUserSecurity(tx, ctx.params.groupId, body, ctx.actor, ctx.now));
      return securityView(doc, ctx.link);
    },
  }),
  defineOperation({
    operationId: 'disableGroupUserSecurityCustomerX509',
    classicId: 'disableCustomerManagedX509',
    method: 'DELETE',
    path: `${PATH}/customerX509`,
    tag: 'X.509 Authentication',
    summary: 'Disable Customer-Managed X.509',
    access: OWNER,
    params: PARAMS,
    versions: fromContract('disableGroupUserSecurityCustomerX509'),
    async handler(ctx) {
      const doc = await ctx.command(({ tx, effects }) => disableCustomerX509(tx, ctx.params.groupId, ctx.actor, ctx.now));
      return securityView(doc, ctx.link);
    },
  }),
];
