import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { advance, clockNow, createProject, startTestServer, type TestServer } from './helpers.js';
import { keyWithRoles, projectEvents, readyCluster } from './fixtures.js';

const V = { version: '2024-11-13' };
const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

function flexBody(name: string, extra: Record<string, unknown> = {}) {
  return { name, providerSettings: { backingProviderName: 'AWS', regionName: 'US_EAST_1' }, ...extra };
}

async function readyFlex(s: TestServer, groupId: string, name: string) {
  const r = await s.owner.post(`groups/${groupId}/flexClusters`, flexBody(name), V);
  assert.equal(r.status, 201, r.text);
  await advance(s, 'PT3S');
  return r.json;
}

describe('Flex clusters', () => {
  let s: TestServer;
  before(async () => {
    s = await startTestServer();
  });
  after(() => s.close());

  it('are created, become IDLE on the clock, and serve what Atlas serves', async () => {
    const groupId = await createProject(s);
    const start = await clockNow(s);
    // Typed clients send the read-only providerName; it is accepted and ignored.
    const r = await s.owner.post(
      `groups/${groupId}/flexClusters`,
      flexBody('Flex-1', { providerSettings: { backingProviderName: 'GCP', regionName: 'CENTRAL_US', providerName: 'FLEX' }, tags: [{ key: 'env', value: 'dev' }] }),
      V,
    );
    assert.equal(r.status, 201, r.text);
    assert.equal(r.headers.get('content-type'), 'application/vnd.atlas.2024-11-13+json;charset=utf-8');
    const f = r.json;
    assert.deepEqual(Object.keys(f), [
      'backupSettings', 'clusterType', 'connectionStrings', 'createDate', 'groupId', 'id', 'links', 'mongoDBVersion', 'name',
      'providerSettings', 'stateName', 'tags', 'terminationProtectionEnabled', 'versionReleaseSystem',
    ]);
    assert.equal(f.stateName, 'CREATING');
    assert.equal(f.createDate, iso(start));
    assert.deepEqual(f.providerSettings, { backingProviderName: 'GCP', diskSizeGB: 5, providerName: 'FLEX', regionName: 'CENTRAL_US' });
    assert.deepEqual(f.backupSettings, { enabled: true });
    assert.equal(f.clusterType, 'REPLICASET');
    assert.equal(f.versionReleaseSystem, 'LTS');
    assert.match(f.mongoDBVersion, /^8\.0\.\d+$/);
    assert.match(f.connectionStrings.standardSrv, /^mongodb\+srv:\/\/flex-1\.[a-z0-9]+\.mongodb\.net$/);
    assert.match(f.connectionStrings.standard, /^mongodb:\/\/ac-[a-z0-9]+-shard-00-00\.[a-z0-9]+\.mongodb\.net:27017,.*replicaSet=atlas-[a-z0-9]+-shard-0$/);
    assert.deepEqual(f.links, [{ href: `${s.url}/api/atlas/v2/groups/${groupId}/flexClusters/Flex-1`, rel: 'self' }]);

    await advance(s, 'PT2S');
    assert.equal((await s.owner.get(`groups/${groupId}/flexClusters/Flex-1`, V)).json.stateName, 'CREATING');
    await advance(s, 'PT1S');
    const ready = await s.owner.get(`groups/${groupId}/flexClusters/Flex-1`, V);
    assert.equal(ready.json.stateName, 'IDLE');
    const list = await s.owner.get(`groups/${groupId}/flexClusters`, V);
    assert.equal(list.status, 200);
    assert.equal(list.json.totalCount, 1);
    assert.equal(list.json.results[0].id, f.id);
    const events = await projectEvents(s, groupId, { eventType: ['CLUSTER_CREATED', 'CLUSTER_READY'] });
    assert.deepEqual(events.map((e) => [e.eventTypeName, e.clusterName, e.created]), [
      ['CLUSTER_READY', 'Flex-1', iso(start + 3000)],
      ['CLUSTER_CREATED', 'Flex-1', iso(start)],
    ]);
  });

  it('refuse regions and providers Atlas does not offer, and bodies that are not theirs', async () => {
    const groupId = await createProject(s);
    const cases: [unknown, number, string][] = [
      [flexBody('x1', { providerSettings: { backingProviderName: 'AWS', regionName: 'CENTRAL_US' } }), 400, 'INVALID_REGION'],
      [flexBody('x2', { providerSettings: { backingProviderName: 'TENANT', regionName: 'US_EAST_1' } }), 400, 'INVALID_ENUM_VALUE'],
      [{ name: 'x3' }, 400, 'MISSING_ATTRIBUTE'],
      [flexBody('x4', { paused: true }), 400, 'INVALID_ATTRIBUTE'],
      [flexBody('-bad'), 400, 'INVALID_ATTRIBUTE'],
    ];
    for (const [body, status, code] of cases) {
      const r = await s.owner.post(`groups/${groupId}/flexClusters`, body, V);
      assert.equal(r.status, status, `${JSON.stringify(body)}: ${r.text}`);
      assert.equal(r.json.errorCode, code, r.text);
    }
    assert.equal((await s.owner.get(`groups/${groupId}/flexClusters`, V)).json.totalCount, 0);
    const missing = await s.owner.get(`groups/${groupId}/flexClusters/nothing`, V);
    assert.equal(missing.status, 404);
    assert.equal(missing.json.errorCode, 'CLUSTER_NOT_FOUND');
  });

  it('and clusters refuse each other across the two APIs, with one namespace of names', async () => {
    const groupId = await createProject(s);
    await readyFlex(s, groupId, 'flexy');
    await readyCluster(s, groupId, 'dedi');

    const viaClusters = await s.owner.get(`groups/${groupId}/clusters/flexy`);
    assert.equal(viaClusters.status, 400);
    assert.equal(viaClusters.json.errorCode, 'CANNOT_USE_FLEX_CLUSTER_IN_CLUSTER_API');
    assert.deepEqual(viaClusters.json.parameters, ['flexy']);
    for (const [method, path] of [['PATCH', 'clusters/flexy'], ['DELETE', 'clusters/flexy']] as const) {
      const r = await s.owner.request(method, `groups/${groupId}/${path}`, method === 'PATCH' ? { body: { paused: false } } : {});
      assert.equal(r.json.errorCode, 'CANNOT_USE_FLEX_CLUSTER_IN_CLUSTER_API', r.text);
    }
    const viaFlex = await s.owner.get(`groups/${groupId}/flexClusters/dedi`, V);
    assert.equal(viaFlex.status, 400);
    assert.equal(viaFlex.json.errorCode, 'CANNOT_USE_NON_FLEX_CLUSTER_IN_FLEX_API');
    const del = await s.owner.delete(`groups/${groupId}/flexClusters/dedi`, V);
    assert.equal(del.json.errorCode, 'CANNOT_USE_NON_FLEX_CLUSTER_IN_FLEX_API');

    const dupFlex = await s.owner.post(`groups/${groupId}/flexClusters`, flexBody('dedi'), V);
    assert.equal(dupFlex.status, 409);
    assert.equal(dupFlex.json.errorCode, 'DUPLICATE_CLUSTER_NAME');
    const dupCluster = await s.owner.post(`groups/${groupId}/clusters`, {
      name: 'flexy',
      replicationSpecs: [{ regionConfigs: [{ providerName: 'AWS', regionName: 'US_EAST_1', priority: 7, electableSpecs: { instanceSize: 'M10', nodeCount: 3 } }] }],
    });
    assert.equal(dupCluster.status, 409);
    assert.equal(dupCluster.json.errorCode, 'DUPLICATE_CLUSTER_NAME');

    // The project's cluster list leaves Flex clusters to the Flex API; the all-projects view lists both.
    const list = await s.owner.get(`groups/${groupId}/clusters`);
    assert.deepEqual(list.json.results.map((c: { name: string }) => c.name), ['dedi']);
    const all = await s.owner.get('clusters', { version: '2023-01-01' });
    const mine = all.json.results.find((g: { groupId: string }) => g.groupId === groupId);
    assert.deepEqual(mine.clusters.map((c: { name: string; type: string }) => [c.name, c.type]), [['dedi', 'REPLICA_SET'], ['flexy', 'REPLICA_SET']]);

    // A project with a Flex cluster cannot be deleted.
    const gone = await s.owner.delete(`groups/${groupId}`);
    assert.equal(gone.status, 409);
    assert.equal(gone.json.errorCode, 'CANNOT_CLOSE_GROUP_ACTIVE_ATLAS_CLUSTERS');
    // Atlas serves no processes of Flex clusters.
    const f = (await s.owner.get(`groups/${groupId}/flexClusters/flexy`, V)).json;
    const host = /mongodb:\/\/([^,]+)/.exec(f.connectionStrings.standard)![1]!;
    const proc = await s.owner.get(`groups/${groupId}/processes/${host}`);
    assert.equal(proc.status, 404);
    assert.equal(proc.json.errorCode, 'PROCESS_NOT_FOUND');
  });

  it('take tag and termination protection updates through UPDATING, and are deleted on the clock', async () => {
    const groupId = await createProject(s);
    await readyFlex(s, groupId, 'upd');
    const manager = await keyWithRoles(s, { projectRoles: [{ groupId, roles: ['GROUP_CLUSTER_MANAGER'] }] });
    const tags = [{ key: 'team', value: 'data' }];
    const r = await manager.client.patch(`groups/${groupId}/flexClusters/upd`, { tags }, V);
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.stateName, 'UPDATING');
    assert.deepEqual(r.json.tags, tags);
    const denied = await manager.client.patch(`groups/${groupId}/flexClusters/upd`, { terminationProtectionEnabled: true }, V);
    assert.equal(denied.status, 401, denied.text);
    await advance(s, 'PT2S');
    assert.equal((await s.owner.get(`groups/${groupId}/flexClusters/upd`, V)).json.stateName, 'IDLE');
    const protect = await s.owner.patch(`groups/${groupId}/flexClusters/upd`, { terminationProtectionEnabled: true, name: 'ignored' }, V);
    assert.equal(protect.status, 400, 'name is not a field of the update body');
    assert.equal((await s.owner.patch(`groups/${groupId}/flexClusters/upd`, { terminationProtectionEnabled: true }, V)).status, 200);

    const refused = await s.owner.delete(`groups/${groupId}/flexClusters/upd`, V);
    assert.equal(refused.status, 400);
    assert.equal(refused.json.errorCode, 'CANNOT_TERMINATE_CLUSTER_WHEN_TERMINATION_PROTECTION_ENABLED');
    await s.owner.patch(`groups/${groupId}/flexClusters/upd`, { terminationProtectionEnabled: false }, V);
    const del = await s.owner.delete(`groups/${groupId}/flexClusters/upd`, V);
    assert.equal(del.status, 204, del.text);
    assert.equal((await s.owner.get(`groups/${groupId}/flexClusters/upd`, V)).json.stateName, 'DELETING');
    const again = await s.owner.delete(`groups/${groupId}/flexClusters/upd`, V);
    assert.equal(again.json.errorCode, 'CLUSTER_ALREADY_REQUESTED_DELETION');
    await advance(s, 'PT2S');
    assert.equal((await s.owner.get(`groups/${groupId}/flexClusters/upd`, V)).status, 404);
    const names = (await projectEvents(s, groupId, { eventType: ['CLUSTER_UPDATE_SUBMITTED', 'CLUSTER_UPDATE_COMPLETED', 'CLUSTER_DELETE_SUBMITTED', 'CLUSTER_DELETED'] }))
      .map((e) => e.eventTypeName);
    assert.equal(names[0], 'CLUSTER_DELETED');
    assert.ok(names.includes('CLUSTER_DELETE_SUBMITTED') && names.includes('CLUSTER_UPDATE_COMPLETED'));
    // The name is free again, in either API.
    assert.equal((await s.owner.post(`groups/${groupId}/flexClusters`, flexBody('upd'), V)).status, 201);
  });
});
