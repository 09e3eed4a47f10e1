import { errors } from './errors.js';

export const ORG_ROLES = [
  'ORG_OWNER',
  'ORG_MEMBER',
  'ORG_GROUP_CREATOR',
  'ORG_BILLING_ADMIN',
  'ORG_BILLING_READ_ONLY',
  'ORG_READ_ONLY',
] as const;
export type OrgRole = (typeof ORG_ROLES)[number];

export const PROJECT_ROLES = [
  'GROUP_OWNER',
  'GROUP_CLUSTER_MANAGER',
  'GROUP_READ_ONLY',
  'GROUP_DATA_ACCESS_ADMIN',
  'GROUP_DATA_ACCESS_READ_WRITE',
  'GROUP_DATA_ACCESS_READ_ONLY',
  'GROUP_BACKUP_MANAGER',
  'GROUP_OBSERVABILITY_VIEWER',
  'GROUP_SEARCH_INDEX_EDITOR',
  'GROUP_STREAM_PROCESSING_OWNER',
  'GROUP_DATABASE_ACCESS_ADMIN',
  'GROUP_NETWORK_ACCESS_MANAGER',
] as const;
export type ProjectRole = (typeof PROJECT_ROLES)[number];

// What each role carries besides itself. Atlas's higher roles include the
// read-only role of their scope; the owner roles include everything.
export const ORG_IMPLIES: Record<OrgRole, OrgRole[]> = {
  ORG_OWNER: [...ORG_ROLES],
  ORG_GROUP_CREATOR: ['ORG_MEMBER'],
  ORG_BILLING_ADMIN: ['ORG_BILLING_READ_ONLY', 'ORG_MEMBER'],
  ORG_BILLING_READ_ONLY: ['ORG_MEMBER'],
  ORG_READ_ONLY: ['ORG_MEMBER'],
  ORG_MEMBER: [],
};

export const PROJECT_IMPLIES: Record<ProjectRole, ProjectRole[]> = {
  GROUP_OWNER: [...PROJECT_ROLES],
  GROUP_CLUSTER_MANAGER: ['GROUP_READ_ONLY'],
  GROUP_DATA_ACCESS_ADMIN: ['GROUP_DATA_ACCESS_READ_ONLY', 'GROUP_READ_ONLY'],
  GROUP_DATA_ACCESS_READ_WRITE: ['GROUP_DATA_ACCESS_READ_ONLY', 'GROUP_READ_ONLY'],
  GROUP_DATA_ACCESS_READ_ONLY: ['GROUP_READ_ONLY'],
  GROUP_BACKUP_MANAGER: ['GROUP_READ_ONLY'],
  GROUP_SEARCH_INDEX_EDITOR: ['GROUP_READ_ONLY'],
  // Atlas lets the stream processing owner manage the project's database users and custom roles.
  GROUP_STREAM_PROCESSING_OWNER: ['GROUP_DATABASE_ACCESS_ADMIN', 'GROUP_READ_ONLY'],
  GROUP_DATABASE_ACCESS_ADMIN: ['GROUP_READ_ONLY'],
  GROUP_NETWORK_ACCESS_MANAGER: ['GROUP_READ_ONLY'],
  GROUP_OBSERVABILITY_VIEWER: [],
  GROUP_READ_ONLY: [],
};

/** Project roles every project of the organization inherits from an org role. */
const ORG_GRANTS_IN_PROJECTS: Partial<Record<OrgRole, ProjectRole>> = {
  ORG_OWNER: 'GROUP_OWNER',
  ORG_READ_ONLY: 'GROUP_READ_ONLY',
};

/** Who is calling: an API key or a service account, with its grants. */
export interface Principal {
  kind: 'apiKey' | 'serviceAccount';
  /** The API key's id, or the service account's client id. */
  id: string;
  /** The API key's public key, or the service account's client id. */
  name: string;
  orgId: string;
  orgRoles: string[];
  /** groupId -> roles held directly in that project. */
  projectRoles: Record<string, string[]>;
}

function isOrgRole(r: string): r is OrgRole {
  return (ORG_ROLES as readonly string[]).includes(r);
}

function isProjectRole(r: string): r is ProjectRole {
  return (PROJECT_ROLES as readonly string[]).includes(r);
}

/**
 * The requested roles without repeats, or undefined when they are the ones
 * already held in some order: an unchanged set is no change and records no event.
 */
export function changedRoles(held: string[], requested: string[]): string[] | undefined {
  const next = [...new Set(requested)];
  return [...held].sort().join() === [...next].sort().join() ? undefined : next;
}

function effectiveOrgRoles(p: Principal, orgId: string): Set<string> {
  const out = new Set<string>();
  if (p.orgId !== orgId) return out;
  out.add('ORG_MEMBER');
  for (const r of p.orgRoles) if (isOrgRole(r)) for (const x of [r, ...ORG_IMPLIES[r]]) out.add(x);
  return out;
}

function effectiveProjectRoles(p: Principal, groupId: string, orgId: string): Set<string> {
  const out = new Set<string>();
  if (p.orgId !== orgId) return out;
  const held = [...(p.projectRoles[groupId] ?? [])];
  for (const r of p.orgRoles) {
    const g = isOrgRole(r) ? ORG_GRANTS_IN_PROJECTS[r] : undefined;
    if (g) held.push(g);
  }
  for (const r of held) if (isProjectRole(r)) for (const x of [r, ...PROJECT_IMPLIES[r]]) out.add(x);
  return out;
}

/** Throws Atlas's 401 unless the principal holds `role` (or a role that includes it) in the org. */
export function requireOrgRole(p: Principal, orgId: string, role: OrgRole): void {
  const roles = effectiveOrgRoles(p, orgId);
  if (roles.size === 0) throw errors.notOrgMember(orgId);
  if (!roles.has(role)) throw errors.userUnauthorized();
}

/** Throws Atlas's 401 unless the principal holds `role` (or one that includes it) in the project. */
export function requireProjectRole(p: Principal, groupId: string, orgId: string, role: ProjectRole): void {
  if (p.orgId !== orgId) throw errors.notInGroup();
  const roles = effectiveProjectRoles(p, groupId, orgId);
  if (roles.size === 0) throw errors.notInGroup();
  if (!roles.has(role)) throw errors.userUnauthorized();
}

/** Projects the principal may see at all (for listings). */
export function canSeeProject(p: Principal, groupId: string, orgId: string): boolean {
  return effectiveProjectRoles(p, groupId, orgId).size > 0;
}
