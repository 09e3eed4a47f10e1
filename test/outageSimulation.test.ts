import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { advance, createProject, startTestServer, type TestServer } from './helpers.js';
import { projectEvents, readyCluster } from './fixtures.js';

const rc = (regionName: string, nodeCount: number, priority: number) => ({
  providerName: 'AWS', regionName, priority, electableSpecs: { instanceSize: 'M10', nodeCount },
});

describe('cluster outage simulation', () => {
  let s: TestServer;
  let groupId: string;
  const path = () => `groups/${groupId}/clusters/multi/outageSimulation`;
  before(async () => {
    s = await startTestServer();
    groupId = await createProject(s);
    await readyCluster(s, groupId, 'multi', { replicationSpecs: [{ regionConfigs: [rc('US_EAST_1', 2, 7), rc('US_WEST_2', 2, 6), rc('EU_WEST_1', 1, 5)] }] });
  });
  after(() => s.close());

  const processes = async () => (await s.owner.get(`groups/${groupId}/processes`)).json.results as { id: string; typeName: string; lastPing: string; userAlias: string }[];

  it('refuses outages that lose the majority, regions the cluster lacks, and a missing simulation', async () => {
    assert.equal((await s.owner.get(path())).status, 404);
    const majority = await s.owner.post(path(), { outageFilters: [{ cloudProvider: 'AWS', regionName: 'US_EAST_1', type: 'REGION' }, { cloudProvider: 'AWS', regionName: 'US_WEST_2', type: 'REGION' }] });
    assert.equal(majority.status, 400, majority.text);
    assert.equal(majority.json.errorCode, 'CLUSTER_OUTAGE_SIMULATION_MAJORITY_LOSS');
    const elsewhere = await s.owner.post(path(), { outageFilters: [{ cloudProvider: 'AWS', regionName: 'AP_SOUTH_1', type: 'REGION' }] });
    assert.equal(elsewhere.status, 400);
    assert.equal((await s.owner.post(path(), { outageFilters: [] })).status, 400);
    assert.equal((await s.owner.delete(path())).status, 404);
  });

  it('takes the region down on the clock, elects a primary elsewhere, and recovers', async () => {
    const primaryBefore = (await processes()).find((p) => p.typeName === 'REPLICA_PRIMARY')!;
    const start = await s.owner.post(path(), { outageFilters: [{ cloudProvider: 'AWS', regionName: 'US_EAST_1', type: 'REGION' }] });
    assert.equal(start.status, 200, start.text);
    assert.equal(start.json.state, 'START_REQUESTED');
    assert.equal((await s.owner.post(path(), { outageFilters: [{ cloudProvider: 'AWS', regionName: 'EU_WEST_1', type: 'REGION' }] })).status, 409);
    assert.equal((await s.owner.delete(path())).status, 400, 'not yet simulating');
    await advance(s, 'PT2S');
    assert.equal((await s.owner.get(path())).json.state, 'STARTING');
    await advance(s, 'PT2S');
    assert.equal((await s.owner.get(path())).json.state, 'SIMULATING');
    const downAt = (await processes()).find((p) => p.id === primaryBefore.id)!.lastPing;
    await advance(s, 'PT10M');
    const during = await processes();
    assert.equal(during.find((p) => p.id === primaryBefore.id)!.lastPing, downAt, 'a node in the outage region stopped reporting');
    assert.equal(during.find((p) => p.id === primaryBefore.id)!.typeName, 'REPLICA_SECONDARY');
    const newPrimary = during.find((p) => p.typeName === 'REPLICA_PRIMARY')!;
    assert.notEqual(newPrimary.id, primaryBefore.id);
    assert.notEqual(newPrimary.lastPing, downAt);
    assert.equal((await projectEvents(s, groupId, { eventType: 'CLUSTER_REGIONAL_OUTAGE_SIMULATION_STARTED' })).length, 1);
    const end = await s.owner.delete(path());
    assert.equal(end.status, 200, end.text);
    assert.equal(end.json.state, 'RECOVERY_REQUESTED');
    await advance(s, 'PT10S');
    assert.equal((await s.owner.get(path())).json.state, 'COMPLETE');
    const after = await processes();
    assert.notEqual(after.find((p) => p.id === primaryBefore.id)!.lastPing, downAt, 'back up');
    assert.equal((await projectEvents(s, groupId, { eventType: 'CLUSTER_REGIONAL_OUTAGE_SIMULATION_COMPLETED' })).length, 1);
  });

  it('ends a simulation left running at its expiration date', async () => {
    const start = await s.owner.post(path(), { outageFilters: [{ cloudProvider: 'AWS', regionName: 'EU_WEST_1', type: 'REGION' }] });
    assert.equal(start.status, 200, start.text);
    assert.equal(Date.parse(start.json.expirationDate) - Date.parse(start.json.startRequestDate), 3 * 86_400_000);
    await advance(s, 'PT1M');
    assert.equal((await s.owner.get(path())).json.state, 'SIMULATING');
    await advance(s, 'P4D');
    assert.equal((await s.owner.get(path())).json.state, 'COMPLETE');
  });

  it('works off a start and its expiry in one clock jump, in due order', async () => {
    // The start step schedules the expiry; a jump over both must run the start first.
    const start = await s.owner.post(path(), { outageFilters: [{ cloudProvider: 'AWS', regionName: 'EU_WEST_1', type: 'REGION' }] });
    assert.equal(start.status, 200, start.text);
    await advance(s, 'P4D');
    assert.equal((await s.owner.get(path())).json.state, 'COMPLETE');
  });
});
