import fs from 'node:fs';
import path from 'node:path';
import type { Config } from './platform/settings.js';
import type { Store } from './platform/store/types.js';
import { saveApiKey } from './resources/apiKeys/apiKeys.js';
import { ORGS } from './platform/tenancy.js';
import { API_KEYS, SERVICE_ACCOUNTS } from './platform/credentials.js';
import { digestHa1, sha256, type ApiKeyDoc, type ServiceAccountDoc } from './platform/credentials.js';
import { newObjectId } from './platform/ids.js';
import type { OrgDoc } from './resources/organizations/orgs.js';
import { saveServiceAccount } from './resources/serviceAccounts/serviceAccounts.js';
import { isoSeconds } from './platform/time.js';
import { ensureDir } from './dataDir.js';

export const BOOTSTRAP_META = 'bootstrap';

export interface BootstrapIds {
  orgId: string;
  apiKeyId: string;
  secretId: string;
  /** The client id the bootstrap service account had last time, to replace it when it changes. */
  clientId?: string;
}

export interface BootstrapResult extends BootstrapIds {
  publicKey: string;
  privateKey: string;
  clientId: string;
  clientSecret: string;
}

const BOOTSTRAP_SECRET_EXPIRY = '9999-12-31T23:59:59Z';

/**
 * Makes sure the default organization and its owner credentials exist and match
 * the configured values. Runs on every start and after a reset, so that the
 * credentials from the environment always work and ids stay the same.
 */
export async function bootstrap(store: Store, config: Config, now: number): Promise<BootstrapResult> {
  const raw = await store.getMeta(BOOTSTRAP_META);
  const ids: BootstrapIds = raw
    ? (JSON.parse(raw) as BootstrapIds)
    : { orgId: newObjectId(now), apiKeyId: newObjectId(now), secretId: newObjectId(now) };
  const created = isoSeconds(now);
  await store.write(async (tx) => {
    if (!(await tx.get(ORGS, ids.orgId))) {
      const org: OrgDoc = {
        id: ids.orgId,
        name: 'Emulator Organization',
        isDeleted: false,
        skipDefaultAlertsSettings: false,
        createdAt: created,
      };
      await tx.put(ORGS, org.id, org, { parent: null, name: null });
    }
    const existingKey = await tx.get<ApiKeyDoc>(API_KEYS, ids.apiKeyId);
    // Another key may hold the configured public key (created through the API); the bootstrap key wins it.
    const holder = await tx.getByName<ApiKeyDoc>(API_KEYS, null, config.publicKey);
    if (holder && holder.id !== ids.apiKeyId) await tx.delete(API_KEYS, holder.id);
    const key: ApiKeyDoc = {
      id: ids.apiKeyId,
      orgId: ids.orgId,
      desc: 'Emulator bootstrap key',
      publicKey: config.publicKey,
      ha1: digestHa1(config.publicKey, config.privateKey),
      privateKeyTail: config.privateKey.slice(-12),
      roles: [{ orgId: ids.orgId, roleName: 'ORG_OWNER' }],
      accessList: existingKey?.accessList ?? [],
      createdAt: existingKey?.createdAt ?? created,
    };
    await saveApiKey(tx, key);

    if (ids.clientId && ids.clientId !== config.clientId) await tx.delete(SERVICE_ACCOUNTS, ids.clientId);
    const existingSa = await tx.get<ServiceAccountDoc>(SERVICE_ACCOUNTS, config.clientId);
    const sa: ServiceAccountDoc = {
      clientId: config.clientId,
      orgId: ids.orgId,
      name: 'emulator-bootstrap',
      description: 'Emulator bootstrap service account',
      roles: ['ORG_OWNER'],
      groupRoles: existingSa?.groupRoles ?? {},
      secrets: [
        ...(existingSa?.secrets.filter((s) => s.id !== ids.secretId) ?? []),
        // The same secret keeps its dates across restarts and imports.
        existingSa?.secrets.find((s) => s.id === ids.secretId && s.hash === sha256(config.clientSecret)) ?? {
          id: ids.secretId,
          createdAt: created,
          // The clock's last instant: the bootstrap secret never expires however far the emulated clock moves.
          expiresAt: BOOTSTRAP_SECRET_EXPIRY,
          hash: sha256(config.clientSecret),
          tail: config.clientSecret.slice(-4),
        },
      ],
      accessList: existingSa?.accessList ?? [],
      createdAt: existingSa?.createdAt ?? created,
    };
    await saveServiceAccount(tx, sa);
    await tx.setMeta(BOOTSTRAP_META, JSON.stringify({ ...ids, clientId: config.clientId }));
  });
  return {
    ...ids,
    publicKey: config.publicKey,
    privateKey: config.privateKey,
    clientId: config.clientId,
    clientSecret: config.clientSecret,
  };
}

/** credentials.json in the data directory, readable by the owner only. */
export function writeCredentialsFile(dataDir: string, creds: BootstrapResult, baseUrl: string, controlToken?: string): string {
  ensureDir(dataDir);
  const file = path.join(dataDir, 'credentials.json');
  const body = {
    baseUrl,
    orgId: creds.orgId,
    publicKey: creds.publicKey,
    privateKey: creds.privateKey,
    clientId: creds.clientId,
    clientSecret: creds.clientSecret,
    ...(controlToken ? { controlToken } : {}),
  };
  fs.writeFileSync(file, JSON.stringify(body, null, 2) + '\n', { mode: 0o600 });
  fs.chmodSync(file, 0o600);
  return file;
}
