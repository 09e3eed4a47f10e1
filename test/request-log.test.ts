import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { advance, Client, fetchToken, startTestServer, type TestServer } from './helpers.js';

// The request log (GET /__emulator/requests) and the console's server side: its
// pages and assets at the root, its token, the lifecycle switches and the
// control index. The page itself is driven in Chromium by console.test.ts.

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

interface Summary {
  id: number;
  method: string;
  path: string;
  operationId: string | null;
  caller: string | null;
  status: number;
  errorCode: string | null;
  latencyMs: number;
  time: string;
}

describe('request log and console endpoints', () => {
  let s: TestServer;
  let groupId: string;
  const control = (p: string, init?: RequestInit) => fetch(`${s.url}/__emulator${p}`, init);
  const log = async (query = ''): Promise<{ results: Summary[]; totalCount: number; capacity: number }> => {
    const r = await control(`/requests${query}`);
    assert.equal(r.status, 200, await r.clone().text());
    return r.json();
  };

  before(async () => {
    s = await startTestServer();
    const p = await s.owner.post('groups', { name: 'logged', orgId: s.orgId });
    groupId = p.json.id;
  });
  after(() => s.close());

  test('every API request is kept with its operation, caller, status, error code and latency, newest first', async () => {
    await control('/requests', { method: 'DELETE' });
    await s.owner.get(`groups/${groupId}`);
    await s.sa.get('orgs');
    await s.owner.get('groups/ffffffffffffffffffffffff');
    const { results } = await log();
    assert.deepEqual(
      results.map((r) => [r.method, r.operationId, r.caller, r.status, r.errorCode]),
      [
        ['GET', 'getGroup', 'emulator', 404, 'GROUP_NOT_FOUND'],
        ['GET', 'getGroup', null, 401, 'UNAUTHORIZED'],
        ['GET', 'listOrgs', s.config.clientId, 200, null],
        ['POST', null, s.config.clientId, 200, null],
        ['GET', 'getGroup', 'emulator', 200, null],
        ['GET', 'getGroup', null, 401, 'UNAUTHORIZED'],
      ],
    );
    assert.equal(results[3]!.path, '/api/oauth/token');
    assert.ok(results.every((r) => r.latencyMs >= 0 && r.id > 0));
    assert.ok(results[0]!.id > results[1]!.id);
  });

  test('filters: method, status or class, operationId, path, caller, error code, limit and after', async () => {
    await s.owner.post(`groups/${groupId}/clusters`, { name: 'bad name!' });
    const all = await log('?limit=1000');
    const only = async (q: string, check: (r: Summary) => boolean) => {
      const got = await log(q);
      assert.ok(got.results.length > 0, q);
      assert.ok(got.results.every(check), q);
      assert.equal(got.totalCount, all.results.filter(check).length, q);
    };
    await only('?method=post', (r) => r.method === 'POST');
    await only('?status=4xx', (r) => r.status >= 400 && r.status < 500);
    await only('?status=401', (r) => r.status === 401);
    await only('?operationId=createGroupCluster', (r) => r.operationId === 'createGroupCluster');
    await only('?path=/clusters', (r) => r.path.includes('/clusters'));
    await only('?caller=emulator', (r) => r.caller === 'emulator');
    await only('?errorCode=UNAUTHORIZED', (r) => r.errorCode === 'UNAUTHORIZED');
    const two = await log('?limit=2');
    assert.equal(two.results.length, 2);
    assert.equal(two.totalCount, all.totalCount);
    const newer = await log(`?after=${all.results[2]!.id}`);
    assert.deepEqual(
      newer.results.map((r) => r.id),
      all.results.slice(0, 2).map((r) => r.id),
    );
    for (const bad of ['?limit=0', '?limit=1001', '?limit=x', '?status=99', '?status=6xx', '?after=-1']) {
      const r = await control(`/requests${bad}`);
      assert.equal(r.status, 400, bad);
      assert.match((await r.json()).detail, /./);
    }
    const missing = await control('/requests/999999');
    assert.equal(missing.status, 404);
    assert.equal((await control('/requests/abc')).status, 404);
  });

  test('one request with its bodies, every credential masked', async () => {
    const key = await s.owner.post(`orgs/${s.orgId}/apiKeys`, { desc: 'masked', roles: ['ORG_READ_ONLY'] });
    assert.equal(key.status, 200, key.text);
    const sa = await s.owner.post(`orgs/${s.orgId}/serviceAccounts`, {
      name: 'masked-sa',
      description: 'd',
      roles: ['ORG_READ_ONLY'],
      secretExpiresAfterHours: 8,
    });
    assert.equal(sa.status, 201, sa.text);
    const secret: string = sa.json.secrets[0].secret;
    const token = await fetchToken(s.url, sa.json.clientId, secret);
    const secrets = [key.json.privateKey as string, secret, token];
    const { results } = await log('?limit=20');
    const detail = async (operationId: string | null, p: string) => {
      const entry = results.find((r) => r.operationId === operationId && r.path.startsWith(p) && r.status < 300)!;
      assert.ok(entry, `${operationId} ${p}`);
      const r = await control(`/requests/${entry.id}`);
      assert.equal(r.status, 200);
      const text = await r.text();
      for (const x of secrets) assert.ok(!text.includes(x), `${p} shows a credential`);
      return JSON.parse(text);
    };
    const k = await detail('createOrgApiKey', `/api/atlas/v2/orgs/${s.orgId}/apiKeys`);
    assert.deepEqual(k.request.body, { desc: 'masked', roles: ['ORG_READ_ONLY'] });
    assert.equal(k.response.body.privateKey, '********');
    assert.equal(k.response.body.publicKey, key.json.publicKey);
    const a = await detail('createOrgServiceAccount', `/api/atlas/v2/orgs/${s.orgId}/serviceAccounts`);
    assert.equal(a.response.body.secrets[0].secret, '********');
    assert.equal(a.response.body.clientId, sa.json.clientId);
    const t = await detail(null, '/api/oauth/token');
    assert.equal(t.caller, sa.json.clientId);
    assert.equal(t.response.body.access_token, '********');
    assert.equal(t.response.body.token_type, 'Bearer');
  });

  test('a body too large to keep is shown by its size', async () => {
    const raw = JSON.stringify({ name: 'big', orgId: s.orgId, pad: 'x'.repeat(40_000) });
    const r = await s.owner.request('POST', 'groups', { raw });
    assert.equal(r.status, 400, r.text);
    const [entry] = (await log('?operationId=createGroup&status=400&limit=1')).results;
    const detail = await (await control(`/requests/${entry!.id}`)).json();
    assert.equal(detail.request.body, `(${raw.length} characters, too large to keep)`);
    assert.equal(detail.response.body.errorCode, 'INVALID_ATTRIBUTE');
  });

  test('requests the console marks as its own are not kept; the log holds its last 1000', async () => {
    await control('/requests', { method: 'DELETE' });
    const r = await fetch(`${s.url}/api/atlas/v2/orgs`, { headers: { 'X-Atlas-Emulator-Client': 'console' } });
    assert.equal(r.status, 401);
    assert.equal((await log()).totalCount, 0);
    const bare = new Client(s.url, { kind: 'none' });
    for (let i = 0; i < 1010; i += 50) {
      await Promise.all(Array.from({ length: Math.min(50, 1010 - i) }, (_, j) => bare.get(`groups/${groupId}?n=${i + j}`)));
    }
    const full = await log('?limit=1000');
    assert.equal(full.capacity, 1000);
    assert.equal(full.totalCount, 1000);
    const numbers = new Set(full.results.map((x) => Number(new URL(x.path, s.url).searchParams.get('n'))));
    // The ten oldest were dropped: all of the later batches are there, forty of the first.
    assert.equal(numbers.size, 1000);
    for (let n = 50; n < 1010; n++) assert.ok(numbers.has(n), String(n));
    assert.equal([...numbers].filter((n) => n < 50).length, 40);
    assert.equal(Math.min(...full.results.map((x) => x.id)), Math.max(...full.results.map((x) => x.id)) - 999);
  });

  test('the console token reads the API as the bootstrap service account, without its secret', async () => {
    const r = await control('/console/token', { method: 'POST' });
    assert.equal(r.status, 200);
    assert.equal(r.headers.get('cache-control'), 'no-store');
    const body = await r.json();
    assert.equal(body.clientId, s.config.clientId);
    assert.ok(!JSON.stringify(body).includes(s.config.clientSecret));
    const orgs = await new Client(s.url, { kind: 'bearer', token: body.access_token }).get('orgs');
    assert.equal(orgs.status, 200);
    assert.equal(orgs.json.results[0].id, s.orgId);
  });

  test('the page at the root, its assets and addresses; the API and control 404s stay theirs', async () => {
    const index = path.join(ROOT, 'dist', 'console', 'index.html');
    const page = await fetch(`${s.url}/`);
    assert.equal(page.status, 200);
    assert.equal(page.headers.get('content-type'), 'text/html; charset=utf-8');
    assert.match(page.headers.get('content-security-policy')!, /default-src 'self'/);
    const html = await page.text();
    if (fs.existsSync(index)) {
      const script = /src="(\/assets\/[^"]+\.js)"/.exec(html)![1]!;
      const js = await fetch(`${s.url}${script}`);
      assert.equal(js.status, 200);
      assert.equal(js.headers.get('content-type'), 'text/javascript; charset=utf-8');
      assert.match(js.headers.get('cache-control')!, /immutable/);
      const css = /href="(\/assets\/[^"]+\.css)"/.exec(html)![1]!;
      assert.equal((await fetch(`${s.url}${css}`)).headers.get('content-type'), 'text/css; charset=utf-8');
      // Nothing the page names comes from another host.
      assert.ok(!/(src|href)="(https?:)?\/\//.test(html), html);
    } else assert.match(html, /npm run build/);
    const deep = await fetch(`${s.url}/projects/${groupId}/clusters`, { headers: { Accept: 'text/html' } });
    assert.equal(deep.status, 200);
    assert.equal(await deep.text(), html);
    const head = await fetch(`${s.url}/`, { method: 'HEAD' });
    assert.equal(head.status, 200);
    for (const p of ['/api/atlas/v2/nothing', '/api/oauth/token', '/api/other', '/__emulator/nothing', '/assets/none.js', '/assets/../package.json', '/favicon.ico']) {
      const r = await fetch(`${s.url}${p}`, { headers: { Accept: 'text/html,*/*' } });
      assert.equal(r.status, 404, p);
      assert.match(r.headers.get('content-type')!, /^application\/json/, p);
      assert.equal((await r.json()).errorCode, 'RESOURCE_NOT_FOUND', p);
    }
  });

  test('lifecycle durations are read and changed through the control endpoints', async () => {
    const before = await (await control('/lifecycle')).json();
    assert.equal(before['cluster.create'], 'PT3S');
    const patch = (body: unknown) =>
      control('/lifecycle', { method: 'PATCH', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
    for (const bad of [{ 'cluster.create': 'soon' }, { 'cluster.create': 5 }, { 'no.such.step': 'PT1M' }]) {
      assert.equal((await patch(bad)).status, 400, JSON.stringify(bad));
    }
    const changed = await patch({ 'cluster.create': 'PT10M' });
    assert.equal(changed.status, 200);
    assert.equal((await changed.json())['cluster.create'], 'PT10M');
    try {
      const c = await s.owner.post(`groups/${groupId}/clusters`, {
        name: 'slow',
        clusterType: 'REPLICASET',
        replicationSpecs: [{ regionConfigs: [{ providerName: 'AWS', regionName: 'US_EAST_1', priority: 7, electableSpecs: { instanceSize: 'M10', nodeCount: 3 } }] }],
      });
      assert.equal(c.status, 201, c.text);
      await advance(s, 'PT5M');
      assert.equal((await s.owner.get(`groups/${groupId}/clusters/slow`)).json.stateName, 'CREATING');
      await advance(s, 'PT5M');
      assert.equal((await s.owner.get(`groups/${groupId}/clusters/slow`)).json.stateName, 'IDLE');
    } finally {
      await patch({ 'cluster.create': 'PT3S' });
    }
  });

  test('the control index lists the control endpoints', async () => {
    const r = await control('/');
    assert.equal(r.status, 200);
    const { endpoints } = await r.json();
    const names = endpoints.map((e: { method: string; path: string }) => `${e.method} ${e.path}`);
    for (const e of ['GET /__emulator/clock', 'POST /__emulator/reset', 'GET /__emulator/requests', 'POST /__emulator/faults/privateEndpointService', 'PATCH /__emulator/lifecycle']) {
      assert.ok(names.includes(e), e);
    }
  });
});
