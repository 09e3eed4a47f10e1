import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Client, createProject, startTestServer, type TestServer } from './helpers.js';

describe('foundation: wire contract', () => {
  let s: TestServer;
  before(async () => {
    s = await startTestServer();
  });
  after(async () => s.close());

  it('serves the matcher field names to any authenticated caller, with the version negotiated', async () => {
    const r = await s.owner.get('alertConfigs/matchers/fieldNames');
    assert.equal(r.status, 200);
    assert.equal(r.headers.get('content-type'), 'application/vnd.atlas.2023-01-01+json;charset=utf-8');
    assert.deepEqual(r.json, ['CLUSTER_NAME', 'HOSTNAME', 'PORT', 'HOSTNAME_AND_PORT', 'APPLICATION_ID', 'REPLICA_SET_NAME', 'TYPE_NAME', 'SHARD_NAME']);
    const viaToken = await s.sa.get('alertConfigs/matchers/fieldNames');
    assert.deepEqual(viaToken.json, r.json);
  });

  it('answers 401 with a Digest challenge without credentials', async () => {
    const r = await new Client(s.url, { kind: 'none' }).get('groups');
    assert.equal(r.status, 401);
    assert.match(r.headers.get('www-authenticate')!, /^Digest realm="MMS Public API", domain="", nonce="[^"]+", algorithm=MD5, qop="auth", stale=false$/);
    assert.equal(r.headers.get('x-error-code'), 'UNAUTHORIZED');
    assert.deepEqual(Object.keys(r.json), ['detail', 'error', 'errorCode', 'parameters', 'reason']);
  });

  it('rejects a wrong private key', async () => {
    const r = await new Client(s.url, { kind: 'digest', publicKey: s.emulator.credentials.publicKey, privateKey: '00000000-0000-4000-8000-000000000009' }).get('groups');
    assert.equal(r.status, 401);
  });

  it('negotiates versions: exact, newest-not-after, too old, malformed, missing', async () => {
    assert.equal((await s.owner.get('groups', { version: '2023-01-01' })).status, 200);
    assert.equal((await s.owner.get('groups', { headers: { Accept: 'APPLICATION/VND.ATLAS.2023-01-01+JSON' } })).status, 200, 'media types are case-insensitive');
    assert.equal((await s.owner.get('groups', { version: '2030-01-01' })).headers.get('content-type'), 'application/vnd.atlas.2023-01-01+json;charset=utf-8');
    for (const version of ['2022-12-31', '2023-02-30', null]) {
      const r = await s.owner.get('groups', { version });
      assert.equal(r.status, 406, `version ${version}`);
      assert.equal(r.json.errorCode, 'INVALID_VERSION_DATE');
      assert.equal(r.json.detail, 'Invalid accept header or version date.');
      assert.equal(r.headers.get('content-type'), 'application/json');
    }
  });

  it('creates, reads, renames and deletes a project, and lists with paging links', async () => {
    const id = await createProject(s, 'alpha');
    const got = await s.owner.get(`groups/${id}`);
    assert.equal(got.json.name, 'alpha');
    assert.equal(got.json.links[0].href, `${s.url}/api/atlas/v2/groups/${id}`);
    assert.deepEqual(Object.keys(got.json), [...Object.keys(got.json)].sort());
    const byName = await s.owner.get('groups/byName/alpha');
    assert.equal(byName.json.id, id);
    const dup = await s.owner.post('groups', { name: 'alpha', orgId: s.orgId });
    assert.equal(dup.status, 409);
    const renamed = await s.owner.patch(`groups/${id}`, { name: 'beta' });
    assert.equal(renamed.json.name, 'beta');
    await createProject(s, 'gamma');
    const page1 = await s.owner.get('groups', { query: { itemsPerPage: 1 } });
    assert.equal(page1.json.totalCount, 2);
    assert.deepEqual(page1.json.links.map((l: { rel: string }) => l.rel), ['self', 'next']);
    assert.equal(page1.json.links[0].href, `${s.url}/api/atlas/v2/groups?includeCount=true&pageNum=1&itemsPerPage=1`);
    const page2 = await s.owner.get('groups', { query: { itemsPerPage: 1, pageNum: 2 } });
    assert.deepEqual(page2.json.links.map((l: { rel: string }) => l.rel), ['previous', 'self']);
    const past = await s.owner.get('groups', { query: { pageNum: 9 } });
    assert.equal(past.status, 200);
    assert.deepEqual(past.json.results, []);
    const noCount = await s.owner.get('groups', { query: { includeCount: false } });
    assert.equal(noCount.json.totalCount, 0);
    const del = await s.owner.delete(`groups/${id}`);
    assert.equal(del.status, 202);
    assert.equal((await s.owner.get(`groups/${id}`)).json.errorCode, 'GROUP_NOT_FOUND');
  });

  it('wraps entities and errors in an envelope, and pretty-prints', async () => {
    const ok = await s.owner.get('alertConfigs/matchers/fieldNames', { query: { envelope: true } });
    assert.equal(ok.status, 200);
    assert.equal(ok.json.status, 200);
    assert.equal(ok.json.content.length, 8);
    const missing = await s.owner.get('groups/aaaaaaaaaaaaaaaaaaaaaaaa', { query: { envelope: true } });
    assert.equal(missing.status, 200);
    assert.equal(missing.json.status, 404);
    assert.equal(missing.json.content.errorCode, 'GROUP_NOT_FOUND');
    const pretty = await s.owner.get('groups', { query: { pretty: true } });
    assert.match(pretty.text, /^\{\n {2}"links"/);
  });
});
