import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { keyWithRoles, projectEvents, readyCluster } from './fixtures.js';
import { advance, createProject, startTestServer, type TestServer } from './helpers.js';

const V = { version: '2024-05-30' };
const spec = (instanceSize = 'S20_HIGHCPU_NVME', nodeCount = 2) => ({ specs: [{ instanceSize, nodeCount }] });

describe('search nodes (search deployment)', () => {
  let s: TestServer;
  before(async () => {
    s = await startTestServer();
  });
  after(async () => s.close());

  it('creates nodes UPDATING, IDLE once provisioned; an update shows its specs at once and takes effect on the clock', async () => {
    const g = await createProject(s);
    await readyCluster(s, g, 'c1');
    const path = `groups/${g}/clusters/c1/search/deployment`;
    const none = await s.owner.get(path, V);
    assert.equal(none.status, 400, none.text);
    assert.equal(none.json.errorCode, 'ATLAS_SEARCH_DEPLOYMENT_DOES_NOT_EXIST');

    const created = await s.owner.post(path, spec(), V);
    assert.equal(created.status, 201, created.text);
    assert.equal(created.json.stateName, 'UPDATING');
    assert.deepEqual(created.json.effectiveSpecs, []);
    assert.deepEqual(created.json.specs, [{ instanceSize: 'S20_HIGHCPU_NVME', nodeCount: 2 }]);
    assert.equal(created.json.groupId, g);
    await advance(s, 'PT3M');
    const idle = await s.owner.get(path, V);
    assert.equal(idle.json.stateName, 'IDLE');
    assert.deepEqual(idle.json.effectiveSpecs, [{ cloudProvider: 'AWS', instanceSize: 'S20_HIGHCPU_NVME', nodeCount: 2 }]);

    const again = await s.owner.post(path, spec(), V);
    assert.equal(again.status, 409, again.text);

    const updated = await s.owner.patch(path, spec('S40_LOWCPU_NVME', 4), V);
    assert.equal(updated.status, 200, updated.text);
    assert.equal(updated.json.stateName, 'UPDATING');
    assert.equal(updated.json.specs[0].nodeCount, 4);
    assert.equal(updated.json.effectiveSpecs[0].nodeCount, 2);
    await advance(s, 'PT3M');
    assert.equal((await s.owner.get(path, V)).json.effectiveSpecs[0].instanceSize, 'S40_LOWCPU_NVME');

    assert.equal((await s.owner.delete(path, V)).status, 204);
    assert.equal((await s.owner.get(path, V)).json.stateName, 'UPDATING');
    await advance(s, 'PT1M');
    assert.equal((await s.owner.get(path, V)).status, 400);
    const types = (await projectEvents(s, g)).map((e) => e.eventTypeName);
    for (const t of ['SEARCH_DEPLOYMENT_CREATED', 'SEARCH_DEPLOYMENT_UPDATED', 'SEARCH_DEPLOYMENT_DELETED']) assert.ok(types.includes(t), t);
  });

  it('allows only Atlas instance sizes, 2 to 32 nodes, one spec on the cluster’s provider', async () => {
    const g = await createProject(s);
    await readyCluster(s, g, 'c2');
    const path = `groups/${g}/clusters/c2/search/deployment`;
    const refused = async (body: unknown, code: string) => {
      const r = await s.owner.post(path, body, V);
      assert.equal(r.status, 400, r.text);
      assert.equal(r.json.errorCode, code, r.text);
    };
    await refused(spec('M10'), 'INVALID_ENUM_VALUE');
    await refused(spec('S20_HIGHCPU_NVME', 1), 'INVALID_ATTRIBUTE');
    await refused(spec('S20_HIGHCPU_NVME', 33), 'INVALID_ATTRIBUTE');
    await refused({ specs: [] }, 'INVALID_ATTRIBUTE');
    await refused({ specs: [{ instanceSize: 'S20_HIGHCPU_NVME', nodeCount: 2 }, { instanceSize: 'S30_HIGHCPU_NVME', nodeCount: 2 }] }, 'INVALID_ATTRIBUTE');
    await refused({ specs: [{ instanceSize: 'S20_HIGHCPU_NVME', nodeCount: 2, cloudProvider: 'GCP' }] }, 'INVALID_ATTRIBUTE');
    assert.equal((await s.owner.post(path, spec('S20_HIGHCPU_NVME', 32), V)).status, 201);
    const missing = await s.owner.post(`groups/${g}/clusters/nope/search/deployment`, spec(), V);
    assert.equal(missing.status, 404);
  });

  it('needs Project Owner to change nodes, Project Read Only to read them; nodes go with their cluster', async () => {
    const g = await createProject(s);
    await readyCluster(s, g, 'c3');
    const path = `groups/${g}/clusters/c3/search/deployment`;
    const reader = (await keyWithRoles(s, { orgRoles: ['ORG_MEMBER'], projectRoles: [{ groupId: g, roles: ['GROUP_READ_ONLY'] }] })).client;
    const denied = await reader.post(path, spec(), V);
    assert.equal(denied.status, 401, denied.text);
    assert.equal(denied.json.errorCode, 'USER_UNAUTHORIZED');
    assert.equal((await s.owner.post(path, spec(), V)).status, 201);
    assert.equal((await reader.get(path, V)).status, 200);
    assert.equal((await s.owner.delete(`groups/${g}/clusters/c3`)).status, 202);
    await advance(s, 'PT1H');
    await readyCluster(s, g, 'c3');
    assert.equal((await s.owner.get(path, V)).status, 400);
  });
});
