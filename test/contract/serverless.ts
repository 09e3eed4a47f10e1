import assert from 'node:assert/strict';
import { advance } from '../helpers.js';
import type { Scenario } from './types.js';

export const scenarios: Scenario[] = [
  {
    name: 'serverless instances and their snapshots',
    async run({ client, groupId, server }) {
      const base = `groups/${groupId}/serverless`;
      const created = await client.post(base, {
        name: 'contract-serverless',
        providerSettings: { backingProviderName: 'GCP', providerName: 'SERVERLESS', regionName: 'CENTRAL_US' },
        serverlessBackupOptions: { serverlessContinuousBackupEnabled: true },
        tags: [{ key: 'env', value: 'test' }],
      });
      assert.equal(created.status, 201);
      assert.equal((await client.get(base)).status, 200);
      await advance(server, 'P1D');
      const one = `${base}/contract-serverless`;
      assert.equal((await client.get(one)).status, 200);
      assert.equal((await client.patch(one, { terminationProtectionEnabled: true })).status, 200);
      const list = await client.get(`${one}/backup/snapshots`);
      assert.equal(list.status, 200);
      assert.ok(list.json.results.length > 0);
      assert.equal((await client.get(`${one}/backup/snapshots/${list.json.results[0].id}`)).status, 200);
      assert.equal((await client.patch(one, { terminationProtectionEnabled: false })).status, 200);
      assert.equal((await client.delete(one)).status, 202);
      await advance(server, 'PT1M');
    },
  },
];
