import { Type } from '@sinclair/typebox';
import { fromContract } from '../../platform/contract/index.js';
import { writeCredentials } from '../../platform/credentials.js';
import { errors } from '../../platform/errors.js';
import { defineOperation } from '../../platform/http/operation.js';
import { requireOrgRole } from '../../platform/roles.js';
import { OrgIdParam } from '../../platform/schemas.js';
import { createApiKey } from '../apiKeys/apiKeys.js';
import { keyView } from '../apiKeys/operations.js';
import { addOwner } from '../people/members.js';
import { createServiceAccount } from '../serviceAccounts/serviceAccounts.js';
import { accountView } from '../serviceAccounts/operations.js';
import {
  createOrg,
  deleteOrg,
  getDelegation,
  getSettings,
  updateDelegation,
  updateOrg,
  updateSettings,
  type DelegationSettings,
  type OrgSettings,
} from './admin.js';
import { orgView } from './operations.js';

const TAG = 'Organizations';
const params = Type.Object({ orgId: OrgIdParam });

interface CreateOrgBody {
  name: string;
  apiKey?: { desc: string; roles: string[] };
  serviceAccount?: { name: string; description: string; roles: string[]; secretExpiresAfterHours: number } | null;
  orgOwnerId?: string;
  federationSettingsId?: string;
  skipDefaultAlertsSettings?: boolean;
}

export const adminOperations = [
  defineOperation({
    operationId: 'createOrg',
    classicId: 'createOrganization',
    method: 'POST',
    path: '/api/atlas/v2/orgs',
    tag: TAG,
    summary: 'Create One Organization',
    access: { scope: 'any' },
    versions: fromContract('createOrg', { status: 201 }),
    async handler(ctx) {
      const body = ctx.body as CreateOrgBody;
      // Atlas lets an organization owner create organizations; a key must name the new owner among its members.
      requireOrgRole(ctx.principal, ctx.principal.orgId, 'ORG_OWNER');
      if (body.federationSettingsId) throw errors.invalidAttribute('federationSettingsId', 'federated authentication is not emulated');
      if (ctx.principal.kind === 'apiKey' && !body.orgOwnerId) throw errors.missingAttribute('orgOwnerId');
      const made = await writeCredentials(ctx.services, async (tx) => {
        const org = await createOrg(tx, body.name, body.skipDefaultAlertsSettings ?? false, ctx.actor, ctx.now);
        if (body.orgOwnerId) await addOwner(tx, ctx.principal.orgId, body.orgOwnerId, org.id, ctx.actor, ctx.now);
        const key = body.apiKey ? await createApiKey(tx, org.id, { desc: body.apiKey.desc, orgRoles: body.apiKey.roles }, ctx.actor, ctx.now) : undefined;
        const sa = body.serviceAccount
          ? await createServiceAccount(tx, org.id, { ...body.serviceAccount }, ctx.actor, ctx.now)
          : undefined;
        return { org, key, sa };
      });
      return {
        apiKey: made.key ? keyView(ctx.link, made.key.key, made.key.privateKey) : undefined,
        orgOwnerId: body.orgOwnerId,
        organization: orgView(ctx.link, made.org),
        serviceAccount: made.sa ? accountView(made.sa.sa, made.sa.secret) : undefined,
        skipDefaultAlertsSettings: made.org.skipDefaultAlertsSettings,
      };
    },
  }),
  defineOperation({
    operationId: 'updateOrg',
    classicId: 'renameOrganization',
    method: 'PATCH',
    path: '/api/atlas/v2/orgs/{orgId}',
    tag: TAG,
    summary: 'Update One Organization',
    access: { scope: 'org', role: 'ORG_OWNER' },
    params,
    versions: fromContract('updateOrg'),
    async handler(ctx) {
      const body = ctx.body as { name: string; skipDefaultAlertsSettings?: boolean };
      return orgView(ctx.link, await ctx.services.store.write((tx) => updateOrg(tx, ctx.params.orgId, body, ctx.actor, ctx.now)));
    },
  }),
  defineOperation({
    operationId: 'deleteOrg',
    classicId: 'deleteOrganization',
    method: 'DELETE',
    path: '/api/atlas/v2/orgs/{orgId}',
    tag: TAG,
    summary: 'Remove One Organization',
    access: { scope: 'org', role: 'ORG_OWNER' },
    params,
    versions: fromContract('deleteOrg'),
    async handler(ctx) {
      await writeCredentials(ctx.services, (tx) => deleteOrg(tx, ctx.params.orgId));
    },
  }),
  defineOperation({
    operationId: 'getOrgSettings',
    classicId: 'getOrganizationSettings',
    method: 'GET',
    path: '/api/atlas/v2/orgs/{orgId}/settings',
    tag: TAG,
    summary: 'Return Settings for One Organization',
    access: { scope: 'org', role: 'ORG_MEMBER' },
    params,
    versions: fromContract('getOrgSettings'),
    async handler(ctx) {
      return getSettings(ctx.services.store, ctx.params.orgId);
    },
  }),
  defineOperation({
    operationId: 'updateOrgSettings',
    classicId: 'updateOrganizationSettings',
    method: 'PATCH',
    path: '/api/atlas/v2/orgs/{orgId}/settings',
    tag: TAG,
    summary: 'Update Settings for One Organization',
    access: { scope: 'org', role: 'ORG_OWNER' },
    params,
    versions: fromContract('updateOrgSettings'),
    async handler(ctx) {
      const body = ctx.body as Partial<OrgSettings>;
      return ctx.services.store.write((tx) => updateSettings(tx, ctx.params.orgId, body, ctx.actor, ctx.now));
    },
  }),
  defineOperation({
    operationId: 'getOrgDelegationSettings',
    method: 'GET',
    path: '/api/atlas/v2/orgs/{orgId}/delegationSettings',
    tag: TAG,
    summary: 'Return Delegation Settings for One Organization',
    access: { scope: 'org', role: 'ORG_OWNER' },
    params,
    versions: fromContract('getOrgDelegationSettings'),
    async handler(ctx) {
      return getDelegation(ctx.services.store, ctx.params.orgId);
    },
  }),
  defineOperation({
    operationId: 'updateOrgDelegationSettings',
    method: 'PATCH',
    path: '/api/atlas/v2/orgs/{orgId}/delegationSettings',
    tag: TAG,
    summary: 'Update Delegation Settings for One Organization',
    access: { scope: 'org', role: 'ORG_OWNER' },
    params,
    versions: fromContract('updateOrgDelegationSettings'),
    async handler(ctx) {
      const body = ctx.body as DelegationSettings;
      return ctx.services.store.write((tx) => updateDelegation(tx, ctx.params.orgId, body));
    },
  }),
];
