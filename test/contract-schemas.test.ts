import assert from 'node:assert/strict';
import fs from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { contractSource, OUTPUT, trim } from '../scripts/contract-gen.js';
import { startTestServer, type TestServer } from './helpers.js';

// The committed contract (src/platform/contract/atlas-contract.json) is what `npm run contract:gen`
// makes of Atlas's published structure; CI has that structure beside the clone (../shared).

describe('contract: the committed copy', () => {
  const source = contractSource();
  it('is what the generator makes of the published structure', { skip: !source && !process.env.CI && 'no ../shared here' }, () => {
    assert.ok(source, 'the published structure (../shared/atlas-contract/atlas-api.json) must be present in CI');
    const fresh = trim(JSON.parse(fs.readFileSync(source, 'utf8')));
    const committed = JSON.parse(fs.readFileSync(OUTPUT, 'utf8'));
    assert.deepEqual(committed, fresh, 'src/platform/contract/atlas-contract.json is stale: run npm run contract:gen');
  });
});

describe('contract: read-only fields a typed client sends', () => {
  let s: TestServer;
  before(async () => {
    s = await startTestServer();
  });
  after(() => s.close());

  it('creates a project from a body that carries the Go SDK Group read-only fields, ignoring them', async () => {
    const sent = {
      clusterCount: 7,
      created: '2001-01-01T00:00:00Z',
      id: '0123456789abcdef01234567',
      links: [{ href: 'https://elsewhere.example/x', rel: 'self' }],
      name: 'from-go-sdk',
      orgId: s.orgId,
    };
    const r = await s.owner.post('groups', sent);
    assert.equal(r.status, 201, r.text);
    assert.equal(r.json.clusterCount, 0);
    assert.notEqual(r.json.id, sent.id);
    assert.notEqual(r.json.created, sent.created);
    assert.deepEqual(r.json.links, [{ href: `${s.url}/api/atlas/v2/groups/${r.json.id}`, rel: 'self' }]);
    const read = await s.owner.get(`groups/${r.json.id}`);
    assert.equal(read.json.name, 'from-go-sdk');
    assert.equal(read.json.created, r.json.created);
  });

  it('still refuses a field that no version of the schema has', async () => {
    const r = await s.owner.post('groups', { name: 'typo', orgId: s.orgId, clusterCuont: 1 });
    assert.equal(r.status, 400);
    assert.equal(r.json.errorCode, 'INVALID_ATTRIBUTE');
    assert.match(r.json.detail, /clusterCuont/);
  });

  it('leaves tags and regionUsageRestrictions out of a project that never set them', async () => {
    const r = await s.owner.post('groups', { name: 'plain', orgId: s.orgId });
    assert.equal(r.status, 201);
    assert.equal('tags' in r.json, false);
    assert.equal('regionUsageRestrictions' in r.json, false);
    const tagged = await s.owner.post('groups', { name: 'tagged', orgId: s.orgId, tags: [{ key: 'env', value: 'dev' }] });
    assert.deepEqual(tagged.json.tags, [{ key: 'env', value: 'dev' }]);
  });
});
