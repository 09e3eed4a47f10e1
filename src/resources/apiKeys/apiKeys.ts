import { randomUUID } from 'node:crypto';
import type { Reader, Tx } from '../../platform/store/types.js';
import { API_KEYS } from '../../platform/credentials.js';
import {
  digestHa1,
  findAccessListEntry,
  newAccessListEntries,
  type AccessListEntry,
  type AccessListInput,
  type ApiKeyDoc,
  type RoleAssignment,
} from '../../platform/credentials.js';
import { ApiError, errors } from '../../platform/errors.js';
import { type Actor } from '../../platform/events.js';
import { recordEvent } from './events.js';
import { on } from '../../platform/hooks.js';
import { projectDeleted } from '../projects/hooks.js';
import { changedRoles } from '../../platform/roles.js';
import { newObjectId, randomToken } from '../../platform/ids.js';
import { isoSeconds } from '../../platform/time.js';

// Programmatic API keys of an organization: the key, its organization roles,
// its roles in projects and its IP access list, all in one document. The
// private key exists only in the create answer; the store keeps its Digest HA1.

const apiKeyNotFound = (id: string) =>
  new ApiError(404, 'API_KEY_NOT_FOUND', `No API key with ID ${id} exists.`, [id]);

/** The key of this organization with this id, or 404. */
export async function getApiKey(r: Reader, orgId: string, id: string): Promise<ApiKeyDoc> {
  const key = await r.get<ApiKeyDoc>(API_KEYS, id);
  if (!key || key.orgId !== orgId) throw apiKeyNotFound(id);
  return key;
}

export async function listOrgApiKeys(r: Reader, orgId: string): Promise<ApiKeyDoc[]> {
  const { items } = await r.list<ApiKeyDoc>(API_KEYS, null);
  return items.filter((k) => k.orgId === orgId);
}

export async function listProjectApiKeys(r: Reader, orgId: string, groupId: string): Promise<ApiKeyDoc[]> {
  return (await listOrgApiKeys(r, orgId)).filter((k) => k.roles.some((x) => x.groupId === groupId));
}

export async function saveApiKey(tx: Tx, key: ApiKeyDoc): Promise<void> {
  // Public keys are unique across organizations: no parent, the public key as name.
  await tx.put(API_KEYS, key.id, key, { parent: null, name: key.publicKey });
}

/** Eight lowercase letters, as Atlas's public keys are, unused by any other key. */
async function newPublicKey(tx: Tx): Promise<string> {
  for (;;) {
    const candidate = randomToken(8, 'abcdefghijklmnopqrstuvwxyz');
    if (!(await tx.getByName(API_KEYS, null, candidate))) return candidate;
  }
}

export interface NewApiKey {
  desc: string;
  orgRoles: string[];
  /** Roles in one project, for a key created from a project. */
  project?: { groupId: string; roles: string[] };
}

/** Creates a key; the answer carries the private key, which is never stored. */
export async function createApiKey(
  tx: Tx,
  orgId: string,
  input: NewApiKey,
  actor: Actor,
  at: number,
): Promise<{ key: ApiKeyDoc; privateKey: string }> {
  const publicKey = await newPublicKey(tx);
  const privateKey = randomUUID();
  const roles: RoleAssignment[] = [...new Set(input.orgRoles)].map((roleName) => ({ orgId, roleName }));
  if (input.project) {
    for (const roleName of new Set(input.project.roles)) roles.push({ groupId: input.project.groupId, roleName });
  }
  const key: ApiKeyDoc = {
    id: newObjectId(at),
    orgId,
    desc: input.desc,
    publicKey,
    ha1: digestHa1(publicKey, privateKey),
    privateKeyTail: privateKey.slice(-12),
    roles,
    accessList: [],
    createdAt: isoSeconds(at),
  };
  await saveApiKey(tx, key);
  await recordEvent(tx, { type: 'API_KEY_CREATED', at, actor, orgId, fields: { targetPublicKey: publicKey } });
  if (input.project) {
    await recordEvent(tx, {
      type: 'API_KEY_ADDED_TO_GROUP',
      at,
      actor,
      orgId,
      groupId: input.project.groupId,
      fields: { targetPublicKey: publicKey },
    });
  }
  return { key, privateKey };
}

export interface ApiKeyChanges {
  desc?: string;
  /** Replaces the organization roles; project roles stay. */
  orgRoles?: string[];
}

export async function updateApiKey(
  tx: Tx,
  orgId: string,
  id: string,
  changes: ApiKeyChanges,
  actor: Actor,
  at: number,
): Promise<ApiKeyDoc> {
  if (changes.desc === undefined && changes.orgRoles === undefined) throw errors.missingAttribute('roles');
  const key = await getApiKey(tx, orgId, id);
  const target = { targetPublicKey: key.publicKey };
  if (changes.desc !== undefined && changes.desc !== key.desc) {
    key.desc = changes.desc;
    await recordEvent(tx, { type: 'API_KEY_DESCRIPTION_CHANGED', at, actor, orgId, fields: target });
  }
  if (changes.orgRoles !== undefined) {
    const current = key.roles.filter((r) => !r.groupId).map((r) => r.roleName);
    const next = changedRoles(current, changes.orgRoles);
    if (next) {
      key.roles = [...next.map((roleName) => ({ orgId, roleName })), ...key.roles.filter((r) => r.groupId)];
      await recordEvent(tx, { type: 'API_KEY_ROLES_CHANGED', at, actor, orgId, fields: target });
    }
  }
  await saveApiKey(tx, key);
  return key;
}

export async function deleteApiKey(tx: Tx, orgId: string, id: string, actor: Actor, at: number): Promise<void> {
  const key = await getApiKey(tx, orgId, id);
  await tx.delete(API_KEYS, id);
  await recordEvent(tx, { type: 'API_KEY_DELETED', at, actor, orgId, fields: { targetPublicKey: key.publicKey } });
}

/** Sets the key's roles in one project (assigning it when it had none there). */
export async function setProjectRoles(
  tx: Tx,
  orgId: string,
  groupId: string,
  id: string,
  roles: string[],
  actor: Actor,
  at: number,
): Promise<ApiKeyDoc> {
  const key = await getApiKey(tx, orgId, id);
  const current = key.roles.filter((r) => r.groupId === groupId).map((r) => r.roleName);
  const next = changedRoles(current, roles);
  if (!next) return key;
  key.roles = [...key.roles.filter((r) => r.groupId !== groupId), ...next.map((roleName) => ({ groupId, roleName }))];
  await saveApiKey(tx, key);
  const fields = { targetPublicKey: key.publicKey };
  if (current.length === 0) await recordEvent(tx, { type: 'API_KEY_ADDED_TO_GROUP', at, actor, orgId, groupId, fields });
  else await recordEvent(tx, { type: 'API_KEY_ROLES_CHANGED', at, actor, orgId, groupId, fields });
  return key;
}

/** The key of this organization that holds roles in the project, or 404. */
export async function getProjectApiKey(r: Reader, orgId: string, groupId: string, id: string): Promise<ApiKeyDoc> {
  const key = await getApiKey(r, orgId, id);
  if (!key.roles.some((x) => x.groupId === groupId)) throw apiKeyNotFound(id);
  return key;
}

export async function removeFromProject(
  tx: Tx,
  orgId: string,
  groupId: string,
  id: string,
  actor: Actor,
  at: number,
): Promise<void> {
  const key = await getProjectApiKey(tx, orgId, groupId, id);
  key.roles = key.roles.filter((r) => r.groupId !== groupId);
  await saveApiKey(tx, key);
  await recordEvent(tx, {
    type: 'API_KEY_REMOVED_FROM_GROUP',
    at,
    actor,
    orgId,
    groupId,
    fields: { targetPublicKey: key.publicKey },
  });
}

export async function addAccessListEntries(
  tx: Tx,
  orgId: string,
  id: string,
  entries: AccessListInput[],
  actor: Actor,
  at: number,
): Promise<ApiKeyDoc> {
  const key = await getApiKey(tx, orgId, id);
  const added = newAccessListEntries(key.accessList, entries, isoSeconds(at));
  if (added.length === 0) return key;
  key.accessList.push(...added);
  await saveApiKey(tx, key);
  for (const e of added) {
    await recordEvent(tx, {
      type: 'API_KEY_ACCESS_LIST_ENTRY_ADDED',
      at,
      actor,
      orgId,
      fields: { targetPublicKey: key.publicKey, whitelistEntry: e.ipAddress ?? e.cidrBlock },
    });
  }
  return key;
}

/** The key's entry named by an address or a block, or 404. */
export function getAccessListEntry(key: ApiKeyDoc, value: string): AccessListEntry {
  const entry = findAccessListEntry(key.accessList, value);
  if (!entry) throw errors.accessListEntryNotFound(value, 'API key', key.id);
  return entry;
}

export async function deleteAccessListEntry(
  tx: Tx,
  orgId: string,
  id: string,
  value: string,
  actor: Actor,
  at: number,
): Promise<void> {
  const key = await getApiKey(tx, orgId, id);
  const entry = getAccessListEntry(key, value);
  key.accessList = key.accessList.filter((x) => x !== entry);
  await saveApiKey(tx, key);
  await recordEvent(tx, {
    type: 'API_KEY_ACCESS_LIST_ENTRY_DELETED',
    at,
    actor,
    orgId,
    fields: { targetPublicKey: key.publicKey, whitelistEntry: entry.ipAddress ?? entry.cidrBlock },
  });
}

// A deleted project takes the keys' roles in it along.
export const dropProjectAssignments = on(projectDeleted, async (tx, project) => {
  for (const key of await listProjectApiKeys(tx, project.orgId, project.id)) {
    key.roles = key.roles.filter((r) => r.groupId !== project.id);
    await saveApiKey(tx, key);
  }
});
