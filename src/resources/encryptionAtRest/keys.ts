import { ApiError, errors } from '../../platform/errors.js';
import type { Actor } from '../../platform/events.js';
import type { Reader, Tx } from '../../platform/store/types.js';
import { getRole, setFeatureUsage, usableRole } from '../cloudProviderAccess/roles.js';
import { getProject } from '../projects/projects.js';
import { ENCRYPTION_AT_REST } from './collections.js';
import { recordEvent } from './events.js';

// Customer key management per project: one configuration per key service. The
// emulator cannot reach a customer's key service, so "valid" means the
// configuration has every part Atlas needs to reach one (and an AWS or Google
// role that is authorized); Atlas's own check of the key itself always succeeds.

type Cfg = Record<string, unknown> & { enabled?: boolean; valid?: boolean };

export interface EncryptionDoc {
  groupId: string;
  awsKms: Cfg;
  azureKeyVault: Cfg;
  googleCloudKms: Cfg;
  enabledForSearchNodes: boolean;
}

export type KeyService = 'awsKms' | 'azureKeyVault' | 'googleCloudKms';
export const PROVIDER_SERVICE: Record<string, KeyService> = { AWS: 'awsKms', AZURE: 'azureKeyVault', GCP: 'googleCloudKms' };

// Never served: Atlas takes secrets and never shows them again.
const WRITE_ONLY = new Set(['secretAccessKey', 'secret', 'serviceAccountKey', 'roleId']);
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const AZURE_KEY = /^https:\/\/[a-zA-Z0-9-]{3,24}\.vault\.(azure\.net|azure\.cn|usgovcloudapi\.net)\/keys\/[a-zA-Z0-9-]+(\/[a-zA-Z0-9]+)?$/;
const GCP_KEY_VERSION = /^projects\/[^/]+\/locations\/[^/]+\/keyRings\/[^/]+\/cryptoKeys\/[^/]+\/cryptoKeyVersions\/\d+$/;

function defaults(groupId: string): EncryptionDoc {
  return {
    groupId,
    awsKms: { enabled: false, requirePrivateNetworking: false, valid: false },
    azureKeyVault: { azureEnvironment: 'AZURE', enabled: false, requirePrivateNetworking: false, valid: false },
    googleCloudKms: { enabled: false, valid: false },
    enabledForSearchNodes: false,
  };
}

export async function getEncryption(r: Reader, groupId: string): Promise<EncryptionDoc> {
  await getProject(r, groupId);
  return (await r.get<EncryptionDoc>(ENCRYPTION_AT_REST, groupId)) ?? defaults(groupId);
}

export function encryptionView(doc: EncryptionDoc) {
  const strip = (c: Cfg) => Object.fromEntries(Object.entries(c).filter(([k]) => !WRITE_ONLY.has(k)));
  return {
    awsKms: strip(doc.awsKms),
    azureKeyVault: strip(doc.azureKeyVault),
    enabledForSearchNodes: doc.enabledForSearchNodes,
    googleCloudKms: strip(doc.googleCloudKms),
  };
}

function need(c: Cfg, field: string, service: KeyService): string {
  const v = c[field];
  if (typeof v !== 'string' || v === '') throw errors.missingAttribute(`${service}.${field}`);
  return v;
}

/** Checks an enabled configuration has what Atlas needs; answers the role it uses, if any. */
async function check(r: Reader, groupId: string, service: KeyService, c: Cfg): Promise<string | undefined> {
  if (service === 'awsKms') {
    need(c, 'customerMasterKeyID', service);
    need(c, 'region', service);
    if (c.roleId) return (await usableRole(r, groupId, c.roleId as string, 'AWS')).id;
    need(c, 'accessKeyID', service);
    need(c, 'secretAccessKey', service);
    return undefined;
  }
  if (service === 'azureKeyVault') {
    for (const f of ['clientID', 'subscriptionID', 'tenantID']) if (!UUID.test(need(c, f, service))) throw errors.invalidAttribute(`${service}.${f}`, 'a UUID');
    if (!AZURE_KEY.test(need(c, 'keyIdentifier', service))) throw errors.invalidAttribute(`${service}.keyIdentifier`, 'a Key Vault key URL');
    need(c, 'keyVaultName', service);
    need(c, 'resourceGroupName', service);
    need(c, 'secret', service);
    return undefined;
  }
  if (!GCP_KEY_VERSION.test(need(c, 'keyVersionResourceID', service))) {
    throw errors.invalidAttribute(`${service}.keyVersionResourceID`, 'projects/<p>/locations/<l>/keyRings/<r>/cryptoKeys/<k>/cryptoKeyVersions/<n>');
  }
  if (c.roleId) return (await usableRole(r, groupId, c.roleId as string, 'GCP')).id;
  const key = need(c, 'serviceAccountKey', service);
  try {
    JSON.parse(key);
  } catch {
    throw errors.invalidAttribute(`${service}.serviceAccountKey`, 'the service account key JSON');
  }
  return undefined;
}

export async function updateEncryption(
  tx: Tx,
  groupId: string,
  changes: Partial<Record<KeyService, Cfg>> & { enabledForSearchNodes?: boolean },
  actor: Actor,
  at: number,
): Promise<EncryptionDoc> {
  const project = await getProject(tx, groupId);
  const doc = await getEncryption(tx, groupId);
  for (const service of ['awsKms', 'azureKeyVault', 'googleCloudKms'] as const) {
    const change = changes[service];
    if (!change) continue;
    const { valid: _ignored, ...given } = change;
    const next: Cfg = { ...doc[service], ...given };
    const before = doc[service].roleId as string | undefined;
    let role: string | undefined;
    if (next.enabled) {
      role = await check(tx, groupId, service, next);
      next.valid = true;
    } else {
      next.valid = false;
    }
    if (before && before !== role) await setFeatureUsage(tx, await getRole(tx, groupId, before), 'ENCRYPTION_AT_REST', { groupId }, false);
    if (role) {
      const provider = service === 'awsKms' ? 'AWS' : 'GCP';
      await setFeatureUsage(tx, await usableRole(tx, groupId, role, provider), 'ENCRYPTION_AT_REST', { groupId }, true);
    }
    doc[service] = next;
  }
  if (changes.enabledForSearchNodes !== undefined) doc.enabledForSearchNodes = changes.enabledForSearchNodes;
  await tx.put(ENCRYPTION_AT_REST, groupId, doc, { parent: groupId });
  await recordEvent(tx, { type: 'ENCRYPTION_AT_REST_CONFIGURATION_UPDATED', at, actor, orgId: project.orgId, groupId });
  if ((['awsKms', 'azureKeyVault', 'googleCloudKms'] as const).some((s) => changes[s]?.enabled && doc[s].valid)) {
    await recordEvent(tx, { type: 'ENCRYPTION_AT_REST_CONFIGURATION_VALIDATION_SUCCEEDED', at, actor, orgId: project.orgId, groupId });
  }
  return doc;
}

/** A cluster may use a provider's key only while that provider's configuration is enabled and valid. */
export async function requireUsableEncryption(r: Reader, groupId: string, provider: string | undefined): Promise<void> {
  if (provider === undefined || provider === 'NONE') return;
  const service = PROVIDER_SERVICE[provider];
  if (!service) throw errors.invalidEnumValue(provider, 'encryptionAtRestProvider');
  const cfg = (await getEncryption(r, groupId))[service];
  if (!cfg.enabled || !cfg.valid) {
    throw new ApiError(
      400,
      'ENCRYPTION_AT_REST_PROVIDER_NOT_ENABLED',
      `Encryption at rest with ${provider} is not enabled and valid for project ${groupId}.`,
      [provider, groupId],
    );
  }
}
