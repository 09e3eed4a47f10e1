import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { advance, createProject, startTestServer, type TestServer } from './helpers.js';
import { projectEvents, readyCluster } from './fixtures.js';

const FLEX = { version: '2024-11-13' };
const LEGACY = { version: '2023-01-01' };

async function freeCluster(s: TestServer, groupId: string, name: string) {
  const r = await s.owner.post(`groups/${groupId}/clusters`, {
    name,
    replicationSpecs: [{ regionConfigs: [{ providerName: 'TENANT', backingProviderName: 'AWS', regionName: 'US_EAST_1', priority: 7, electableSpecs: { instanceSize: 'M0' } }] }],
  });
  assert.equal(r.status, 201, r.text);
  await advance(s, 'PT3S');
  return r.json;
}

const dedicatedSpecs = (size = 'M10') => [
  { regionConfigs: [{ providerName: 'AWS', regionName: 'US_EAST_1', priority: 7, electableSpecs: { instanceSize: size, nodeCount: 3 } }] },
];

describe('tenant upgrades', () => {
  let s: TestServer;
  before(async () => {
    s = await startTestServer();
  });
  after(() => s.close());

  it('turn a free cluster into a Flex cluster that keeps its name and id, through UPDATING', async () => {
    const groupId = await createProject(s);
    const m0 = await freeCluster(s, groupId, 'free');
    const r = await s.owner.post(
      `groups/${groupId}/clusters/tenantUpgrade`,
      { name: 'free', providerSettings: { providerName: 'FLEX', instanceSizeName: 'FLEX', backingProviderName: 'AWS', regionName: 'US_EAST_1' } },
      LEGACY,
    );
    assert.equal(r.status, 200, r.text);
    assert.equal(r.headers.get('content-type'), 'application/vnd.atlas.2023-01-01+json;charset=utf-8');
    assert.equal(r.json.id, m0.id);
    assert.equal(r.json.stateName, 'UPDATING');
    assert.deepEqual(r.json.providerSettings, { backingProviderName: 'AWS', instanceSizeName: 'FLEX', providerName: 'FLEX', regionName: 'US_EAST_1' });
    assert.equal(r.json.createDate, m0.createDate);

    // From now on it is a Flex cluster: the cluster API refuses it, the Flex API serves it.
    const viaClusters = await s.owner.get(`groups/${groupId}/clusters/free`);
    assert.equal(viaClusters.json.errorCode, 'CANNOT_USE_FLEX_CLUSTER_IN_CLUSTER_API');
    assert.equal((await s.owner.get(`groups/${groupId}/clusters`)).json.totalCount, 0);
    const during = await s.owner.get(`groups/${groupId}/flexClusters/free`, FLEX);
    assert.equal(during.json.stateName, 'UPDATING');
    assert.equal(during.json.id, m0.id);
    await advance(s, 'PT3S');
    assert.equal((await s.owner.get(`groups/${groupId}/flexClusters/free`, FLEX)).json.stateName, 'IDLE');
    const events = await projectEvents(s, groupId, { eventType: ['FREE_UPGRADE_STARTED', 'CLUSTER_UPDATE_SUBMITTED', 'CLUSTER_UPDATE_COMPLETED'] });
    assert.deepEqual(events.map((e) => e.eventTypeName), ['CLUSTER_UPDATE_COMPLETED', 'CLUSTER_UPDATE_SUBMITTED', 'FREE_UPGRADE_STARTED']);
    // Its processes went with the free tier.
    assert.equal((await s.owner.get(`groups/${groupId}/processes`)).json.totalCount, 0);
    // A Flex cluster does not go through the free tier's upgrade again.
    const again = await s.owner.post(`groups/${groupId}/clusters/tenantUpgrade`, { name: 'free', providerSettings: { providerName: 'AWS', instanceSizeName: 'M10' } }, LEGACY);
    assert.equal(again.status, 400);
    assert.equal(again.json.errorCode, 'CANNOT_USE_FLEX_CLUSTER_IN_CLUSTER_API');
    // Its daily snapshots start a day after it became Flex.
    await advance(s, 'P1DT1M');
    assert.equal((await s.owner.get(`groups/${groupId}/flexClusters/free/backup/snapshots`, FLEX)).json.totalCount, 1);
  });

  it('turn a free cluster into a dedicated one in place, with its processes', async () => {
    const groupId = await createProject(s);
    const m0 = await freeCluster(s, groupId, 'grow');
    const r = await s.owner.post(
      `groups/${groupId}/clusters/tenantUpgrade`,
      {
        name: 'grow',
        providerSettings: { providerName: 'AWS', instanceSizeName: 'M10', regionName: 'US_EAST_1', autoScaling: { compute: { minInstanceSize: 'M10', maxInstanceSize: 'M30' } } },
        autoScaling: { compute: { enabled: true, scaleDownEnabled: true }, diskGBEnabled: true },
      },
      LEGACY,
    );
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.id, m0.id);
    assert.equal(r.json.stateName, 'UPDATING');
    assert.equal(r.json.providerSettings.providerName, 'AWS');
    assert.equal(r.json.providerSettings.instanceSizeName, 'M10');
    assert.deepEqual(r.json.providerSettings.autoScaling, { compute: { maxInstanceSize: 'M30', minInstanceSize: 'M10' } });
    await advance(s, 'PT2S');
    const c = (await s.owner.get(`groups/${groupId}/clusters/grow`)).json;
    assert.equal(c.stateName, 'IDLE');
    const rc = c.replicationSpecs[0].regionConfigs[0];
    assert.equal(rc.providerName, 'AWS');
    assert.equal(rc.electableSpecs.instanceSize, 'M10');
    assert.equal(rc.autoScaling.compute.enabled, true);
    const procs = (await s.owner.get(`groups/${groupId}/processes`)).json.results.filter((p: { userAlias: string }) => p.userAlias.startsWith('grow-'));
    assert.equal(procs.length, 3);
    assert.equal((await projectEvents(s, groupId, { eventType: 'FREE_UPGRADE_STARTED' })).length, 1);
  });

  it('turn a Flex cluster into a dedicated one through the Flex API', async () => {
    const groupId = await createProject(s);
    const created = await s.owner.post(`groups/${groupId}/flexClusters`, { name: 'flexup', providerSettings: { backingProviderName: 'AWS', regionName: 'US_EAST_1' }, tags: [{ key: 'a', value: 'b' }] }, FLEX);
    await advance(s, 'PT3S');
    const r = await s.owner.post(
      `groups/${groupId}/flexClusters:tenantUpgrade`,
      // As the Atlas CLI sends it: read-only fields of the Flex cluster come along and are ignored.
      { name: 'flexup', groupId, mongoDBVersion: '8.0.10', clusterType: 'REPLICASET', replicationSpecs: dedicatedSpecs() },
      FLEX,
    );
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.stateName, 'UPDATING');
    assert.equal(r.json.providerSettings.providerName, 'FLEX');
    assert.equal(r.json.id, created.json.id);
    const viaFlex = await s.owner.get(`groups/${groupId}/flexClusters/flexup`, FLEX);
    assert.equal(viaFlex.json.errorCode, 'CANNOT_USE_NON_FLEX_CLUSTER_IN_FLEX_API');
    const during = (await s.owner.get(`groups/${groupId}/clusters/flexup`)).json;
    assert.equal(during.stateName, 'UPDATING');
    assert.equal(during.id, created.json.id);
    assert.deepEqual(during.tags, [{ key: 'a', value: 'b' }]);
    await advance(s, 'PT2S');
    const c = (await s.owner.get(`groups/${groupId}/clusters/flexup`)).json;
    assert.equal(c.stateName, 'IDLE');
    assert.equal(c.replicationSpecs[0].regionConfigs[0].electableSpecs.instanceSize, 'M10');
    assert.equal((await s.owner.get(`groups/${groupId}/processes`)).json.totalCount, 3);
    const events = await projectEvents(s, groupId, { eventType: ['FLEX_UPGRADE_STARTED', 'CLUSTER_UPDATE_COMPLETED'] });
    assert.deepEqual(events.map((e) => e.eventTypeName), ['CLUSTER_UPDATE_COMPLETED', 'FLEX_UPGRADE_STARTED']);
  });

  it('refuse what Atlas does not upgrade', async () => {
    const groupId = await createProject(s);
    await freeCluster(s, groupId, 'm0');
    await readyCluster(s, groupId, 'm10');
    await s.owner.post(`groups/${groupId}/flexClusters`, { name: 'fx', providerSettings: { backingProviderName: 'AWS', regionName: 'US_EAST_1' } }, FLEX);
    await advance(s, 'PT3S');
    const legacy = (body: unknown) => s.owner.post(`groups/${groupId}/clusters/tenantUpgrade`, body, LEGACY);
    const flex = (body: unknown) => s.owner.post(`groups/${groupId}/flexClusters:tenantUpgrade`, body, FLEX);
    const cases: [Promise<{ status: number; json: { errorCode: string }; text: string }>, number, string][] = [
      [legacy({ name: 'm10', providerSettings: { providerName: 'AWS', instanceSizeName: 'M20' } }), 400, 'INVALID_ATTRIBUTE'],
      [legacy({ name: 'm0', providerSettings: { providerName: 'TENANT', instanceSizeName: 'M0' } }), 400, 'INVALID_ATTRIBUTE'],
      [legacy({ name: 'm0', providerSettings: { providerName: 'AWS' } }), 400, 'MISSING_ATTRIBUTE'],
      [legacy({ name: 'm0', providerSettings: { providerName: 'AWS', instanceSizeName: 'M7' } }), 400, 'INVALID_ENUM_VALUE'],
      [legacy({ name: 'm0', providerSettings: { providerName: 'FLEX', instanceSizeName: 'FLEX', regionName: 'NOWHERE' } }), 400, 'INVALID_REGION'],
      [legacy({ name: 'nothing', providerSettings: { providerName: 'FLEX' } }), 404, 'CLUSTER_NOT_FOUND'],
      [legacy({ providerSettings: { providerName: 'FLEX' } }), 400, 'MISSING_ATTRIBUTE'],
      [flex({ name: 'm10', replicationSpecs: dedicatedSpecs('M20') }), 400, 'CANNOT_USE_NON_FLEX_CLUSTER_IN_FLEX_API'],
      [flex({ name: 'fx' }), 400, 'MISSING_ATTRIBUTE'],
      [flex({ name: 'fx', replicationSpecs: [{ regionConfigs: [{ providerName: 'TENANT', backingProviderName: 'AWS', regionName: 'US_EAST_1', electableSpecs: { instanceSize: 'M0' } }] }] }), 400, 'INVALID_ATTRIBUTE'],
      [flex({ name: 'nothing', replicationSpecs: dedicatedSpecs() }), 404, 'CLUSTER_NOT_FOUND'],
    ];
    // The cluster API no longer makes shared tiers other than M0: Flex clusters have their own API.
    for (const size of ['M2', 'M5', 'FLEX']) {
      cases.push([
        s.owner.post(`groups/${groupId}/clusters`, {
          name: `shared-${size}`,
          replicationSpecs: [{ regionConfigs: [{ providerName: 'TENANT', backingProviderName: 'AWS', regionName: 'US_EAST_1', priority: 7, electableSpecs: { instanceSize: size } }] }],
        }),
        400,
        'INVALID_ATTRIBUTE',
      ]);
    }
    for (const [pending, status, code] of cases) {
      const r = await pending;
      assert.equal(r.status, status, r.text);
      assert.equal(r.json.errorCode, code, r.text);
    }
    // Nothing changed.
    assert.equal((await s.owner.get(`groups/${groupId}/flexClusters/fx`, FLEX)).json.stateName, 'IDLE');
    assert.equal((await s.owner.get(`groups/${groupId}/clusters/m0`)).json.replicationSpecs[0].regionConfigs[0].providerName, 'TENANT');
    assert.equal((await s.owner.get(`groups/${groupId}/clusters/m10`)).json.stateName, 'IDLE');
  });
});
