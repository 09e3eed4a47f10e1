import { createHash, randomBytes } from 'node:crypto';
import { ApiError, errors } from '../../platform/errors.js';
import type { Actor } from '../../platform/events.js';
import { newObjectId } from '../../platform/ids.js';
import { PROJECT_ROLES } from '../../platform/roles.js';
import type { Reader, Tx } from '../../platform/store/types.js';
import { PROJECTS } from '../../platform/tenancy.js';
import type { ProjectDoc } from '../projects/projects.js';
import { CLOUD_USERS, ORG_MEMBERSHIPS } from './collections.js';
import { recordEvent } from './events.js';

// MongoDB Cloud users and their place in organizations. A user exists once
// across Atlas; each organization holds a membership with the user's roles there
// and in its projects. A membership starts as an invitation (PENDING) unless the
// user is created with roles; an invitation that is not accepted within 30 days
// of emulated time reads as INVITATION_EXPIRED (computed when read, so a clock
// jump costs nothing).

export const ORG_USER_ROLES = [
  'ORG_OWNER',
  'ORG_MEMBER',
  'ORG_GROUP_CREATOR',
  'ORG_BILLING_ADMIN',
  'ORG_BILLING_READ_ONLY',
  'ORG_STREAM_PROCESSING_ADMIN',
  'ORG_READ_ONLY',
] as const;

export const INVITATION_DAYS = 30;
const USERS_PARENT = 'cloud';
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export interface CloudUserDoc {
  id: string;
  username: string;
  firstName?: string;
  lastName?: string;
  country?: string;
  mobileNumber?: string;
  /** SHA-256 of a per-user salt and the password; the password itself is never kept. */
  passwordHash?: string;
  salt?: string;
  /** When the account was made complete (created with a profile, or an invitation accepted). */
  createdAt?: number;
}

export interface Invitation {
  id: string;
  createdAt: number;
  expiresAt: number;
  inviterUsername: string;
  /** Set when a project invitation made the membership: deleting that invitation removes it. */
  viaGroup?: string;
}

export interface MembershipDoc {
  id: string;
  orgId: string;
  userId: string;
  username: string;
  status: 'ACTIVE' | 'PENDING';
  orgRoles: string[];
  /** groupId -> roles held directly in that project. */
  groupRoles: Record<string, string[]>;
  invitation?: Invitation;
}

export type MembershipStatus = 'ACTIVE' | 'PENDING' | 'INVITATION_EXPIRED';

export function statusAt(m: MembershipDoc, now: number): MembershipStatus {
  if (m.status === 'ACTIVE') return 'ACTIVE';
  return now >= m.invitation!.expiresAt ? 'INVITATION_EXPIRED' : 'PENDING';
}

export const userNotFound = (id: string) => new ApiError(404, 'USER_NOT_FOUND', `No user with ID ${id} exists.`, [id]);
export const usernameNotFound = (name: string) =>
  new ApiError(404, 'USER_NOT_FOUND', `No user with username ${name} exists.`, [name]);
export const userNotInOrg = (userId: string, orgId: string) =>
  new ApiError(404, 'USER_NOT_IN_ORG', `User ${userId} is not a member of organization ${orgId}.`, [userId, orgId]);
export const userNotInGroup = (userId: string, groupId: string) =>
  new ApiError(404, 'USER_NOT_IN_GROUP', `User ${userId} is not a member of project ${groupId}.`, [userId, groupId]);
const lastOwner = (orgId: string) =>
  new ApiError(
    400,
    'CANNOT_REMOVE_LAST_ORG_OWNER',
    `Organization ${orgId} must keep at least one Organization Owner.`,
    [orgId],
  );

/** What identifies the caller as an inviter: Atlas shows a username; a credential shows its public key or client id. */
export function inviterOf(actor: Actor): string {
  if (actor.kind === 'apiKey') return actor.publicKey;
  if (actor.kind === 'serviceAccount') return actor.clientId;
  return 'system';
}

export function checkUsername(username: string): string {
  if (!EMAIL.test(username) || username.length > 254) throw errors.invalidAttribute('username', 'an email address is expected');
  return username.toLowerCase();
}

export function checkOrgRoles(roles: readonly string[], field = 'roles'): string[] {
  for (const r of roles) if (!(ORG_USER_ROLES as readonly string[]).includes(r)) throw errors.invalidEnumValue(r, field);
  return [...new Set(roles)];
}

export function checkGroupRoles(roles: readonly string[], field = 'roles'): string[] {
  for (const r of roles) if (!(PROJECT_ROLES as readonly string[]).includes(r)) throw errors.invalidEnumValue(r, field);
  return [...new Set(roles)];
}

export function hashPassword(password: string, salt = randomBytes(16).toString('hex')) {
  return { salt, passwordHash: createHash('sha256').update(`${salt}:${password}`).digest('hex') };
}

export async function getUser(r: Reader, userId: string): Promise<CloudUserDoc> {
  const u = await r.get<CloudUserDoc>(CLOUD_USERS, userId);
  if (!u) throw userNotFound(userId);
  return u;
}

export async function getUserByName(r: Reader, username: string): Promise<CloudUserDoc> {
  const u = await r.getByName<CloudUserDoc>(CLOUD_USERS, USERS_PARENT, username.toLowerCase());
  if (!u) throw usernameNotFound(username);
  return u;
}

export async function findUserByName(r: Reader, username: string): Promise<CloudUserDoc | undefined> {
  return r.getByName<CloudUserDoc>(CLOUD_USERS, USERS_PARENT, username.toLowerCase());
}

export async function saveUser(tx: Tx, u: CloudUserDoc): Promise<void> {
  await tx.put(CLOUD_USERS, u.id, u, { parent: USERS_PARENT, name: u.username });
}

/** The user of that name, made as a bare account (invited, no profile yet) when Atlas has none. */
export async function userForInvitation(tx: Tx, username: string, at: number): Promise<CloudUserDoc> {
  const found = await findUserByName(tx, username);
  if (found) return found;
  const u: CloudUserDoc = { id: newObjectId(at), username: checkUsername(username) };
  await saveUser(tx, u);
  return u;
}

const membershipId = (orgId: string, userId: string) => `${orgId}:${userId}`;

export async function findMembership(r: Reader, orgId: string, userId: string): Promise<MembershipDoc | undefined> {
  return r.get<MembershipDoc>(ORG_MEMBERSHIPS, membershipId(orgId, userId));
}

export async function getMembership(r: Reader, orgId: string, userId: string): Promise<MembershipDoc> {
  await getUser(r, userId);
  const m = await findMembership(r, orgId, userId);
  if (!m) throw userNotInOrg(userId, orgId);
  return m;
}

export async function listMemberships(r: Reader, orgId: string): Promise<MembershipDoc[]> {
  return (await r.list<MembershipDoc>(ORG_MEMBERSHIPS, orgId)).items;
}

/** Every organization a user belongs to or is invited to. */
export async function membershipsOfUser(r: Reader, userId: string): Promise<MembershipDoc[]> {
  const { items } = await r.list<MembershipDoc>(ORG_MEMBERSHIPS, undefined);
  return items.filter((m) => m.userId === userId);
}

export async function saveMembership(tx: Tx, m: MembershipDoc): Promise<void> {
  await tx.put(ORG_MEMBERSHIPS, m.id, m, { parent: m.orgId, name: m.userId });
}

export async function projectOf(r: Reader, orgId: string, groupId: string): Promise<ProjectDoc> {
  const p = await r.get<ProjectDoc>(PROJECTS, groupId);
  if (!p || p.orgId !== orgId) throw errors.groupNotFound(groupId);
  return p;
}

/** Project roles as given: each project must be of this organization. */
export async function checkGroupAssignments(
  r: Reader,
  orgId: string,
  assignments: { groupId?: string; roles?: string[]; groupRoles?: string[] }[],
): Promise<Record<string, string[]>> {
  const out: Record<string, string[]> = {};
  for (const a of assignments) {
    if (!a.groupId) throw errors.missingAttribute('groupId');
    await projectOf(r, orgId, a.groupId);
    const roles = checkGroupRoles(a.roles ?? a.groupRoles ?? [], 'groupRoles');
    if (roles.length) out[a.groupId] = [...new Set([...(out[a.groupId] ?? []), ...roles])];
  }
  return out;
}

export interface InviteInput {
  orgRoles: string[];
  groupRoles: Record<string, string[]>;
  viaGroup?: string;
}

/** Invites a user (made when Atlas has none) to the organization; an open invitation is replaced. */
export async function inviteToOrg(
  tx: Tx,
  orgId: string,
  username: string,
  input: InviteInput,
  actor: Actor,
  at: number,
): Promise<MembershipDoc> {
  const user = await userForInvitation(tx, checkUsername(username), at);
  const existing = await findMembership(tx, orgId, user.id);
  if (existing?.status === 'ACTIVE') {
    throw new ApiError(409, 'USER_ALREADY_IN_ORG', `User ${user.username} is already a member of organization ${orgId}.`, [
      user.username,
      orgId,
    ]);
  }
  const m: MembershipDoc = {
    id: membershipId(orgId, user.id),
    orgId,
    userId: user.id,
    username: user.username,
    status: 'PENDING',
    orgRoles: input.orgRoles.length ? input.orgRoles : ['ORG_MEMBER'],
    groupRoles: input.groupRoles,
    invitation: {
      id: existing?.invitation?.id ?? newObjectId(at),
      createdAt: at,
      expiresAt: at + INVITATION_DAYS * 86_400_000,
      inviterUsername: inviterOf(actor),
      ...(input.viaGroup ? { viaGroup: input.viaGroup } : {}),
    },
  };
  await saveMembership(tx, m);
  await recordEvent(tx, { type: 'INVITED_TO_ORG', at, actor, orgId, fields: { targetUsername: m.username } });
  for (const groupId of Object.keys(m.groupRoles)) {
    await recordEvent(tx, { type: 'INVITED_TO_GROUP', at, actor, orgId, groupId, fields: { targetUsername: m.username } });
  }
  return m;
}

/** Members holding ORG_OWNER, other than `except`. Open invitations do not count. */
async function otherOwners(r: Reader, orgId: string, exceptUserId: string): Promise<number> {
  return (await listMemberships(r, orgId)).filter(
    (m) => m.userId !== exceptUserId && m.status === 'ACTIVE' && m.orgRoles.includes('ORG_OWNER'),
  ).length;
}

/** Refuses a change that would leave an organization with owners without any. */
export async function keepAnOwner(r: Reader, m: MembershipDoc, nextOrgRoles: string[] | null): Promise<void> {
  const losesOwner = m.status === 'ACTIVE' && m.orgRoles.includes('ORG_OWNER') && !nextOrgRoles?.includes('ORG_OWNER');
  if (losesOwner && (await otherOwners(r, m.orgId, m.userId)) === 0) throw lastOwner(m.orgId);
}

export async function setOrgRoles(tx: Tx, m: MembershipDoc, roles: string[], actor: Actor, at: number): Promise<void> {
  const next = checkOrgRoles(roles);
  await keepAnOwner(tx, m, next);
  if (next.length === 0) throw errors.invalidAttribute('orgRoles', 'a member keeps at least one organization role');
  if ([...m.orgRoles].sort().join() === [...next].sort().join()) return;
  m.orgRoles = next;
  await saveMembership(tx, m);
  await recordEvent(tx, { type: 'USER_ROLES_CHANGED_AUDIT', at, actor, orgId: m.orgId, fields: { targetUsername: m.username } });
}

export async function setGroupRoles(
  tx: Tx,
  m: MembershipDoc,
  groupId: string,
  roles: string[],
  actor: Actor,
  at: number,
): Promise<void> {
  const next = checkGroupRoles(roles);
  const held = m.groupRoles[groupId] ?? [];
  if ([...held].sort().join() === [...next].sort().join()) return;
  if (next.length) m.groupRoles[groupId] = next;
  else delete m.groupRoles[groupId];
  await saveMembership(tx, m);
  const type = held.length === 0 ? 'JOINED_GROUP' : next.length === 0 ? 'REMOVED_FROM_GROUP' : 'USER_ROLES_CHANGED_AUDIT';
  await recordEvent(tx, { type, at, actor, orgId: m.orgId, groupId, fields: { targetUsername: m.username } });
}

/** Accepts an open invitation as the invited person would, completing their profile if they had none. */
export async function acceptInvitation(tx: Tx, m: MembershipDoc, at: number, actor: Actor): Promise<MembershipDoc> {
  if (m.status === 'ACTIVE') return m;
  if (statusAt(m, at) === 'INVITATION_EXPIRED') {
    throw new ApiError(400, 'INVITATION_EXPIRED', `The invitation for ${m.username} has expired.`, [m.username]);
  }
  const user = await getUser(tx, m.userId);
  if (user.createdAt === undefined) {
    const local = user.username.split('@')[0]!;
    Object.assign(user, { firstName: user.firstName ?? local, lastName: user.lastName ?? local, country: user.country ?? 'US' });
    user.createdAt = at;
    await saveUser(tx, user);
  }
  m.status = 'ACTIVE';
  delete m.invitation;
  await saveMembership(tx, m);
  await recordEvent(tx, { type: 'JOINED_ORG', at, actor, orgId: m.orgId, fields: { targetUsername: m.username } });
  for (const groupId of Object.keys(m.groupRoles)) {
    await recordEvent(tx, { type: 'JOINED_GROUP', at, actor, orgId: m.orgId, groupId, fields: { targetUsername: m.username } });
  }
  return m;
}

/** Makes an existing, active member of one organization the owner of another (a new organization's first owner). */
export async function addOwner(tx: Tx, fromOrgId: string, userId: string, orgId: string, actor: Actor, at: number): Promise<void> {
  const user = await getUser(tx, userId);
  const home = await findMembership(tx, fromOrgId, userId);
  if (home?.status !== 'ACTIVE') throw userNotInOrg(userId, fromOrgId);
  await saveMembership(tx, { id: membershipId(orgId, userId), orgId, userId, username: user.username, status: 'ACTIVE', orgRoles: ['ORG_OWNER'], groupRoles: {} });
  await recordEvent(tx, { type: 'JOINED_ORG', at, actor, orgId, fields: { targetUsername: user.username } });
}
