// Long clock jumps cost what they leave behind: a ten-year jump over clusters and
// serverless instances writes what exists afterwards (not fourteen thousand
// snapshots and events per instance), the server answers health checks and reads
// while a jump is worked off, and a restart does not replay a backlog before it
// answers. The bootstrap credentials outlive any jump.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startEmulator } from '../src/app.js';
import { SqliteStore } from '../src/platform/store/sqlite.js';
import { advance, Client, createProject, startTestServer, STORAGE, type TestServer } from './helpers.js';
import { projectEvents } from './fixtures.js';

const CLUSTER = {
  clusterType: 'REPLICASET',
  replicationSpecs: [{ regionConfigs: [{ providerName: 'AWS', regionName: 'US_EAST_1', priority: 7, electableSpecs: { instanceSize: 'M10', nodeCount: 3 } }] }],
};
const SERVERLESS = { providerSettings: { backingProviderName: 'AWS', providerName: 'SERVERLESS', regionName: 'US_EAST_1' } };

async function populate(s: TestServer, groupId: string, clusters: number, serverless: number, continuous = false): Promise<void> {
  for (let i = 0; i < clusters; i++) {
    const r = await s.owner.post(`groups/${groupId}/clusters`, { name: `c${i}`, ...CLUSTER });
    assert.equal(r.status, 201, r.text);
  }
  for (let i = 0; i < serverless; i++) {
    const body = { name: `s${i}`, ...SERVERLESS, serverlessBackupOptions: { serverlessContinuousBackupEnabled: continuous } };
    const r = await s.owner.post(`groups/${groupId}/serverless`, body);
    assert.equal(r.status, 201, r.text);
  }
}

function jump(s: TestServer, duration: string): Promise<Response> {
  return fetch(`${s.url}/__emulator/clock`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ advance: duration }),
  });
}

describe('a ten-year clock jump', () => {
  let s: TestServer;
  before(async () => {
    s = await startTestServer();
  });
  after(async () => s.close());

  it('writes what exists afterwards: no snapshot history, no snapshot events, in well under a second per resource', async () => {
    const groupId = await createProject(s);
    await populate(s, groupId, 10, 10);
    const before = (await projectEvents(s, groupId)).length;
    const started = performance.now();
    const r = await jump(s, 'P3650D');
    const ms = performance.now() - started;
    assert.equal(r.status, 200, await r.text());
    const events = await projectEvents(s, groupId);
    // Each cluster and instance became ready: one event each, nothing per snapshot.
    assert.equal(events.length - before, 20, `${events.length - before} events written by the jump`);
    for (let i = 0; i < 10; i++) {
      const snaps = await s.owner.get(`groups/${groupId}/serverless/s${i}/backup/snapshots`);
      // Basic backup keeps the two newest (and the one being taken).
      assert.ok(snaps.json.totalCount <= 3, `s${i} holds ${snaps.json.totalCount} snapshots`);
      assert.ok(snaps.json.totalCount >= 2);
    }
    assert.ok(ms < 5000, `the jump took ${Math.round(ms)} ms`);
  });

  it('answers health checks and reads while the jump is worked off', async () => {
    const groupId = await createProject(s);
    // Continuous backup: each instance keeps about fifty snapshots, so the jump has work to do.
    await populate(s, groupId, 0, 400, true);
    const clock = async () => ((await (await fetch(`${s.url}/__emulator/clock`)).json()) as { epochMillis: number }).epochMillis;
    const start = await clock();
    let jumpDone = 0;
    const pending = jump(s, 'P3650D').then(async (r) => {
      jumpDone = performance.now();
      assert.equal(r.status, 200, await r.text());
    });
    // Wait until the jump is under way (the clock has moved), then ask for health and a read.
    let moved = false;
    for (let i = 0; i < 200 && !moved && !jumpDone; i++) moved = (await clock()) > start + 1000;
    // Both at once: each must be answered while the jump is still being worked off.
    let healthAt = 0;
    let readAt = 0;
    const [health, read] = await Promise.all([
      fetch(`${s.url}/__emulator/health`).then((r) => ((healthAt = performance.now()), r)),
      s.owner.get(`groups/${groupId}`).then((r) => ((readAt = performance.now()), r)),
    ]);
    await pending;
    assert.equal(health.status, 200);
    assert.equal(read.status, 200);
    assert.ok(moved, 'the clock moved while the jump was answered');
    assert.ok(healthAt < jumpDone, 'health answered before the jump finished');
    assert.ok(readAt < jumpDone, `a read answered before the jump finished (read ${Math.round(readAt - healthAt)} ms after health, jump done ${Math.round(jumpDone - healthAt)} ms after health)`);
  });

  it('keeps the bootstrap service account working after the jump', async () => {
    await jump(s, 'P3650D');
    const r = await s.sa.get(`orgs/${s.orgId}`);
    assert.equal(r.status, 200, r.text);
  });
});

describe('a restart after a long stop', () => {
  it('answers before the backlog is worked off, then catches up', async (t) => {
    if (STORAGE !== 'sqlite') {
      t.skip('memory storage does not outlive the process');
      return;
    }
    const s = await startTestServer({ storage: 'sqlite' });
    const { config } = s;
    try {
      const groupId = await createProject(s);
      await populate(s, groupId, 5, 30, true);
      await s.emulator.close();
      // Ten years pass while the server is down: the stored clock says so.
      const store = SqliteStore.open(config.dataDir);
      const clock = JSON.parse((await store.getMeta('clock'))!) as { frozenAt: number };
      clock.frozenAt += 3650 * 86_400_000;
      await store.write((tx) => tx.setMeta('clock', JSON.stringify(clock)));
      await store.close();

      const started = performance.now();
      const again = await startEmulator({ ...config });
      const startedIn = performance.now() - started;
      try {
        const health = await fetch(`${again.url}/__emulator/health`);
        assert.equal(health.status, 200);
        assert.ok(startedIn < 6000, `start-up took ${Math.round(startedIn)} ms`);
        // A write waits for the backlog, so what it sees is caught up.
        const owner = new Client(again.url, { kind: 'digest', publicKey: again.credentials.publicKey, privateKey: again.credentials.privateKey });
        const upd = await owner.patch(`groups/${groupId}/serverless/s0`, { tags: [{ key: 'k', value: 'v' }] });
        assert.equal(upd.status, 200, upd.text);
        const snaps = await owner.get(`groups/${groupId}/serverless/s0/backup/snapshots`, { query: { itemsPerPage: 500 } });
        assert.ok(snaps.json.totalCount > 40 && snaps.json.totalCount < 60, `${snaps.json.totalCount} snapshots`);
        const newest = Date.parse(snaps.json.results[0].createdAt);
        assert.ok(newest > clock.frozenAt - 7 * 3_600_000, 'snapshots reach the present');
      } finally {
        await again.close();
      }
    } finally {
      fs.rmSync(path.resolve(config.dataDir), { recursive: true, force: true });
    }
  });
});
