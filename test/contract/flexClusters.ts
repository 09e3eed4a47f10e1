import assert from 'node:assert/strict';
import { advance } from '../helpers.js';
import type { Scenario } from './types.js';

const V = { version: '2024-11-13' };
const region = { backingProviderName: 'AWS', regionName: 'US_EAST_1' };

export const scenarios: Scenario[] = [
  {
    name: 'Flex clusters, their snapshots, restores and downloads',
    async run({ client, groupId, server }) {
      const base = `groups/${groupId}/flexClusters`;
      assert.equal((await client.post(base, { name: 'contract-flex', providerSettings: region, tags: [{ key: 'env', value: 'test' }] }, V)).status, 201);
      assert.equal((await client.post(base, { name: 'contract-flex-2', providerSettings: region }, V)).status, 201);
      assert.equal((await client.get(base, V)).status, 200);
      await advance(server, 'P1DT1M');
      const one = `${base}/contract-flex`;
      assert.equal((await client.get(one, V)).status, 200);
      assert.equal((await client.patch(one, { terminationProtectionEnabled: false, tags: [] }, V)).status, 200);
      const snaps = await client.get(`${one}/backup/snapshots`, V);
      assert.equal(snaps.status, 200);
      const snapshotId = snaps.json.results[0].id;
      assert.equal((await client.get(`${one}/backup/snapshots/${snapshotId}`, V)).status, 200);
      const job = await client.post(`${one}/backup/restoreJobs`, { snapshotId, targetDeploymentItemName: 'contract-flex-2' }, V);
      assert.equal(job.status, 200);
      assert.equal((await client.post(`${one}/backup/download`, { snapshotId }, V)).status, 200);
      await advance(server, 'PT1M');
      assert.equal((await client.get(`${one}/backup/restoreJobs`, V)).status, 200);
      assert.equal((await client.get(`${one}/backup/restoreJobs/${job.json.id}`, V)).status, 200);
      const upgraded = await client.post(
        `groups/${groupId}/flexClusters:tenantUpgrade`,
        { name: 'contract-flex-2', replicationSpecs: [{ regionConfigs: [{ providerName: 'AWS', regionName: 'US_EAST_1', priority: 7, electableSpecs: { instanceSize: 'M10', nodeCount: 3 } }] }] },
        V,
      );
      assert.equal(upgraded.status, 200);
      assert.equal((await client.delete(one, V)).status, 204);
      await advance(server, 'PT1M');
    },
  },
  {
    name: 'a free cluster upgraded to Flex',
    async run({ client, groupId, server }) {
      const created = await client.post(`groups/${groupId}/clusters`, {
        name: 'contract-free',
        replicationSpecs: [{ regionConfigs: [{ providerName: 'TENANT', backingProviderName: 'AWS', regionName: 'US_EAST_1', priority: 7, electableSpecs: { instanceSize: 'M0' } }] }],
      });
      assert.equal(created.status, 201);
      await advance(server, 'PT1M');
      const r = await client.post(`groups/${groupId}/clusters/tenantUpgrade`, { name: 'contract-free', providerSettings: { providerName: 'FLEX', instanceSizeName: 'FLEX' } }, { version: '2023-01-01' });
      assert.equal(r.status, 200);
      await advance(server, 'PT1M');
    },
  },
];
