import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { after, before, describe, it } from 'node:test';
import { PIPELINES, PIPELINE_RUNS } from '../src/resources/pipelines/collections.js';
import { CLUSTERS } from '../src/resources/clusters/collections.js';
import { keyWithRoles, projectEvents, readyCluster } from './fixtures.js';
import { advance, createProject, fetchToken, startTestServer, tempDir, type TestServer } from './helpers.js';

const run = promisify(execFile);

const base = (groupId: string) => `groups/${groupId}/pipelines`;

function onDemand(clusterName: string, name = 'sales-pipeline') {
  return {
    name,
    sink: {
      type: 'DLS',
      partitionFields: [
        { fieldName: 'region', order: 0 },
        { fieldName: 'year', order: 1 },
      ],
    },
    source: { type: 'ON_DEMAND_CPS', clusterName, databaseName: 'sample_airbnb', collectionName: 'listingsAndReviews' },
    transformations: [{ field: 'secret', type: 'EXCLUDE' }],
  };
}

describe('data lake pipelines', () => {
  let s: TestServer;
  before(async () => {
    s = await startTestServer();
  });
  after(async () => s.close());

  async function projectWithCluster(clusterName = 'Cluster0') {
    const groupId = await createProject(s);
    await readyCluster(s, groupId, clusterName);
    return groupId;
  }

  it('creates a pipeline shaped like Atlas and serves it deprecated', async () => {
    const groupId = await projectWithCluster();
    const r = await s.owner.post(base(groupId), onDemand('Cluster0'));
    assert.equal(r.status, 200, r.text);
    assert.equal(r.headers.get('content-type'), 'application/vnd.atlas.2023-01-01+json;charset=utf-8');
    assert.equal(r.headers.get('sunset'), 'Tue, 09 Sep 2025 00:00:00 GMT');
    assert.equal(r.headers.get('deprecation'), 'Sun, 01 Sep 2024 00:00:00 GMT');
    const p = r.json;
    assert.match(p._id, /^[a-f0-9]{24}$/);
    assert.equal(p.groupId, groupId);
    assert.equal(p.state, 'ACTIVE');
    assert.equal(p.createdDate, p.lastUpdatedDate);
    assert.match(p.createdDate, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    assert.deepEqual(p.source, {
      clusterName: 'Cluster0',
      collectionName: 'listingsAndReviews',
      databaseName: 'sample_airbnb',
      groupId,
      type: 'ON_DEMAND_CPS',
    });
    assert.deepEqual(p.sink, {
      metadataProvider: 'AWS',
      metadataRegion: 'US_EAST_1',
      partitionFields: [
        { fieldName: 'region', order: 0 },
        { fieldName: 'year', order: 1 },
      ],
      type: 'DLS',
    });
    assert.deepEqual(p.transformations, [{ field: 'secret', type: 'EXCLUDE' }]);
    assert.equal(p.datasetRetentionPolicy, undefined);
    assert.deepEqual(Object.keys(p), [...Object.keys(p)].sort());

    const got = await s.owner.get(`${base(groupId)}/sales-pipeline`);
    assert.equal(got.status, 200);
    assert.deepEqual(got.json, p);
    assert.equal(got.headers.get('sunset'), 'Tue, 09 Sep 2025 00:00:00 GMT');
    assert.equal((await projectEvents(s, groupId, { eventType: 'INGESTION_PIPELINE_CREATED' })).length, 1);
  });

  it('lists pipelines as a plain array', async () => {
    const groupId = await projectWithCluster();
    const empty = await s.owner.get(base(groupId));
    assert.equal(empty.status, 200);
    assert.deepEqual(empty.json, []);
    await s.owner.post(base(groupId), onDemand('Cluster0', 'a'));
    await s.owner.post(base(groupId), onDemand('Cluster0', 'b'));
    const r = await s.owner.get(base(groupId));
    assert.ok(Array.isArray(r.json));
    assert.deepEqual(
      r.json.map((p: { name: string }) => p.name),
      ['a', 'b'],
    );
  });

  it('rejects names outside the pattern, in the body and in the path', async () => {
    const groupId = await projectWithCluster();
    for (const name of ['has space', 'dollar$', 'slash/x', 'quote"x', 'x'.repeat(65), '']) {
      const r = await s.owner.post(base(groupId), onDemand('Cluster0', name));
      assert.equal(r.status, 400, name);
      assert.equal(r.json.errorCode, 'INVALID_ATTRIBUTE', name);
    }
    const r = await s.owner.get(`${base(groupId)}/bad%20name`);
    assert.equal(r.status, 400);
    assert.equal(r.json.errorCode, 'INVALID_PATH_PARAMETER');
    assert.deepEqual((await s.owner.get(base(groupId))).json, []);
  });

  it('keeps names unique per project', async () => {
    const groupId = await projectWithCluster();
    assert.equal((await s.owner.post(base(groupId), onDemand('Cluster0'))).status, 200);
    const dup = await s.owner.post(base(groupId), onDemand('Cluster0'));
    assert.equal(dup.status, 409);
    assert.equal(dup.json.errorCode, 'INGESTION_PIPELINE_ALREADY_EXISTS');
    // Another project may use the same name.
    const other = await projectWithCluster();
    assert.equal((await s.owner.post(base(other), onDemand('Cluster0'))).status, 200);
    // Renaming onto a taken name is refused too.
    await s.owner.post(base(groupId), onDemand('Cluster0', 'second'));
    const rename = await s.owner.patch(`${base(groupId)}/second`, { name: 'sales-pipeline' });
    assert.equal(rename.status, 409);
  });

  it('needs the source cluster in the project', async () => {
    const groupId = await projectWithCluster();
    const r = await s.owner.post(base(groupId), onDemand('Nope'));
    assert.equal(r.status, 404);
    assert.equal(r.json.errorCode, 'CLUSTER_NOT_FOUND');
    assert.equal(r.json.detail, `No cluster named Nope exists in group ${groupId}.`);
    assert.deepEqual(r.json.parameters, ['Nope', groupId]);
    // A cluster of the same name in another project does not count.
    const other = await createProject(s);
    const r2 = await s.owner.post(base(other), onDemand('Cluster0'));
    assert.equal(r2.status, 404);
    const missing = await s.owner.post(base(groupId), { name: 'x', source: { type: 'ON_DEMAND_CPS', clusterName: 'Cluster0' } });
    assert.equal(missing.status, 400);
    assert.equal(missing.json.errorCode, 'MISSING_ATTRIBUTE');
  });

  it('checks partition fields, retention and unknown attributes', async () => {
    const groupId = await projectWithCluster();
    const withFields = (partitionFields: unknown) => ({ ...onDemand('Cluster0'), sink: { type: 'DLS', partitionFields } });
    for (const fields of [
      [{ fieldName: 'a', order: 1 }],
      [
        { fieldName: 'a', order: 0 },
        { fieldName: 'b', order: 2 },
      ],
      [
        { fieldName: 'a', order: 0 },
        { fieldName: 'b', order: 0 },
      ],
      [{ fieldName: 'a', order: -1 }],
    ]) {
      const r = await s.owner.post(base(groupId), withFields(fields));
      assert.equal(r.status, 400, JSON.stringify(fields));
      assert.equal(r.json.errorCode, 'INVALID_ATTRIBUTE');
    }
    const long = await s.owner.post(base(groupId), withFields([{ fieldName: 'f'.repeat(701), order: 0 }]));
    assert.equal(long.status, 400);
    const ok700 = await s.owner.post(base(groupId), { ...withFields([{ fieldName: 'f'.repeat(700), order: 0 }]), name: 'p700' });
    assert.equal(ok700.status, 200, ok700.text);
    // Orders may come in any sequence; they are served sorted.
    const shuffled = await s.owner.post(base(groupId), {
      ...withFields([
        { fieldName: 'b', order: 1 },
        { fieldName: 'a', order: 0 },
      ]),
      name: 'shuffled',
    });
    assert.deepEqual(shuffled.json.sink.partitionFields, [
      { fieldName: 'a', order: 0 },
      { fieldName: 'b', order: 1 },
    ]);

    const zero = await s.owner.post(base(groupId), { ...onDemand('Cluster0', 'r0'), datasetRetentionPolicy: { units: 'DAYS', value: 0 } });
    assert.equal(zero.status, 400);
    assert.equal(zero.json.errorCode, 'INVALID_ATTRIBUTE');
    const badUnit = await s.owner.post(base(groupId), { ...onDemand('Cluster0', 'r1'), datasetRetentionPolicy: { units: 'YEARS', value: 1 } });
    assert.equal(badUnit.status, 400);
    assert.equal(badUnit.json.errorCode, 'INVALID_ENUM_VALUE');
    const good = await s.owner.post(base(groupId), { ...onDemand('Cluster0', 'r2'), datasetRetentionPolicy: { units: 'WEEKS', value: 1 } });
    assert.equal(good.status, 200);
    assert.equal(good.json.datasetRetentionPolicy.lastModifiedDate, good.json.createdDate);

    const unknown = await s.owner.post(base(groupId), { ...onDemand('Cluster0', 'u'), color: 'blue' });
    assert.equal(unknown.status, 400);
    assert.equal(unknown.json.errorCode, 'INVALID_ATTRIBUTE');
    const badType = await s.owner.post(base(groupId), { ...onDemand('Cluster0', 'u'), source: { ...onDemand('Cluster0').source, type: 'S3' } });
    assert.equal(badType.status, 400);
    assert.equal(badType.json.errorCode, 'INVALID_ENUM_VALUE');
    const names = (await s.owner.get(base(groupId))).json.map((p: { name: string }) => p.name);
    assert.deepEqual(names, ['p700', 'shuffled', 'r2']);
  });

  it('pauses and resumes, answering the pipeline', async () => {
    const groupId = await projectWithCluster();
    const created = (await s.owner.post(base(groupId), onDemand('Cluster0'))).json;
    await advance(s, 'PT1M');
    const resumedActive = await s.owner.post(`${base(groupId)}/sales-pipeline/resume`);
    assert.equal(resumedActive.status, 200);
    assert.deepEqual(resumedActive.json, created, 'resuming an active pipeline changes nothing');
    const paused = await s.owner.post(`${base(groupId)}/sales-pipeline/pause`);
    assert.equal(paused.status, 200);
    assert.equal(paused.json.state, 'PAUSED');
    assert.notEqual(paused.json.lastUpdatedDate, created.lastUpdatedDate);
    assert.equal((await s.owner.get(`${base(groupId)}/sales-pipeline`)).json.state, 'PAUSED');
    const resumed = await s.owner.post(`${base(groupId)}/sales-pipeline/resume`);
    assert.equal(resumed.status, 200);
    assert.equal(resumed.json.state, 'ACTIVE');
    assert.equal(resumed.headers.get('sunset'), 'Tue, 09 Sep 2025 00:00:00 GMT');
    assert.equal((await projectEvents(s, groupId, { eventType: 'INGESTION_PIPELINE_PAUSED' })).length, 1);
    assert.equal((await projectEvents(s, groupId, { eventType: 'INGESTION_PIPELINE_RESUMED' })).length, 1);
    const missing = await s.owner.post(`${base(groupId)}/nope/resume`);
    assert.equal(missing.status, 404);
    assert.equal(missing.json.errorCode, 'INGESTION_PIPELINE_NOT_FOUND');
  });

  it('updates with PATCH and records the change', async () => {
    const groupId = await projectWithCluster();
    await readyCluster(s, groupId, 'Cluster1');
    await s.owner.post(base(groupId), onDemand('Cluster0'));
    await advance(s, 'PT1M');
    const r = await s.owner.patch(`${base(groupId)}/sales-pipeline`, {
      name: 'renamed',
      source: { type: 'ON_DEMAND_CPS', clusterName: 'Cluster1', databaseName: 'db', collectionName: 'c' },
      sink: { partitionFields: [{ fieldName: 'z', order: 0 }] },
      transformations: [],
      datasetRetentionPolicy: { units: 'MONTHS', value: 3 },
    });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.name, 'renamed');
    assert.equal(r.json.source.clusterName, 'Cluster1');
    assert.deepEqual(r.json.sink.partitionFields, [{ fieldName: 'z', order: 0 }]);
    assert.deepEqual(r.json.transformations, []);
    assert.deepEqual(r.json.datasetRetentionPolicy, { lastModifiedDate: r.json.lastUpdatedDate, units: 'MONTHS', value: 3 });
    assert.notEqual(r.json.lastUpdatedDate, r.json.createdDate);
    assert.equal((await s.owner.get(`${base(groupId)}/sales-pipeline`)).status, 404);
    assert.equal((await s.owner.get(`${base(groupId)}/renamed`)).status, 200);
    // A GET body sent back (read-only fields included) is accepted.
    const echoed = await s.owner.patch(`${base(groupId)}/renamed`, r.json);
    assert.equal(echoed.status, 200, echoed.text);
    const gap = await s.owner.patch(`${base(groupId)}/renamed`, { sink: { partitionFields: [{ fieldName: 'z', order: 3 }] } });
    assert.equal(gap.status, 400);
    const noCluster = await s.owner.patch(`${base(groupId)}/renamed`, { source: { type: 'ON_DEMAND_CPS', clusterName: 'Gone', databaseName: 'd', collectionName: 'c' } });
    assert.equal(noCluster.status, 404);
    assert.equal(noCluster.json.errorCode, 'CLUSTER_NOT_FOUND');
    assert.equal((await s.owner.get(`${base(groupId)}/renamed`)).json.source.clusterName, 'Cluster1');
    assert.equal((await projectEvents(s, groupId, { eventType: 'INGESTION_PIPELINE_UPDATED' })).length, 2);
  });

  it('deletes a pipeline with its runs', async () => {
    const groupId = await projectWithCluster();
    const p = (await s.owner.post(base(groupId), onDemand('Cluster0'))).json;
    const snap = (await s.owner.get(`${base(groupId)}/sales-pipeline/availableSnapshots`)).json.results[0];
    await s.owner.post(`${base(groupId)}/sales-pipeline/trigger`, { snapshotId: snap.id });
    const r = await s.owner.delete(`${base(groupId)}/sales-pipeline`);
    assert.equal(r.status, 204);
    assert.equal(r.text, '');
    assert.equal(r.headers.get('sunset'), 'Tue, 09 Sep 2025 00:00:00 GMT');
    assert.equal((await s.owner.get(`${base(groupId)}/sales-pipeline`)).status, 404);
    assert.equal(await s.emulator.services.store.count(PIPELINE_RUNS, p._id), 0);
    assert.equal((await s.owner.delete(`${base(groupId)}/sales-pipeline`)).status, 404);
    assert.equal((await projectEvents(s, groupId, { eventType: 'INGESTION_PIPELINE_DELETED' })).length, 1);
    // The run's timers went with it: moving time on records no completion.
    await advance(s, 'PT1M');
    assert.equal((await projectEvents(s, groupId, { eventType: 'INGESTION_PIPELINE_RUN_COMPLETED' })).length, 0);
  });

  it('derives schedules and snapshots from the source cluster', async () => {
    const groupId = await projectWithCluster();
    await s.owner.post(base(groupId), onDemand('Cluster0'));
    const sch = await s.owner.get(`${base(groupId)}/sales-pipeline/availableSchedules`);
    assert.equal(sch.status, 200);
    assert.deepEqual(
      sch.json.map((p: { frequencyType: string; frequencyInterval: number; retentionUnit: string; retentionValue: number }) => [
        p.frequencyType,
        p.frequencyInterval,
        p.retentionUnit,
        p.retentionValue,
      ]),
      [
        ['hourly', 6, 'days', 7],
        ['daily', 1, 'days', 7],
        ['weekly', 6, 'weeks', 4],
        ['monthly', 40, 'months', 12],
      ],
    );
    assert.deepEqual((await s.owner.get(`${base(groupId)}/sales-pipeline/availableSchedules`)).json, sch.json, 'stable ids');

    const first = await s.owner.get(`${base(groupId)}/sales-pipeline/availableSnapshots`);
    assert.equal(first.status, 200);
    assert.equal(first.json.totalCount, 1, 'the initial snapshot');
    await advance(s, 'P3D');
    const later = await s.owner.get(`${base(groupId)}/sales-pipeline/availableSnapshots`);
    assert.equal(later.json.totalCount, 13, 'one every six hours');
    const newest = later.json.results[0];
    assert.equal(newest.status, 'completed');
    assert.equal(newest.snapshotType, 'scheduled');
    assert.equal(newest.mongodVersion, '8.0.10');
    assert.ok(Date.parse(newest.createdAt) > Date.parse(later.json.results[1].createdAt), 'newest first');
    const recent = await s.owner.get(`${base(groupId)}/sales-pipeline/availableSnapshots`, {
      query: { completedAfter: later.json.results[2].createdAt },
    });
    assert.equal(recent.json.totalCount, 2);
    const paged = await s.owner.get(`${base(groupId)}/sales-pipeline/availableSnapshots`, { query: { itemsPerPage: 5, pageNum: 3 } });
    assert.equal(paged.json.results.length, 3);
    const bad = await s.owner.get(`${base(groupId)}/sales-pipeline/availableSnapshots`, { query: { completedAfter: 'yesterday' } });
    assert.equal(bad.status, 400);
    assert.equal(bad.json.errorCode, 'INVALID_QUERY_PARAMETER');
    // Hourly snapshots expire after 7 days.
    await advance(s, 'P10D');
    const aged = await s.owner.get(`${base(groupId)}/sales-pipeline/availableSnapshots`);
    assert.ok(aged.json.results.every((x: { frequencyType: string; createdAt: string }) =>
      x.frequencyType !== 'hourly' || Date.parse(x.createdAt) > s.emulator.services.clock.now() - 7 * 86_400_000));
  });

  it('runs a triggered ingestion on the clock: PENDING, IN_PROGRESS, DONE with stats', async () => {
    const groupId = await projectWithCluster();
    const p = (await s.owner.post(base(groupId), onDemand('Cluster0'))).json;
    const snap = (await s.owner.get(`${base(groupId)}/sales-pipeline/availableSnapshots`)).json.results[0];
    const t = await s.owner.post(`${base(groupId)}/sales-pipeline/trigger`, { snapshotId: snap.id });
    assert.equal(t.status, 200, t.text);
    const runId = t.json._id;
    assert.equal(t.json.state, 'PENDING');
    assert.equal(t.json.pipelineId, p._id);
    assert.equal(t.json.snapshotId, snap.id);
    assert.equal(t.json.groupId, groupId);
    assert.deepEqual(t.json.stats, { bytesExported: 0, numDocs: 0 });
    assert.match(t.json.datasetName, /^v1\$atlas\$snapshot\$Cluster0\$sample_airbnb\$listingsAndReviews\$\d{8}T\d{6}Z$/);
    assert.equal(t.headers.get('sunset'), 'Tue, 09 Sep 2025 00:00:00 GMT');

    const runUrl = `${base(groupId)}/sales-pipeline/runs/${runId}`;
    await advance(s, 'PT2S');
    const mid = await s.owner.get(runUrl);
    assert.equal(mid.json.state, 'IN_PROGRESS');
    assert.equal(mid.json.phase, 'EXPORT');
    const early = await s.owner.delete(runUrl);
    assert.equal(early.status, 409);
    await advance(s, 'PT5S');
    const done = await s.owner.get(runUrl);
    assert.equal(done.json.state, 'DONE');
    assert.ok(done.json.stats.numDocs > 0 && done.json.stats.bytesExported > done.json.stats.numDocs);
    assert.equal((await projectEvents(s, groupId, { eventType: 'INGESTION_PIPELINE_RUN_COMPLETED' })).length, 1);

    const list = await s.owner.get(`${base(groupId)}/sales-pipeline/runs`);
    assert.equal(list.status, 200);
    assert.equal(list.json.totalCount, 1);
    assert.deepEqual(list.json.results[0], done.json);
    assert.match(list.json.links[0].href, /\/runs\?includeCount=true&pageNum=1&itemsPerPage=100$/);
    const before = await s.owner.get(`${base(groupId)}/sales-pipeline/runs`, { query: { createdBefore: done.json.createdDate } });
    assert.equal(before.json.totalCount, 0);

    const del = await s.owner.delete(runUrl);
    assert.equal(del.status, 202);
    assert.deepEqual(del.json, {});
    assert.equal((await s.owner.get(runUrl)).json.state, 'DATASET_DELETED');
    assert.equal((await projectEvents(s, groupId, { eventType: 'INGESTION_PIPELINE_DATASET_DELETED' })).length, 1);

    const unknownSnap = await s.owner.post(`${base(groupId)}/sales-pipeline/trigger`, { snapshotId: 'a'.repeat(24) });
    assert.equal(unknownSnap.status, 404);
    assert.equal(unknownSnap.json.errorCode, 'SNAPSHOT_NOT_FOUND');
    const noBody = await s.owner.post(`${base(groupId)}/sales-pipeline/trigger`);
    assert.equal(noBody.status, 400);
    assert.equal(noBody.json.errorCode, 'MISSING_ATTRIBUTE');
    const unknownRun = await s.owner.get(`${base(groupId)}/sales-pipeline/runs/${'b'.repeat(24)}`);
    assert.equal(unknownRun.status, 404);
    assert.equal(unknownRun.json.errorCode, 'INGESTION_PIPELINE_RUN_NOT_FOUND');
  });

  it('keeps datasets whose retention outlasts any date', async () => {
    const groupId = await projectWithCluster();
    const body = { ...onDemand('Cluster0', 'forever'), datasetRetentionPolicy: { units: 'MONTHS', value: 2147483647 } };
    assert.equal((await s.owner.post(base(groupId), body)).status, 200);
    const tooMuch = await s.owner.post(base(groupId), { ...body, name: 'x', datasetRetentionPolicy: { units: 'DAYS', value: 2147483648 } });
    assert.equal(tooMuch.status, 400);
    const snap = (await s.owner.get(`${base(groupId)}/forever/availableSnapshots`)).json.results[0];
    const runId = (await s.owner.post(`${base(groupId)}/forever/trigger`, { snapshotId: snap.id })).json._id;
    await advance(s, 'PT1M');
    const r = await s.owner.get(`${base(groupId)}/forever/runs/${runId}`);
    assert.equal(r.status, 200);
    assert.equal(r.json.state, 'DONE');
  });

  it('lets a periodic pipeline ingest each snapshot of its policy item while active', async () => {
    const groupId = await projectWithCluster();
    const probe = (await s.owner.post(base(groupId), onDemand('Cluster0', 'probe'))).json;
    const schedules = (await s.owner.get(`${base(groupId)}/probe/availableSchedules`)).json;
    const hourly = schedules.find((x: { frequencyType: string }) => x.frequencyType === 'hourly');
    assert.ok(probe);
    const periodic = {
      name: 'every-six-hours',
      source: { type: 'PERIODIC_CPS', clusterName: 'Cluster0', databaseName: 'db', collectionName: 'c', policyItemId: hourly.id },
      datasetRetentionPolicy: { units: 'DAYS', value: 1 },
    };
    const missingItem = await s.owner.post(base(groupId), { ...periodic, source: { ...periodic.source, policyItemId: undefined } });
    assert.equal(missingItem.status, 400);
    assert.equal(missingItem.json.errorCode, 'MISSING_ATTRIBUTE');
    const wrongItem = await s.owner.post(base(groupId), { ...periodic, source: { ...periodic.source, policyItemId: 'c'.repeat(24) } });
    assert.equal(wrongItem.status, 400);
    const created = await s.owner.post(base(groupId), periodic);
    assert.equal(created.status, 200, created.text);
    assert.equal(created.json.source.policyItemId, hourly.id);

    await advance(s, 'PT13H');
    const runs = (await s.owner.get(`${base(groupId)}/every-six-hours/runs`)).json;
    assert.equal(runs.totalCount, 2, 'one run per six-hour snapshot');
    assert.ok(runs.results.every((r: { state: string; backupFrequencyType: string }) => r.state === 'DONE'));

    await s.owner.post(`${base(groupId)}/every-six-hours/pause`);
    await advance(s, 'PT18H');
    assert.equal((await s.owner.get(`${base(groupId)}/every-six-hours/runs`)).json.totalCount, 2, 'paused: no runs');
    // The one-day retention has deleted the first datasets by now.
    const aged = (await s.owner.get(`${base(groupId)}/every-six-hours/runs`)).json.results;
    assert.ok(aged.some((r: { state: string }) => r.state === 'DATASET_DELETED'));

    await s.owner.post(`${base(groupId)}/every-six-hours/resume`);
    await advance(s, 'PT6H');
    assert.equal((await s.owner.get(`${base(groupId)}/every-six-hours/runs`)).json.totalCount, 3, 'resumed: runs again');
  });

  it('refuses to delete a cluster a pipeline reads from', async () => {
    const groupId = await projectWithCluster();
    await readyCluster(s, groupId, 'Other');
    assert.equal((await s.owner.post(base(groupId), onDemand('Cluster0'))).status, 200);
    const refused = await s.owner.delete(`groups/${groupId}/clusters/Cluster0`);
    assert.equal(refused.status, 409, refused.text);
    assert.equal(refused.json.errorCode, 'CANNOT_DELETE_CLUSTER_WITH_INGESTION_PIPELINES');
    assert.deepEqual(refused.json.parameters, ['Cluster0', 'sales-pipeline']);
    assert.equal((await s.owner.get(`groups/${groupId}/clusters/Cluster0`)).json.stateName, 'IDLE', 'nothing changed');
    // Another cluster of the project is free to go, and so is this one once its pipeline is gone.
    assert.equal((await s.owner.delete(`groups/${groupId}/clusters/Other`)).status, 202);
    assert.equal((await s.owner.delete(`${base(groupId)}/sales-pipeline`)).status, 204);
    assert.equal((await s.owner.delete(`groups/${groupId}/clusters/Cluster0`)).status, 202);
  });

  it('drops the pipelines of a deleted project', async () => {
    const groupId = await projectWithCluster();
    await s.owner.post(base(groupId), onDemand('Cluster0'));
    const store = s.emulator.services.store;
    await store.write((tx) => tx.deleteChildren(CLUSTERS, groupId));
    assert.equal((await s.owner.delete(`groups/${groupId}`)).status, 202);
    assert.equal(await store.count(PIPELINES, groupId), 0);
  });

  it('enforces the roles the reference names', async () => {
    const groupId = await projectWithCluster();
    await s.owner.post(base(groupId), onDemand('Cluster0'));
    const snap = (await s.owner.get(`${base(groupId)}/sales-pipeline/availableSnapshots`)).json.results[0];
    const runId = (await s.owner.post(`${base(groupId)}/sales-pipeline/trigger`, { snapshotId: snap.id })).json._id;
    const p = `${base(groupId)}/sales-pipeline`;

    const readOnly = (await keyWithRoles(s, { orgRoles: ['ORG_MEMBER'], projectRoles: [{ groupId, roles: ['GROUP_READ_ONLY'] }] })).client;
    for (const [method, path] of [
      ['GET', base(groupId)],
      ['GET', p],
      ['POST', `${p}/pause`],
      ['POST', `${p}/resume`],
      ['GET', `${p}/runs`],
      ['GET', `${p}/runs/${runId}`],
      ['GET', `${p}/availableSchedules`],
      ['GET', `${p}/availableSnapshots`],
    ] as const) {
      const r = await readOnly.request(method, path);
      assert.equal(r.status, 200, `${method} ${path} as read-only: ${r.text}`);
    }
    for (const [method, path, body] of [
      ['POST', base(groupId), onDemand('Cluster0', 'ro')],
      ['PATCH', p, { transformations: [] }],
      ['DELETE', p, undefined],
      ['POST', `${p}/trigger`, { snapshotId: snap.id }],
      ['DELETE', `${p}/runs/${runId}`, undefined],
    ] as const) {
      const r = await readOnly.request(method, path, { body });
      assert.equal(r.status, 401, `${method} ${path} as read-only`);
      assert.equal(r.json.errorCode, 'USER_UNAUTHORIZED');
    }

    const owner = (await keyWithRoles(s, { orgRoles: ['ORG_MEMBER'], projectRoles: [{ groupId, roles: ['GROUP_OWNER'] }] })).client;
    assert.equal((await owner.post(base(groupId), onDemand('Cluster0', 'by-owner'))).status, 200);
    assert.equal((await owner.patch(`${base(groupId)}/by-owner`, { transformations: [] })).status, 200);
    assert.equal((await owner.post(`${base(groupId)}/by-owner/trigger`, { snapshotId: snap.id })).status, 200);
    assert.equal((await owner.delete(`${base(groupId)}/by-owner`)).status, 204);

    const elsewhere = (await keyWithRoles(s, { orgRoles: ['ORG_MEMBER'], projectRoles: [{ groupId: await createProject(s), roles: ['GROUP_OWNER'] }] })).client;
    const r = await elsewhere.get(p);
    assert.equal(r.status, 401);
    assert.equal(r.json.errorCode, 'NOT_IN_GROUP');
    const bearer = await s.sa.get(p);
    assert.equal(bearer.status, 200);
  });

  it('answers 410 VERSION_GONE when sunsets are enforced', async () => {
    const strict = await startTestServer({ enforceSunset: true });
    try {
      const groupId = await createProject(strict);
      await readyCluster(strict, groupId, 'Cluster0');
      for (const [method, path] of [
        ['GET', base(groupId)],
        ['POST', `${base(groupId)}/x/resume`],
        ['GET', `${base(groupId)}/x/runs`],
      ] as const) {
        const r = await strict.owner.request(method, path, { version: '2023-01-01' });
        assert.equal(r.status, 410, path);
        assert.equal(r.json.errorCode, 'VERSION_GONE');
      }
      const created = await strict.owner.post(base(groupId), onDemand('Cluster0'));
      assert.equal(created.status, 410);
      assert.equal(await strict.emulator.services.store.count(PIPELINES, groupId), 0);
    } finally {
      await strict.close();
    }
  });

  it("runs the reference page's curl examples for resumePipeline verbatim", async () => {
    const groupId = await projectWithCluster();
    await s.owner.post(base(groupId), onDemand('Cluster0', 'curl-pipeline'));
    await s.owner.post(`${base(groupId)}/curl-pipeline/pause`);
    const url = `${s.url}/api/atlas/v2/groups/${groupId}/pipelines/curl-pipeline/resume`;
    const c = s.emulator.credentials;
    const digest = [
      `curl --user "\${PUBLIC_KEY}:\${PRIVATE_KEY}" \\`,
      '  --digest \\',
      '  --header "Accept: application/vnd.atlas.2025-03-12+json" \\',
      '  --header "Content-Type: application/json" \\',
      `  -X POST "${url}" \\`,
      "  -d '{ <Payload> }'",
    ].join('\n');
    const env = { ...process.env, PUBLIC_KEY: c.publicKey, PRIVATE_KEY: c.privateKey };
    const headerFile = path.join(tempDir('pipelines-curl-'), 'headers');
    const out = await run('bash', ['-c', `${digest} --silent --show-error --dump-header "${headerFile}" --write-out '\n%{http_code}'`], {
      env,
    });
    const lines = out.stdout.split('\n');
    assert.equal(lines.pop(), '200');
    const body = lines.join('\n');
    // Digest answers a challenge first; the last header block is the final answer's.
    const finalHeaders = fs.readFileSync(headerFile, 'utf8').split(/\r?\n\r?\n/).filter((h) => h.trim() !== '').pop()!;
    fs.rmSync(path.dirname(headerFile), { recursive: true, force: true });
    assert.match(finalHeaders, /^HTTP\/1\.1 200/);
    assert.match(finalHeaders, /^sunset: Tue, 09 Sep 2025 00:00:00 GMT/im);
    const resumed = JSON.parse(body);
    assert.equal(resumed.state, 'ACTIVE');
    assert.equal(resumed.name, 'curl-pipeline');

    await s.owner.post(`${base(groupId)}/curl-pipeline/pause`);
    const bearer = [
      'curl --header "Authorization: Bearer ${ACCESS_TOKEN}" \\',
      '  --header "Accept: application/vnd.atlas.2025-03-12+json" \\',
      '  --header "Content-Type: application/json" \\',
      `  -X POST "${url}" \\`,
      "  -d '{ <Payload> }'",
    ].join('\n');
    const token = await fetchToken(s.url, c.clientId, c.clientSecret);
    const out2 = await run('bash', ['-c', `${bearer} --silent --show-error`], { env: { ...process.env, ACCESS_TOKEN: token } });
    assert.equal(JSON.parse(out2.stdout).state, 'ACTIVE');
  });
});
