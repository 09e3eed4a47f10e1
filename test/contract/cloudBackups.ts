import assert from 'node:assert/strict';
import { readyCluster } from '../fixtures.js';
import { advance, control } from '../helpers.js';
import type { Scenario } from './types.js';

const policy = [{ policyItems: [{ frequencyType: 'hourly', frequencyInterval: 6, retentionUnit: 'days', retentionValue: 2 }] }];

export const scenarios: Scenario[] = [
  {
    name: 'cloud backup schedule and snapshots of a dedicated cluster',
    async run({ server, client, groupId }) {
      await readyCluster(server, groupId, 'Backed', { backupEnabled: true });
      const base = `groups/${groupId}/clusters/Backed/backup`;
      for (const version of ['2023-01-01', '2024-08-05']) {
        assert.equal((await client.get(`${base}/schedule`, { version })).status, 200);
        const updated = await client.patch(`${base}/schedule`, { policies: policy, referenceHourOfDay: 3 }, { version });
        assert.equal(updated.status, 200, updated.text);
      }
      await advance(server, 'P1D');
      const list = await client.get(`${base}/snapshots`);
      assert.equal(list.status, 200);
      const id = list.json.results[0].id;
      assert.equal((await client.get(`${base}/snapshots/${id}`)).status, 200);
      assert.equal((await client.patch(`${base}/snapshots/${id}`, { retentionUnit: 'DAYS', retentionValue: 5 })).status, 200);
      assert.equal((await client.delete(`${base}/snapshots/${id}`)).status, 204);
      const taken = await client.post(`${base}/snapshots`, { description: 'contract', retentionInDays: 3 });
      assert.equal(taken.status, 200, taken.text);
      await advance(server, 'PT5M');
      const restore = await client.post(`${base}/restoreJobs`, { deliveryType: 'automated', snapshotId: taken.json.id, targetGroupId: groupId, targetClusterName: 'Backed' });
      assert.equal(restore.status, 200, restore.text);
      assert.equal((await client.get(`${base}/restoreJobs`)).status, 200);
      assert.equal((await client.get(`${base}/restoreJobs/${restore.json.id}`)).status, 200);
      assert.equal((await client.delete(`${base}/restoreJobs/${restore.json.id}`)).status, 204);
      assert.equal((await client.delete(`${base}/schedule`, { version: '2024-08-05' })).status, 200);
    },
  },
  {
    name: 'snapshots of a sharded cluster',
    async run({ server, client, groupId }) {
      const created = await client.post(`groups/${groupId}/clusters`, {
        name: 'Sharded',
        clusterType: 'SHARDED',
        backupEnabled: true,
        replicationSpecs: [0, 1].map(() => ({ regionConfigs: [{ providerName: 'AWS', regionName: 'US_EAST_1', priority: 7, electableSpecs: { instanceSize: 'M30', nodeCount: 3 } }] })),
      });
      assert.equal(created.status, 201, created.text);
      await advance(server, 'P1D');
      const base = `groups/${groupId}/clusters/Sharded/backup/snapshots`;
      const list = await client.get(`${base}/shardedClusters`);
      assert.equal(list.status, 200, list.text);
      const id = list.json.results[0].id;
      assert.equal((await client.get(`${base}/shardedCluster/${id}`)).status, 200);
      assert.equal((await client.delete(`${base}/shardedCluster/${id}`)).status, 204);
    },
  },
  {
    name: 'snapshot export buckets and export jobs',
    async run({ server, client, groupId }) {
      await readyCluster(server, groupId, 'Exported', { backupEnabled: true });
      const role = await client.post(`groups/${groupId}/cloudProviderAccess`, { providerName: 'AWS' });
      await client.patch(`groups/${groupId}/cloudProviderAccess/${role.json.roleId}`, { providerName: 'AWS', iamAssumedRoleArn: 'arn:aws:iam::123456789012:role/export' });
      const buckets = `groups/${groupId}/backup/exportBuckets`;
      const bucket = await client.post(buckets, { cloudProvider: 'AWS', bucketName: 'contract-bucket', iamRoleId: role.json.roleId });
      assert.equal(bucket.status, 200, bucket.text);
      const id = bucket.json._id;
      assert.equal((await client.get(buckets)).status, 200);
      assert.equal((await client.get(`${buckets}/${id}`)).status, 200);
      assert.equal((await client.patch(`${buckets}/${id}`, { requirePrivateNetworking: false }, { version: '2024-05-30' })).status, 200);
      const snap = await client.post(`groups/${groupId}/clusters/Exported/backup/snapshots`, {});
      await advance(server, 'PT2M');
      const exports = `groups/${groupId}/clusters/Exported/backup/exports`;
      const job = await client.post(exports, { snapshotId: snap.json.id, exportBucketId: id });
      assert.equal(job.status, 200, job.text);
      assert.equal((await client.get(exports)).status, 200);
      assert.equal((await client.get(`${exports}/${job.json.id}`)).status, 200);
      await advance(server, 'PT15M');
      assert.equal((await client.delete(`${buckets}/${id}`, { version: '2023-01-01' })).status, 204);
    },
  },
  {
    name: 'backup compliance policy',
    async run({ server, client, groupId }) {
      const path = `groups/${groupId}/backupCompliancePolicy`;
      const body = { authorizedEmail: 'officer@example.com', authorizedUserFirstName: 'Ada', authorizedUserLastName: 'Lovelace', restoreWindowDays: 7 };
      for (const version of ['2023-01-01', '2023-10-01']) {
        assert.equal((await client.put(path, body, { version, query: { overwriteBackupPolicies: true } })).status, 200);
        assert.equal((await client.get(path, { version })).status, 200);
      }
      assert.equal((await control(server, 'POST', `groups/${groupId}/backupCompliancePolicy/approveDisablement`, {})).status, 200);
      assert.equal((await client.delete(path, { version: '2024-11-13' })).status, 204);
    },
  },
];
