import assert from 'node:assert/strict';
import { advance } from '../helpers.js';
import type { Scenario } from './types.js';

const versions = [
  { version: '2023-01-01', created: 200, deleted: 200 },
  { version: '2024-05-30', created: 201, deleted: 204 },
];

export const scenarios: Scenario[] = [
  {
    name: 'search nodes, every version',
    async run({ server, client, groupId }) {
      const created = await client.post(`groups/${groupId}/clusters`, {
        name: 'nodes-c',
        clusterType: 'REPLICASET',
        replicationSpecs: [{ regionConfigs: [{ providerName: 'AWS', regionName: 'US_EAST_1', priority: 7, electableSpecs: { instanceSize: 'M10', nodeCount: 3 } }] }],
      });
      assert.equal(created.status, 201, created.text);
      await advance(server, 'PT10M');
      const path = `groups/${groupId}/clusters/nodes-c/search/deployment`;
      for (const v of versions) {
        const o = { version: v.version };
        const c = await client.post(path, { specs: [{ instanceSize: 'S20_HIGHCPU_NVME', nodeCount: 2 }] }, o);
        assert.equal(c.status, v.created, c.text);
        await advance(server, 'PT5M');
        assert.equal((await client.get(path, o)).status, 200);
        assert.equal((await client.patch(path, { specs: [{ instanceSize: 'S30_HIGHCPU_NVME', nodeCount: 3 }] }, o)).status, 200);
        assert.equal((await client.delete(path, o)).status, v.deleted);
        await advance(server, 'PT5M');
      }
      assert.equal((await client.post(path, { specs: [{ instanceSize: 'S20_HIGHCPU_NVME', nodeCount: 2 }] }, { version: '2024-05-30' })).status, 201);
      assert.equal((await client.get(path, { version: '2025-03-12' })).status, 200);
    },
  },
];
