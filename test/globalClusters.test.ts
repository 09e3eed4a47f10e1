import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createProject, startTestServer, type TestServer } from './helpers.js';
import { readyCluster } from './fixtures.js';

const zone = (zoneName: string, regionName: string) => ({
  zoneName, regionConfigs: [{ providerName: 'AWS', regionName, priority: 7, electableSpecs: { instanceSize: 'M30', nodeCount: 3 } }],
});

describe('global clusters', () => {
  let s: TestServer;
  let groupId: string;
  const path = (what = '') => `groups/${groupId}/clusters/geo/globalWrites${what}`;
  before(async () => {
    s = await startTestServer();
    groupId = await createProject(s);
    await readyCluster(s, groupId, 'geo', { clusterType: 'GEOSHARDED', replicationSpecs: [zone('Zone 1', 'US_EAST_1'), zone('Zone 2', 'EU_WEST_1')] });
    await readyCluster(s, groupId, 'plain');
  });
  after(() => s.close());

  it('maps locations to zones, shown by zone id at 2024-08-05', async () => {
    const cluster = (await s.owner.get(`groups/${groupId}/clusters/geo`)).json;
    const eu = cluster.replicationSpecs.find((r: { zoneName: string }) => r.zoneName === 'Zone 2');
    const r = await s.owner.post(path('/customZoneMapping'), { customZoneMappings: [{ location: 'DE', zone: 'Zone 2' }, { location: 'US-NY', zone: 'Zone 1' }] }, { version: '2024-08-05' });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.customZoneMapping.DE, eu.zoneId);
    assert.equal(Object.keys(r.json.customZoneMapping).length, 2);
    const read = await s.owner.get(path(), { version: '2024-08-05' });
    assert.deepEqual(read.json, r.json);
    assert.equal((await s.owner.post(path('/customZoneMapping'), { customZoneMappings: [{ location: 'DE', zone: 'Zone 9' }] })).status, 400);
    assert.equal((await s.owner.post(path('/customZoneMapping'), { customZoneMappings: [{ location: 'germany', zone: 'Zone 1' }] })).status, 400);
    const cleared = await s.owner.delete(path('/customZoneMapping'), { version: '2024-08-05' });
    assert.equal(cleared.status, 200, cleared.text);
    assert.deepEqual(cleared.json.customZoneMapping, {});
  });

  it('manages namespaces with Atlas rules', async () => {
    const ns = { db: 'shop', collection: 'orders', customShardKey: 'customerId' };
    const r = await s.owner.post(path('/managedNamespaces'), ns, { version: '2024-08-05' });
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(r.json.managedNamespaces, [{ ...ns, isCustomShardKeyHashed: false, isShardKeyUnique: false, presplitHashedZones: false }]);
    assert.equal((await s.owner.post(path('/managedNamespaces'), ns)).status, 409);
    assert.equal((await s.owner.post(path('/managedNamespaces'), { ...ns, collection: 'x', isCustomShardKeyHashed: true, isShardKeyUnique: true })).status, 400);
    assert.equal((await s.owner.post(path('/managedNamespaces'), { ...ns, collection: 'y', presplitHashedZones: true })).status, 400);
    const gone = await s.owner.delete(path('/managedNamespaces'), { query: { db: 'shop', collection: 'orders' }, version: '2024-08-05' });
    assert.equal(gone.status, 200, gone.text);
    assert.deepEqual(gone.json.managedNamespaces, []);
    assert.equal((await s.owner.delete(path('/managedNamespaces'), { query: { db: 'shop', collection: 'orders' } })).status, 404);
  });

  it('refuses clusters that are not global', async () => {
    const r = await s.owner.post(`groups/${groupId}/clusters/plain/globalWrites/managedNamespaces`, { db: 'a', collection: 'b', customShardKey: 'c' });
    assert.equal(r.status, 400);
    assert.equal(r.json.errorCode, 'NOT_GLOBAL_CLUSTER');
  });
});
