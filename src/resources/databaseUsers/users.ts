import type { Effects } from '../../platform/command.js';
import type { Reader, Timer, Tx } from '../../platform/store/types.js';
import { ApiError } from '../../platform/errors.js';
import { SYSTEM, type Actor } from '../../platform/events.js';
import { on } from '../../platform/hooks.js';
import { parseIsoDate } from '../../platform/time.js';
import { projectDeleted } from '../projects/hooks.js';
import { limitValue } from '../projectSettings/limits.js';
import { getProject } from '../projects/projects.js';
import { customRoleErrors } from '../customDbRoles/customRoles.js';
import { customRoleDeleting } from '../customDbRoles/hooks.js';
import { DATABASE_USERS, USER_CERTS, USER_SECURITY } from './collections.js';
import { recordEvent } from './events.js';
import { scramCredential, type ScramCredential } from './password.js';
import {
  authKind,
  checkDatabase,
  checkPassword,
  checkRoles,
  checkScopes,
  checkUsername,
  type AuthTypes,
  type UserRole,
  type UserScope,
} from './userRules.js';

export interface Label {
  key: string;
  value: string;
}

export interface DatabaseUserDoc extends AuthTypes {
  id: string;
  groupId: string;
  orgId: string;
  username: string;
  databaseName: 'admin' | '$external';
  credential?: ScramCredential;
  roles: UserRole[];
  scopes: UserScope[];
  labels: Label[];
  description?: string;
  /** Epoch ms of emulated time after which the user is removed. */
  deleteAfter?: number;
}

export interface UserInput extends Partial<AuthTypes> {
  username?: string;
  databaseName?: 'admin' | '$external';
  groupId?: string;
  password?: string;
  roles?: UserRole[];
  scopes?: UserScope[];
  labels?: Label[];
  description?: string;
  deleteAfterDate?: string;
}

/** Atlas keeps a temporary user at most one week. */
const MAX_LIFETIME_MS = 7 * 24 * 3600 * 1000;
export const EXPIRE_TIMER = 'databaseUser.expire';

export const userErrors = {
  notFound: (username: string) => new ApiError(404, 'USERNAME_NOT_FOUND', `No user with username ${username} exists.`, [username]),
  alreadyExists: (username: string) =>
    new ApiError(409, 'USER_ALREADY_EXISTS', `A user with username ${username} already exists.`, [username]),
  groupMismatch: (groupId: string) =>
    new ApiError(400, 'GROUP_MISMATCH', `The specified group ID ${groupId} does not match the URL.`, [groupId]),
};

const userKey = (groupId: string, username: string) => `${groupId}:${username}`;

export async function findUser(r: Reader, groupId: string, username: string): Promise<DatabaseUserDoc | undefined> {
  return r.getByName<DatabaseUserDoc>(DATABASE_USERS, groupId, username);
}

export async function getUser(r: Reader, groupId: string, databaseName: string, username: string): Promise<DatabaseUserDoc> {
  const user = await findUser(r, groupId, username);
  if (!user || user.databaseName !== databaseName) throw userErrors.notFound(username);
  return user;
}

export async function listUsers(r: Reader, groupId: string): Promise<DatabaseUserDoc[]> {
  return (await r.list<DatabaseUserDoc>(DATABASE_USERS, groupId)).items;
}

function expiry(text: string, x509: boolean, at: number): number {
  if (x509) throw new ApiError(400, 'ATLAS_X509_USER_CANNOT_BE_TEMPORARY', 'X.509 users cannot be temporary.');
  const ms = parseIsoDate(text);
  if (ms === undefined) throw new ApiError(400, 'INVALID_DATE_FORMAT', `An invalid date value ${text} was specified.`, [text]);
  if (ms <= at) throw new ApiError(400, 'EXPIRATION_DATE_IN_PAST', 'The specified expiration date must be in the future.');
  if (ms > at + MAX_LIFETIME_MS) {
    throw new ApiError(400, 'EXPIRATION_DATE_EXCEEDS_MAX', 'The specified expiration date can be at most 7 days in the future.', [7]);
  }
  return ms;
}

async function save(tx: Tx, effects: Effects, user: DatabaseUserDoc): Promise<void> {
  await tx.put(DATABASE_USERS, user.id, user, { parent: user.groupId, name: user.username });
  await tx.cancelTimers(user.id, EXPIRE_TIMER);
  if (user.deleteAfter !== undefined) {
    await effects.schedule({ id: `${EXPIRE_TIMER}:${user.id}`, kind: EXPIRE_TIMER, ref: user.id, due: user.deleteAfter });
  }
}

const auth = (t: Partial<AuthTypes>): AuthTypes => ({
  awsIAMType: t.awsIAMType ?? 'NONE',
  ldapAuthType: t.ldapAuthType ?? 'NONE',
  oidcAuthType: t.oidcAuthType ?? 'NONE',
  x509Type: t.x509Type ?? 'NONE',
});

export async function createUser(
  tx: Tx,
  effects: Effects,
  groupId: string,
  input: UserInput & { username: string; databaseName: 'admin' | '$external'; roles: UserRole[] },
  actor: Actor,
  at: number,
): Promise<DatabaseUserDoc> {
  const project = await getProject(tx, groupId);
  if (input.groupId !== undefined && input.groupId !== groupId) throw userErrors.groupMismatch(input.groupId);
  const types = auth(input);
  const kind = authKind(types);
  checkDatabase(kind, input.databaseName);
  checkUsername(kind, input.username);
  checkPassword(kind, input.password, true);
  const deleteAfter =
    input.deleteAfterDate === undefined ? undefined : expiry(input.deleteAfterDate, kind.startsWith('X509'), at);
  const roles = await checkRoles(tx, groupId, input.username, input.roles);
  const scopes = await checkScopes(tx, groupId, input.scopes ?? []);
  if (await findUser(tx, groupId, input.username)) throw userErrors.alreadyExists(input.username);
  const limit = await limitValue(tx, groupId, 'atlas.project.security.databaseAccess.users');
  if ((await tx.count(DATABASE_USERS, groupId)) >= limit) {
    throw new ApiError(403, 'GROUP_USERS_LIMIT_EXCEEDED', `Groups can contain at most ${limit} database users.`, [limit]);
  }
  const user: DatabaseUserDoc = {
    id: userKey(groupId, input.username),
    groupId,
    orgId: project.orgId,
    username: input.username,
    databaseName: input.databaseName,
    ...types,
    ...(input.password !== undefined ? { credential: scramCredential(input.password) } : {}),
    roles,
    scopes,
    labels: input.labels ?? [],
    ...(input.description !== undefined ? { description: input.description } : {}),
    ...(deleteAfter !== undefined ? { deleteAfter } : {}),
  };
  await save(tx, effects, user);
  await recordEvent(tx, { type: 'MONGODB_USER_ADDED', at, actor, orgId: user.orgId, groupId, fields: { dbUserUsername: user.username } });
  return user;
}

const changed = (field: string, code: string, what: string) => new ApiError(409, code, `Cannot modify the ${what} of an existing database user.`, [field]);

export async function updateUser(
  tx: Tx,
  effects: Effects,
  groupId: string,
  databaseName: string,
  username: string,
  input: UserInput,
  actor: Actor,
  at: number,
): Promise<DatabaseUserDoc> {
  const user = await getUser(tx, groupId, databaseName, username);
  if (input.groupId !== undefined && input.groupId !== groupId) throw userErrors.groupMismatch(input.groupId);
  if (input.username !== undefined && input.username !== username) {
    throw changed('username', 'DATABASE_USERNAME_CANNOT_BE_CHANGED', 'username');
  }
  if (input.databaseName !== undefined && input.databaseName !== user.databaseName) {
    throw changed('databaseName', 'DATABASE_NAME_CANNOT_BE_CHANGED', 'authentication database');
  }
  for (const k of ['awsIAMType', 'ldapAuthType', 'oidcAuthType', 'x509Type'] as const) {
    if (input[k] !== undefined && input[k] !== user[k]) throw changed(k, 'AUTH_TYPE_CANNOT_BE_CHANGED', 'authentication type');
  }
  const kind = authKind(user);
  checkPassword(kind, input.password, false);
  const next: DatabaseUserDoc = { ...user };
  if (input.password !== undefined) next.credential = scramCredential(input.password);
  if (input.roles !== undefined) next.roles = await checkRoles(tx, groupId, username, input.roles);
  if (input.scopes !== undefined) next.scopes = await checkScopes(tx, groupId, input.scopes);
  if (input.labels !== undefined) next.labels = input.labels;
  if (input.description !== undefined) next.description = input.description;
  if (input.deleteAfterDate !== undefined) {
    if (user.deleteAfter === undefined) {
      throw new ApiError(400, 'PERMANENT_ENTITY_CANNOT_BE_MADE_TEMPORARY', 'A permanent entity cannot be made temporary.');
    }
    next.deleteAfter = expiry(input.deleteAfterDate, kind.startsWith('X509'), at);
  }
  await save(tx, effects, next);
  await recordEvent(tx, { type: 'MONGODB_USER_UPDATED', at, actor, orgId: user.orgId, groupId, fields: { dbUserUsername: username } });
  return next;
}

async function remove(tx: Tx, user: DatabaseUserDoc, actor: Actor, at: number): Promise<void> {
  await tx.delete(DATABASE_USERS, user.id);
  await tx.deleteChildren(USER_CERTS, user.id);
  await tx.cancelTimers(user.id);
  await recordEvent(tx, {
    type: 'MONGODB_USER_DELETED',
    at,
    actor,
    orgId: user.orgId,
    groupId: user.groupId,
    fields: { dbUserUsername: user.username },
  });
}

export async function deleteUser(tx: Tx, groupId: string, databaseName: string, username: string, actor: Actor, at: number): Promise<void> {
  await remove(tx, await getUser(tx, groupId, databaseName, username), actor, at);
}

/** A temporary user goes when the clock passes its deleteAfterDate, as if the system deleted it. */
export async function expireUser(tx: Tx, timer: Timer): Promise<void> {
  const user = await tx.get<DatabaseUserDoc>(DATABASE_USERS, timer.ref);
  if (user && user.deleteAfter === timer.due) await remove(tx, user, SYSTEM, timer.due);
}

/** Holders of a deleted custom role lose it; one it would leave with no role at all refuses the delete. */
export const dropDeletedRole = on(customRoleDeleting, async (tx, { groupId, roleName, actor }, at) => {
  const holders = (await listUsers(tx, groupId)).filter((u) => u.roles.some((r) => r.roleName === roleName));
  const stranded = holders.filter((u) => u.roles.every((r) => r.roleName === roleName));
  if (stranded.length) throw customRoleErrors.inUseByUsers(stranded.map((u) => u.username));
  for (const u of holders) {
    await tx.put(DATABASE_USERS, u.id, { ...u, roles: u.roles.filter((r) => r.roleName !== roleName) }, { parent: groupId, name: u.username });
    await recordEvent(tx, { type: 'MONGODB_USER_UPDATED', at, actor, orgId: u.orgId, groupId, fields: { dbUserUsername: u.username } });
  }
});

export const dropProjectUsers = on(projectDeleted, async (tx, project) => {
  for (const u of await listUsers(tx, project.id)) {
    await tx.deleteChildren(USER_CERTS, u.id);
    await tx.cancelTimers(u.id);
  }
  await tx.deleteChildren(DATABASE_USERS, project.id);
  await tx.delete(USER_SECURITY, project.id);
});
