import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { advance, createProject, startTestServer, type TestServer } from './helpers.js';
import { projectEvents, readyCluster } from './fixtures.js';

describe('provider regions, cluster status, test failover, auto-scaling mode', () => {
  let s: TestServer;
  let groupId: string;
  before(async () => {
    s = await startTestServer();
    groupId = await createProject(s);
  });
  after(() => s.close());

  it('lists every provider and size from the region table, filtered by providers and tier', async () => {
    const all = await s.owner.get(`groups/${groupId}/clusters/provider/regions`, { query: { itemsPerPage: 500 } });
    assert.equal(all.status, 200, all.text);
    assert.deepEqual(all.json.results.map((p: { provider: string }) => p.provider), ['AWS', 'AZURE', 'GCP']);
    const aws = all.json.results[0];
    const m10 = aws.instanceSizes.find((i: { name: string }) => i.name === 'M10');
    assert.ok(m10.availableRegions.some((r: { name: string; default: boolean }) => r.name === 'US_EAST_1' && r.default));
    assert.equal(m10.availableRegions.filter((r: { default: boolean }) => r.default).length, 1);
    const gcpM10 = await s.owner.get(`groups/${groupId}/clusters/provider/regions`, { query: { providers: 'GCP', tier: 'M10' } });
    assert.equal(gcpM10.json.totalCount, 1);
    assert.deepEqual(gcpM10.json.results[0].instanceSizes.map((i: { name: string }) => i.name), ['M10']);
    const m90 = await s.owner.get(`groups/${groupId}/clusters/provider/regions`, { query: { tier: 'M90' } });
    assert.deepEqual(m90.json.results.map((p: { provider: string }) => p.provider), ['AZURE'], 'only Azure offers M90');
  });

  it('shows PENDING while a change is in flight, APPLIED once it applied', async () => {
    const created = await s.owner.post(`groups/${groupId}/clusters`, {
      name: 'st', clusterType: 'REPLICASET',
      replicationSpecs: [{ regionConfigs: [{ providerName: 'AWS', regionName: 'US_EAST_1', priority: 7, electableSpecs: { instanceSize: 'M10', nodeCount: 3 } }] }],
    });
    assert.equal(created.status, 201);
    assert.equal((await s.owner.get(`groups/${groupId}/clusters/st/status`)).json.changeStatus, 'PENDING');
    await advance(s, 'PT5M');
    const st = await s.owner.get(`groups/${groupId}/clusters/st/status`);
    assert.equal(st.json.changeStatus, 'APPLIED');
    assert.ok(st.json.links[0].href.endsWith(`/groups/${groupId}/clusters/st/status`));
    assert.equal((await s.owner.patch(`groups/${groupId}/clusters/st`, { backupEnabled: true })).status, 200);
    assert.equal((await s.owner.get(`groups/${groupId}/clusters/st/status`)).json.changeStatus, 'PENDING');
    await advance(s, 'PT5M');
    assert.equal((await s.owner.get(`groups/${groupId}/clusters/st/status`)).json.changeStatus, 'APPLIED');
    assert.equal((await s.owner.get(`groups/${groupId}/clusters/nope/status`)).status, 404);
  });

  it('elects another primary on the clock after a test failover', async () => {
    await readyCluster(s, groupId, 'fo');
    const primary = async () => {
      const r = await s.owner.get(`groups/${groupId}/processes`);
      return r.json.results.filter((p: { userAlias: string; typeName: string }) => p.userAlias.startsWith('fo-') && p.typeName === 'REPLICA_PRIMARY').map((p: { id: string }) => p.id);
    };
    const before = await primary();
    assert.equal(before.length, 1);
    const r = await s.owner.post(`groups/${groupId}/clusters/fo/restartPrimaries`);
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(await primary(), before, 'the election takes its time');
    assert.equal((await s.owner.get(`groups/${groupId}/clusters/fo/status`)).json.changeStatus, 'PENDING');
    const again = await s.owner.post(`groups/${groupId}/clusters/fo/restartPrimaries`);
    assert.equal(again.status, 400);
    assert.equal(again.json.errorCode, 'CLUSTER_RESTART_INVALID');
    await advance(s, 'PT1M');
    const after = await primary();
    assert.equal(after.length, 1);
    assert.notDeepEqual(after, before);
    assert.equal((await s.owner.get(`groups/${groupId}/clusters/fo/status`)).json.changeStatus, 'APPLIED');
    assert.equal((await projectEvents(s, groupId, { eventType: 'TEST_FAILOVER_REQUESTED' })).length, 1);
  });

  it('reports the auto-scaling mode of a cluster', async () => {
    const r = await s.owner.get(`groups/${groupId}/clusters/fo/autoScalingConfiguration`, { version: '2024-08-05' });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.autoScalingMode, 'CLUSTER_WIDE_SCALING');
    const region = (size: string) => ({ regionConfigs: [{ providerName: 'AWS', regionName: 'US_EAST_1', priority: 7, electableSpecs: { instanceSize: size, nodeCount: 3 } }] });
    const asym = await s.owner.post(`groups/${groupId}/clusters`, { name: 'asym', clusterType: 'SHARDED', replicationSpecs: [region('M30'), region('M40')] });
    assert.equal(asym.status, 201, asym.text);
    const mode = await s.owner.get(`groups/${groupId}/clusters/asym/autoScalingConfiguration`, { version: '2024-08-05' });
    assert.equal(mode.json.autoScalingMode, 'INDEPENDENT_SHARD_SCALING');
  });
});
