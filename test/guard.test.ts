import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { loadConfig } from '../src/config.js';
import { clockNow, createProject, startTestServer, tempDir, type TestServer } from './helpers.js';
import { isAtlasError, rawExchange, rawRequest } from './raw.js';

// No web page may drive the server: the control endpoints change state only for
// JSON bodies from no foreign origin, and no request is served under a Host name
// the operator did not give (a DNS-rebinding page reaches the server only so).

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const CLI = path.join(ROOT, 'src', 'cli.ts');

async function control(s: TestServer, method: string, p: string, headers: Record<string, string>, body?: string) {
  const r = await fetch(`${s.url}/__emulator/${p}`, { method, headers, ...(body !== undefined ? { body } : {}) });
  const text = await r.text();
  return { status: r.status, json: text ? JSON.parse(text) : undefined, headers: r.headers };
}

function assertAtlasError(r: { status: number; json: Record<string, unknown> }, status: number, errorCode: string) {
  assert.equal(r.status, status, JSON.stringify(r.json));
  assert.deepEqual(Object.keys(r.json).sort(), ['detail', 'error', 'errorCode', 'parameters', 'reason']);
  assert.equal(r.json.errorCode, errorCode);
  assert.equal(r.json.error, status);
}

describe('control endpoints refuse what a web page could send', () => {
  let s: TestServer;
  let groupId: string;
  before(async () => {
    s = await startTestServer();
    groupId = await createProject(s);
  });
  after(async () => s.close());

  it('refuses a text/plain reset or clock move (a form-like cross-site POST) and changes nothing', async () => {
    const before = await clockNow(s);
    for (const [p, body] of [
      ['reset', '{}'],
      ['clock', '{"advance":"P1D"}'],
      ['faults/privateEndpointService', '{}'],
    ] as const) {
      for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x']) {
        const r = await control(s, 'POST', p, { 'Content-Type': type }, body);
        assertAtlasError(r, 415, 'UNSUPPORTED_MEDIA_TYPE');
      }
    }
    // A body with no type at all is no JSON either.
    const untyped = await rawExchange(s.url, rawRequest('POST /__emulator/reset', { 'Content-Length': 2 }, '{}'));
    assert.equal(untyped.responses[0]?.status, 415);
    assert.ok(isAtlasError(untyped.responses[0]!));
    assert.equal(await clockNow(s), before);
    assert.equal((await s.owner.get(`groups/${groupId}`)).status, 200, 'the project survived');
    assert.equal((await control(s, 'GET', 'faults/privateEndpointService', {})).json.armed, false);
  });

  it('refuses state changes from a foreign Origin or a cross-site fetch, JSON or not', async () => {
    const json = { 'Content-Type': 'application/json' };
    for (const headers of <Record<string, string>[]>[
      { ...json, Origin: 'https://evil.example' },
      { ...json, Origin: 'null' },
      { ...json, Origin: `http://localhost.evil.example:${new URL(s.url).port}` },
      { ...json, 'Sec-Fetch-Site': 'cross-site' },
      { Origin: 'https://evil.example' },
    ]) {
      const r = await control(s, 'POST', 'reset', headers, headers['Content-Type'] ? '{}' : undefined);
      assertAtlasError(r, 403, 'ORIGIN_NOT_ALLOWED');
    }
    const del = await control(s, 'DELETE', 'faults/privateEndpointService', { Origin: 'https://evil.example' });
    assertAtlasError(del, 403, 'ORIGIN_NOT_ALLOWED');
    assert.equal((await s.owner.get(`groups/${groupId}`)).status, 200, 'the project survived');
  });

  it('serves JSON from its own origin and from clients that send no Origin, and reads from anywhere', async () => {
    const own = await control(s, 'POST', 'clock', { 'Content-Type': 'application/json', Origin: s.url, 'Sec-Fetch-Site': 'same-origin' }, '{"advance":"PT1H"}');
    assert.equal(own.status, 200);
    const curl = await control(s, 'POST', 'clock', { 'Content-Type': 'application/json; charset=utf-8' }, '{"advance":"PT1H"}');
    assert.equal(curl.status, 200);
    const read = await control(s, 'GET', 'clock', { Origin: 'https://evil.example' });
    assert.equal(read.status, 200);
    assert.equal(read.headers.get('access-control-allow-origin'), null, 'no page may read it either');
    const bodyless = await control(s, 'DELETE', 'faults/privateEndpointService', {});
    assert.equal(bodyless.status, 204);
  });
});

describe('Host names', () => {
  let s: TestServer;
  let listed: TestServer;
  before(async () => {
    s = await startTestServer();
    listed = await startTestServer({ allowedHosts: ['atlas.test', '.corp.example'] });
  });
  after(async () => {
    await s.close();
    await listed.close();
  });

  const get = (srv: TestServer, p: string, host: string, method = 'GET') =>
    rawExchange(srv.url, rawRequest(`${method} ${p}`, { Host: host, Connection: 'close', 'Content-Type': 'application/json' }), {
      methods: [method],
    });

  it('refuses a foreign Host with 403 in Atlas shape on the API, the token endpoint and the control plane', async () => {
    const port = new URL(s.url).port;
    for (const p of ['/api/atlas/v2/groups', '/api/oauth/token', '/__emulator/health', '/__emulator/openapi.json', '/__emulator/clock']) {
      for (const host of [`rebind.evil.example:${port}`, 'evil.example', 'localhost.evil.example', 'x y']) {
        const r = await get(s, p, host, p === '/__emulator/clock' || p === '/api/oauth/token' ? 'POST' : 'GET');
        const res = r.responses[0]!;
        assert.equal(res.status, 403, `${p} ${host}: ${res.body}`);
        assert.ok(isAtlasError(res), res.body);
        assert.equal(JSON.parse(res.body).errorCode, 'HOST_NOT_ALLOWED');
      }
    }
    const head = await get(s, '/__emulator/health', 'evil.example', 'HEAD');
    assert.equal(head.responses[0]?.status, 403);
    assert.equal(head.responses[0]?.body, '');
    assert.equal(head.rest, '', 'no body on HEAD');
    assert.ok((await clockNow(s)) > 0);
  });

  it('serves loopback names, addresses, the configured host and the listed names', async () => {
    const port = new URL(s.url).port;
    for (const host of [`localhost:${port}`, 'LOCALHOST', 'app.localhost', `127.0.0.1:${port}`, '[::1]', '10.1.2.3:8080', `localhost.:${port}`]) {
      const r = await get(s, '/__emulator/health', host);
      assert.equal(r.responses[0]?.status, 200, host);
    }
    for (const host of ['atlas.test', `atlas.test:${port}`, 'corp.example', 'api.corp.example']) {
      assert.equal((await get(listed, '/__emulator/health', host)).responses[0]?.status, 200, host);
    }
    for (const host of ['atlas.test.evil', 'notcorp.example']) {
      assert.equal((await get(listed, '/__emulator/health', host)).responses[0]?.status, 403, host);
    }
  });

  it('links and the OpenAPI document name only served hosts', async () => {
    const r = await get(s, '/__emulator/openapi.json', 'localhost');
    assert.equal(JSON.parse(r.responses[0]!.body).servers[0].url, 'http://localhost');
  });
});

describe('listening beyond loopback', () => {
  it('--help warns about it and names --allowed-hosts and its variable', () => {
    const r = spawnSync(process.execPath, ['--import', 'tsx', CLI, '--help'], { cwd: ROOT, encoding: 'utf8' });
    assert.equal(r.status, 0);
    assert.match(r.stdout, /--allowed-hosts\s+ATLAS_EMULATOR_ALLOWED_HOSTS/);
    assert.match(r.stdout, /WARNING[^\n]*loopback/i);
  });

  it('the banner warns when the server listens on every interface, and not on loopback', async () => {
    const banner = async (host: string) => {
      const child = spawn(process.execPath, ['--import', 'tsx', CLI, '--host', host, '--port', '0', '--storage', 'memory', '--data-dir', tempDir()], {
        cwd: ROOT,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let out = '';
      await new Promise<void>((resolve, reject) => {
        child.stdout!.on('data', (d: Buffer) => {
          out += d.toString();
          if (out.includes('control endpoints')) resolve();
        });
        child.once('exit', (code) => reject(new Error(`exited ${code}: ${out}`)));
      });
      await new Promise((r) => setTimeout(r, 100));
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
      return out;
    };
    assert.match(await banner('0.0.0.0'), /WARNING[^\n]*beyond this machine/);
    assert.doesNotMatch(await banner('127.0.0.1'), /WARNING/);
  });
});

describe('settings for exposure and timeouts', () => {
  it('reads --allowed-hosts and its variable (lower case), and refuses what is no host name', () => {
    assert.deepEqual(loadConfig(['--allowed-hosts', 'Atlas.Test, .corp.example'], {}).allowedHosts, ['atlas.test', '.corp.example']);
    assert.deepEqual(loadConfig([], { ATLAS_EMULATOR_ALLOWED_HOSTS: '*' }).allowedHosts, ['*']);
    assert.deepEqual(loadConfig([], {}).allowedHosts, []);
    for (const bad of ['http://x', 'a b', 'x/y', 'host:8080']) {
      assert.throws(() => loadConfig(['--allowed-hosts', bad], {}), (err: Error) => err.message.startsWith('--allowed-hosts'), bad);
    }
  });

  it('reads the timeouts in seconds, and refuses a header timeout longer than the request timeout', () => {
    const c = loadConfig(['--headers-timeout', '5', '--request-timeout', '20', '--keep-alive-timeout', '9'], {});
    assert.deepEqual([c.headersTimeoutMs, c.requestTimeoutMs, c.keepAliveTimeoutMs], [5000, 20_000, 9000]);
    const d = loadConfig([], {});
    assert.deepEqual([d.headersTimeoutMs, d.requestTimeoutMs, d.keepAliveTimeoutMs], [10_000, 30_000, 72_000]);
    assert.throws(() => loadConfig(['--headers-timeout', '60'], {}), /^Error: --headers-timeout/);
    assert.throws(() => loadConfig(['--request-timeout', '0'], {}), /^Error: --request-timeout/);
  });
});
