import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { pointValue } from '../src/resources/monitoring/measurements.js';
import { BUCKET, DAY, MINUTE, type DatabaseProfile } from '../src/resources/monitoring/series.js';
import { readyCluster } from './fixtures.js';
import { advance, clockNow, createProject, setClock, startTestServer, type TestServer } from './helpers.js';

const HOUR = 60 * MINUTE;

async function control(s: TestServer, path: string, body: unknown): Promise<{ status: number; json: any }> {
  const r = await fetch(`${s.url}/__emulator/${path}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: r.status, json: await r.json() };
}

/** A ready replica set's first process id. */
async function firstProcess(s: TestServer, groupId: string, name: string): Promise<string> {
  await readyCluster(s, groupId, name);
  const processes = await s.owner.get(`groups/${groupId}/processes`);
  assert.equal(processes.status, 200, processes.text);
  const mine = processes.json.results.filter((p: { userAlias: string }) => p.userAlias.startsWith(`${name}-`));
  assert.equal(mine.length, 3, 'a replica set has three processes');
  return mine[0].id as string;
}

describe('monitoring: the metric model', () => {
  const p: DatabaseProfile = {
    name: 'orders',
    created: Date.parse('2027-01-01T00:00:00Z'),
    objects: 100_000,
    avgObjSize: 700,
    growthPerDay: 0.02,
    storageRatio: 0.5,
    indexBytesPerObject: 40,
    collections: 3,
    indexes: 5,
    views: 1,
    seed: 42,
  };
  const now = Date.parse('2027-01-05T00:00:00Z');

  it('makes an hour the mean of its 5-minute points, and 5 minutes the mean of its minutes', () => {
    const hour = Date.parse('2027-01-03T13:00:00Z');
    for (const metric of ['DATABASE_DATA_SIZE', 'DATABASE_OBJECT_COUNT', 'DATABASE_STORAGE_SIZE', 'DATABASE_INDEX_SIZE'] as const) {
      const coarse = pointValue(p, metric, hour, HOUR, now, [], [])!;
      let sum = 0;
      for (let i = 0; i < 12; i++) sum += pointValue(p, metric, hour + i * BUCKET, BUCKET, now, [], [])!;
      assert.ok(Math.abs(coarse - sum / 12) / coarse < 1e-9, metric);
      const five = pointValue(p, metric, hour, BUCKET, now, [], [])!;
      let minutes = 0;
      for (let i = 0; i < 5; i++) minutes += pointValue(p, metric, hour + i * MINUTE, MINUTE, now, [], [])!;
      assert.ok(Math.abs(five - minutes / 5) / five < 1e-9, metric);
    }
  });

  it('keeps average object size equal to data size over object count, and sizes growing', () => {
    const t = Date.parse('2027-01-02T06:00:00Z');
    const data = pointValue(p, 'DATABASE_DATA_SIZE', t, HOUR, now, [], [])!;
    const objects = pointValue(p, 'DATABASE_OBJECT_COUNT', t, HOUR, now, [], [])!;
    assert.equal(pointValue(p, 'DATABASE_AVERAGE_OBJECT_SIZE', t, HOUR, now, [], []), 700);
    assert.ok(Math.abs(data / objects - 700) < 1e-6);
    const day1 = pointValue(p, 'DATABASE_DATA_SIZE', p.created, DAY, now, [], [])!;
    const day3 = pointValue(p, 'DATABASE_DATA_SIZE', p.created + 2 * DAY, DAY, now, [], [])!;
    assert.ok(day3 > day1 * 1.03, 'two days of 2% growth');
  });

  it('has no data before creation, during a gap, or after now', () => {
    assert.equal(pointValue(p, 'DATABASE_DATA_SIZE', p.created - HOUR, HOUR, now, [], []), null);
    const gap = { from: p.created + DAY, to: p.created + DAY + 2 * HOUR };
    assert.equal(pointValue(p, 'DATABASE_DATA_SIZE', p.created + DAY, HOUR, now, [gap], []), null);
    assert.notEqual(pointValue(p, 'DATABASE_DATA_SIZE', p.created + DAY + 2 * HOUR, HOUR, now, [gap], []), null);
    assert.equal(pointValue(p, 'DATABASE_DATA_SIZE', now, HOUR, now, [], []), null);
  });
});

describe('monitoring: databases and measurements through HTTP', () => {
  let s: TestServer;
  let groupId: string;
  let processId: string;
  const base = () => `groups/${groupId}/processes/${processId}/databases`;

  before(async () => {
    s = await startTestServer();
    await setClock(s, '2027-01-04T00:00:00Z');
    groupId = await createProject(s);
    processId = await firstProcess(s, groupId, 'metrics');
  });
  after(async () => s.close());

  it('lists config and local on a new cluster, and gets one', async () => {
    const r = await s.owner.get(base());
    assert.equal(r.status, 200);
    assert.deepEqual(
      r.json.results.map((d: { databaseName: string }) => d.databaseName),
      ['config', 'local'],
    );
    assert.equal(r.json.results[0].links[0].href, `${s.url}/api/atlas/v2/${base()}/config`);
    const one = await s.owner.get(`${base()}/local`);
    assert.equal(one.status, 200);
    assert.equal(one.json.databaseName, 'local');
    const missing = await s.owner.get(`${base()}/nothere`);
    assert.equal(missing.status, 404);
    const noProcess = await s.owner.get(`groups/${groupId}/processes/nothere-00-00.abcdef.mongodb.net:27017/databases`);
    assert.equal(noProcess.status, 404);
  });

  it('answers exact values for config at a fixed clock, null before the cluster existed', async () => {
    await setClock(s, '2027-01-04T06:00:00Z');
    const r = await s.owner.get(`${base()}/config/measurements`, {
      query: { granularity: 'PT1H', start: '2027-01-03T22:00:00Z', end: '2027-01-04T05:00:00Z' },
    });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.granularity, 'PT1H');
    assert.equal(r.json.hostId, processId);
    assert.equal(r.json.processId, processId);
    assert.equal(r.json.databaseName, 'config');
    assert.deepEqual(r.json.measurements.map((m: { name: string }) => m.name), [
      'DATABASE_AVERAGE_OBJECT_SIZE',
      'DATABASE_COLLECTION_COUNT',
      'DATABASE_DATA_SIZE',
      'DATABASE_STORAGE_SIZE',
      'DATABASE_INDEX_SIZE',
      'DATABASE_INDEX_COUNT',
      'DATABASE_EXTENT_COUNT',
      'DATABASE_OBJECT_COUNT',
      'DATABASE_VIEW_COUNT',
    ]);
    const byName = Object.fromEntries(r.json.measurements.map((m: { name: string }) => [m.name, m]));
    const data = byName.DATABASE_DATA_SIZE;
    assert.equal(data.units, 'BYTES');
    assert.equal(byName.DATABASE_OBJECT_COUNT.units, 'SCALAR');
    assert.deepEqual(
      data.dataPoints.map((p: { timestamp: string }) => p.timestamp),
      ['22', '23', '00', '01', '02', '03', '04', '05'].map((h, i) => `2027-01-0${i < 2 ? 3 : 4}T${h}:00:00Z`),
    );
    // The cluster came up at midnight: earlier hours have no data.
    assert.equal(data.dataPoints[0].value, null);
    assert.equal(data.dataPoints[1].value, null);
    assert.equal(data.dataPoints[3].value, 48 * 146);
    assert.equal(byName.DATABASE_AVERAGE_OBJECT_SIZE.dataPoints[3].value, 146);
    assert.equal(byName.DATABASE_OBJECT_COUNT.dataPoints[3].value, 48);
    assert.equal(byName.DATABASE_COLLECTION_COUNT.dataPoints[3].value, 10);
    assert.equal(byName.DATABASE_EXTENT_COUNT.dataPoints[3].value, 0);
    assert.equal(byName.DATABASE_STORAGE_SIZE.dataPoints[3].value, 48 * 146 * 1.6 + 4096 * 26);
    assert.equal(r.json.links[1].rel, 'https://cloud.mongodb.com/host');
    const again = await s.owner.get(`${base()}/config/measurements`, {
      query: { granularity: 'PT1H', start: '2027-01-03T22:00:00Z', end: '2027-01-04T05:00:00Z' },
    });
    assert.deepEqual(again.json.measurements, r.json.measurements, 'the same query answers the same numbers');
  });

  it('checks every parameter rule', async () => {
    const cases: [Record<string, string | string[]>, number, string][] = [
      [{ period: 'PT1H' }, 400, 'MISSING_QUERY_PARAMETER'],
      [{ granularity: 'PT2M', period: 'PT1H' }, 400, 'INVALID_QUERY_PARAMETER'],
      [{ granularity: 'PT1H' }, 400, 'MISSING_QUERY_PARAMETER'],
      [{ granularity: 'PT1H', period: 'PT2H', start: '2027-01-04T00:00:00Z', end: '2027-01-04T01:00:00Z' }, 400, 'INVALID_QUERY_PARAMETER'],
      [{ granularity: 'PT1H', start: '2027-01-04T00:00:00Z' }, 400, 'MISSING_QUERY_PARAMETER'],
      [{ granularity: 'PT1H', end: '2027-01-04T00:00:00Z' }, 400, 'MISSING_QUERY_PARAMETER'],
      [{ granularity: 'PT1H', start: 'yesterday', end: '2027-01-04T01:00:00Z' }, 400, 'INVALID_QUERY_PARAMETER'],
      [{ granularity: 'PT1H', start: '2027-01-04T02:00:00Z', end: '2027-01-04T01:00:00Z' }, 400, 'INVALID_QUERY_PARAMETER'],
      [{ granularity: 'PT1H', period: 'one hour' }, 400, 'INVALID_QUERY_PARAMETER'],
      [{ granularity: 'PT1H', period: 'PT1H', m: 'DATABASE_NOPE' }, 400, 'INVALID_QUERY_PARAMETER'],
      [{ granularity: 'PT1H', period: 'PT1H', m: ['DATABASE_DATA_SIZE', 'DATABASE_DATA_SIZE'] }, 400, 'INVALID_QUERY_PARAMETER'],
      [{ granularity: 'PT30M', period: 'PT1H' }, 200, ''],
    ];
    for (const [query, status, code] of cases) {
      const r = await s.owner.get(`${base()}/config/measurements`, { query });
      assert.equal(r.status, status, `${JSON.stringify(query)}: ${r.text}`);
      if (code) assert.equal(r.json.errorCode, code, JSON.stringify(query));
    }
    const eleven = Array.from({ length: 11 }, () => 'DATABASE_DATA_SIZE');
    assert.equal((await s.owner.get(`${base()}/config/measurements`, { query: { granularity: 'PT1H', period: 'PT1H', m: eleven } })).status, 400);
  });

  it('loads the sample datasets through a lifecycle and measures them', async () => {
    const cluster = 'metrics';
    const load = await s.owner.post(`groups/${groupId}/sampleDatasetLoad/${cluster}`);
    assert.equal(load.status, 201, load.text);
    assert.equal(load.json.state, 'WORKING');
    assert.equal(load.json.completeDate, null);
    const again = await s.owner.post(`groups/${groupId}/sampleDatasetLoad/${cluster}`);
    assert.equal(again.status, 409);
    await advance(s, 'PT1M');
    const status = await s.owner.get(`groups/${groupId}/sampleDatasetLoad/${load.json._id}`);
    assert.equal(status.json.state, 'COMPLETED');
    assert.ok(status.json.completeDate);
    const names = (await s.owner.get(base())).json.results.map((d: { databaseName: string }) => d.databaseName);
    for (const n of ['sample_airbnb', 'sample_mflix', 'sample_training', 'sample_weatherdata']) assert.ok(names.includes(n), n);
    await advance(s, 'PT2H');
    const r = await s.owner.get(`${base()}/sample_mflix/measurements`, {
      query: { granularity: 'PT5M', period: 'PT1H', m: ['DATABASE_DATA_SIZE', 'DATABASE_OBJECT_COUNT'] },
    });
    assert.equal(r.status, 200, r.text);
    const [data, objects] = r.json.measurements;
    assert.equal(data.dataPoints.at(-2).value, 75_583 * 1_525);
    assert.equal(objects.dataPoints.at(-2).value, 75_583);
    const unknownCluster = await s.owner.post(`groups/${groupId}/sampleDatasetLoad/nope`);
    assert.equal(unknownCluster.status, 404);
    assert.equal(unknownCluster.json.errorCode, 'CLUSTER_NOT_FOUND');
  });

  it('aggregates coarse points from fine ones for a growing database, and applies overrides', async () => {
    const declared = await control(s, 'databases', {
      groupId,
      clusterName: 'metrics',
      databaseName: 'orders',
      dataSizeBytes: 50_000_000,
      avgObjSize: 500,
      growthPerDay: 0.05,
      collections: 4,
      indexes: 9,
    });
    assert.equal(declared.status, 201, JSON.stringify(declared.json));
    const again = await control(s, 'databases', { groupId, clusterName: 'metrics', databaseName: 'orders' });
    assert.equal(again.status, 409, 'a database is declared once');
    const reserved = await control(s, 'databases', { groupId, clusterName: 'metrics', databaseName: 'local' });
    assert.equal(reserved.status, 400, 'config and local belong to every cluster');
    await advance(s, 'P2D');
    const now = await clockNow(s);
    const hourStart = new Date(Math.floor((now - 6 * HOUR) / HOUR) * HOUR).toISOString().replace('.000Z', 'Z');
    const hourEnd = new Date(Date.parse(hourStart) + HOUR - BUCKET).toISOString().replace('.000Z', 'Z');
    const q = { start: hourStart, end: hourEnd, m: 'DATABASE_DATA_SIZE' };
    const coarse = await s.owner.get(`${base()}/orders/measurements`, { query: { ...q, granularity: 'PT1H' } });
    const fine = await s.owner.get(`${base()}/orders/measurements`, { query: { ...q, granularity: 'PT5M' } });
    const fivePoints = fine.json.measurements[0].dataPoints.map((p: { value: number }) => p.value);
    assert.equal(fivePoints.length, 12);
    const mean = fivePoints.reduce((a: number, b: number) => a + b, 0) / 12;
    const hourValue = coarse.json.measurements[0].dataPoints[0].value;
    assert.ok(Math.abs(hourValue - mean) / mean < 1e-9, `${hourValue} vs ${mean}`);

    const daily = await s.owner.get(`${base()}/orders/measurements`, { query: { granularity: 'PT1H', period: 'P2D', m: 'DATABASE_DATA_SIZE' } });
    const values = daily.json.measurements[0].dataPoints.map((p: { value: number | null }) => p.value).filter((v: number | null) => v !== null);
    assert.ok(values.at(-1) > values[0] * 1.05, 'data grows about 5% a day');

    const from = new Date(now - 3 * HOUR).toISOString();
    const to = new Date(now - HOUR).toISOString();
    const injected = await control(s, 'metrics/overrides', {
      groupId,
      clusterName: 'metrics',
      databaseName: 'orders',
      metric: 'DATABASE_STORAGE_SIZE',
      from,
      to,
      factor: 3,
    });
    assert.equal(injected.status, 201);
    const storage = await s.owner.get(`${base()}/orders/measurements`, {
      query: { granularity: 'PT5M', period: 'PT5H', m: ['DATABASE_STORAGE_SIZE', 'DATABASE_DATA_SIZE'] },
    });
    const [st, ds] = storage.json.measurements;
    const ratio = (i: number) => st.dataPoints[i].value / ds.dataPoints[i].value;
    const at = (iso: string) => st.dataPoints.findIndex((p: { timestamp: string }) => Date.parse(p.timestamp) >= Date.parse(iso));
    assert.ok(ratio(at(from) + 2) > 2 * ratio(0), 'storage tripled inside the override');
    assert.ok(Math.abs(ratio(0) - ratio(at(to) + 2)) < 0.01, 'and back outside it');
  });

  it('keeps minute points only 48 hours and never answers after now', async () => {
    const now = await clockNow(s);
    const r = await s.owner.get(`${base()}/config/measurements`, {
      query: {
        granularity: 'PT1M',
        start: new Date(now - 3 * DAY).toISOString(),
        end: new Date(now + DAY).toISOString(),
        m: 'DATABASE_OBJECT_COUNT',
      },
    });
    assert.equal(r.status, 200);
    const points = r.json.measurements[0].dataPoints;
    assert.ok(Date.parse(points[0].timestamp) >= now - 2 * DAY);
    assert.ok(Date.parse(points.at(-1).timestamp) <= now);
    assert.equal(points.length, 2 * 24 * 60 + 1);
  });

  it('starts daily windows no earlier than the Unix epoch, so an enormous period cannot exhaust the server', async () => {
    const early = await s.owner.get(`${base()}/config/measurements`, {
      query: { granularity: 'P1D', start: '1900-01-01T00:00:00Z', end: '1970-01-03T00:00:00Z', m: 'DATABASE_DATA_SIZE' },
    });
    assert.equal(early.status, 200, early.text);
    assert.equal(early.json.start, '1970-01-01T00:00:00Z');
    assert.deepEqual(early.json.measurements[0].dataPoints, [
      { timestamp: '1970-01-01T00:00:00Z', value: null },
      { timestamp: '1970-01-02T00:00:00Z', value: null },
      { timestamp: '1970-01-03T00:00:00Z', value: null },
    ]);
    // A million years of days would be 365 million points per measurement.
    const huge = await s.owner.get(`${base()}/config/measurements`, {
      query: { granularity: 'P1D', period: 'P1000000Y', m: 'DATABASE_DATA_SIZE' },
    });
    assert.equal(huge.status, 200, huge.text);
    assert.equal(huge.json.start, '1970-01-01T00:00:00Z');
    assert.ok(huge.json.measurements[0].dataPoints.length < 25_000);
  });
});
