import assert from 'node:assert/strict';
import { readyCluster } from '../fixtures.js';
import type { Scenario } from './types.js';

export const scenarios: Scenario[] = [
  {
    name: 'databases, measurements and sample data of a cluster',
    async run({ server, client, groupId }) {
      await readyCluster(server, groupId, 'contract-metrics');
      const processId = (await client.get(`groups/${groupId}/processes`)).json.results[0].id;
      const base = `groups/${groupId}/processes/${processId}/databases`;
      assert.equal((await client.get(base)).status, 200);
      assert.equal((await client.get(`${base}/config`)).status, 200);
      const m = await client.get(`${base}/config/measurements`, { query: { granularity: 'PT5M', period: 'PT1H' } });
      assert.equal(m.status, 200, m.text);
      const load = await client.post(`groups/${groupId}/sampleDatasetLoad/contract-metrics`);
      assert.equal(load.status, 201, load.text);
      assert.equal((await client.get(`groups/${groupId}/sampleDatasetLoad/${load.json._id}`)).status, 200);
    },
  },
];
