import assert from 'node:assert/strict';
import { gunzipSync } from 'node:zlib';
import { after, before, describe, it } from 'node:test';
import fs from 'node:fs';
import { startEmulator } from '../src/app.js';
import { advance, Client, clockNow, createProject, startTestServer, STORAGE, type TestServer } from './helpers.js';
import { keyWithRoles, projectEvents, readyCluster } from './fixtures.js';

const V = { version: '2024-11-13' };
const DAY = 86_400_000;
const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

async function flex(s: TestServer, groupId: string, name: string): Promise<number> {
  const at = await clockNow(s);
  const r = await s.owner.post(`groups/${groupId}/flexClusters`, { name, providerSettings: { backingProviderName: 'AZURE', regionName: 'US_EAST_2' } }, V);
  assert.equal(r.status, 201, r.text);
  return at;
}

describe('Flex snapshots and restores', () => {
  let s: TestServer;
  before(async () => {
    s = await startTestServer();
  });
  after(() => s.close());

  it('take one snapshot a day from 24 hours after creation and keep the last eight', async () => {
    const groupId = await createProject(s);
    const created = await flex(s, groupId, 'daily');
    await advance(s, 'PT23H');
    assert.equal((await s.owner.get(`groups/${groupId}/flexClusters/daily/backup/snapshots`, V)).json.totalCount, 0);
    await advance(s, 'PT1H');
    const first = await s.owner.get(`groups/${groupId}/flexClusters/daily/backup/snapshots`, V);
    assert.equal(first.json.totalCount, 1);
    assert.equal(first.json.results[0].status, 'QUEUED');
    assert.equal(first.json.results[0].scheduledTime, iso(created + DAY));
    await advance(s, 'PT1S');
    assert.equal((await s.owner.get(`groups/${groupId}/flexClusters/daily/backup/snapshots`, V)).json.results[0].status, 'RUNNING');
    await advance(s, 'PT1S');
    const done = (await s.owner.get(`groups/${groupId}/flexClusters/daily/backup/snapshots`, V)).json.results[0];
    assert.equal(done.status, 'COMPLETED');
    assert.equal(done.startTime, iso(created + DAY + 1000));
    assert.equal(done.finishTime, iso(created + DAY + 2000));
    assert.equal(done.expiration, iso(created + 9 * DAY + 2000));
    assert.match(done.mongoDBVersion, /^8\.0\./);

    // Twelve days on, in one jump: eight kept, newest first, one a day.
    await advance(s, 'P12D');
    const list = await s.owner.get(`groups/${groupId}/flexClusters/daily/backup/snapshots`, { ...V, query: { itemsPerPage: 50 } });
    assert.equal(list.json.totalCount, 8);
    const scheduled = list.json.results.map((x: { scheduledTime: string }) => x.scheduledTime);
    assert.deepEqual(scheduled, [13, 12, 11, 10, 9, 8, 7, 6].map((d) => iso(created + d * DAY)));
    assert.ok(list.json.results.every((x: { status: string }) => x.status === 'COMPLETED'));
    const completed = await projectEvents(s, groupId, { eventType: 'TENANT_SNAPSHOT_COMPLETED_AUDIT' });
    assert.equal(completed.length, 13);
    assert.equal(completed[completed.length - 1]!.created, iso(created + DAY + 2000));
    assert.equal((await projectEvents(s, groupId, { eventType: 'TENANT_SNAPSHOT_DELETED_AUDIT' })).length, 5);
    const started = await projectEvents(s, groupId, { eventType: 'TENANT_SNAPSHOT_STARTED_AUDIT' });
    assert.equal(started.length, 13);
    assert.equal(started[0]!.created, iso(created + 13 * DAY + 1000));

    const one = list.json.results[0];
    const got = await s.owner.get(`groups/${groupId}/flexClusters/daily/backup/snapshots/${one.id}`, V);
    assert.deepEqual(got.json, one);
    const missing = await s.owner.get(`groups/${groupId}/flexClusters/daily/backup/snapshots/${'a'.repeat(24)}`, V);
    assert.equal(missing.status, 404);
    assert.equal(missing.json.errorCode, 'SNAPSHOT_NOT_FOUND');
  });

  it('restore a snapshot into a Flex cluster or a replica set, through their states on the clock', async () => {
    const groupId = await createProject(s);
    await flex(s, groupId, 'src');
    await flex(s, groupId, 'dst');
    await advance(s, 'P1DT1M');
    const snap = (await s.owner.get(`groups/${groupId}/flexClusters/src/backup/snapshots`, V)).json.results[0];
    assert.equal(snap.status, 'COMPLETED');

    const start = await clockNow(s);
    const r = await s.owner.post(`groups/${groupId}/flexClusters/src/backup/restoreJobs`, { snapshotId: snap.id, targetDeploymentItemName: 'dst' }, V);
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.status, 'QUEUED');
    assert.equal(r.json.deliveryType, 'RESTORE');
    assert.equal(r.json.instanceName, 'src');
    assert.equal(r.json.projectId, groupId);
    assert.equal(r.json.targetProjectId, groupId);
    assert.equal(r.json.targetDeploymentItemName, 'dst');
    assert.equal(r.json.snapshotId, snap.id);
    assert.equal(r.json.snapshotFinishedDate, snap.finishTime);
    assert.equal(r.json.restoreScheduledDate, iso(start));
    await advance(s, 'PT1.5S');
    const job = `groups/${groupId}/flexClusters/src/backup/restoreJobs/${r.json.id}`;
    assert.equal((await s.owner.get(job, V)).json.status, 'RUNNING');
    await advance(s, 'PT1.5S');
    const finished = (await s.owner.get(job, V)).json;
    assert.equal(finished.status, 'COMPLETED');
    assert.equal(finished.restoreFinishedDate, iso(start + 3000));
    const jobs = await s.owner.get(`groups/${groupId}/flexClusters/src/backup/restoreJobs`, V);
    assert.deepEqual(jobs.json.results.map((j: { id: string }) => j.id), [r.json.id]);
    const events = await projectEvents(s, groupId, { eventType: ['TENANT_RESTORE_REQUESTED_AUDIT', 'TENANT_RESTORE_COMPLETED_AUDIT'] });
    assert.deepEqual(events.map((e) => e.eventTypeName), ['TENANT_RESTORE_COMPLETED_AUDIT', 'TENANT_RESTORE_REQUESTED_AUDIT']);

    await readyCluster(s, groupId, 'dedicated');
    const toDedicated = await s.owner.post(`groups/${groupId}/flexClusters/src/backup/restoreJobs`, { snapshotId: snap.id, targetDeploymentItemName: 'dedicated' }, V);
    assert.equal(toDedicated.status, 200, toDedicated.text);
    const nowhere = await s.owner.post(`groups/${groupId}/flexClusters/src/backup/restoreJobs`, { snapshotId: snap.id, targetDeploymentItemName: 'nowhere' }, V);
    assert.equal(nowhere.status, 404);
    assert.equal(nowhere.json.errorCode, 'CLUSTER_NOT_FOUND');
    const noSnap = await s.owner.post(`groups/${groupId}/flexClusters/src/backup/restoreJobs`, { snapshotId: 'b'.repeat(24), targetDeploymentItemName: 'dst' }, V);
    assert.equal(noSnap.json.errorCode, 'SNAPSHOT_NOT_FOUND');
    // Into another project: the caller must own it too.
    const other = await createProject(s);
    await flex(s, other, 'elsewhere');
    await advance(s, 'PT1M');
    const sourceOwner = await keyWithRoles(s, { projectRoles: [{ groupId, roles: ['GROUP_OWNER'] }, { groupId: other, roles: ['GROUP_READ_ONLY'] }] });
    const intoOther = { snapshotId: snap.id, targetDeploymentItemName: 'elsewhere', targetProjectId: other };
    const refused = await sourceOwner.client.post(`groups/${groupId}/flexClusters/src/backup/restoreJobs`, intoOther, V);
    assert.equal(refused.status, 401, refused.text);
    const accepted = await s.owner.post(`groups/${groupId}/flexClusters/src/backup/restoreJobs`, intoOther, V);
    assert.equal(accepted.status, 200, accepted.text);
    assert.equal(accepted.json.targetProjectId, other);
    const noJob = await s.owner.get(`groups/${groupId}/flexClusters/src/backup/restoreJobs/${'c'.repeat(24)}`, V);
    assert.equal(noJob.status, 404);
    assert.equal(noJob.json.errorCode, 'RESTORE_JOB_NOT_FOUND');
  });

  it('download a snapshot through a link that works once ready and expires', async () => {
    const groupId = await createProject(s);
    await flex(s, groupId, 'dl');
    await advance(s, 'P1DT1M');
    const snap = (await s.owner.get(`groups/${groupId}/flexClusters/dl/backup/snapshots`, V)).json.results[0];
    const r = await s.owner.post(`groups/${groupId}/flexClusters/dl/backup/download`, { snapshotId: snap.id }, V);
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.deliveryType, 'DOWNLOAD');
    assert.equal(r.json.snapshotUrl, undefined);
    await advance(s, 'PT3S');
    const ready = (await s.owner.get(`groups/${groupId}/flexClusters/dl/backup/restoreJobs/${r.json.id}`, V)).json;
    assert.equal(ready.status, 'COMPLETED');
    assert.ok(ready.snapshotUrl.startsWith(s.url));
    const archive = await fetch(ready.snapshotUrl);
    assert.equal(archive.status, 200);
    assert.equal(archive.headers.get('content-type'), 'application/gzip');
    assert.equal(gunzipSync(Buffer.from(await archive.arrayBuffer())).length, 1024);
    assert.equal(ready.expirationDate, iso(Date.parse(ready.restoreFinishedDate) + 4 * 3_600_000));
    await advance(s, 'PT5H');
    assert.equal((await fetch(ready.snapshotUrl)).status, 404);
    assert.equal((await projectEvents(s, groupId, { eventType: 'TENANT_SNAPSHOT_DOWNLOAD_REQUESTED_AUDIT' })).length, 1);
  });

  it('go with their cluster', async () => {
    const groupId = await createProject(s);
    await flex(s, groupId, 'bye');
    await advance(s, 'P2D');
    assert.equal((await s.owner.get(`groups/${groupId}/flexClusters/bye/backup/snapshots`, V)).json.totalCount, 2);
    assert.equal((await s.owner.delete(`groups/${groupId}/flexClusters/bye`, V)).status, 204);
    await advance(s, 'P2D');
    await flex(s, groupId, 'bye');
    assert.equal((await s.owner.get(`groups/${groupId}/flexClusters/bye/backup/snapshots`, V)).json.totalCount, 0);
  });
});

describe('Flex snapshots across a restart', () => {
  it('keep their schedule in the store', async (t) => {
    if (STORAGE !== 'sqlite') {
      t.skip('memory storage does not outlive the process');
      return;
    }
    const s = await startTestServer();
    try {
      const groupId = await createProject(s);
      const created = await flex(s, groupId, 'durable');
      await advance(s, 'P1DT1M');
      await s.emulator.close();
      const again = await startEmulator({ ...s.config });
      try {
        const owner = new Client(again.url, { kind: 'digest', publicKey: again.credentials.publicKey, privateKey: again.credentials.privateKey });
        await again.services.clock.advance(2 * DAY);
        await again.services.scheduler.settle();
        const list = await owner.get(`groups/${groupId}/flexClusters/durable/backup/snapshots`, V);
        assert.deepEqual(list.json.results.map((x: { scheduledTime: string }) => x.scheduledTime), [3, 2, 1].map((d) => iso(created + d * DAY)));
      } finally {
        await again.close();
      }
    } finally {
      fs.rmSync(s.config.dataDir, { recursive: true, force: true });
    }
  });
});
