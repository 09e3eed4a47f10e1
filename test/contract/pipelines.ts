import assert from 'node:assert/strict';
import { readyCluster } from '../fixtures.js';
import { advance } from '../helpers.js';
import type { Scenario } from './types.js';

export const scenarios: Scenario[] = [
  {
    name: 'data lake pipelines',
    async run({ server, client, groupId }) {
      await readyCluster(server, groupId, 'Cluster0');
      const base = `groups/${groupId}/pipelines`;
      const created = await client.post(base, {
        name: 'contract-pipeline',
        sink: { type: 'DLS', partitionFields: [{ fieldName: 'year', order: 0 }] },
        source: { type: 'ON_DEMAND_CPS', clusterName: 'Cluster0', databaseName: 'sample', collectionName: 'movies' },
        transformations: [{ field: 'plot', type: 'EXCLUDE' }],
        datasetRetentionPolicy: { units: 'DAYS', value: 30 },
      });
      assert.equal(created.status, 200, created.text);
      const p = `${base}/contract-pipeline`;
      assert.equal((await client.get(base)).status, 200);
      assert.equal((await client.get(p)).status, 200);
      assert.equal((await client.patch(p, { transformations: [] })).status, 200);
      assert.equal((await client.post(`${p}/pause`)).status, 200);
      assert.equal((await client.post(`${p}/resume`)).status, 200);
      const schedules = await client.get(`${p}/availableSchedules`);
      assert.equal(schedules.status, 200);
      const snapshots = await client.get(`${p}/availableSnapshots`);
      assert.equal(snapshots.status, 200);
      const triggered = await client.post(`${p}/trigger`, { snapshotId: snapshots.json.results[0].id });
      assert.equal(triggered.status, 200, triggered.text);
      await advance(server, 'PT10S');
      assert.equal((await client.get(`${p}/runs`)).status, 200);
      const runUrl = `${p}/runs/${triggered.json._id}`;
      assert.equal((await client.get(runUrl)).json.state, 'DONE');
      assert.equal((await client.delete(runUrl)).status, 202);
      assert.equal((await client.delete(p)).status, 204);
    },
  },
];
