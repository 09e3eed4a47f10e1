import { ApiError, errors } from '../../platform/errors.js';
import { API_KEYS, SERVICE_ACCOUNTS, type ApiKeyDoc, type ServiceAccountDoc } from '../../platform/credentials.js';
import type { Actor } from '../../platform/events.js';
import { newObjectId } from '../../platform/ids.js';
import type { Reader, Tx } from '../../platform/store/types.js';
import { ORGS, PROJECTS } from '../../platform/tenancy.js';
import { isoSeconds } from '../../platform/time.js';
import { ORG_SETTINGS } from './collections.js';
import { recordEvent } from './events.js';
import { orgDeleted } from './hooks.js';
import { getOrg, type OrgDoc } from './orgs.js';

// An organization's own administration: its name, settings and delegation
// settings, creating one and deleting one.

export interface OrgSettings {
  apiAccessListRequired: boolean;
  customSessionTimeouts?: { absoluteSessionTimeoutInSeconds?: number; idleSessionTimeoutInSeconds?: number };
  genAIFeaturesEnabled: boolean;
  maxServiceAccountSecretValidityInHours?: number;
  multiFactorAuthRequired: boolean;
  operationsContact?: string | null;
  restrictEmployeeAccess: boolean;
  securityContact?: string;
  streamsCrossGroupEnabled: boolean;
}

export interface DelegationSettings {
  delegatedMcpAccess?: string | null;
  delegatedPartnerAccess?: string | null;
  idleRefreshTokenLifetime?: number | null;
  maximumRefreshTokenLifetime?: number | null;
}

interface SettingsDoc {
  orgId: string;
  settings: OrgSettings;
  delegation: DelegationSettings;
}

const DEFAULTS: OrgSettings = {
  apiAccessListRequired: false,
  genAIFeaturesEnabled: true,
  multiFactorAuthRequired: false,
  restrictEmployeeAccess: false,
  streamsCrossGroupEnabled: false,
};

const ORG_NAME = /^[\p{L}\p{N}\-_.(),:&@+']{1,64}$/u;

async function settingsDoc(r: Reader, orgId: string): Promise<SettingsDoc> {
  await getOrg(r, orgId);
  return (await r.get<SettingsDoc>(ORG_SETTINGS, orgId)) ?? { orgId, settings: { ...DEFAULTS }, delegation: {} };
}

export async function getSettings(r: Reader, orgId: string): Promise<OrgSettings> {
  return (await settingsDoc(r, orgId)).settings;
}

export async function getDelegation(r: Reader, orgId: string): Promise<DelegationSettings> {
  return (await settingsDoc(r, orgId)).delegation;
}

export async function updateSettings(tx: Tx, orgId: string, changes: Partial<OrgSettings>, actor: Actor, at: number) {
  const doc = await settingsDoc(tx, orgId);
  const before = doc.settings;
  doc.settings = { ...before, ...changes };
  await tx.put(ORG_SETTINGS, orgId, doc, { parent: orgId });
  const changed = (k: keyof OrgSettings) => changes[k] !== undefined && JSON.stringify(changes[k]) !== JSON.stringify(before[k]);
  if (changed('securityContact')) await recordEvent(tx, { type: 'SECURITY_CONTACT_MODIFIED', at, actor, orgId });
  if (changed('operationsContact')) await recordEvent(tx, { type: 'OPERATIONS_CONTACT_MODIFIED', at, actor, orgId });
  if (changed('customSessionTimeouts')) await recordEvent(tx, { type: 'CUSTOM_SESSION_TIMEOUT_MODIFIED', at, actor, orgId });
  return doc.settings;
}

export async function updateDelegation(tx: Tx, orgId: string, changes: DelegationSettings): Promise<DelegationSettings> {
  const doc = await settingsDoc(tx, orgId);
  doc.delegation = { ...doc.delegation, ...changes };
  await tx.put(ORG_SETTINGS, orgId, doc, { parent: orgId });
  return doc.delegation;
}

function checkName(name: string): string {
  if (!ORG_NAME.test(name)) throw errors.invalidAttribute('name', "1 to 64 letters, digits or -_.(),:&@+'");
  return name;
}

export async function updateOrg(
  tx: Tx,
  orgId: string,
  changes: { name: string; skipDefaultAlertsSettings?: boolean },
  actor: Actor,
  at: number,
): Promise<OrgDoc> {
  const org = await getOrg(tx, orgId);
  const name = checkName(changes.name);
  const renamed = name !== org.name;
  org.name = name;
  if (changes.skipDefaultAlertsSettings !== undefined) org.skipDefaultAlertsSettings = changes.skipDefaultAlertsSettings;
  await tx.put(ORGS, org.id, org, { parent: null, name: null });
  if (renamed) await recordEvent(tx, { type: 'ORG_RENAMED', at, actor, orgId, raw: { orgName: name } });
  return org;
}

export async function createOrg(tx: Tx, name: string, skipDefaultAlertsSettings: boolean, actor: Actor, at: number): Promise<OrgDoc> {
  const org: OrgDoc = { id: newObjectId(at), name: checkName(name), isDeleted: false, skipDefaultAlertsSettings, createdAt: isoSeconds(at) };
  await tx.put(ORGS, org.id, org, { parent: null, name: null });
  await recordEvent(tx, { type: 'ORG_CREATED', at, actor, orgId: org.id });
  return org;
}

/** Deletes an organization without projects, with its credentials and whatever hangs off it. */
export async function deleteOrg(tx: Tx, orgId: string): Promise<void> {
  const org = await getOrg(tx, orgId);
  if ((await tx.count(PROJECTS, orgId)) > 0) {
    throw new ApiError(
      409,
      'CANNOT_DELETE_ORG_ACTIVE_PROJECTS',
      'There are projects in this organization. Please delete all projects before deleting the organization.',
      [orgId],
    );
  }
  await orgDeleted.run(tx, org, 0);
  for (const k of (await tx.list<ApiKeyDoc>(API_KEYS, undefined)).items) if (k.orgId === orgId) await tx.delete(API_KEYS, k.id);
  for (const sa of (await tx.list<ServiceAccountDoc>(SERVICE_ACCOUNTS, undefined)).items) {
    if (sa.orgId === orgId) await tx.delete(SERVICE_ACCOUNTS, sa.clientId);
  }
  await tx.delete(ORG_SETTINGS, orgId);
  await tx.delete(ORGS, orgId);
}
