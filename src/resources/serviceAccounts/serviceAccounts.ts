import type { Reader, Tx } from '../../platform/store/types.js';
import { SERVICE_ACCOUNTS } from '../../platform/credentials.js';
import {
  findAccessListEntry,
  newAccessListEntries,
  sha256,
  type AccessListInput,
  type SecretDoc,
  type ServiceAccountDoc,
} from '../../platform/credentials.js';
import { ApiError, errors } from '../../platform/errors.js';
import { type Actor } from '../../platform/events.js';
import { recordEvent } from './events.js';
import { on } from '../../platform/hooks.js';
import { projectDeleted } from '../projects/hooks.js';
import { changedRoles } from '../../platform/roles.js';
import { newObjectId, randomHex, randomToken } from '../../platform/ids.js';
import { isoSeconds } from '../../platform/time.js';

// Service accounts of an organization: OAuth clients whose secrets exist in
// clear text only in the answer that creates them; the store keeps SHA-256.

const HOUR_MS = 3_600_000;
const SECRET_ALPHABET = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

const serviceAccountNotFound = (clientId: string) =>
  new ApiError(404, 'SERVICE_ACCOUNT_NOT_FOUND', `Service Account ${clientId} not found.`, [clientId]);

export async function getServiceAccount(r: Reader, orgId: string, clientId: string): Promise<ServiceAccountDoc> {
  const sa = await r.get<ServiceAccountDoc>(SERVICE_ACCOUNTS, clientId);
  if (!sa || sa.orgId !== orgId) throw serviceAccountNotFound(clientId);
  return sa;
}

export async function listServiceAccounts(r: Reader, orgId: string): Promise<ServiceAccountDoc[]> {
  return (await r.list<ServiceAccountDoc>(SERVICE_ACCOUNTS, orgId)).items;
}

export const saveServiceAccount = (tx: Tx, sa: ServiceAccountDoc) =>
  tx.put(SERVICE_ACCOUNTS, sa.clientId, sa, { parent: sa.orgId, name: null });

/** A new secret: the document to store and the clear value to show once. */
function newSecret(at: number, expiresAfterHours: number): { doc: SecretDoc; secret: string } {
  const secret = `mdb_sa_sk_${randomToken(40, SECRET_ALPHABET)}`;
  return {
    secret,
    doc: {
      id: newObjectId(at),
      createdAt: isoSeconds(at),
      expiresAt: isoSeconds(at + expiresAfterHours * HOUR_MS),
      hash: sha256(secret),
      tail: secret.slice(-4),
    },
  };
}

export interface NewServiceAccount {
  name: string;
  description: string;
  roles: string[];
  /** Absent: the account starts without a secret. */
  secretExpiresAfterHours?: number;
  /** Roles in one project, for an account created from a project. */
  project?: { groupId: string; roles: string[] };
}

export async function createServiceAccount(
  tx: Tx,
  orgId: string,
  input: NewServiceAccount,
  actor: Actor,
  at: number,
): Promise<{ sa: ServiceAccountDoc; secret?: { id: string; value: string } }> {
  let clientId: string;
  do clientId = `mdb_sa_id_${randomHex(24)}`;
  while (await tx.get(SERVICE_ACCOUNTS, clientId));
  const created = input.secretExpiresAfterHours !== undefined ? newSecret(at, input.secretExpiresAfterHours) : undefined;
  const sa: ServiceAccountDoc = {
    clientId,
    orgId,
    name: input.name,
    description: input.description,
    roles: [...new Set(input.roles)],
    groupRoles: input.project ? { [input.project.groupId]: [...new Set(input.project.roles)] } : {},
    secrets: created ? [created.doc] : [],
    accessList: [],
    createdAt: isoSeconds(at),
  };
  await saveServiceAccount(tx, sa);
  await recordEvent(tx, { type: 'SERVICE_ACCOUNT_CREATED', at, actor, orgId, raw: { targetClientId: clientId } });
  if (input.project) {
    const { groupId } = input.project;
    await recordEvent(tx, { type: 'SERVICE_ACCOUNT_ADDED_TO_GROUP', at, actor, orgId, groupId, raw: { targetClientId: clientId } });
  }
  return { sa, secret: created ? { id: created.doc.id, value: created.secret } : undefined };
}

export interface ServiceAccountChanges {
  name?: string;
  description?: string;
  roles?: string[];
}

export async function updateServiceAccount(
  tx: Tx,
  orgId: string,
  clientId: string,
  changes: ServiceAccountChanges,
  actor: Actor,
  at: number,
): Promise<ServiceAccountDoc> {
  const sa = await getServiceAccount(tx, orgId, clientId);
  const raw = { targetClientId: clientId };
  const details =
    (changes.name !== undefined && changes.name !== sa.name) ||
    (changes.description !== undefined && changes.description !== sa.description);
  if (details) {
    sa.name = changes.name ?? sa.name;
    sa.description = changes.description ?? sa.description;
    await recordEvent(tx, { type: 'SERVICE_ACCOUNT_DETAILS_CHANGED', at, actor, orgId, raw });
  }
  if (changes.roles !== undefined) {
    const next = changedRoles(sa.roles, changes.roles);
    if (next) {
      sa.roles = next;
      await recordEvent(tx, { type: 'SERVICE_ACCOUNT_ROLES_CHANGED', at, actor, orgId, raw });
    }
  }
  await saveServiceAccount(tx, sa);
  return sa;
}

export async function deleteServiceAccount(tx: Tx, orgId: string, clientId: string, actor: Actor, at: number): Promise<void> {
  await getServiceAccount(tx, orgId, clientId);
  await tx.delete(SERVICE_ACCOUNTS, clientId);
  await recordEvent(tx, { type: 'SERVICE_ACCOUNT_DELETED', at, actor, orgId, raw: { targetClientId: clientId } });
}

export async function addSecret(
  tx: Tx,
  orgId: string,
  clientId: string,
  expiresAfterHours: number,
  actor: Actor,
  at: number,
): Promise<{ doc: SecretDoc; secret: string }> {
  const sa = await getServiceAccount(tx, orgId, clientId);
  const created = newSecret(at, expiresAfterHours);
  sa.secrets.push(created.doc);
  await saveServiceAccount(tx, sa);
  await recordEvent(tx, { type: 'SERVICE_ACCOUNT_SECRET_ADDED', at, actor, orgId, raw: { targetClientId: clientId } });
  return created;
}

/** Notes when a secret last got a token (shown as lastUsedAt). */
export async function markSecretUsed(tx: Tx, clientId: string, secretId: string, at: number): Promise<void> {
  const sa = await tx.get<ServiceAccountDoc>(SERVICE_ACCOUNTS, clientId);
  const secret = sa?.secrets.find((s) => s.id === secretId);
  if (!sa || !secret) return;
  secret.lastUsedAt = isoSeconds(at);
  await saveServiceAccount(tx, sa);
}

export async function deleteSecret(
  tx: Tx,
  orgId: string,
  clientId: string,
  secretId: string,
  actor: Actor,
  at: number,
): Promise<void> {
  const sa = await getServiceAccount(tx, orgId, clientId);
  if (!sa.secrets.some((s) => s.id === secretId)) throw errors.secretNotFound(secretId);
  sa.secrets = sa.secrets.filter((s) => s.id !== secretId);
  await saveServiceAccount(tx, sa);
  await recordEvent(tx, { type: 'SERVICE_ACCOUNT_SECRET_DELETED', at, actor, orgId, raw: { targetClientId: clientId } });
}

/** The account of this organization that holds roles in the project, or 404. */
export async function getProjectServiceAccount(
  r: Reader,
  orgId: string,
  groupId: string,
  clientId: string,
): Promise<ServiceAccountDoc> {
  const sa = await getServiceAccount(r, orgId, clientId);
  if (!sa.groupRoles[groupId]?.length) throw serviceAccountNotFound(clientId);
  return sa;
}

export async function listProjectServiceAccounts(r: Reader, orgId: string, groupId: string): Promise<ServiceAccountDoc[]> {
  return (await listServiceAccounts(r, orgId)).filter((sa) => sa.groupRoles[groupId]?.length);
}

/** Sets the account's roles in one project, assigning it when it had none there. */
export async function setServiceAccountProjectRoles(
  tx: Tx,
  orgId: string,
  groupId: string,
  clientId: string,
  roles: string[],
  actor: Actor,
  at: number,
): Promise<ServiceAccountDoc> {
  const sa = await getServiceAccount(tx, orgId, clientId);
  const current = sa.groupRoles[groupId] ?? [];
  const next = changedRoles(current, roles);
  if (!next) return sa;
  sa.groupRoles[groupId] = next;
  await saveServiceAccount(tx, sa);
  const raw = { targetClientId: clientId };
  if (current.length === 0) await recordEvent(tx, { type: 'SERVICE_ACCOUNT_ADDED_TO_GROUP', at, actor, orgId, groupId, raw });
  else await recordEvent(tx, { type: 'SERVICE_ACCOUNT_ROLES_CHANGED', at, actor, orgId, groupId, raw });
  return sa;
}

/** Takes the account out of the project; it stays in the organization with its secrets. */
export async function removeServiceAccountFromProject(
  tx: Tx,
  orgId: string,
  groupId: string,
  clientId: string,
  actor: Actor,
  at: number,
): Promise<void> {
  const sa = await getProjectServiceAccount(tx, orgId, groupId, clientId);
  delete sa.groupRoles[groupId];
  await saveServiceAccount(tx, sa);
  await recordEvent(tx, {
    type: 'SERVICE_ACCOUNT_REMOVED_FROM_GROUP',
    at,
    actor,
    orgId,
    groupId,
    raw: { targetClientId: clientId },
  });
}

export async function addServiceAccountAccessList(
  tx: Tx,
  orgId: string,
  clientId: string,
  entries: AccessListInput[],
  actor: Actor,
  at: number,
): Promise<ServiceAccountDoc> {
  const sa = await getServiceAccount(tx, orgId, clientId);
  const added = newAccessListEntries(sa.accessList, entries, isoSeconds(at));
  if (added.length === 0) return sa;
  sa.accessList.push(...added);
  await saveServiceAccount(tx, sa);
  for (const e of added) {
    await recordEvent(tx, {
      type: 'SERVICE_ACCOUNT_ACCESS_LIST_ENTRY_ADDED',
      at,
      actor,
      orgId,
      raw: { targetClientId: clientId, entry: e.ipAddress ?? e.cidrBlock },
    });
  }
  return sa;
}

export async function deleteServiceAccountAccessListEntry(
  tx: Tx,
  orgId: string,
  clientId: string,
  value: string,
  actor: Actor,
  at: number,
): Promise<void> {
  const sa = await getServiceAccount(tx, orgId, clientId);
  const entry = findAccessListEntry(sa.accessList, value);
  if (!entry) throw errors.accessListEntryNotFound(value, 'service account', clientId);
  sa.accessList = sa.accessList.filter((x) => x !== entry);
  await saveServiceAccount(tx, sa);
  await recordEvent(tx, {
    type: 'SERVICE_ACCOUNT_ACCESS_LIST_ENTRY_DELETED',
    at,
    actor,
    orgId,
    raw: { targetClientId: clientId, entry: entry.ipAddress ?? entry.cidrBlock },
  });
}

// A deleted project takes the accounts' roles in it along.
export const dropProjectAssignments = on(projectDeleted, async (tx, project) => {
  for (const sa of await listServiceAccounts(tx, project.orgId)) {
    if (!sa.groupRoles[project.id]) continue;
    delete sa.groupRoles[project.id];
    await saveServiceAccount(tx, sa);
  }
});
