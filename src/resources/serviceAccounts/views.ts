import { Type, type Static } from '@sinclair/typebox';
import {
  maskSecret,
  type AccessListEntry,
  type SecretDoc,
  type ServiceAccountDoc,
} from '../../platform/credentials.js';
import { ORG_ROLES, PROJECT_ROLES } from '../../platform/roles.js';
import { AccessListEntries, DateTime, GroupIdParam, OrgIdParam, Paginated, RoleNames } from '../../platform/schemas.js';

// The shapes Atlas serves and accepts for service accounts, their secrets and access lists, and the views that fill them.

export const ClientIdParam = Type.String({
  pattern: '^mdb_sa_id_[a-fA-F\\d]{24}$',
  description: 'The Client ID of the Service Account.',
});
export const SecretIdParam = Type.String({
  pattern: '^([a-f0-9]{24})$',
  description: 'Unique 24-hexadecimal digit string that identifies the secret.',
});

export const Name = Type.String({ minLength: 1, maxLength: 64, description: 'Human-readable name for the Service Account.' });
export const Description = Type.String({ minLength: 1, maxLength: 250, description: 'Human readable description for the Service Account.' });
export const Roles = RoleNames(ORG_ROLES, 'Organization roles of the Service Account.');
// Decision: the organization setting Atlas applies by default, 8 hours to one year.
export const ExpiresAfterHours = Type.Integer({
  minimum: 8,
  maximum: 8760,
  description: 'Hours until the new secret expires.',
});

export const Secret = Type.Object(
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
export const ServiceAccount = (title: string) =>
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
export const OrgServiceAccount = ServiceAccount('OrgServiceAccount');

export const CreateRequest = Type.Object(
  {
    description: Description,
    name: Name,
    roles: Roles,
    secretExpiresAfterHours: Type.Optional(ExpiresAfterHours),
    withoutInitialSecret: Type.Optional(Type.Boolean({ default: false })),
  },
  { additionalProperties: false, title: 'OrgServiceAccountRequest' },
);
export const UpdateRequest = Type.Object(
  { description: Type.Optional(Description), name: Type.Optional(Name), roles: Type.Optional(Roles) },
  { additionalProperties: false, title: 'OrgServiceAccountUpdateRequest' },
);
export const ProjectRoles = RoleNames(PROJECT_ROLES, 'Project roles of the Service Account.');

export const GroupServiceAccount = ServiceAccount('GroupServiceAccount');

export const CreateInProjectRequest = Type.Object(
  {
    description: Description,
    name: Name,
    roles: ProjectRoles,
    secretExpiresAfterHours: ExpiresAfterHours,
  },
  { additionalProperties: false, title: 'GroupServiceAccountRequest' },
);
export const UpdateInProjectRequest = Type.Object(
  { description: Type.Optional(Description), name: Type.Optional(Name), roles: Type.Optional(ProjectRoles) },
  { additionalProperties: false, title: 'GroupServiceAccountUpdateRequest' },
);
export const ProjectRoleAssignment = Type.Object(
  { roles: ProjectRoles },
  { additionalProperties: false, title: 'GroupServiceAccountRoleAssignment' },
);

export const AccessListEntryView = Type.Object(
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
export const AccessListRequest = AccessListEntries('ServiceAccountIPAccessListEntry', 200);
export const PaginatedAccessList = Paginated(AccessListEntryView, 'PaginatedServiceAccountIPAccessEntryView');
export const ServiceAccountGroup = Type.Object(
  { groupId: Type.String(), roles: Type.Array(Type.String()) },
  { title: 'ServiceAccountGroup' },
);

export const SecretRequest = Type.Object(
  { secretExpiresAfterHours: ExpiresAfterHours },
  { additionalProperties: false, title: 'ServiceAccountSecretRequest' },
);

/** A secret as reads show it; `value` only in the answer that creates it. */
export function secretView(s: SecretDoc, value?: string): Static<typeof Secret> {
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

export function entryView(e: AccessListEntry): Static<typeof AccessListEntryView> {
  return {
    cidrBlock: e.cidrBlock,
    createdAt: e.created,
    ...(e.ipAddress !== undefined ? { ipAddress: e.ipAddress } : {}),
    requestCount: 0,
  };
}

/** The account as a project sees it: its roles in that project. */
export function projectAccountView(
  sa: ServiceAccountDoc,
  groupId: string,
  shown?: { id: string; value: string },
): Static<typeof GroupServiceAccount> {
  return { ...accountView(sa, shown), roles: sa.groupRoles[groupId] ?? [] };
}

export const OrgParams = Type.Object({ orgId: OrgIdParam });
export const ProjectParams = Type.Object({ groupId: GroupIdParam });
export const ProjectAccountParams = Type.Object({ groupId: GroupIdParam, clientId: ClientIdParam });
export const AccountParams = Type.Object({ orgId: OrgIdParam, clientId: ClientIdParam });
