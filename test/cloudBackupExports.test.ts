import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { projectEvents, readyCluster } from './fixtures.js';
import { advance, createProject, startTestServer, type TestServer } from './helpers.js';

const NEW = { version: '2024-05-30' };
const OLD = { version: '2023-01-01' };

describe('snapshot export buckets and export jobs', () => {
  let s: TestServer;
  let g: string;
  let awsRole: string;
  let azureRole: string;
  let snapshotId: string;
  before(async () => {
    s = await startTestServer();
    g = await createProject(s);
    await readyCluster(s, g, 'exported', { backupEnabled: true });
    const role = await s.owner.post(`groups/${g}/cloudProviderAccess`, { providerName: 'AWS' });
    awsRole = role.json.roleId;
    const azure = await s.owner.post(`groups/${g}/cloudProviderAccess`, {
      providerName: 'AZURE',
      atlasAzureAppId: '11111111-1111-4111-8111-111111111111',
      servicePrincipalId: '22222222-2222-4222-8222-222222222222',
      tenantId: '33333333-3333-4333-8333-333333333333',
    });
    assert.equal(azure.status, 200, azure.text);
    azureRole = azure.json._id ?? azure.json.id;
    const snap = await s.owner.post(`groups/${g}/clusters/exported/backup/snapshots`, {});
    snapshotId = snap.json.id;
    await advance(s, 'PT2M');
  });
  after(() => s.close());

  const buckets = () => `groups/${g}/backup/exportBuckets`;

  it('needs an authorized AWS role for an S3 bucket, and marks the role as used', async () => {
    const unauthorized = await s.owner.post(buckets(), { cloudProvider: 'AWS', bucketName: 'my-bucket', iamRoleId: awsRole });
    assert.equal(unauthorized.status, 400);
    assert.equal(unauthorized.json.errorCode, 'CLOUD_PROVIDER_ACCESS_ROLE_NOT_AUTHORIZED');
    const missing = await s.owner.post(buckets(), { cloudProvider: 'AWS', bucketName: 'my-bucket', iamRoleId: '0123456789abcdef01234567' });
    assert.equal(missing.status, 404);
    await s.owner.patch(`groups/${g}/cloudProviderAccess/${awsRole}`, { providerName: 'AWS', iamAssumedRoleArn: 'arn:aws:iam::123456789012:role/export' });
    const b = await s.owner.post(buckets(), { cloudProvider: 'AWS', bucketName: 'my-bucket', iamRoleId: awsRole });
    assert.equal(b.status, 200, b.text);
    assert.equal(b.json.iamRoleId, awsRole);
    const roles = await s.owner.get(`groups/${g}/cloudProviderAccess`);
    assert.deepEqual(roles.json.awsIamRoles[0].featureUsages, [{ featureId: { exportBucketId: b.json._id, groupId: g }, featureType: 'EXPORT_SNAPSHOT' }]);
    const inUse = await s.owner.delete(`groups/${g}/cloudProviderAccess/AWS/${awsRole}`);
    assert.equal(inUse.json.errorCode, 'CLOUD_PROVIDER_ACCESS_ROLE_IN_USE');
  });

  it('takes Azure blob containers in the newer version, which the first version does not show', async () => {
    const noUrl = await s.owner.post(buckets(), { cloudProvider: 'AZURE', bucketName: 'container', roleId: azureRole }, NEW);
    assert.equal(noUrl.status, 400);
    const b = await s.owner.post(buckets(), { cloudProvider: 'AZURE', bucketName: 'container', roleId: azureRole, serviceUrl: 'https://myaccount.blob.core.windows.net' }, NEW);
    assert.equal(b.status, 200, b.text);
    assert.equal(b.json.tenantId, '33333333-3333-4333-8333-333333333333');
    assert.equal((await s.owner.get(buckets(), NEW)).json.totalCount, 2);
    assert.equal((await s.owner.get(buckets(), OLD)).json.totalCount, 1);
    assert.equal((await s.owner.get(`${buckets()}/${b.json._id}`, OLD)).status, 404);
    const changed = await s.owner.patch(`${buckets()}/${b.json._id}`, { requirePrivateNetworking: true }, NEW);
    assert.equal(changed.status, 200, changed.text);
    assert.equal((await s.owner.get(`${buckets()}/${b.json._id}`, NEW)).json.requirePrivateNetworking, true);
  });

  it('exports a snapshot on the clock, holding its bucket until done', async () => {
    const bucketId = (await s.owner.get(buckets(), OLD)).json.results[0]._id;
    const exports = `groups/${g}/clusters/exported/backup/exports`;
    const job = await s.owner.post(exports, { snapshotId, exportBucketId: bucketId, customData: [{ key: 'k', value: 'v' }] });
    assert.equal(job.status, 200, job.text);
    assert.equal(job.json.state, 'Queued');
    assert.match(job.json.prefix, new RegExp(`^/exported_snapshots/${s.orgId}/${g}/exported/\\d{4}-\\d\\d-\\d\\d/\\d+$`));
    const held = await s.owner.delete(`${buckets()}/${bucketId}`);
    assert.equal(held.status, 400);
    await advance(s, 'PT1M');
    assert.equal((await s.owner.get(`${exports}/${job.json.id}`)).json.state, 'InProgress');
    await advance(s, 'PT10M');
    const done = (await s.owner.get(`${exports}/${job.json.id}`)).json;
    assert.equal(done.state, 'Successful');
    assert.ok(done.finishedAt);
    assert.equal((await s.owner.get(exports)).json.totalCount, 1);
    assert.equal((await projectEvents(s, g, { eventType: 'CPS_EXPORT_SUCCESSFUL' })).length, 1);
    assert.equal((await s.owner.delete(`${buckets()}/${bucketId}`)).status, 204);
    const roles = await s.owner.get(`groups/${g}/cloudProviderAccess`);
    assert.deepEqual(roles.json.awsIamRoles[0].featureUsages, []);
    const gone = await s.owner.post(exports, { snapshotId, exportBucketId: bucketId });
    assert.equal(gone.status, 404);
  });
});
