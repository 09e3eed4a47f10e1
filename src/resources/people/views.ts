import { isoSeconds } from '../../platform/time.js';
import type { CloudUserDoc, MembershipDoc } from './members.js';
import { statusAt } from './members.js';
import type { TeamDoc } from './teams.js';

// What users, memberships, teams and invitations look like on the wire. Keys
// left undefined are not sent (an invited user has no profile yet).

type Link = (path: string) => string;
const self = (link: Link, path: string) => [{ href: link(path), rel: 'self' }];

function profile(u: CloudUserDoc) {
  return {
    country: u.country,
    createdAt: u.createdAt === undefined ? undefined : isoSeconds(u.createdAt),
    firstName: u.firstName,
    lastName: u.lastName,
    mobileNumber: u.mobileNumber,
  };
}

/** The classic user view: every role the user holds, in any organization or project. */
export function cloudAppUserView(link: Link, u: CloudUserDoc, memberships: MembershipDoc[], teams: TeamDoc[]) {
  const roles: { orgId?: string; groupId?: string; roleName: string }[] = [];
  for (const m of memberships) {
    for (const r of m.orgRoles) roles.push({ orgId: m.orgId, roleName: r });
    for (const [groupId, rs] of Object.entries(m.groupRoles)) for (const r of rs) roles.push({ groupId, roleName: r });
  }
  return {
    ...profile(u),
    emailAddress: u.username,
    id: u.id,
    links: self(link, `/api/atlas/v2/users/${u.id}`),
    roles,
    teamIds: teams.filter((t) => t.userIds.includes(u.id)).map((t) => t.id),
    username: u.username,
  };
}

function membershipDetails(m: MembershipDoc, u: CloudUserDoc, now: number) {
  const status = statusAt(m, now);
  if (status === 'ACTIVE') return { orgMembershipStatus: status, ...profile(u) };
  const inv = m.invitation!;
  return {
    orgMembershipStatus: status,
    invitationCreatedAt: isoSeconds(inv.createdAt),
    invitationExpiresAt: isoSeconds(inv.expiresAt),
    inviterUsername: inv.inviterUsername,
  };
}

export function orgUserView(m: MembershipDoc, u: CloudUserDoc, teams: TeamDoc[], now: number) {
  return {
    id: u.id,
    ...membershipDetails(m, u, now),
    roles: {
      groupRoleAssignments: Object.entries(m.groupRoles).map(([groupId, groupRoles]) => ({ groupId, groupRoles })),
      orgRoles: m.orgRoles,
    },
    teamIds: teams.filter((t) => t.userIds.includes(u.id)).map((t) => t.id),
    username: u.username,
  };
}

/** A member's roles in a project: their own, and with `withTeams` those of their teams there. */
export function groupRolesOf(m: MembershipDoc, teams: TeamDoc[], groupId: string, withTeams: boolean): string[] {
  const roles = new Set(m.groupRoles[groupId] ?? []);
  if (withTeams) for (const t of teams) if (t.userIds.includes(m.userId)) for (const r of t.groupRoles[groupId] ?? []) roles.add(r);
  return [...roles];
}

export function groupUserView(m: MembershipDoc, u: CloudUserDoc, roles: string[], now: number) {
  return { id: u.id, ...membershipDetails(m, u, now), roles, username: u.username };
}

export function teamView(link: Link, t: TeamDoc) {
  return { id: t.id, links: self(link, `/api/atlas/v2/orgs/${t.orgId}/teams/${t.id}`), name: t.name };
}

export function teamRoleView(link: Link, t: TeamDoc, groupId: string) {
  return {
    links: self(link, `/api/atlas/v2/groups/${groupId}/teams/${t.id}`),
    roleNames: t.groupRoles[groupId] ?? [],
    teamId: t.id,
  };
}

export function orgInvitationView(link: Link, m: MembershipDoc, orgName: string, teams: TeamDoc[]) {
  const inv = m.invitation!;
  return {
    createdAt: isoSeconds(inv.createdAt),
    expiresAt: isoSeconds(inv.expiresAt),
    groupRoleAssignments: Object.entries(m.groupRoles).flatMap(([groupId, rs]) => rs.map((groupRole) => ({ groupId, groupRole }))),
    id: inv.id,
    inviterUsername: inv.inviterUsername,
    links: self(link, `/api/atlas/v2/orgs/${m.orgId}/invites/${inv.id}`),
    orgId: m.orgId,
    orgName,
    roles: m.orgRoles,
    teamIds: teams.filter((t) => t.userIds.includes(m.userId)).map((t) => t.id),
    username: m.username,
  };
}

export function groupInvitationView(link: Link, m: MembershipDoc, groupId: string, groupName: string) {
  const inv = m.invitation!;
  return {
    createdAt: isoSeconds(inv.createdAt),
    expiresAt: isoSeconds(inv.expiresAt),
    groupId,
    groupName,
    id: inv.id,
    inviterUsername: inv.inviterUsername,
    links: self(link, `/api/atlas/v2/groups/${groupId}/invites/${inv.id}`),
    roles: m.groupRoles[groupId] ?? [],
    username: m.username,
  };
}
