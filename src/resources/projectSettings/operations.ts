import { Type, type Static } from '@sinclair/typebox';
import { getAuditing, updateAuditing } from './projectSettings.js';
import { defineOperation } from '../../platform/http/operation.js';
import { GroupIdParam, StringEnum } from '../../platform/schemas.js';

const CONFIGURATION_TYPES = ['NONE', 'FILTER_BUILDER', 'FILTER_JSON'] as const;

const AuditLog = Type.Object(
  {
    auditAuthorizationSuccess: Type.Boolean(),
    auditFilter: Type.Optional(Type.String()),
    configurationType: StringEnum(CONFIGURATION_TYPES),
    enabled: Type.Boolean(),
  },
  { additionalProperties: false, title: 'AuditLog' },
);

const AuditLogUpdate = Type.Object(
  {
    auditAuthorizationSuccess: Type.Optional(Type.Boolean()),
    auditFilter: Type.Optional(Type.String()),
    // Read-only: accepted by the schema only so that the domain can say so by name.
    configurationType: Type.Optional(Type.String()),
    enabled: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false, title: 'AuditLog' },
);

const params = Type.Object({ groupId: GroupIdParam });

export const operations = [
  defineOperation({
    operationId: 'getGroupAuditLog',
    classicId: 'getAuditingConfiguration',
    method: 'GET',
    path: '/api/atlas/v2/groups/{groupId}/auditLog',
    tag: 'Auditing',
    summary: 'Return Auditing Configuration for One Project',
    access: { scope: 'project', role: 'GROUP_OWNER' },
    params,
    versions: { '2023-01-01': { response: AuditLog } },
    async handler(ctx) {
      return getAuditing(ctx.services.store, ctx.params.groupId);
    },
  }),
  defineOperation({
    operationId: 'updateGroupAuditLog',
    classicId: 'updateAuditingConfiguration',
    method: 'PATCH',
    path: '/api/atlas/v2/groups/{groupId}/auditLog',
    tag: 'Auditing',
    summary: 'Update Auditing Configuration for One Project',
    access: { scope: 'project', role: 'GROUP_OWNER' },
    params,
    versions: { '2023-01-01': { body: AuditLogUpdate, bodyRequired: true, response: AuditLog, status: 202 } },
    async handler(ctx) {
      const body = ctx.body as Static<typeof AuditLogUpdate>;
      return ctx.services.store.write((tx) => updateAuditing(tx, ctx.params.groupId, body, ctx.actor, ctx.now));
    },
  }),
];
