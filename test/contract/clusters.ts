import assert from 'node:assert/strict';
import { advance } from '../helpers.js';
import type { Scenario } from './types.js';

const region = { providerName: 'AWS', regionName: 'US_EAST_1', priority: 7, electableSpecs: { instanceSize: 'M10', nodeCount: 3 } };

export const scenarios: Scenario[] = [
  {
    name: 'clusters, their processes and actions',
    async run({ server, client, groupId }) {
      const base = `groups/${groupId}/clusters`;
      const created = await client.post(base, { name: 'contract', clusterType: 'REPLICASET', replicationSpecs: [{ regionConfigs: [region] }] });
      assert.equal(created.status, 201, created.text);
      assert.equal((await client.post(base, { name: 'old-shape', clusterType: 'REPLICASET', replicationSpecs: [{ regionConfigs: [region] }] }, { version: '2024-08-05' })).status, 201);
      await advance(server, 'PT10S');
      assert.equal((await client.get(base)).status, 200);
      assert.equal((await client.get(`${base}/contract`)).status, 200);
      assert.equal((await client.get('clusters')).status, 200);
      const processes = await client.get(`groups/${groupId}/processes`);
      assert.equal(processes.status, 200);
      assert.equal((await client.get(`groups/${groupId}/processes/${processes.json.results[0].id}`)).status, 200);
      assert.equal((await client.patch(`${base}/contract`, { backupEnabled: true })).status, 200);
      await advance(server, 'PT10S');
      const expirationTime = new Date(Date.now() + 30 * 86_400_000).toISOString();
      assert.equal((await client.post(`${base}/contract:grantMongoDBEmployeeAccess`, { expirationTime, grantType: 'CLUSTER_INFRASTRUCTURE' })).status, 204);
      assert.equal((await client.get(`${base}/contract`)).status, 200);
      assert.equal((await client.post(`${base}/contract:revokeMongoDBEmployeeAccess`)).status, 204);
      assert.equal((await client.post(`${base}/contract:pinFeatureCompatibilityVersion`, {})).status, 204);
      assert.equal((await client.get(`${base}/contract`)).status, 200);
      await advance(server, 'PT10S');
      assert.equal((await client.post(`${base}/contract:unpinFeatureCompatibilityVersion`)).status, 204);
      await advance(server, 'PT10S');
      assert.equal((await client.delete(`${base}/contract`)).status, 202);
      assert.equal((await client.delete(`${base}/old-shape`)).status, 202);
      await advance(server, 'PT10S');
    },
  },
];

scenarios.push({
  name: 'advanced configuration',
  async run({ server, client, groupId }) {
    const base = `groups/${groupId}/clusters`;
    assert.equal((await client.post(base, { name: 'args', clusterType: 'REPLICASET', replicationSpecs: [{ regionConfigs: [region] }] })).status, 201);
    await advance(server, 'PT10S');
    for (const version of ['2023-01-01', '2024-08-05']) {
      assert.equal((await client.get(`${base}/args/processArgs`, { version })).status, 200);
      assert.equal((await client.patch(`${base}/args/processArgs`, { noTableScan: true }, { version })).status, 200);
      await advance(server, 'PT10S');
    }
  },
});

scenarios.push({
  name: 'provider regions, status, test failover, auto-scaling mode',
  async run({ server, client, groupId }) {
    const base = `groups/${groupId}/clusters`;
    assert.equal((await client.get(`${base}/provider/regions`, { query: { providers: 'AWS', tier: 'M10' } })).status, 200);
    assert.equal((await client.post(base, { name: 'ops', clusterType: 'REPLICASET', replicationSpecs: [{ regionConfigs: [region] }] })).status, 201);
    await advance(server, 'PT10S');
    assert.equal((await client.get(`${base}/ops/status`)).status, 200);
    assert.equal((await client.get(`${base}/ops/autoScalingConfiguration`, { version: '2024-08-05' })).status, 200);
    assert.equal((await client.post(`${base}/ops/restartPrimaries`, undefined, { version: '2023-02-01' })).status, 200);
    await advance(server, 'PT1M');
    assert.equal((await client.post(`${base}/ops/restartPrimaries`, undefined, { version: '2023-01-01' })).status, 200);
    await advance(server, 'PT1M');
  },
});

scenarios.push({
  name: 'regional outage simulation',
  async run({ server, client, groupId }) {
    const base = `groups/${groupId}/clusters`;
    const rc = (regionName: string, nodeCount: number, priority: number) => ({ providerName: 'AWS', regionName, priority, electableSpecs: { instanceSize: 'M10', nodeCount } });
    const made = await client.post(base, { name: 'outage', clusterType: 'REPLICASET', replicationSpecs: [{ regionConfigs: [rc('US_EAST_1', 2, 7), rc('US_WEST_2', 2, 6), rc('EU_WEST_1', 1, 5)] }] });
    assert.equal(made.status, 201, made.text);
    await advance(server, 'PT10S');
    assert.equal((await client.post(`${base}/outage/outageSimulation`, { outageFilters: [{ cloudProvider: 'AWS', regionName: 'EU_WEST_1', type: 'REGION' }] })).status, 200);
    await advance(server, 'PT1M');
    assert.equal((await client.get(`${base}/outage/outageSimulation`)).status, 200);
    assert.equal((await client.delete(`${base}/outage/outageSimulation`)).status, 200);
    await advance(server, 'PT1M');
  },
});

scenarios.push({
  name: 'global cluster settings',
  async run({ server, client, groupId }) {
    const base = `groups/${groupId}/clusters`;
    const zone = (zoneName: string, regionName: string) => ({ zoneName, regionConfigs: [{ providerName: 'AWS', regionName, priority: 7, electableSpecs: { instanceSize: 'M30', nodeCount: 3 } }] });
    const made = await client.post(base, { name: 'geo', clusterType: 'GEOSHARDED', replicationSpecs: [zone('Zone 1', 'US_EAST_1'), zone('Zone 2', 'EU_WEST_1')] });
    assert.equal(made.status, 201, made.text);
    await advance(server, 'PT10S');
    for (const version of ['2023-01-01', '2023-02-01', '2024-08-05']) {
      const opts = { version };
      assert.equal((await client.get(`${base}/geo/globalWrites`, opts)).status, 200);
      assert.equal((await client.post(`${base}/geo/globalWrites/customZoneMapping`, { customZoneMappings: [{ location: 'DE', zone: 'Zone 2' }] }, opts)).status, 200);
      assert.equal((await client.delete(`${base}/geo/globalWrites/customZoneMapping`, opts)).status, 200);
      assert.equal((await client.post(`${base}/geo/globalWrites/managedNamespaces`, { db: 'shop', collection: 'orders', customShardKey: 'customerId' }, opts)).status, 200);
      assert.equal((await client.delete(`${base}/geo/globalWrites/managedNamespaces`, { ...opts, query: { db: 'shop', collection: 'orders' } })).status, 200);
    }
  },
});
