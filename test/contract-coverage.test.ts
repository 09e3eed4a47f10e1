import assert from 'node:assert/strict';
import fs from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { COVERAGE_PAGE, renderCoverage } from '../scripts/coverage-gen.js';
import { CONTRACT_OPERATIONS, contractOperationAt } from '../src/platform/contract/index.js';
import { OPERATIONS } from '../src/resources/index.js';
import { Client, createProject, startTestServer, type TestServer } from './helpers.js';

describe('contract coverage', () => {
  let s: TestServer;
  before(async () => {
    s = await startTestServer();
  });
  after(() => s.close());

  it('keeps docs/coverage.md as the contract and the served operations make it', () => {
    assert.equal(fs.readFileSync(COVERAGE_PAGE, 'utf8'), renderCoverage(), 'docs/coverage.md is stale: run npm run coverage:gen');
    const served = OPERATIONS.filter((op) => contractOperationAt(op.method, op.path)).length;
    assert.match(renderCoverage(), new RegExp(`serves \\*\\*${served} of ${CONTRACT_OPERATIONS.size}\\*\\*`));
  });

  it('finds every served operation by its newest and its classic name, in the code and the served OpenAPI document', async () => {
    const doc = (await s.owner.get('/__emulator/openapi.json')).json;
    const entries = Object.values(doc.paths as Record<string, Record<string, { operationId: string; 'x-classic-operation-id'?: string }>>).flatMap((p) =>
      Object.values(p),
    );
    for (const op of OPERATIONS) {
      const entry = entries.find((e) => e.operationId === op.operationId);
      assert.ok(entry, op.operationId);
      const c = contractOperationAt(op.method, op.path);
      if (c) assert.equal(op.operationId, c.operationId, 'the newest name is the contract\'s');
      if (op.classicId) {
        assert.equal(entry['x-classic-operation-id'], op.classicId);
        assert.equal(OPERATIONS.filter((o) => o.operationId === op.classicId || o.classicId === op.classicId).length, 1, op.classicId);
      }
    }
    for (const [newest, classic] of [['createGroup', 'createProject'], ['listGroupEvents', 'listProjectEvents'], ['getGroupCluster', 'getCluster']]) {
      assert.equal(OPERATIONS.find((o) => o.operationId === newest)?.classicId, classic);
    }
  });

  it('answers a real Atlas operation it does not serve with 404 naming it as not emulated, and other paths as before', async () => {
    const g = await createProject(s);
    const users = await s.owner.get(`groups/${g}/dataFederation`);
    assert.equal(users.status, 404);
    assert.equal(users.json.errorCode, 'RESOURCE_NOT_FOUND');
    assert.match(users.json.detail, /listGroupDataFederation is not emulated/);
    assert.deepEqual(Object.keys(users.json).sort(), ['detail', 'error', 'errorCode', 'parameters', 'reason']);
    const create = await s.owner.post(`groups/${g}/dataFederation`, { name: 'u' });
    assert.match(create.json.detail, /createGroupDataFederation is not emulated/);
    const nonsense = await s.owner.get(`groups/${g}/noSuchThing`);
    assert.equal(nonsense.status, 404);
    assert.equal(nonsense.json.detail, `Cannot find resource /api/atlas/v2/groups/${g}/noSuchThing.`);
    const wrongMethod = await s.owner.request('PUT', `groups/${g}`, { body: {} });
    assert.equal(wrongMethod.status, 405);
  });

  it('serves the caller its address and the default major version outside the v2 API', async () => {
    const anonymous = new Client(s.url, { kind: 'none' });
    const ip = await anonymous.get('/api/private/ipinfo');
    assert.equal(ip.status, 200);
    assert.deepEqual(ip.json, { currentIpv4Address: '127.0.0.1' });
    const major = await anonymous.get('/api/private/unauth/nds/defaultMongoDBMajorVersion');
    assert.equal(major.status, 200);
    assert.equal(major.text, '8.0');
    assert.match(major.headers.get('content-type') ?? '', /^text\/plain/);
  });
});
