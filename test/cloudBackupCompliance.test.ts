import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { projectEvents, readyCluster } from './fixtures.js';
import { advance, control, createProject, startTestServer, type TestServer } from './helpers.js';

const V = { version: '2023-10-01' };
const person = { authorizedEmail: 'officer@example.com', authorizedUserFirstName: 'Ada', authorizedUserLastName: 'Lovelace' };
const item = (frequencyType: string, frequencyInterval: number, retentionUnit: string, retentionValue: number) => ({ frequencyType, frequencyInterval, retentionUnit, retentionValue });

describe('backup compliance policy', () => {
  let s: TestServer;
  let g: string;
  before(async () => {
    s = await startTestServer();
    g = await createProject(s);
    await readyCluster(s, g, 'kept', { backupEnabled: true });
    await readyCluster(s, g, 'later');
  });
  after(() => s.close());

  const policy = () => `groups/${g}/backupCompliancePolicy`;
  const schedule = (name = 'kept') => `groups/${g}/clusters/${name}/backup/schedule`;

  it('is absent until set, and raises the backup policies of clusters to its minimum', async () => {
    assert.equal((await s.owner.get(policy(), V)).status, 404);
    const set = await s.owner.put(policy(), { ...person, restoreWindowDays: 10, scheduledPolicyItems: [item('daily', 1, 'days', 14)], onDemandPolicyItem: item('ondemand', 0, 'days', 3) }, V);
    assert.equal(set.status, 200, set.text);
    assert.equal(set.json.state, 'ACTIVE');
    assert.equal(set.json.deletable, false);
    assert.equal(set.json.projectId, g);
    const sched = (await s.owner.get(schedule(), { version: '2024-08-05' })).json;
    const daily = sched.policies[0].policyItems.find((i: { frequencyType: string }) => i.frequencyType === 'daily');
    assert.deepEqual([daily.retentionUnit, daily.retentionValue], ['days', 14]);
    assert.equal(sched.restoreWindowDays, 10);
    assert.equal((await projectEvents(s, g, { eventType: 'CPS_DATA_PROTECTION_ENABLED' })).length, 1);
  });

  it('can only be tightened', async () => {
    const weaker = await s.owner.put(policy(), { ...person, restoreWindowDays: 10, scheduledPolicyItems: [item('daily', 1, 'days', 7)] }, V);
    assert.equal(weaker.status, 400);
    assert.equal(weaker.json.errorCode, 'BACKUP_COMPLIANCE_POLICY_CANNOT_BE_WEAKENED');
    const stricter = await s.owner.put(policy(), { ...person, restoreWindowDays: 10, scheduledPolicyItems: [item('daily', 1, 'days', 21)], onDemandPolicyItem: item('ondemand', 0, 'days', 3) }, V);
    assert.equal(stricter.status, 200, stricter.text);
  });

  it('refuses backup policies below it, early deletion, shorter retention and turning backup off', async () => {
    const below = await s.owner.patch(schedule(), { policies: [{ policyItems: [item('daily', 1, 'days', 7)] }] }, { version: '2024-08-05' });
    assert.equal(below.status, 400);
    assert.equal(below.json.errorCode, 'BACKUP_POLICY_DOES_NOT_MEET_COMPLIANCE_POLICY');
    assert.equal((await s.owner.delete(schedule(), { version: '2024-08-05' })).status, 400);
    const snap = await s.owner.post(`groups/${g}/clusters/kept/backup/snapshots`, { retentionInDays: 5 });
    assert.equal(snap.status, 200, snap.text);
    const snapPath = `groups/${g}/clusters/kept/backup/snapshots/${snap.json.id}`;
    const del = await s.owner.delete(snapPath);
    assert.equal(del.status, 400);
    assert.equal(del.json.errorCode, 'CANNOT_DELETE_SNAPSHOT_WITH_BACKUP_COMPLIANCE_POLICY');
    const shorter = await s.owner.patch(snapPath, { retentionUnit: 'DAYS', retentionValue: 2 });
    assert.equal(shorter.status, 400);
    assert.equal(shorter.json.errorCode, 'CANNOT_DECREASE_SNAPSHOT_RETENTION_WITH_BACKUP_COMPLIANCE_POLICY');
    assert.equal((await s.owner.patch(snapPath, { retentionUnit: 'DAYS', retentionValue: 9 })).status, 200);
    const off = await s.owner.patch(`groups/${g}/clusters/kept`, { backupEnabled: false });
    assert.equal(off.status, 400);
    assert.equal(off.json.errorCode, 'CANNOT_DISABLE_BACKUP_WITH_BACKUP_COMPLIANCE_POLICY');
    assert.equal((await s.owner.get(`groups/${g}/clusters/kept`)).json.backupEnabled, true);
  });

  it('starts the default policy when backup is turned on later, from that moment', async () => {
    assert.equal((await s.owner.patch(`groups/${g}/clusters/later`, { backupEnabled: true })).status, 200);
    await advance(s, 'PT10M');
    const sched = await s.owner.get(schedule('later'), { version: '2024-08-05' });
    assert.equal(sched.status, 200, sched.text);
    assert.equal((await s.owner.get(`groups/${g}/clusters/later/backup/snapshots`)).json.totalCount, 0);
  });

  it('is turned off only once MongoDB approves', async () => {
    const early = await s.owner.delete(policy(), { version: '2024-11-13' });
    assert.equal(early.status, 400);
    assert.equal(early.json.errorCode, 'BACKUP_COMPLIANCE_POLICY_DISABLEMENT_NOT_APPROVED');
    const approved = await control(s, 'POST', `groups/${g}/backupCompliancePolicy/approveDisablement`, {});
    assert.equal(approved.status, 200, approved.text);
    assert.equal((await s.owner.get(policy(), V)).json.deletable, true);
    assert.equal((await s.owner.delete(policy(), { version: '2024-11-13' })).status, 204);
    assert.equal((await s.owner.get(policy(), V)).status, 404);
    const off = await s.owner.patch(`groups/${g}/clusters/kept`, { backupEnabled: false });
    assert.equal(off.status, 200, off.text);
    assert.equal((await s.owner.get(schedule())).status, 400);
  });
});
