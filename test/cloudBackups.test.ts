import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { projectEvents, readyCluster } from './fixtures.js';
import { advance, createProject, setClock, startTestServer, type TestServer } from './helpers.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const V = { version: '2024-08-05' };

interface Snap {
  id: string;
  createdAt: string;
  expiresAt: string;
  frequencyType?: string;
  snapshotType: string;
  status: string;
  type: string;
  policyItems: string[];
}

const items = (...list: [string, number, string, number][]) => [
  { policyItems: list.map(([frequencyType, frequencyInterval, retentionUnit, retentionValue]) => ({ frequencyType, frequencyInterval, retentionUnit, retentionValue })) },
];

describe('cloud backups of dedicated clusters', () => {
  let s: TestServer;
  let groupId: string;
  before(async () => {
    s = await startTestServer();
    await setClock(s, '2026-12-31T23:00:00Z');
    groupId = await createProject(s);
    await readyCluster(s, groupId, 'backed', { backupEnabled: true });
    await readyCluster(s, groupId, 'plain');
  });
  after(() => s.close());

  const path = (name: string, rest = '') => `groups/${groupId}/clusters/${name}/backup${rest}`;
  const snapshots = async (name: string): Promise<Snap[]> => {
    const r = await s.owner.get(path(name, '/snapshots'), { query: { itemsPerPage: 500 } });
    assert.equal(r.status, 200, r.text);
    return r.json.results;
  };

  it("serves Atlas's default policy while backup is on, and refuses a cluster without backup", async () => {
    const r = await s.owner.get(path('backed', '/schedule'), V);
    assert.equal(r.status, 200, r.text);
    const got = r.json.policies[0].policyItems.map((i: Record<string, unknown>) => [i.frequencyType, i.frequencyInterval, i.retentionUnit, i.retentionValue]);
    assert.deepEqual(got, [['hourly', 6, 'days', 7], ['daily', 1, 'days', 7], ['weekly', 6, 'weeks', 4], ['monthly', 40, 'months', 12]]);
    assert.equal(r.json.restoreWindowDays, 7);
    assert.equal(r.json.clusterName, 'backed');
    // The next snapshot falls on the six-hour grid of the reference time.
    const next = new Date(r.json.nextSnapshot);
    assert.equal(next.getUTCMinutes(), r.json.referenceMinuteOfHour);
    assert.equal((next.getUTCHours() - r.json.referenceHourOfDay + 24) % 6, 0);
    assert.ok(next.getTime() > Date.parse('2026-12-31T23:05:00Z') && next.getTime() <= Date.parse('2027-01-01T05:05:00Z'));
    const plain = await s.owner.get(path('plain', '/schedule'), V);
    assert.equal(plain.status, 400);
    assert.equal(plain.json.errorCode, 'CLUSTER_BACKUP_NOT_ENABLED');
    assert.equal((await s.owner.get(path('missing', '/schedule'), V)).status, 404);
  });

  it('validates policy items, reference times and the restore window, changing nothing', async () => {
    const bad: Record<string, unknown>[] = [
      { policies: items(['hourly', 3, 'days', 2]) },
      { policies: items(['daily', 2, 'days', 2]) },
      { policies: items(['weekly', 8, 'weeks', 2]) },
      { policies: items(['monthly', 29, 'months', 2]) },
      { policies: items(['yearly', 13, 'years', 1]) },
      { policies: items(['hourly', 1, 'days', 7], ['daily', 1, 'days', 3]) },
      { policies: items(['daily', 1, 'weeks', 5], ['weekly', 1, 'weeks', 4]) },
      { policies: items(['monthly', 1, 'months', 13], ['yearly', 1, 'years', 1]) },
      { policies: items(['hourly', 1, 'days', 1], ['hourly', 2, 'days', 1]) },
      { policies: items(['hourly', 1, 'weeks', 1]) },
      { policies: items(['ondemand', 1, 'days', 1]) },
      { policies: items(['daily', 1, 'days', 0]) },
      { policies: items(['daily', 1, 'days', 1]), referenceHourOfDay: 24 },
      { policies: items(['daily', 1, 'days', 1]), referenceMinuteOfHour: 60 },
      { policies: items(['daily', 1, 'days', 1]), restoreWindowDays: 0 },
    ];
    const before = (await s.owner.get(path('backed', '/schedule'), V)).json;
    for (const body of bad) {
      const r = await s.owner.patch(path('backed', '/schedule'), body, V);
      assert.equal(r.status, 400, JSON.stringify(body) + r.text);
      assert.match(r.json.errorCode, /^INVALID_/);
    }
    assert.deepEqual((await s.owner.get(path('backed', '/schedule'), V)).json, before);
    // Four weeks is not shorter than one month: accepted.
    const ok = await s.owner.patch(path('backed', '/schedule'), { policies: items(['weekly', 1, 'weeks', 4], ['monthly', 1, 'months', 1]) }, V);
    assert.equal(ok.status, 200, ok.text);
  });

  it('takes exactly the snapshots of every frequency over a month, at their times, in one jump', async () => {
    await readyCluster(s, groupId, 'monthly', { backupEnabled: true });
    const set = await s.owner.patch(
      path('monthly', '/schedule'),
      {
        referenceHourOfDay: 0,
        referenceMinuteOfHour: 0,
        policies: items(['hourly', 1, 'days', 2], ['daily', 1, 'days', 7], ['weekly', 7, 'weeks', 2], ['monthly', 1, 'months', 2], ['yearly', 1, 'years', 1]),
      },
      V,
    );
    assert.equal(set.status, 200, set.text);
    const since = Date.parse('2026-12-31T23:10:00Z');
    assert.equal(set.json.nextSnapshot, '2027-01-01T00:00:00Z');
    await setClock(s, '2027-02-01T00:30:00Z');
    const now = Date.parse('2027-02-01T00:30:00Z');

    // What the policy keeps, by brute force over every hour since it took effect.
    const expected: { createdAt: number; frequencyType: string; expiresAt: number }[] = [];
    for (let t = Date.parse('2027-01-01T00:00:00Z'); t <= now; t += HOUR) {
      if (t <= since) continue;
      const d = new Date(t);
      const midnight = d.getUTCHours() === 0;
      let f = 'hourly';
      let exp = t + 2 * DAY;
      if (midnight) [f, exp] = ['daily', t + 7 * DAY];
      if (midnight && d.getUTCDay() === 0) [f, exp] = ['weekly', t + 14 * DAY];
      if (midnight && d.getUTCDate() === 1) [f, exp] = ['monthly', Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 2, 1)];
      if (midnight && d.getUTCDate() === 1 && d.getUTCMonth() === 0) [f, exp] = ['yearly', Date.UTC(d.getUTCFullYear() + 1, 0, 1)];
      if (exp > now) expected.push({ createdAt: t, frequencyType: f, expiresAt: exp });
    }
    expected.reverse();
    const got = await snapshots('monthly');
    assert.equal(got.length, 55);
    assert.deepEqual(
      got.map((x) => ({ createdAt: Date.parse(x.createdAt), frequencyType: x.frequencyType, expiresAt: Date.parse(x.expiresAt) })),
      expected,
    );
    const count = (f: string) => got.filter((x) => x.frequencyType === f).length;
    assert.deepEqual([count('hourly'), count('daily'), count('weekly'), count('monthly'), count('yearly')], [46, 5, 2, 1, 1]);
    assert.equal(got[0]!.createdAt, '2027-02-01T00:00:00Z');
    assert.equal(got.at(-1)!.createdAt, '2027-01-01T00:00:00Z');
    assert.ok(got.every((x) => x.status === 'completed' && x.snapshotType === 'scheduled' && x.type === 'replicaSet'));
    // The monthly snapshot of Feb 1 is also the hourly and daily one.
    assert.equal(got[0]!.policyItems.length, 3);
    // Reading is the same as reading again: ids are stable.
    assert.deepEqual((await snapshots('monthly')).map((x) => x.id), got.map((x) => x.id));
    const one = await s.owner.get(path('monthly', `/snapshots/${got[3]!.id}`));
    assert.equal(one.status, 200, one.text);
    assert.equal(one.json.createdAt, got[3]!.createdAt);
  });

  it('takes on-demand snapshots that move through their phases and expire, and changes retention', async () => {
    const taken = await s.owner.post(path('backed', '/snapshots'), { description: 'before upgrade', retentionInDays: 2 });
    assert.equal(taken.status, 200, taken.text);
    assert.equal(taken.json.status, 'queued');
    assert.equal(taken.json.snapshotType, 'onDemand');
    const id = taken.json.id;
    await advance(s, 'PT30S');
    assert.equal((await s.owner.get(path('backed', `/snapshots/${id}`))).json.status, 'inProgress');
    await advance(s, 'PT30S');
    const done = await s.owner.get(path('backed', `/snapshots/${id}`));
    assert.equal(done.json.status, 'completed');
    assert.equal(Date.parse(done.json.expiresAt) - Date.parse(done.json.createdAt), 2 * DAY);
    const longer = await s.owner.patch(path('backed', `/snapshots/${id}`), { retentionUnit: 'WEEKS', retentionValue: 1 });
    assert.equal(longer.status, 200, longer.text);
    assert.equal(Date.parse(longer.json.expiresAt) - Date.parse(longer.json.createdAt), 7 * DAY);
    await advance(s, 'P6DT23H');
    assert.equal((await s.owner.get(path('backed', `/snapshots/${id}`))).status, 200);
    await advance(s, 'PT2H');
    const gone = await s.owner.get(path('backed', `/snapshots/${id}`));
    assert.equal(gone.status, 404);
    assert.equal(gone.json.errorCode, 'SNAPSHOT_NOT_FOUND');
    const events = await projectEvents(s, groupId, { eventType: ['CPS_ON_DEMAND_SNAPSHOT_REQUESTED', 'CPS_SNAPSHOT_RETENTION_MODIFIED_AUDIT'] });
    assert.equal(events.length, 2);
  });

  it('deletes snapshots for good and stops taking them when the policy items are removed', async () => {
    const all = await snapshots('monthly');
    const victim = all[5]!;
    assert.equal((await s.owner.delete(path('monthly', `/snapshots/${victim.id}`))).status, 204);
    assert.equal((await s.owner.get(path('monthly', `/snapshots/${victim.id}`))).status, 404);
    assert.equal((await s.owner.delete(path('monthly', `/snapshots/${victim.id}`))).status, 404);
    const after = await snapshots('monthly');
    assert.ok(!after.some((x) => x.id === victim.id));

    const cleared = await s.owner.delete(path('monthly', '/schedule'), V);
    assert.equal(cleared.status, 200, cleared.text);
    assert.deepEqual(cleared.json.policies[0].policyItems, []);
    assert.equal(cleared.json.nextSnapshot, undefined);
    const kept = await snapshots('monthly');
    await advance(s, 'P1D');
    const later = await snapshots('monthly');
    // Nothing new; the hourly ones have aged out, the rest stay with their expiry.
    assert.ok(later.every((x) => kept.some((k) => k.id === x.id && k.expiresAt === x.expiresAt)));
    assert.ok(later.length < kept.length && later.length > 0);
    const events = await projectEvents(s, groupId, { eventType: ['CPS_SNAPSHOT_DELETED_AUDIT', 'CPS_SNAPSHOT_SCHEDULE_UPDATED_AUDIT'] });
    assert.ok(events.length >= 3);
  });

  it('applies a new retention to earlier snapshots only when asked (updateSnapshots)', async () => {
    await readyCluster(s, groupId, 'reexpire', { backupEnabled: true });
    await s.owner.patch(path('reexpire', '/schedule'), { policies: items(['daily', 1, 'days', 3]) }, V);
    await advance(s, 'P2D');
    const before = await snapshots('reexpire');
    assert.equal(before.length, 2);
    await s.owner.patch(path('reexpire', '/schedule'), { policies: items(['daily', 1, 'days', 10]) }, V);
    assert.deepEqual((await snapshots('reexpire')).map((x) => x.expiresAt), before.map((x) => x.expiresAt));
    await s.owner.patch(path('reexpire', '/schedule'), { policies: items(['daily', 1, 'days', 5]), updateSnapshots: true }, V);
    const after = await snapshots('reexpire');
    assert.deepEqual(after.map((x) => Date.parse(x.expiresAt) - Date.parse(x.createdAt)), [5 * DAY, 5 * DAY]);
  });

  it('serves sharded clusters their snapshots as sharded', async () => {
    const created = await s.owner.post(`groups/${groupId}/clusters`, {
      name: 'sharded',
      clusterType: 'SHARDED',
      backupEnabled: true,
      replicationSpecs: [0, 1].map(() => ({
        regionConfigs: [{ providerName: 'AWS', regionName: 'US_EAST_1', priority: 7, electableSpecs: { instanceSize: 'M30', nodeCount: 3 } }],
      })),
    });
    assert.equal(created.status, 201, created.text);
    await advance(s, 'P1D');
    const got = await snapshots('sharded');
    assert.ok(got.length >= 4);
    assert.ok(got.every((x) => x.type === 'shardedCluster'));
    const whole = await s.owner.get(path('sharded', '/snapshots/shardedClusters'));
    assert.equal(whole.status, 200, whole.text);
    assert.equal(whole.json.totalCount, got.length);
    const first = whole.json.results[0];
    assert.deepEqual(first.members.map((m: { replicaSetName: string }) => m.replicaSetName.replace(/^atlas-[a-z0-9]+-/, '')), ['shard-0', 'shard-1', 'config-0']);
    assert.deepEqual(first.snapshotIds, first.members.map((m: { id: string }) => m.id));
    assert.equal((await s.owner.get(path('sharded', `/snapshots/shardedCluster/${first.id}`))).json.createdAt, first.createdAt);
    assert.equal((await s.owner.delete(path('sharded', `/snapshots/shardedCluster/${first.id}`))).status, 204);
    assert.equal((await s.owner.get(path('sharded', `/snapshots/shardedCluster/${first.id}`))).status, 404);
    // A replica set has no sharded snapshots.
    assert.equal((await s.owner.get(path('monthly', '/snapshots/shardedClusters'))).json.totalCount, 0);
    const rs = (await snapshots('monthly'))[0]!;
    assert.equal((await s.owner.get(path('monthly', `/snapshots/shardedCluster/${rs.id}`))).status, 404);
  });

  it('forgets the backups of a deleted cluster', async () => {
    await readyCluster(s, groupId, 'doomed', { backupEnabled: true });
    assert.equal((await s.owner.post(path('doomed', '/snapshots'), {})).status, 200);
    assert.equal((await s.owner.delete(`groups/${groupId}/clusters/doomed`)).status, 202);
    await advance(s, 'PT10M');
    assert.equal((await s.owner.get(path('doomed', '/snapshots'))).status, 404);
  });
});
