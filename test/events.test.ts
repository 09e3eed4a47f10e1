import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { after, before, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { EVENT_TYPES } from '../src/resources/index.js';

type EventTypeName = string;
const recordEvent = eventRecorder(EVENT_TYPES);
import { atlasAddress, eventRecorder, type Actor } from '../src/platform/events.js';
import { randomToken } from '../src/platform/ids.js';
import { SqliteStore } from '../src/platform/store/sqlite.js';
import { eventQueryStatements } from '../src/platform/store/sqliteEvents.js';
import type { EventQuery } from '../src/platform/store/types.js';
import { keyOfAnotherOrg, keyWithRoles } from './fixtures.js';
import { Client, createProject, fetchToken, STORAGE, startTestServer, tempDir, type TestServer } from './helpers.js';

const REMOTE_ADDRESS = /^((25[0-5]|(2[0-4]|1\d|[1-9]|)\d)(\.(?!$)|$)){4}|([0-9a-f]{1,4}:){7}[0-9a-f]{1,4}$/;
const DAY = 86_400_000;

interface Seeded {
  id: string;
  type: EventTypeName;
  at: number;
  clusterName?: string;
}

const SYSTEM: Actor = { kind: 'system' };

/** Records events as the product does (recordEvent), at chosen emulated times. */
async function seed(s: TestServer, groupId: string, events: Omit<Seeded, 'id'>[], actor: Actor = SYSTEM): Promise<Seeded[]> {
  const store = s.emulator.services.store;
  return store.write(async (tx) => {
    const out: Seeded[] = [];
    for (const e of events) {
      const id = await recordEvent(tx, { type: e.type, at: e.at, actor, orgId: s.orgId, groupId, clusterName: e.clusterName });
      out.push({ ...e, at: Math.floor(e.at / 1000) * 1000, id });
    }
    return out;
  });
}

/** A new project and its history: its GROUP_CREATED event (now) and the events seeded before it. */
async function projectWithHistory(s: TestServer, events: Omit<Seeded, 'id'>[]): Promise<{ groupId: string; seeded: Seeded[] }> {
  const groupId = await createProject(s);
  const [created] = (await s.owner.get(`groups/${groupId}/events`)).json.results;
  const seeded = await seed(s, groupId, events);
  return { groupId, seeded: [...seeded, { id: created.id, type: 'GROUP_CREATED', at: Date.parse(created.created) }] };
}

type Query = Record<string, string | number | boolean | (string | number)[]>;

/** Every page of a listing, in order. */
async function all(client: Client, url: string, query: Query = {}): Promise<string[]> {
  const ids: string[] = [];
  for (let pageNum = 1; ; pageNum++) {
    const r = await client.get(url, { query: { ...query, itemsPerPage: 7, pageNum } });
    assert.equal(r.status, 200, r.text);
    ids.push(...r.json.results.map((e: { id: string }) => e.id));
    if (!r.json.links.some((l: { rel: string }) => l.rel === 'next')) return ids;
  }
}

const newestFirst = (a: Seeded, b: Seeded) => b.at - a.at || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0);

interface Filter {
  eventType?: EventTypeName[];
  excludedEventType?: EventTypeName[];
  clusterNames?: string[];
  minDate?: number;
  maxDate?: number;
}

function expected(events: Seeded[], f: Filter): string[] {
  return events
    .filter(
      (e) =>
        (!f.eventType || f.eventType.includes(e.type)) &&
        (!f.excludedEventType || !f.excludedEventType.includes(e.type)) &&
        (!f.clusterNames || (e.clusterName !== undefined && f.clusterNames.includes(e.clusterName))) &&
        (f.minDate === undefined || e.at >= f.minDate) &&
        (f.maxDate === undefined || e.at <= f.maxDate),
    )
    .sort(newestFirst)
    .map((e) => e.id);
}

function toQuery(f: Filter): Query {
  const q: Query = {};
  if (f.eventType) q.eventType = f.eventType;
  if (f.excludedEventType) q.excludedEventType = f.excludedEventType;
  if (f.clusterNames) q.clusterNames = f.clusterNames;
  if (f.minDate !== undefined) q.minDate = new Date(f.minDate).toISOString().replace('.000Z', 'Z');
  if (f.maxDate !== undefined) q.maxDate = new Date(f.maxDate).toISOString().replace('.000Z', 'Z');
  return q;
}

const CLUSTER_TYPES: EventTypeName[] = ['CLUSTER_CREATED', 'CLUSTER_READY', 'CLUSTER_UPDATE_SUBMITTED', 'CLUSTER_DELETED'];

/** A mixed history: cluster events on three clusters, project events without a cluster, over several days. */
function history(start: number, count: number, stepMs: number): Omit<Seeded, 'id'>[] {
  const out: Omit<Seeded, 'id'>[] = [];
  for (let i = 0; i < count; i++) {
    const at = start + Math.floor(i / 3) * stepMs; // three events per instant: ties
    if (i % 4 === 3) out.push({ type: i % 8 === 3 ? 'GROUP_TAGS_MODIFIED' : 'ALERT_CONFIG_ADDED_AUDIT', at });
    else out.push({ type: CLUSTER_TYPES[i % CLUSTER_TYPES.length]!, at, clusterName: ['alpha', 'beta', 'gamma-1'][i % 3]! });
  }
  return out;
}

describe('events: project and organization feeds', () => {
  let s: TestServer;
  before(async () => {
    s = await startTestServer();
  });
  after(async () => s.close());

  it('records who did it: API key by id and public key, service account by client id, with an Atlas address', async () => {
    const byKey = await createProject(s);
    const r = await s.owner.get(`groups/${byKey}/events`);
    assert.equal(r.status, 200);
    assert.equal(r.headers.get('content-type'), 'application/vnd.atlas.2023-01-01+json;charset=utf-8');
    const [created] = r.json.results;
    assert.equal(created.eventTypeName, 'GROUP_CREATED');
    assert.equal(created.apiKeyId, s.emulator.credentials.apiKeyId);
    assert.equal(created.publicKey, s.emulator.credentials.publicKey);
    assert.equal(created.userId, undefined);
    assert.equal(created.username, undefined);
    assert.equal(created.isGlobalAdmin, false);
    assert.equal(created.groupId, byKey);
    assert.equal(created.orgId, s.orgId);
    assert.match(created.remoteAddress, REMOTE_ADDRESS);
    assert.equal(created.raw, undefined);
    assert.deepEqual(created.links, [{ href: `${s.url}/api/atlas/v2/groups/${byKey}/events/${created.id}`, rel: 'self' }]);
    assert.deepEqual(Object.keys(created), [...Object.keys(created)].sort());

    const bySa = await s.sa.post('groups', { name: `sa-${randomToken(6)}`, orgId: s.orgId });
    assert.equal(bySa.status, 201);
    const saEvents = await s.sa.get(`groups/${bySa.json.id}/events`);
    const [saCreated] = saEvents.json.results;
    assert.equal(saCreated.username, s.emulator.credentials.clientId);
    assert.equal(saCreated.apiKeyId, undefined);
    assert.equal(saCreated.publicKey, undefined);
    assert.match(saCreated.remoteAddress, REMOTE_ADDRESS);
  });

  it('writes addresses in the pattern of remoteAddress: IPv6 uncompressed, IPv4-mapped as IPv4', () => {
    const cases: [string, string][] = [
      ['127.0.0.1', '127.0.0.1'],
      ['::ffff:10.1.2.3', '10.1.2.3'],
      ['::1', '0:0:0:0:0:0:0:1'],
      ['2001:DB8::8a2e:0370:7334', '2001:db8:0:0:0:8a2e:370:7334'],
      ['fe80::1%eth0', 'fe80:0:0:0:0:0:0:1'],
      ['64:ff9b::192.0.2.33', '64:ff9b:0:0:0:0:c000:221'],
    ];
    for (const [given, want] of cases) {
      assert.equal(atlasAddress(given), want);
      assert.match(want, REMOTE_ADDRESS);
    }
  });

  it('serves raw only with includeRaw=true, and then on every result', async () => {
    const groupId = await createProject(s, `raw-${randomToken(6)}`);
    await s.owner.patch(`groups/${groupId}`, { name: `renamed-${randomToken(6)}` });
    const plain = await s.owner.get(`groups/${groupId}/events`, { query: { includeRaw: false } });
    assert.ok(plain.json.results.every((e: { raw?: unknown }) => e.raw === undefined));
    const r = await s.owner.get(`groups/${groupId}/events`, { query: { includeRaw: true } });
    assert.equal(r.json.results.length, 2);
    for (const e of r.json.results) {
      assert.deepEqual(
        Object.keys(e.raw).filter((k) => ['_t', 'cid', 'cre', 'description', 'gn', 'id', 'orgId', 'orgName', 'severity'].includes(k)),
        ['_t', 'cid', 'cre', 'description', 'gn', 'id', 'orgId', 'orgName', 'severity'],
      );
      assert.equal(e.raw.id, e.id);
      assert.equal(e.raw.cid, groupId);
      assert.equal(e.raw.cre, e.created);
      assert.equal(e.raw.orgName, 'Emulator Organization');
      assert.equal(e.raw.description, EVENT_TYPES[e.eventTypeName]!.description);
      assert.equal(e.raw.severity, 'INFO');
    }
    const [renamed] = r.json.results;
    assert.equal(renamed.eventTypeName, 'GROUP_NAME_CHANGED');
    assert.equal(renamed.raw._t, 'GROUP_AUDIT');
    const one = await s.owner.get(`groups/${groupId}/events/${renamed.id}`, { query: { includeRaw: true } });
    assert.deepEqual(one.json, renamed);
    const oneBare = await s.owner.get(`groups/${groupId}/events/${renamed.id}`);
    assert.equal(oneBare.json.raw, undefined);
  });

  it('orders newest first and breaks ties by id, descending', async () => {
    const t = Date.UTC(2026, 0, 5, 12);
    const { groupId, seeded } = await projectWithHistory(s, [
      { type: 'CLUSTER_CREATED', at: t, clusterName: 'a' },
      { type: 'CLUSTER_READY', at: t + 400, clusterName: 'a' }, // same second
      { type: 'CLUSTER_DELETED', at: t, clusterName: 'b' },
      { type: 'CLUSTER_CREATED', at: t - 60_000, clusterName: 'b' },
    ]);
    const ids = await all(s.owner, `groups/${groupId}/events`);
    assert.deepEqual(ids, expected(seeded, {}));
    assert.equal(ids[0], seeded[4]!.id);
    // Within one second, the later record has the larger id.
    assert.deepEqual(ids.slice(1), [seeded[2]!.id, seeded[1]!.id, seeded[0]!.id, seeded[3]!.id]);
  });

  describe('filters, alone and in pairs', () => {
    let groupId: string;
    let seeded: Seeded[];
    const start = Date.UTC(2026, 1, 1);
    before(async () => {
      ({ groupId, seeded } = await projectWithHistory(s, history(start, 120, 3 * 3600_000)));
    });

    const window = { minDate: start + 2 * DAY + 3 * 3600_000, maxDate: start + 4 * DAY }; // bounds fall on events
    const single: [string, Filter][] = [
      ['eventType', { eventType: ['CLUSTER_READY'] }],
      ['eventType repeated (OR)', { eventType: ['CLUSTER_READY', 'GROUP_TAGS_MODIFIED'] }],
      ['excludedEventType', { excludedEventType: ['CLUSTER_CREATED', 'ALERT_CONFIG_ADDED_AUDIT'] }],
      ['clusterNames', { clusterNames: ['beta'] }],
      ['clusterNames repeated (OR)', { clusterNames: ['alpha', 'gamma-1'] }],
      ['minDate (inclusive)', { minDate: window.minDate }],
      ['maxDate (inclusive)', { maxDate: window.maxDate }],
    ];
    const pairs: [string, Filter][] = [
      ['eventType + excludedEventType', { eventType: ['CLUSTER_READY', 'CLUSTER_DELETED'], excludedEventType: ['CLUSTER_DELETED'] }],
      ['eventType + clusterNames', { eventType: ['CLUSTER_CREATED', 'CLUSTER_DELETED'], clusterNames: ['alpha', 'beta'] }],
      ['eventType + dates', { eventType: ['CLUSTER_UPDATE_SUBMITTED'], ...window }],
      ['excludedEventType + clusterNames', { excludedEventType: ['CLUSTER_READY'], clusterNames: ['gamma-1'] }],
      ['excludedEventType + dates', { excludedEventType: ['ALERT_CONFIG_ADDED_AUDIT'], ...window }],
      ['clusterNames + dates', { clusterNames: ['alpha'], ...window }],
      ['minDate + maxDate', window],
    ];
    for (const [name, f] of [...single, ...pairs]) {
      it(name, async () => {
        const want = expected(seeded, f);
        assert.ok(want.length > 0 && want.length < seeded.length, 'the filter selects a proper subset');
        assert.deepEqual(await all(s.owner, `groups/${groupId}/events`, toQuery(f)), want);
        const counted = await s.owner.get(`groups/${groupId}/events`, { query: { ...toQuery(f), itemsPerPage: 5 } });
        assert.equal(counted.json.totalCount, want.length);
      });
    }

    it('an eventType wholly excluded, or an empty window, matches nothing', async () => {
      const none = await s.owner.get(`groups/${groupId}/events`, { query: { eventType: 'CLUSTER_READY', excludedEventType: 'CLUSTER_READY' } });
      assert.deepEqual([none.json.results, none.json.totalCount], [[], 0]);
      const backwards = await s.owner.get(`groups/${groupId}/events`, { query: { minDate: '2026-02-03T00:00:00Z', maxDate: '2026-02-02T00:00:00Z' } });
      assert.deepEqual([backwards.json.results, backwards.json.totalCount], [[], 0]);
    });

    it('accepts a bare date and an offset date', async () => {
      const r = await s.owner.get(`groups/${groupId}/events`, { query: { minDate: '2026-02-03', maxDate: '2026-02-04T02:00:00+02:00' } });
      assert.equal(r.json.totalCount, expected(seeded, { minDate: Date.UTC(2026, 1, 3), maxDate: Date.UTC(2026, 1, 4) }).length);
    });

    it('pages with self, previous and next links and a totalCount', async () => {
      const base = `${s.url}/api/atlas/v2/groups/${groupId}/events`;
      const first = await s.owner.get(`groups/${groupId}/events`, { query: { eventType: 'CLUSTER_READY', itemsPerPage: 10 } });
      const total = expected(seeded, { eventType: ['CLUSTER_READY'] }).length;
      assert.equal(first.json.totalCount, total);
      assert.deepEqual(first.json.links, [
        { href: `${base}?eventType=CLUSTER_READY&includeCount=true&pageNum=1&itemsPerPage=10`, rel: 'self' },
        { href: `${base}?eventType=CLUSTER_READY&includeCount=true&pageNum=2&itemsPerPage=10`, rel: 'next' },
      ]);
      const lastPage = Math.ceil(total / 10);
      const last = await s.owner.get(`groups/${groupId}/events`, { query: { eventType: 'CLUSTER_READY', itemsPerPage: 10, pageNum: lastPage } });
      assert.deepEqual(last.json.links.map((l: { rel: string }) => l.rel), ['previous', 'self']);
      assert.equal(last.json.results.length, total - (lastPage - 1) * 10);
      const past = await s.owner.get(`groups/${groupId}/events`, { query: { pageNum: 99 } });
      assert.deepEqual(past.json.results, []);
      // Without a count, totalCount is 0 and next still tells whether more follow.
      const uncounted = await s.owner.get(`groups/${groupId}/events`, { query: { includeCount: false, itemsPerPage: 10 } });
      assert.equal(uncounted.json.totalCount, 0);
      assert.deepEqual(uncounted.json.links.map((l: { rel: string }) => l.rel), ['self', 'next']);
      const uncountedLast = await s.owner.get(`groups/${groupId}/events`, { query: { includeCount: false, itemsPerPage: 100, pageNum: 2 } });
      assert.deepEqual(uncountedLast.json.links.map((l: { rel: string }) => l.rel), ['previous', 'self']);
    });
  });

  it('steps deep pages by day counts without losing or repeating an event', async () => {
    const start = Date.UTC(2025, 5, 1, 7);
    const { groupId, seeded } = await projectWithHistory(s, history(start, 9000, 300_000)); // ten days, ties of three
    const cases: Filter[] = [
      {},
      { eventType: ['CLUSTER_READY', 'CLUSTER_DELETED'] },
      { clusterNames: ['alpha', 'beta'], excludedEventType: ['CLUSTER_READY'] },
      { minDate: start + DAY + 1800_000, maxDate: start + 9 * DAY - 1 },
    ];
    for (const f of cases) {
      const want = expected(seeded, f);
      for (const pageNum of [1, 7, 12, 13]) {
        const r = await s.owner.get(`groups/${groupId}/events`, { query: { ...toQuery(f), itemsPerPage: 500, pageNum } });
        assert.equal(r.status, 200);
        assert.equal(r.json.totalCount, want.length, JSON.stringify(f));
        assert.deepEqual(
          r.json.results.map((e: { id: string }) => e.id),
          want.slice((pageNum - 1) * 500, pageNum * 500),
          `${JSON.stringify(f)} page ${pageNum}`,
        );
        const uncounted = await s.owner.get(`groups/${groupId}/events`, {
          query: { ...toQuery(f), itemsPerPage: 500, pageNum, includeCount: false },
        });
        assert.deepEqual(uncounted.json.results, r.json.results);
      }
    }
  });

  it('answers 404 for an unknown event and for another project\'s event, 400 for a malformed id', async () => {
    const mine = await createProject(s);
    const other = await createProject(s);
    const [theirs] = (await s.owner.get(`groups/${other}/events`)).json.results;
    const unknown = 'a'.repeat(24);
    const r = await s.owner.get(`groups/${mine}/events/${unknown}`);
    assert.equal(r.status, 404);
    assert.deepEqual(r.json, {
      detail: `No event with ID ${unknown} exists.`,
      error: 404,
      errorCode: 'EVENT_NOT_FOUND',
      parameters: [unknown],
      reason: 'Not Found',
    });
    const cross = await s.owner.get(`groups/${mine}/events/${theirs.id}`);
    assert.equal(cross.status, 404);
    assert.equal(cross.json.errorCode, 'EVENT_NOT_FOUND');
    assert.equal((await s.owner.get(`groups/${other}/events/${theirs.id}`)).status, 200);
    const bad = await s.owner.get(`groups/${mine}/events/not-an-id`);
    assert.equal(bad.status, 400);
    assert.equal(bad.json.errorCode, 'INVALID_PATH_PARAMETER');
  });

  it('rejects bad filters: unknown event types, bad cluster names, unparsable dates, out-of-range paging', async () => {
    const groupId = await createProject(s);
    const url = `groups/${groupId}/events`;
    for (const name of ['eventType', 'excludedEventType']) {
      const r = await s.owner.get(url, { query: { [name]: ['CLUSTER_CREATED', 'NOT_AN_EVENT'] } });
      assert.equal(r.status, 400);
      assert.equal(r.json.errorCode, 'INVALID_ENUM_VALUE');
      assert.deepEqual(r.json.parameters, ['NOT_AN_EVENT']);
    }
    const cluster = await s.owner.get(url, { query: { clusterNames: ['ok-name', '-bad_name'] } });
    assert.equal(cluster.status, 400);
    assert.equal(cluster.json.errorCode, 'INVALID_QUERY_PARAMETER');
    assert.deepEqual(cluster.json.parameters, ['clusterNames']);
    for (const [name, value] of [['minDate', 'yesterday'], ['maxDate', '2026-13-01T00:00:00Z'], ['minDate', '2026-02-30']]) {
      const r = await s.owner.get(url, { query: { [name!]: value! } });
      assert.equal(r.status, 400, `${name}=${value}`);
      assert.equal(r.json.errorCode, 'INVALID_QUERY_PARAMETER');
      assert.deepEqual(r.json.parameters, [name]);
    }
    assert.equal((await s.owner.get(url, { query: { itemsPerPage: 501 } })).json.errorCode, 'INVALID_QUERY_PARAMETER');
    assert.equal((await s.owner.get(url, { query: { pageNum: 0 } })).json.errorCode, 'INVALID_QUERY_PARAMETER');
    const org = await s.owner.get(`orgs/${s.orgId}/events`, { query: { eventType: 'NOPE' } });
    assert.equal(org.json.errorCode, 'INVALID_ENUM_VALUE');
  });

  it('lists org-level events in the organization feed, and only those', async () => {
    const groupId = await createProject(s, `org-feed-${randomToken(6)}`);
    await s.owner.patch(`groups/${groupId}`, { name: `org-feed-${randomToken(6)}` });
    const events = (await s.owner.get(`groups/${groupId}/events`)).json.results;
    const created = events.find((e: { eventTypeName: string }) => e.eventTypeName === 'GROUP_CREATED');
    const renamed = events.find((e: { eventTypeName: string }) => e.eventTypeName === 'GROUP_NAME_CHANGED');
    assert.equal((await s.owner.delete(`groups/${groupId}`)).status, 202);

    const feed = await s.owner.get(`orgs/${s.orgId}/events`, { query: { includeRaw: true, itemsPerPage: 500 } });
    assert.equal(feed.status, 200);
    const ids = feed.json.results.map((e: { id: string }) => e.id);
    assert.ok(ids.includes(created.id));
    assert.ok(!ids.includes(renamed.id));
    const deleted = feed.json.results.find((e: { eventTypeName: string; raw: { cid: string } }) => e.eventTypeName === 'GROUP_DELETED' && e.raw.cid === groupId);
    assert.ok(deleted, 'GROUP_DELETED is listed with the project it removed');
    assert.equal(deleted.groupId, undefined);
    assert.ok(feed.json.results.every((e: { eventTypeName: string }) => EVENT_TYPES[e.eventTypeName]!.scope === 'org'));
    assert.equal(feed.json.totalCount, feed.json.results.length);

    const one = await s.owner.get(`orgs/${s.orgId}/events/${deleted.id}`);
    assert.equal(one.status, 200);
    assert.equal(one.json.links[0].href, `${s.url}/api/atlas/v2/orgs/${s.orgId}/events/${deleted.id}`);
    assert.equal((await s.owner.get(`orgs/${s.orgId}/events/${renamed.id}`)).json.errorCode, 'EVENT_NOT_FOUND');

    const onlyDeletes = await s.owner.get(`orgs/${s.orgId}/events`, { query: { eventType: 'GROUP_DELETED', minDate: deleted.created, maxDate: deleted.created } });
    assert.ok(onlyDeletes.json.results.length >= 1);
    assert.ok(onlyDeletes.json.results.every((e: { eventTypeName: string }) => e.eventTypeName === 'GROUP_DELETED'));
  });

  it("answers the seed's curl examples for listProjectEvents (Digest and Bearer), verbatim apart from the host", async () => {
    const groupId = await createProject(s);
    const c = s.emulator.credentials;
    const env = {
      PATH: process.env.PATH,
      PUBLIC_KEY: c.publicKey,
      PRIVATE_KEY: c.privateKey,
      ACCESS_TOKEN: await fetchToken(s.url, c.clientId, c.clientSecret),
    };
    const examples = [
      `curl --header "Authorization: Bearer \${ACCESS_TOKEN}" \\
  --header "Accept: application/vnd.atlas.2025-03-12+json" \\
  -X GET "https://cloud.mongodb.com/api/atlas/v2/groups/{groupId}/events?pretty=true"`,
      `curl --user "\${PUBLIC_KEY}:\${PRIVATE_KEY}" \\
  --digest \\
  --header "Accept: application/vnd.atlas.2025-03-12+json" \\
  -X GET "https://cloud.mongodb.com/api/atlas/v2/groups/{groupId}/events?pretty=true"`,
    ];
    for (const example of examples) {
      const command = `${example.replace('https://cloud.mongodb.com', s.url).replace('{groupId}', groupId)} --silent --include`;
      const { stdout } = await promisify(execFile)('bash', ['-c', command], { env });
      // Digest shows its 401 challenge first; the answer is the last head and its body.
      const parts = stdout.split('\r\n\r\n');
      const body = parts.pop()!;
      const head = parts.pop()!;
      assert.match(head, /^HTTP\/1\.1 200 OK\r\n/);
      assert.match(head, /\r\ncontent-type: application\/vnd\.atlas\.2023-01-01\+json;charset=utf-8\r\n/i);
      assert.match(body, /^\{\n {2}"links": \[\n/, 'pretty-printed');
      const page = JSON.parse(body);
      assert.deepEqual(page.links, [
        { href: `${s.url}/api/atlas/v2/groups/${groupId}/events?pretty=true&includeCount=true&pageNum=1&itemsPerPage=100`, rel: 'self' },
      ]);
      assert.equal(page.totalCount, 1);
      assert.deepEqual(Object.keys(page.results[0]), [
        'apiKeyId', 'created', 'eventTypeName', 'groupId', 'id', 'isGlobalAdmin', 'links', 'orgId', 'publicKey', 'remoteAddress',
      ]);
      assert.equal(page.results[0].eventTypeName, 'GROUP_CREATED');
      assert.equal(page.results[0].publicKey, c.publicKey);
    }
  });

  it('ignores the project-only filters on the organization feed, which does not take them', async () => {
    const groupId = await createProject(s);
    const [created] = (await s.owner.get(`orgs/${s.orgId}/events`, { query: { eventType: 'GROUP_CREATED' } })).json.results;
    assert.equal(created.groupId, groupId);
    const plain = await s.owner.get(`orgs/${s.orgId}/events`, { query: { itemsPerPage: 500 } });
    for (const query of [{ excludedEventType: 'GROUP_CREATED' }, { excludedEventType: 'NOT_AN_EVENT' }, { clusterNames: ['alpha', 'beta'] }] as Query[]) {
      const r = await s.owner.get(`orgs/${s.orgId}/events`, { query: { ...query, itemsPerPage: 500 } });
      assert.equal(r.status, 200, `${JSON.stringify(query)}: ${r.text}`);
      assert.deepEqual(
        r.json.results.map((e: { id: string }) => e.id),
        plain.json.results.map((e: { id: string }) => e.id),
        JSON.stringify(query),
      );
    }
  });

  it('needs Project Read Only for project events and Organization Member for org events', async () => {
    const groupId = await createProject(s);
    const [event] = (await s.owner.get(`groups/${groupId}/events`)).json.results;
    const reader = (await keyWithRoles(s, { projectRoles: [{ groupId, roles: ['GROUP_READ_ONLY'] }] })).client;
    assert.equal((await reader.get(`groups/${groupId}/events`)).status, 200);
    assert.equal((await reader.get(`groups/${groupId}/events/${event.id}`)).status, 200);
    assert.equal((await reader.get(`orgs/${s.orgId}/events`)).status, 200, 'any key of the organization is a member');

    const viewer = (await keyWithRoles(s, { projectRoles: [{ groupId, roles: ['GROUP_OBSERVABILITY_VIEWER'] }] })).client;
    for (const url of [`groups/${groupId}/events`, `groups/${groupId}/events/${event.id}`]) {
      const r = await viewer.get(url);
      assert.equal(r.status, 401);
      assert.equal(r.json.errorCode, 'USER_UNAUTHORIZED');
    }
    const elsewhere = (await keyWithRoles(s, { projectRoles: [{ groupId: await createProject(s), roles: ['GROUP_OWNER'] }] })).client;
    assert.equal((await elsewhere.get(`groups/${groupId}/events`)).json.errorCode, 'NOT_IN_GROUP');

    const { orgId: otherOrg, client: stranger } = await keyOfAnotherOrg(s);
    assert.equal((await stranger.get(`groups/${groupId}/events`)).json.errorCode, 'NOT_IN_GROUP');
    const org = await stranger.get(`orgs/${s.orgId}/events`);
    assert.equal(org.status, 401);
    assert.equal(org.json.errorCode, 'NOT_ORG_MEMBER');
    assert.equal((await stranger.get(`orgs/${otherOrg}/events`)).status, 200);
    assert.equal((await stranger.get(`orgs/${s.orgId}/events/${event.id}`)).json.errorCode, 'NOT_ORG_MEMBER');
  });

  it('reads every filtered page from an index: no table scan, no sort (SQLite plans)', { skip: STORAGE !== 'sqlite' }, () => {
    const db = new Database(path.join(s.config.dataDir, 'atlas.sqlite'), { readonly: true });
    try {
      const g = { groupId: 'c'.repeat(24) };
      const o = { orgId: 'd'.repeat(24) };
      const filters: Partial<EventQuery>[] = [
        {},
        { eventTypes: ['CLUSTER_READY'] },
        { eventTypes: ['CLUSTER_READY', 'CLUSTER_CREATED'] },
        { excludedEventTypes: ['CLUSTER_READY'] },
        { clusterNames: ['a'] },
        { clusterNames: ['a', 'b'], eventTypes: ['CLUSTER_READY'] },
        { clusterNames: ['a'], excludedEventTypes: ['CLUSTER_READY'] },
        { eventTypes: ['CLUSTER_READY'], minDate: 0, maxDate: 1 },
        { clusterNames: ['a'], minDate: 0 },
      ];
      let checked = 0;
      for (const feed of [g, o]) {
        for (const f of filters) {
          const q = { feed, offset: 0, limit: 10, includeCount: true, ...f } as EventQuery;
          for (const st of eventQueryStatements(q)) {
            const plan = (db.prepare(`EXPLAIN QUERY PLAN ${st.sql}`).all(...st.args) as { detail: string }[]).map((p) => p.detail);
            for (const step of plan) {
              assert.doesNotMatch(step, /^SCAN (events|e)\b/, `${st.sql}: ${plan.join(' | ')}`);
              if (/\bevents\b|\be\b/.test(step)) assert.match(step, /^SEARCH .*USING (COVERING INDEX|PRIMARY KEY|INDEX)/, `${st.sql}: ${plan.join(' | ')}`);
            }
            if (/FROM events/.test(st.sql)) assert.ok(!plan.some((p) => p.includes('TEMP B-TREE')), `${st.sql}: ${plan.join(' | ')}`);
            if (/ORDER BY created/.test(st.sql)) assert.ok(plan.some((p) => p.includes('COVERING INDEX')), `${st.sql}: ${plan.join(' | ')}`);
            checked++;
          }
        }
      }
      assert.ok(checked > 40);
    } finally {
      db.close();
    }
  });
});

describe('events: migrating a store recorded before the feeds existed', { skip: STORAGE !== 'sqlite' }, () => {
  it('backfills the organization feed and the day counts', async () => {
    const dir = tempDir();
    const orgId = 'e'.repeat(24);
    const groupId = 'f'.repeat(24);
    const at = Date.UTC(2026, 2, 1);
    const recorded: [EventTypeName, number, string | undefined, string | null][] = [
      ['GROUP_CREATED', at, undefined, groupId],
      ['CLUSTER_CREATED', at + DAY, 'alpha', groupId],
      ['CLUSTER_READY', at + DAY + 60_000, 'alpha', groupId],
      ['ALERT_CONFIG_ADDED_AUDIT', at + 2 * DAY, undefined, groupId],
      ['GROUP_DELETED', at + 3 * DAY, undefined, null],
    ];
    let store = SqliteStore.open(dir);
    await store.write(async (tx) => {
      for (const [type, when, clusterName, g] of recorded) {
        await recordEvent(tx, { type, at: when, actor: SYSTEM, orgId, groupId: g, clusterName });
      }
    });
    await store.close();
    // Back to the schema of 002: no org_feed, no day counts, the old indexes.
    const db = new Database(path.join(dir, 'atlas.sqlite'));
    db.exec(`
      DROP INDEX events_feed_group; DROP INDEX events_feed_group_type; DROP INDEX events_feed_group_cluster;
      DROP INDEX events_feed_org; DROP INDEX events_feed_org_type; DROP TABLE event_days;
      ALTER TABLE events DROP COLUMN org_feed;
      CREATE INDEX events_group ON events (group_id, created DESC, id DESC);
      CREATE INDEX events_group_type ON events (group_id, type, created DESC, id DESC);
      CREATE INDEX events_group_cluster ON events (group_id, cluster_name, created DESC, id DESC);
      CREATE INDEX events_org ON events (org_id, group_id, created DESC, id DESC);
      DELETE FROM migrations WHERE id = '003_event_feeds';
    `);
    db.close();
    store = SqliteStore.open(dir);
    try {
      const page = (q: Partial<EventQuery>) =>
        store.queryEvents({ feed: { groupId }, offset: 0, limit: 100, includeCount: true, ...q } as EventQuery);
      const project = await page({});
      assert.deepEqual(project.items.map((e) => e.eventTypeName), ['ALERT_CONFIG_ADDED_AUDIT', 'CLUSTER_READY', 'CLUSTER_CREATED', 'GROUP_CREATED']);
      assert.equal(project.total, 4);
      assert.equal((await page({ clusterNames: ['alpha'] })).total, 2);
      assert.equal((await page({ excludedEventTypes: ['CLUSTER_READY'], minDate: at + DAY })).total, 2);
      const org = await page({ feed: { orgId } });
      assert.deepEqual(org.items.map((e) => e.eventTypeName), ['GROUP_DELETED', 'GROUP_CREATED']);
      assert.equal(org.total, 2);
      assert.ok(org.items.every((e) => e.orgLevel));
    } finally {
      await store.close();
    }
  });
});
