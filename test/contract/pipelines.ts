import assert from 'node:assert/strict';
import { COLLECTIONS } from '../../src/domain/collections.js';
import { newObjectId } from '../../src/domain/ids.js';
import { isoSeconds } from '../../src/domain/time.js';
import { advance } from '../helpers.js';
import type { Scenario } from './types.js';

export const scenarios: Scenario[] = [
  {
    name: 'data lake pipelines',
    async run({ server, client, groupId }) {
      // Until the clusters branch lands, the source cluster is put in the store directly
      // (switch to createCluster and wait for IDLE after merging).
      const now = server.emulator.services.clock.now();
      const clusterId = newObjectId(now);
      await server.emulator.services.store.write((tx) =>
        tx.put(
          COLLECTIONS.clusters,
          clusterId,
          { id: clusterId, name: 'Cluster0', groupId, stateName: 'IDLE', mongoDBVersion: '8.0.10', createDate: isoSeconds(now) },
          { parent: groupId, name: 'Cluster0' },
        ),
      );
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
