import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { after, before, describe, it } from 'node:test';
import { CLUSTERS } from '../src/resources/clusters/collections.js';
import { newObjectId } from '../src/platform/ids.js';
import { keyWithRoles, projectEvents } from './fixtures.js';
import { advance, createProject, fetchToken, startTestServer, type TestServer } from './helpers.js';

const run = promisify(execFile);

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const SNAPSHOT_STEP_MS = 2000;
const DEPRECATION = 'Wed, 10 Dec 2025 00:00:00 GMT';
const SUNSET = 'Thu, 15 Jan 2026 00:00:00 GMT';

const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');

interface Snap {
  id: string;
  createdAt: string;
  expiresAt: string;
  frequencyType: string;
  status: string;
  storageSizeBytes: number;
  mongodVersion: string;
  serverlessInstanceName: string;
  snapshotType: string;
}

function body(name: string, extra: Record<string, unknown> = {}) {
  return { name, providerSettings: { backingProviderName: 'AWS', providerName: 'SERVERLESS', regionName: 'US_EAST_1' }, ...extra };
}

/** Creates an instance and waits (in emulated time) until it is IDLE; returns its creation time. */
async function createReady(s: TestServer, groupId: string, name: string, extra: Record<string, unknown> = {}): Promise<number> {
  const r = await s.owner.post(`groups/${groupId}/serverless`, body(name, extra));
  assert.equal(r.status, 201, r.text);
  await advance(s, 'PT5S');
  return Date.parse(r.json.createDate);
}

async function snapshots(s: TestServer, groupId: string, name: string): Promise<Snap[]> {
  const r = await s.owner.get(`groups/${groupId}/serverless/${name}/backup/snapshots`, { query: { itemsPerPage: 500 } });
  assert.equal(r.status, 200, r.text);
  return r.json.results;
}

describe('serverless instances', () => {
  let s: TestServer;
  before(async () => {
    s = await startTestServer();
  });
  after(async () => s.close());

  it('creates an instance as Atlas answers it, deprecated, and brings it to IDLE on the clock', async () => {
    const groupId = await createProject(s);
    const r = await s.owner.post(`groups/${groupId}/serverless`, body('Inst-1', { tags: [{ key: 'env', value: 'dev' }] }));
    assert.equal(r.status, 201, r.text);
    assert.equal(r.headers.get('content-type'), 'application/vnd.atlas.2023-01-01+json;charset=utf-8');
    assert.equal(r.headers.get('deprecation'), DEPRECATION);
    assert.equal(r.headers.get('sunset'), SUNSET);
    const i = r.json;
    assert.deepEqual(Object.keys(i), [
      'connectionStrings', 'createDate', 'groupId', 'id', 'links', 'mongoDBVersion', 'name', 'providerSettings',
      'serverlessBackupOptions', 'stateName', 'tags', 'terminationProtectionEnabled',
    ]);
    assert.equal(i.stateName, 'CREATING');
    assert.equal(i.groupId, groupId);
    assert.match(i.id, /^[a-f0-9]{24}$/);
    assert.match(i.connectionStrings.standardSrv, /^mongodb\+srv:\/\/inst-1\.[a-z0-9]{5}\.mongodb\.net$/);
    assert.equal(i.mongoDBVersion, '8.0.17');
    assert.deepEqual(i.serverlessBackupOptions, { serverlessContinuousBackupEnabled: false });
    assert.equal(i.terminationProtectionEnabled, false);
    assert.deepEqual(i.tags, [{ key: 'env', value: 'dev' }]);
    const created = Date.parse(i.createDate);
    assert.deepEqual(i.providerSettings, {
      backingProviderName: 'AWS',
      effectiveDiskSizeGBLimit: 5,
      effectiveInstanceSizeName: 'FLEX',
      effectiveProviderName: 'TENANT',
      nextBackupDate: iso(created + 6 * HOUR),
      providerName: 'SERVERLESS',
      regionName: 'US_EAST_1',
      tenantBackupEnabled: true,
    });
    const self = `${s.url}/api/atlas/v2/groups/${groupId}/serverless/Inst-1`;
    assert.deepEqual(i.links, [
      { href: self, rel: 'self' },
      { href: `${self}/backup/restoreJobs`, rel: 'https://cloud.mongodb.com/restoreJobs' },
      { href: `${self}/backup/snapshots`, rel: 'https://cloud.mongodb.com/snapshots' },
    ]);

    await advance(s, 'PT2S');
    assert.equal((await s.owner.get(`groups/${groupId}/serverless/Inst-1`)).json.stateName, 'CREATING');
    await advance(s, 'PT1S');
    const ready = await s.owner.get(`groups/${groupId}/serverless/Inst-1`);
    assert.equal(ready.json.stateName, 'IDLE');
    assert.equal(ready.headers.get('deprecation'), DEPRECATION);

    const [createdEvent] = await projectEvents(s, groupId, { eventType: 'SERVERLESS_INSTANCE_CREATED' });
    assert.equal(createdEvent!.publicKey, s.emulator.credentials.publicKey);
    assert.equal(createdEvent!.clusterName, 'Inst-1');
    const [readyEvent] = await projectEvents(s, groupId, { eventType: 'SERVERLESS_INSTANCE_READY' });
    assert.equal(Date.parse(readyEvent!.created), created + 3000);
    assert.equal(readyEvent!.publicKey, undefined, 'lifecycle events carry no actor');
    assert.equal(readyEvent!.apiKeyId, undefined);
  });

  it('validates bodies and names like Atlas', async () => {
    const groupId = await createProject(s);
    const path = `groups/${groupId}/serverless`;
    const cases: [unknown, number, string][] = [
      [body('-bad'), 400, 'INVALID_ATTRIBUTE'],
      [body('x'.repeat(65)), 400, 'INVALID_ATTRIBUTE'],
      [{ name: 'a' }, 400, 'MISSING_ATTRIBUTE'],
      [body('a', { color: 'blue' }), 400, 'INVALID_ATTRIBUTE'],
      [{ name: 'a', providerSettings: { backingProviderName: 'IBM', regionName: 'US_EAST_1' } }, 400, 'INVALID_ENUM_VALUE'],
      [{ name: 'a', providerSettings: { backingProviderName: 'AWS', providerName: 'TENANT', regionName: 'US_EAST_1' } }, 400, 'INVALID_ENUM_VALUE'],
      [{ name: 'a', providerSettings: { backingProviderName: 'AWS', regionName: 'us-west-2' } }, 400, 'INVALID_REGION'],
      [{ name: 'a', providerSettings: { backingProviderName: 'GCP', regionName: 'US_EAST_1' } }, 400, 'INVALID_REGION'],
      [body('a', { serverlessBackupOptions: { serverlessContinuousBackupEnabled: 'yes' } }), 400, 'INVALID_ATTRIBUTE'],
    ];
    for (const [b, status, code] of cases) {
      const r = await s.owner.post(path, b);
      assert.equal(r.status, status, JSON.stringify(b));
      assert.equal(r.json.errorCode, code, JSON.stringify(b));
    }
    const noRegion = await s.owner.post(path, { name: 'a', providerSettings: { backingProviderName: 'AWS' } });
    assert.equal(noRegion.json.detail, 'No region  exists for provider AWS.');
    assert.equal((await s.owner.post(path, undefined, { raw: '{"name":' })).json.errorCode, 'MALFORMED_JSON');
    assert.equal((await s.owner.get(`${path}`)).json.totalCount, 0, 'no failed create left anything behind');

    assert.equal((await s.owner.post(path, body('dup'))).status, 201);
    const dup = await s.owner.post(path, body('dup'));
    assert.equal(dup.status, 400);
    assert.equal(dup.json.errorCode, 'DUPLICATE_CLUSTER_NAME');
    assert.equal(dup.json.detail, `A cluster or serverless instance named dup is already present in group ${groupId}.`);

    const missing = await s.owner.get(`${path}/nope`);
    assert.equal(missing.status, 404);
    assert.equal(missing.json.errorCode, 'SERVERLESS_INSTANCE_NOT_FOUND');
    assert.equal((await s.owner.get(`${path}/bad_name`)).json.errorCode, 'INVALID_PATH_PARAMETER');
    assert.equal((await s.owner.get(`groups/${groupId.slice(1)}x/serverless`)).json.errorCode, 'INVALID_PATH_PARAMETER');
    assert.equal((await s.owner.get(`groups/${'a'.repeat(24)}/serverless`)).json.errorCode, 'GROUP_NOT_FOUND');
  });

  it('shares names with clusters: a cluster name is a duplicate and is refused by the serverless API', async () => {
    const groupId = await createProject(s);
    const at = s.emulator.services.clock.now();
    const clusterId = newObjectId(at);
    await s.emulator.services.store.write((tx) =>
      tx.put(CLUSTERS, clusterId, { id: clusterId, groupId, name: 'dedicated' }, { parent: groupId, name: 'dedicated' }),
    );
    const dup = await s.owner.post(`groups/${groupId}/serverless`, body('dedicated'));
    assert.equal(dup.status, 400);
    assert.equal(dup.json.errorCode, 'DUPLICATE_CLUSTER_NAME');
    for (const r of [
      await s.owner.get(`groups/${groupId}/serverless/dedicated`),
      await s.owner.patch(`groups/${groupId}/serverless/dedicated`, { terminationProtectionEnabled: true }),
      await s.owner.delete(`groups/${groupId}/serverless/dedicated`),
      await s.owner.get(`groups/${groupId}/serverless/dedicated/backup/snapshots`),
      await s.owner.get(`groups/${groupId}/serverless/dedicated/backup/snapshots/${'b'.repeat(24)}`),
    ]) {
      assert.equal(r.status, 400);
      assert.equal(r.json.errorCode, 'CANNOT_USE_CLUSTER_IN_SERVERLESS_INSTANCE_API');
    }
  });

  it('answers the cluster API with CANNOT_USE_SERVERLESS_INSTANCE_IN_CLUSTER_API for an instance name', async () => {
    const groupId = await createProject(s);
    await createReady(s, groupId, 'only-serverless');
    for (const r of [
      await s.owner.get(`groups/${groupId}/clusters/only-serverless`),
      await s.owner.delete(`groups/${groupId}/clusters/only-serverless`),
    ]) {
      assert.equal(r.status, 400, r.text);
      assert.equal(r.json.errorCode, 'CANNOT_USE_SERVERLESS_INSTANCE_IN_CLUSTER_API');
    }
    assert.equal((await s.owner.get(`groups/${groupId}/clusters/no-such-thing`)).json.errorCode, 'CLUSTER_NOT_FOUND');
  });

  it('lists with paging', async () => {
    const groupId = await createProject(s);
    for (const n of ['a1', 'a2', 'a3']) assert.equal((await s.owner.post(`groups/${groupId}/serverless`, body(n))).status, 201);
    const page = await s.owner.get(`groups/${groupId}/serverless`, { query: { itemsPerPage: 2, pageNum: 2 } });
    assert.equal(page.status, 200);
    assert.equal(page.headers.get('sunset'), SUNSET);
    assert.equal(page.json.totalCount, 3);
    assert.deepEqual(page.json.results.map((i: { name: string }) => i.name), ['a3']);
    assert.deepEqual(page.json.links.map((l: { rel: string }) => l.rel), ['previous', 'self']);
  });

  it('updates, protects from termination, deletes through DELETING, and records each step', async () => {
    const groupId = await createProject(s);
    await createReady(s, groupId, 'upd');
    const path = `groups/${groupId}/serverless/upd`;
    assert.equal((await s.owner.patch(path, { stateName: 'IDLE' })).json.errorCode, 'INVALID_ATTRIBUTE');
    const upd = await s.owner.patch(path, {
      serverlessBackupOptions: { serverlessContinuousBackupEnabled: true },
      terminationProtectionEnabled: true,
      tags: [{ key: 'team', value: 'core' }],
    });
    assert.equal(upd.status, 200, upd.text);
    assert.equal(upd.json.stateName, 'UPDATING');
    assert.deepEqual(upd.json.serverlessBackupOptions, { serverlessContinuousBackupEnabled: true });
    assert.equal(upd.json.terminationProtectionEnabled, true);
    assert.deepEqual(upd.json.tags, [{ key: 'team', value: 'core' }]);
    await advance(s, 'PT2S');
    assert.equal((await s.owner.get(path)).json.stateName, 'IDLE');

    const refused = await s.owner.delete(path);
    assert.equal(refused.status, 400);
    assert.equal(refused.json.errorCode, 'CANNOT_TERMINATE_CLUSTER_WHEN_TERMINATION_PROTECTION_ENABLED');
    assert.equal((await s.owner.get(path)).json.stateName, 'IDLE');

    assert.equal((await s.owner.patch(path, { terminationProtectionEnabled: false })).status, 200);
    const del = await s.owner.delete(path);
    assert.equal(del.status, 202);
    assert.equal(del.text, '{}');
    assert.equal(del.headers.get('deprecation'), DEPRECATION);
    const deleting = await s.owner.get(path);
    assert.equal(deleting.json.stateName, 'DELETING');
    assert.equal(deleting.json.providerSettings.nextBackupDate, undefined);
    assert.equal((await s.owner.delete(path)).json.errorCode, 'CLUSTER_ALREADY_REQUESTED_DELETION');
    assert.equal((await s.owner.patch(path, { tags: [] })).json.errorCode, 'CLUSTER_ALREADY_REQUESTED_DELETION');
    await advance(s, 'PT2S');
    assert.equal((await s.owner.get(path)).json.errorCode, 'SERVERLESS_INSTANCE_NOT_FOUND');

    const types = ['SERVERLESS_INSTANCE_UPDATE_SUBMITTED', 'SERVERLESS_INSTANCE_UPDATE_COMPLETED', 'SERVERLESS_INSTANCE_DELETE_SUBMITTED', 'SERVERLESS_INSTANCE_DELETED'];
    for (const t of types) assert.ok((await projectEvents(s, groupId, { eventType: t })).length >= 1, t);
    const [deleted] = await projectEvents(s, groupId, { eventType: 'SERVERLESS_INSTANCE_DELETED' });
    assert.equal(deleted!.apiKeyId, undefined);

    // The project can go once its last instance is gone.
    assert.equal((await s.owner.delete(`groups/${groupId}`)).status, 202);
  });

  it('stays UPDATING until the last of overlapping updates has applied; a creating instance stays CREATING', async () => {
    const groupId = await createProject(s);
    await createReady(s, groupId, 'twice');
    const path = `groups/${groupId}/serverless/twice`;
    assert.equal((await s.owner.patch(path, { tags: [{ key: 'a', value: '1' }] })).json.stateName, 'UPDATING');
    await advance(s, 'PT1S');
    assert.equal((await s.owner.patch(path, { tags: [{ key: 'a', value: '2' }] })).json.stateName, 'UPDATING');
    await advance(s, 'PT1.5S');
    assert.equal((await s.owner.get(path)).json.stateName, 'UPDATING');
    await advance(s, 'PT1S');
    assert.equal((await s.owner.get(path)).json.stateName, 'IDLE');
    const same = await s.owner.patch(path, { tags: [{ key: 'a', value: '2' }] });
    assert.equal(same.json.stateName, 'IDLE', 'a PATCH that changes nothing starts no update');

    const fresh = await s.owner.post(`groups/${groupId}/serverless`, body('fresh'));
    assert.equal(fresh.json.stateName, 'CREATING');
    const during = await s.owner.patch(`groups/${groupId}/serverless/fresh`, { serverlessBackupOptions: { serverlessContinuousBackupEnabled: true } });
    assert.equal(during.json.stateName, 'CREATING');
    await advance(s, 'PT3S');
    const ready = await s.owner.get(`groups/${groupId}/serverless/fresh`);
    assert.equal(ready.json.stateName, 'IDLE');
    assert.equal(ready.json.serverlessBackupOptions.serverlessContinuousBackupEnabled, true);
  });

  it('keeps a project with a serverless instance from being deleted', async () => {
    const groupId = await createProject(s);
    await createReady(s, groupId, 'keeper');
    const r = await s.owner.delete(`groups/${groupId}`);
    assert.equal(r.status, 409);
    assert.equal(r.json.errorCode, 'CANNOT_CLOSE_GROUP_ACTIVE_ATLAS_CLUSTERS');
  });

  it('lets Project Read Only read but not write', async () => {
    const groupId = await createProject(s);
    await createReady(s, groupId, 'ro');
    const ro = (await keyWithRoles(s, { projectRoles: [{ groupId, roles: ['GROUP_READ_ONLY'] }] })).client;
    assert.equal((await ro.get(`groups/${groupId}/serverless`)).status, 200);
    assert.equal((await ro.get(`groups/${groupId}/serverless/ro`)).status, 200);
    assert.equal((await ro.get(`groups/${groupId}/serverless/ro/backup/snapshots`)).status, 200);
    for (const r of [
      await ro.post(`groups/${groupId}/serverless`, body('ro2')),
      await ro.patch(`groups/${groupId}/serverless/ro`, { tags: [] }),
      await ro.delete(`groups/${groupId}/serverless/ro`),
    ]) {
      assert.equal(r.status, 401);
      assert.equal(r.json.errorCode, 'USER_UNAUTHORIZED');
    }
    const other = await createProject(s);
    assert.equal((await ro.get(`groups/${other}/serverless`)).json.errorCode, 'NOT_IN_GROUP');
  });
});

describe('serverless snapshots on the clock', () => {
  let s: TestServer;
  before(async () => {
    s = await startTestServer();
  });
  after(async () => s.close());

  it('takes a snapshot every six hours from creation: 13 hours give two, with exact times', async () => {
    const groupId = await createProject(s);
    const t0 = await createReady(s, groupId, 'thirteen');
    assert.deepEqual(await snapshots(s, groupId, 'thirteen'), []);
    await advance(s, 'PT12H59M55S'); // 13 hours after creation
    const list = await snapshots(s, groupId, 'thirteen');
    assert.equal(list.length, 2);
    const [newest, oldest] = list;
    assert.equal(oldest!.createdAt, iso(t0 + 6 * HOUR));
    assert.equal(newest!.createdAt, iso(t0 + 12 * HOUR));
    // Basic backup: each goes once the snapshot two slots later has completed.
    assert.equal(oldest!.expiresAt, iso(t0 + 18 * HOUR + SNAPSHOT_STEP_MS));
    assert.equal(newest!.expiresAt, iso(t0 + 24 * HOUR + SNAPSHOT_STEP_MS));
    for (const snap of list) {
      assert.deepEqual(Object.keys(snap), [
        'createdAt', 'expiresAt', 'frequencyType', 'id', 'links', 'mongodVersion', 'serverlessInstanceName',
        'snapshotType', 'status', 'storageSizeBytes',
      ]);
      assert.equal(snap.status, 'completed');
      assert.equal(snap.frequencyType, 'hourly');
      assert.equal(snap.snapshotType, 'scheduled');
      assert.equal(snap.mongodVersion, '8.0.17');
      assert.equal(snap.serverlessInstanceName, 'thirteen');
      assert.ok(snap.storageSizeBytes > 4 * 1024 * 1024);
    }
    assert.ok(newest!.storageSizeBytes > oldest!.storageSizeBytes, 'storage grows with the instance');
    assert.equal(
      (await s.owner.get(`groups/${groupId}/serverless/thirteen`)).json.providerSettings.nextBackupDate,
      iso(t0 + 18 * HOUR),
    );
    const completed = await projectEvents(s, groupId, { eventType: 'SERVERLESS_SNAPSHOT_COMPLETED' });
    assert.deepEqual(completed.map((e) => Date.parse(e.created)).sort(), [t0 + 6 * HOUR + SNAPSHOT_STEP_MS, t0 + 12 * HOUR + SNAPSHOT_STEP_MS]);
    assert.equal(completed[0]!.apiKeyId, undefined);
  });

  it('moves a snapshot from queued to inProgress to completed', async () => {
    const groupId = await createProject(s);
    const t0 = await createReady(s, groupId, 'steps');
    await advance(s, 'PT5H59M55S'); // exactly the first slot
    const get = async () => (await snapshots(s, groupId, 'steps'))[0]!;
    const queued = await get();
    assert.equal(queued.createdAt, iso(t0 + 6 * HOUR));
    assert.equal(queued.status, 'queued');
    assert.equal(queued.storageSizeBytes, 0);
    assert.equal(parseInt(queued.id.slice(0, 8), 16) * 1000, t0 + 6 * HOUR, 'the id carries the snapshot time');
    await advance(s, 'PT1S');
    assert.equal((await get()).status, 'inProgress');
    await advance(s, 'PT1S');
    const done = await get();
    assert.equal(done.status, 'completed');
    assert.equal(done.id, queued.id);
    assert.ok(done.storageSizeBytes > 0);
  });

  it('catches up 40 days of basic backup exactly: two newest kept, the next one queued', async () => {
    const groupId = await createProject(s);
    const t0 = await createReady(s, groupId, 'forty');
    const started = Date.now();
    await advance(s, 'P39DT23H59M55S'); // 40 days after creation: slot 160 falls due now
    const elapsed = Date.now() - started;
    const list = await snapshots(s, groupId, 'forty');
    assert.deepEqual(
      list.map((x) => [x.createdAt, x.status, x.expiresAt]),
      [
        [iso(t0 + 160 * 6 * HOUR), 'queued', iso(t0 + 162 * 6 * HOUR + SNAPSHOT_STEP_MS)],
        [iso(t0 + 159 * 6 * HOUR), 'completed', iso(t0 + 161 * 6 * HOUR + SNAPSHOT_STEP_MS)],
        [iso(t0 + 158 * 6 * HOUR), 'completed', iso(t0 + 160 * 6 * HOUR + SNAPSHOT_STEP_MS)],
      ],
    );
    const completed = await projectEvents(s, groupId, { eventType: 'SERVERLESS_SNAPSHOT_COMPLETED' });
    assert.equal(completed.length, 159);
    const times = completed.map((e) => Date.parse(e.created)).sort((a, b) => a - b);
    assert.deepEqual(times, Array.from({ length: 159 }, (_, k) => t0 + (k + 1) * 6 * HOUR + SNAPSHOT_STEP_MS));
    // Once the new one completes, the oldest goes.
    await advance(s, 'PT2S');
    const after = await snapshots(s, groupId, 'forty');
    assert.deepEqual(after.map((x) => [x.createdAt, x.status]), [
      [iso(t0 + 160 * 6 * HOUR), 'completed'],
      [iso(t0 + 159 * 6 * HOUR), 'completed'],
    ]);
    assert.ok(after[0]!.storageSizeBytes > 200 * 1024 * 1024, 'forty days of growth');
    assert.ok(elapsed < 5000, `40 days took ${elapsed} ms`);
  });

  it('keeps 72 hours of six-hourly and 35 days of daily snapshots with continuous backup', async () => {
    const groupId = await createProject(s);
    const t0 = await createReady(s, groupId, 'cont', { serverlessBackupOptions: { serverlessContinuousBackupEnabled: true } });
    await advance(s, 'P39DT23H59M55S');
    const now = t0 + 40 * DAY;
    const list = await snapshots(s, groupId, 'cont');
    const slot = (x: Snap) => (Date.parse(x.createdAt) - t0) / (6 * HOUR);
    for (const x of list) {
      assert.ok(Number.isInteger(slot(x)), `${x.createdAt} is on the six-hour grid`);
      const daily = slot(x) % 4 === 0;
      assert.equal(x.frequencyType, daily ? 'daily' : 'hourly');
      assert.equal(Date.parse(x.expiresAt) - Date.parse(x.createdAt), daily ? 35 * DAY : 72 * HOUR);
      assert.ok(Date.parse(x.expiresAt) > now);
    }
    const daily = list.filter((x) => x.frequencyType === 'daily').map(slot);
    const hourly = list.filter((x) => x.frequencyType === 'hourly').map(slot);
    assert.deepEqual(daily, Array.from({ length: 35 }, (_, j) => 160 - 4 * j));
    assert.deepEqual(hourly, [159, 158, 157, 155, 154, 153, 151, 150, 149]);
    assert.equal(list[0]!.status, 'queued');
    assert.ok(list.slice(1).every((x) => x.status === 'completed'));

    const page = await s.owner.get(`groups/${groupId}/serverless/cont/backup/snapshots`, { query: { itemsPerPage: 10, pageNum: 5 } });
    assert.equal(page.json.totalCount, 44);
    assert.equal(page.json.results.length, 4);
    assert.deepEqual(page.json.links.map((l: { rel: string }) => l.rel), ['previous', 'self']);

    // Back to basic backup: only what basic retention still keeps survives, with its expiry.
    const upd = await s.owner.patch(`groups/${groupId}/serverless/cont`, { serverlessBackupOptions: { serverlessContinuousBackupEnabled: false } });
    assert.equal(upd.status, 200);
    const basic = await snapshots(s, groupId, 'cont');
    assert.deepEqual(basic.map((x) => [slot(x), x.expiresAt]), [
      [160, iso(t0 + 162 * 6 * HOUR + SNAPSHOT_STEP_MS)],
      [159, iso(t0 + 161 * 6 * HOUR + SNAPSHOT_STEP_MS)],
      [158, iso(t0 + 160 * 6 * HOUR + SNAPSHOT_STEP_MS)],
    ]);
  });

  it('gives the same history for one jump as for the same time in small steps', async () => {
    const stepped = await startTestServer();
    try {
      const histories: string[][] = [];
      for (const [server, steps, step] of [
        [s, 1, 'P4DT7H'],
        [stepped, 103, 'PT1H'],
      ] as const) {
        const groupId = await createProject(server);
        const t0 = await createReady(server, groupId, 'same', { serverlessBackupOptions: { serverlessContinuousBackupEnabled: true } });
        for (let i = 0; i < steps; i++) await advance(server, step);
        const rel = (text: string) => Date.parse(text) - t0;
        const snaps = (await snapshots(server, groupId, 'same')).map(
          (x) => `${rel(x.createdAt)} ${rel(x.expiresAt)} ${x.status} ${x.frequencyType}`,
        );
        const completed = (await projectEvents(server, groupId, { eventType: 'SERVERLESS_SNAPSHOT_COMPLETED' })).map((e) => String(Date.parse(e.created) - t0)).sort();
        histories.push([...snaps, '--', ...completed]);
      }
      assert.ok(histories[0]!.length > 20);
      assert.deepEqual(histories[0], histories[1]);
    } finally {
      await stepped.close();
    }
  });

  it('serves one snapshot, with 400 on bad ids and 404 on unknown ones', async () => {
    const groupId = await createProject(s);
    await createReady(s, groupId, 'one');
    await createReady(s, groupId, 'two');
    await advance(s, 'PT7H');
    const [snap] = await snapshots(s, groupId, 'one');
    const base = `groups/${groupId}/serverless`;
    const got = await s.owner.get(`${base}/one/backup/snapshots/${snap!.id}`);
    assert.equal(got.status, 200);
    assert.equal(got.headers.get('deprecation'), DEPRECATION);
    assert.equal(got.headers.get('sunset'), SUNSET);
    assert.deepEqual(got.json.links, [{ href: `${s.url}/api/atlas/v2/${base}/one/backup/snapshots/${snap!.id}`, rel: 'self' }]);
    assert.deepEqual({ ...got.json, links: undefined }, { ...snap, links: undefined });

    const wrongInstance = await s.owner.get(`${base}/two/backup/snapshots/${snap!.id}`);
    assert.equal(wrongInstance.status, 404);
    assert.equal(wrongInstance.json.errorCode, 'SNAPSHOT_NOT_FOUND');
    assert.equal((await s.owner.get(`${base}/one/backup/snapshots/${'c'.repeat(24)}`)).status, 404);
    const badId = await s.owner.get(`${base}/one/backup/snapshots/xyz`);
    assert.equal(badId.status, 400);
    assert.equal(badId.json.errorCode, 'INVALID_PATH_PARAMETER');
    assert.deepEqual(badId.json.parameters, ['snapshotId']);
    const badName = await s.owner.get(`${base}/-one/backup/snapshots/${snap!.id}`);
    assert.equal(badName.status, 400);
    assert.deepEqual(badName.json.parameters, ['clusterName']);
    const unknown = await s.owner.get(`${base}/three/backup/snapshots/${snap!.id}`);
    assert.equal(unknown.status, 404);
    assert.equal(unknown.json.errorCode, 'SERVERLESS_INSTANCE_NOT_FOUND');
    assert.equal((await s.owner.get(`${base}/three/backup/snapshots`)).json.errorCode, 'SERVERLESS_INSTANCE_NOT_FOUND');
  });

  it("answers the seed's curl examples (real curl, --digest and Bearer), verbatim apart from the host", async () => {
    const groupId = await createProject(s);
    await createReady(s, groupId, 'curled');
    await advance(s, 'PT6H1M');
    const [snap] = await snapshots(s, groupId, 'curled');
    const example = [
      'curl --user "${PUBLIC_KEY}:${PRIVATE_KEY}" \\',
      '  --digest \\',
      '  --header "Accept: application/vnd.atlas.2025-03-12+json" \\',
      '  -X GET "https://cloud.mongodb.com/api/atlas/v2/groups/{groupId}/serverless/{clusterName}/backup/snapshots/{snapshotId}?pretty=true"',
    ].join('\n');
    const script = example
      .replace('https://cloud.mongodb.com', s.url)
      .replace('{groupId}', groupId)
      .replace('{clusterName}', 'curled')
      .replace('{snapshotId}', snap!.id);
    const c = s.emulator.credentials;
    const { stdout } = await run('bash', ['-c', script], {
      env: { ...process.env, PUBLIC_KEY: c.publicKey, PRIVATE_KEY: c.privateKey },
    });
    assert.match(stdout, /^\{\n {2}"createdAt"/);
    const got = JSON.parse(stdout);
    assert.equal(got.id, snap!.id);
    assert.equal(got.status, 'completed');
    assert.equal(got.serverlessInstanceName, 'curled');

    const bearer = [
      'curl --header "Authorization: Bearer ${ACCESS_TOKEN}" \\',
      '  --header "Accept: application/vnd.atlas.2025-03-12+json" \\',
      '  -X GET "https://cloud.mongodb.com/api/atlas/v2/groups/{groupId}/serverless/{clusterName}/backup/snapshots/{snapshotId}?pretty=true"',
    ].join('\n');
    const token = await fetchToken(s.url, c.clientId, c.clientSecret);
    const viaToken = await run(
      'bash',
      ['-c', bearer.replace('https://cloud.mongodb.com', s.url).replace('{groupId}', groupId).replace('{clusterName}', 'curled').replace('{snapshotId}', snap!.id)],
      { env: { ...process.env, ACCESS_TOKEN: token } },
    );
    assert.deepEqual(JSON.parse(viaToken.stdout), got);
  });

  it('keeps the schedule across a restart of the server', async () => {
    const server = await startTestServer({ storage: 'sqlite' });
    try {
      const groupId = await createProject(server);
      const t0 = await createReady(server, groupId, 'durable');
      const { config } = server;
      await server.emulator.close();
      // The emulated clock (frozen) and the pending timers come back from the data directory.
      const again = await startTestServer({ storage: 'sqlite', dataDir: config.dataDir });
      try {
        await advance(again, 'PT13H');
        const list = await snapshots(again, groupId, 'durable');
        assert.deepEqual(list.map((x) => x.createdAt), [iso(t0 + 12 * HOUR), iso(t0 + 6 * HOUR)]);
      } finally {
        await again.close();
      }
    } finally {
      await server.close().catch(() => undefined);
    }
  });
});

describe('serverless API after its sunset', () => {
  let s: TestServer;
  before(async () => {
    s = await startTestServer({ enforceSunset: true });
  });
  after(async () => s.close());

  it('answers 410 VERSION_GONE on every serverless operation', async () => {
    const groupId = await createProject(s);
    const id = 'd'.repeat(24);
    for (const [method, path] of [
      ['GET', `groups/${groupId}/serverless`],
      ['POST', `groups/${groupId}/serverless`],
      ['GET', `groups/${groupId}/serverless/x`],
      ['PATCH', `groups/${groupId}/serverless/x`],
      ['DELETE', `groups/${groupId}/serverless/x`],
      ['GET', `groups/${groupId}/serverless/x/backup/snapshots`],
      ['GET', `groups/${groupId}/serverless/x/backup/snapshots/${id}`],
    ] as const) {
      const r = await s.owner.request(method, path, method === 'POST' || method === 'PATCH' ? { body: {} } : {});
      assert.equal(r.status, 410, `${method} ${path}`);
      assert.equal(r.json.errorCode, 'VERSION_GONE');
    }
    assert.equal((await s.owner.get(`groups/${groupId}`)).status, 200, 'other operations are unaffected');
  });
});
