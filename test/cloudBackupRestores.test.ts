import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { projectEvents, readyCluster } from './fixtures.js';
import { advance, clockNow, createProject, startTestServer, type TestServer } from './helpers.js';

describe('restore jobs of dedicated clusters', () => {
  let s: TestServer;
  let groupId: string;
  let otherGroup: string;
  let snapshotId: string;
  before(async () => {
    s = await startTestServer();
    groupId = await createProject(s);
    otherGroup = await createProject(s);
    await readyCluster(s, groupId, 'source', { backupEnabled: true, pitEnabled: true });
    await readyCluster(s, groupId, 'nopit', { backupEnabled: true });
    await readyCluster(s, otherGroup, 'target');
    const taken = await s.owner.post(`groups/${groupId}/clusters/source/backup/snapshots`, { retentionInDays: 30 });
    assert.equal(taken.status, 200, taken.text);
    snapshotId = taken.json.id;
  });
  after(() => s.close());

  const jobs = (name = 'source') => `groups/${groupId}/clusters/${name}/backup/restoreJobs`;
  const targetState = async () => (await s.owner.get(`groups/${otherGroup}/clusters/target`)).json.stateName;

  it('refuses a snapshot that has not completed, and a restore without its target', async () => {
    const r = await s.owner.post(jobs(), { deliveryType: 'automated', snapshotId, targetGroupId: otherGroup, targetClusterName: 'target' });
    assert.equal(r.status, 400, r.text);
    await advance(s, 'PT2M');
    const missing = await s.owner.post(jobs(), { deliveryType: 'automated', snapshotId, targetGroupId: otherGroup });
    assert.equal(missing.status, 400);
    assert.equal(missing.json.errorCode, 'MISSING_ATTRIBUTE');
    const nowhere = await s.owner.post(jobs(), { deliveryType: 'automated', snapshotId, targetGroupId: otherGroup, targetClusterName: 'nope' });
    assert.equal(nowhere.status, 404);
    assert.equal((await s.owner.get(jobs())).json.totalCount, 0);
  });

  it('restores a snapshot into a cluster of another project on the clock, marking it as restoring', async () => {
    const r = await s.owner.post(jobs(), { deliveryType: 'automated', snapshotId, targetGroupId: otherGroup, targetClusterName: 'target' });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.finishedAt, undefined);
    assert.equal(r.json.cancelled, false);
    assert.equal(await targetState(), 'UPDATING');
    const busy = await s.owner.post(jobs(), { deliveryType: 'automated', snapshotId, targetGroupId: otherGroup, targetClusterName: 'target' });
    assert.equal(busy.status, 409);
    await advance(s, 'PT5M');
    const done = await s.owner.get(`${jobs()}/${r.json.id}`);
    assert.equal(done.status, 200);
    assert.ok(done.json.finishedAt);
    assert.equal(await targetState(), 'IDLE');
    const cancel = await s.owner.delete(`${jobs()}/${r.json.id}`);
    assert.equal(cancel.status, 400);
    assert.equal(cancel.json.errorCode, 'CANNOT_CANCEL_RESTORE_JOB');
    const events = await projectEvents(s, groupId, { eventType: ['CPS_RESTORE_REQUESTED_AUDIT', 'CPS_RESTORE_SUCCESSFUL'] });
    assert.equal(events.length, 2);
  });

  it('cancels a running restore, which then never finishes', async () => {
    const r = await s.owner.post(jobs(), { deliveryType: 'automated', snapshotId, targetGroupId: otherGroup, targetClusterName: 'target' });
    assert.equal(r.status, 200, r.text);
    assert.equal((await s.owner.delete(`${jobs()}/${r.json.id}`)).status, 204);
    assert.equal(await targetState(), 'IDLE');
    await advance(s, 'PT10M');
    const j = (await s.owner.get(`${jobs()}/${r.json.id}`)).json;
    assert.equal(j.cancelled, true);
    assert.equal(j.finishedAt, undefined);
  });

  it('gives a download its delivery URL once ready, until the link expires', async () => {
    const r = await s.owner.post(jobs(), { deliveryType: 'download', snapshotId });
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(r.json.deliveryUrl, []);
    await advance(s, 'PT5M');
    const ready = (await s.owner.get(`${jobs()}/${r.json.id}`)).json;
    assert.equal(ready.deliveryUrl.length, 1);
    assert.match(ready.deliveryUrl[0], /^https:\/\/.*\.tar\.gz$/);
    assert.equal(Date.parse(ready.expiresAt) - Date.parse(ready.finishedAt), 4 * 3_600_000);
    await advance(s, 'PT4H');
    const old = (await s.owner.get(`${jobs()}/${r.json.id}`)).json;
    assert.equal(old.expired, true);
  });

  it('restores to a point in time within the restore window when continuous backup is on', async () => {
    const now = Math.floor((await clockNow(s)) / 1000);
    const body = { deliveryType: 'pointInTime', targetGroupId: otherGroup, targetClusterName: 'target' };
    const off = await s.owner.post(jobs('nopit'), { ...body, pointInTimeUTCSeconds: now - 60 });
    assert.equal(off.status, 400);
    assert.equal(off.json.errorCode, 'POINT_IN_TIME_RESTORE_NOT_ENABLED');
    const tooOld = await s.owner.post(jobs(), { ...body, pointInTimeUTCSeconds: now - 8 * 86_400 });
    assert.equal(tooOld.status, 400);
    const future = await s.owner.post(jobs(), { ...body, pointInTimeUTCSeconds: now + 60 });
    assert.equal(future.status, 400);
    const ok = await s.owner.post(jobs(), { ...body, pointInTimeUTCSeconds: now - 3600 });
    assert.equal(ok.status, 200, ok.text);
    assert.equal(ok.json.pointInTimeUTCSeconds, now - 3600);
    assert.equal(Date.parse(ok.json.timestamp) / 1000, now - 3600);
    await advance(s, 'PT5M');
    assert.ok((await s.owner.get(`${jobs()}/${ok.json.id}`)).json.finishedAt);
    const list = await s.owner.get(jobs());
    assert.equal(list.json.totalCount, 4);
  });
});
