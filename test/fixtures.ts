import assert from 'node:assert/strict';
import { ORGS } from '../src/platform/tenancy.js';
import { API_KEYS } from '../src/platform/credentials.js';
import type { ApiKeyDoc } from '../src/platform/credentials.js';
import { newObjectId } from '../src/platform/ids.js';
import { advance, Client, type TestServer } from './helpers.js';

// Shared set-up that goes through the API like any client would: API keys with
// chosen roles, and the events a change recorded.

export interface TestApiKey {
  id: string;
  publicKey: string;
  /** As the create answer gave it (reads mask it). */
  privateKey: string;
  /** Digest client that authenticates with this key. */
  client: Client;
}

export interface KeyRoles {
  /** Organization roles. Left out with projectRoles, the key is created from its first project and holds no org role. */
  orgRoles?: string[];
  projectRoles?: { groupId: string; roles: string[] }[];
  desc?: string;
}

/**
 * An API key of the server's organization, created by the owner through the API
 * keys operations: an organization key (createApiKey) or, with project roles only,
 * a key created from its first project (createProjectApiKey), then assigned to
 * the other projects (addProjectApiKey).
 */
export async function keyWithRoles(s: TestServer, { orgRoles, projectRoles = [], desc = 'test key' }: KeyRoles): Promise<TestApiKey> {
  const fromProject = orgRoles === undefined && projectRoles.length > 0;
  const created = fromProject
    ? await s.owner.post(`groups/${projectRoles[0]!.groupId}/apiKeys`, { desc, roles: projectRoles[0]!.roles })
    : await s.owner.post(`orgs/${s.orgId}/apiKeys`, { desc, roles: orgRoles ?? ['ORG_MEMBER'] });
  assert.equal(created.status, 200, created.text);
  const { id, publicKey, privateKey } = created.json as { id: string; publicKey: string; privateKey: string };
  for (const p of fromProject ? projectRoles.slice(1) : projectRoles) {
    const r = await s.owner.post(`groups/${p.groupId}/apiKeys/${id}`, [{ roles: p.roles }]);
    assert.equal(r.status, 204, r.text);
  }
  return { id, publicKey, privateKey, client: new Client(s.url, { kind: 'digest', publicKey, privateKey }) };
}

/**
 * An API key of a second organization. No operation creates organizations, so the
 * organization is put in the store, and a key created through the API is moved to it.
 */
export async function keyOfAnotherOrg(s: TestServer): Promise<{ orgId: string; client: Client }> {
  const orgId = newObjectId(s.emulator.services.clock.now());
  const { id, client } = await keyWithRoles(s, { orgRoles: ['ORG_OWNER'], desc: 'moved to another organization' });
  await s.emulator.services.store.write(async (tx) => {
    await tx.put(ORGS, orgId, { id: orgId, name: 'Other', isDeleted: false, skipDefaultAlertsSettings: false, createdAt: '2026-01-01T00:00:00Z' }, { parent: null, name: null });
    const key = (await tx.get<ApiKeyDoc>(API_KEYS, id))!;
    await tx.put(API_KEYS, id, { ...key, orgId, roles: [{ orgId, roleName: 'ORG_OWNER' }] }, { parent: null, name: key.publicKey });
  });
  s.emulator.services.credentials.invalidate();
  return { orgId, client };
}

/** An event as the events API serves it. */
export interface FeedEvent {
  id: string;
  created: string;
  eventTypeName: string;
  groupId?: string;
  orgId?: string;
  apiKeyId?: string;
  publicKey?: string;
  remoteAddress?: string;
  username?: string;
  /** Only with includeRaw. */
  raw?: Record<string, unknown>;
  [key: string]: unknown;
}

export interface EventFilter {
  /** Event types to return (any of them). */
  eventType?: string | string[];
  includeRaw?: boolean;
}

async function feed(s: TestServer, path: string, { eventType, includeRaw }: EventFilter): Promise<FeedEvent[]> {
  const query: Record<string, string | number | boolean | string[]> = { itemsPerPage: 500 };
  if (eventType !== undefined) query.eventType = Array.isArray(eventType) ? eventType : [eventType];
  if (includeRaw) query.includeRaw = true;
  const out: FeedEvent[] = [];
  for (let pageNum = 1; ; pageNum++) {
    const r = await s.owner.get(path, { query: { ...query, pageNum } });
    assert.equal(r.status, 200, r.text);
    out.push(...(r.json.results as FeedEvent[]));
    if (!r.json.links.some((l: { rel: string }) => l.rel === 'next')) return out;
  }
}

/** A project's events, newest first, every page, read by the owner through GET /groups/{groupId}/events. */
export function projectEvents(s: TestServer, groupId: string, filter: EventFilter = {}): Promise<FeedEvent[]> {
  return feed(s, `groups/${groupId}/events`, filter);
}

/** The organization's events, newest first, every page, read through GET /orgs/{orgId}/events. */
export function orgEvents(s: TestServer, filter: EventFilter = {}): Promise<FeedEvent[]> {
  return feed(s, `orgs/${s.orgId}/events`, filter);
}

/** A three-node AWS replica set created through the API and advanced until it is IDLE. */
export async function readyCluster(
  s: TestServer,
  groupId: string,
  name: string,
  extra: Record<string, unknown> = {},
): Promise<{ id: string; name: string; [k: string]: unknown }> {
  const created = await s.owner.post(`groups/${groupId}/clusters`, {
    name,
    clusterType: 'REPLICASET',
    replicationSpecs: [
      {
        regionConfigs: [
          { providerName: 'AWS', regionName: 'US_EAST_1', priority: 7, electableSpecs: { instanceSize: 'M10', nodeCount: 3 } },
        ],
      },
    ],
    ...extra,
  });
  assert.equal(created.status, 201, created.text);
  await advance(s, 'PT5M');
  const ready = await s.owner.get(`groups/${groupId}/clusters/${name}`);
  assert.equal(ready.json.stateName, 'IDLE', ready.text);
  return ready.json;
}
