import assert from 'node:assert/strict';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { DEFAULT_CREDENTIALS, LOG_LEVELS } from '../src/config.js';
import { LIFECYCLE_DEFAULTS } from '../src/resources/index.js';
import { Client, tempDir } from './helpers.js';
import { digest, ROOT, runToExit, runToExitAsync, startCli } from './cli.js';

// Start-up as a user meets it: failures, the banner, logs, export on exit, the control token.

const VERSION = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).version as string;

function oneLine(r: { code: number | null; stdout: string; stderr: string }, named: string | RegExp) {
  assert.equal(r.code, 2, r.stdout + r.stderr);
  const lines = r.stderr.trimEnd().split('\n');
  assert.equal(lines.length, 1, r.stderr);
  if (typeof named === 'string') assert.ok(lines[0]!.startsWith(`atlas-emulator: ${named}`), lines[0]);
  else assert.match(lines[0]!, named);
}

async function ctl(url: string, method: string, p: string, body?: unknown, token?: string) {
  const r = await fetch(`${url}/__emulator/${p}`, {
    method,
    headers: { ...(token ? { Authorization: `Bearer ${token}` } : {}), ...(body ? { 'Content-Type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await r.text();
  return { status: r.status, headers: r.headers, json: text ? JSON.parse(text) : undefined };
}

describe('start-up failures', () => {
  it('names --port when the port is in use, exits 2 and leaves no data directory behind', async () => {
    const blocker = net.createServer();
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', () => r()));
    const port = (blocker.address() as net.AddressInfo).port;
    const parent = tempDir();
    const dataDir = path.join(parent, 'fresh', 'state');
    try {
      oneLine(runToExit(['--port', String(port), '--data-dir', dataDir]), `--port: ${port} is already in use`);
      assert.deepEqual(fs.readdirSync(parent), [], 'the data directory this start made is gone');
      // In an existing directory, only what this start added goes.
      fs.mkdirSync(dataDir, { recursive: true });
      fs.writeFileSync(path.join(dataDir, 'mine.txt'), 'keep');
      oneLine(runToExit(['--port', String(port), '--data-dir', dataDir, '--tls']), '--port');
      assert.deepEqual(fs.readdirSync(dataDir), ['mine.txt']);
    } finally {
      blocker.close();
      fs.rmSync(parent, { recursive: true, force: true });
    }
  });

  // Independent start-ups, begun together so that their start-up times overlap.
  const dir = tempDir();
  const file = path.join(dir, 'a-file');
  const data = path.join(dir, 'data');
  fs.writeFileSync(file, 'x');
  fs.writeFileSync(path.join(dir, 'cert.pem'), 'not a certificate');
  fs.writeFileSync(path.join(dir, 'key.pem'), 'not a key');
  fs.writeFileSync(path.join(dir, 'bad.json'), '{"format":');
  fs.writeFileSync(path.join(dir, 'old.json'), JSON.stringify({ format: 'atlas-emulator-state', version: 9 }));
  const runs = {
    host: runToExitAsync(['--port', '0', '--storage', 'memory', '--host', '203.0.113.7']),
    dataDir: runToExitAsync(['--port', '0', '--data-dir', file]),
    tlsUnreadable: runToExitAsync(['--port', '0', '--tls-cert', path.join(dir, 'none.pem'), '--tls-key', path.join(dir, 'none.pem')]),
    tlsMismatch: runToExitAsync(['--port', '0', '--data-dir', data, '--tls-cert', path.join(dir, 'cert.pem'), '--tls-key', path.join(dir, 'key.pem')]),
    importJson: runToExitAsync(['--port', '0', '--storage', 'memory', '--import', path.join(dir, 'bad.json')]),
    importVersion: runToExitAsync(['--port', '0', '--storage', 'memory', '--import', path.join(dir, 'old.json')]),
  };
  after(async () => {
    await Promise.all(Object.values(runs));
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('names --host when the address is not one of this machine', async () => {
    oneLine(await runs.host, '--host: 203.0.113.7 is not an address');
  });

  it('names --data-dir when the data directory is a file', async () => {
    oneLine(await runs.dataDir, '--data-dir');
    assert.equal(fs.readFileSync(file, 'utf8'), 'x');
  });

  it('names the TLS settings when the files are unreadable or do not belong together', async () => {
    oneLine(await runs.tlsUnreadable, '--tls-cert: cannot read');
    oneLine(await runs.tlsMismatch, '--tls-cert/--tls-key');
    assert.ok(!fs.existsSync(data));
  });

  it('names --import when the document is not JSON or does not check out', async () => {
    oneLine(await runs.importJson, '--import');
    oneLine(await runs.importVersion, /^atlas-emulator: --import: .*version 1, not 9/);
  });
});

describe('what start-up tells', () => {
  it('prints the version with --version', () => {
    const r = runToExit(['--version']);
    assert.equal(r.code, 0);
    assert.equal(r.stdout.trim(), VERSION);
  });

  it('lists every accepted value in --help: log levels and formats, storage, lifecycle steps with defaults, buckets', () => {
    const r = runToExit(['--help']);
    assert.equal(r.code, 0);
    for (const level of LOG_LEVELS) assert.ok(r.stdout.includes(level), level);
    for (const v of ['pretty', 'json', 'sqlite', 'memory', 'oauthToken', 'managedSlowMs', '10/60']) assert.ok(r.stdout.includes(v), v);
    for (const step of Object.keys(LIFECYCLE_DEFAULTS)) assert.match(r.stdout, new RegExp(`${step.replace('.', '\\.')}\\s+PT\\d`), step);
  });

  it('says on restart that state was loaded and where the clock stands', async () => {
    const dataDir = tempDir();
    try {
      const first = await startCli(['--port', '0', '--data-dir', dataDir]);
      assert.doesNotMatch(first.stdout, /existing state loaded/);
      assert.match(first.stdout, /clock {15}running, at real time/);
      const owner = digest(first.url, DEFAULT_CREDENTIALS.publicKey, DEFAULT_CREDENTIALS.privateKey);
      const orgId = (await owner.get('orgs')).json.results[0].id;
      assert.equal((await owner.post('groups', { name: 'kept', orgId })).status, 201);
      assert.equal((await ctl(first.url, 'POST', 'clock', { frozen: true, advance: 'P2DT3H' })).status, 200);
      const frozenAt = (await ctl(first.url, 'GET', 'clock')).json.now;
      await first.stop();
      const second = await startCli(['--port', '0', '--data-dir', dataDir]);
      try {
        assert.match(second.stdout, new RegExp(`existing state loaded from ${dataDir} \\(1 projects\\)`));
        assert.match(second.stdout, new RegExp(`clock {15}frozen at ${frozenAt} \\(PT5\\dH\\d+M(\\d+S)? ahead of real time\\)`));
      } finally {
        await second.stop();
      }
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('logs one JSON line per request at info: method, path, operationId, status, latency, caller, errorCode, fault, and why a 401', async () => {
    const run = await startCli(['--port', '0', '--storage', 'memory', '--log-level', 'info', '--log-format', 'json']);
    try {
      const owner = digest(run.url, DEFAULT_CREDENTIALS.publicKey, DEFAULT_CREDENTIALS.privateKey);
      assert.equal((await owner.get('orgs')).status, 200);
      const rule = await ctl(run.url, 'POST', 'faults', { operationId: 'listGroups', error: { status: 503, errorCode: 'SERVICE_UNAVAILABLE' }, times: 1 });
      const faultedAnswer = await owner.get('groups');
      assert.equal(faultedAnswer.status, 503, faultedAnswer.text + run.output());
      assert.equal((await new Client(run.url, { kind: 'digest', publicKey: 'nobody12', privateKey: DEFAULT_CREDENTIALS.privateKey }).get('orgs')).status, 401);
      await new Promise((r) => setTimeout(r, 200));
      const lines = run
        .output()
        .split('\n')
        .filter((l) => l.startsWith('{'))
        .map((l) => JSON.parse(l));
      const ok = lines.find((l) => l.operationId === 'listOrgs' && l.status === 200);
      assert.ok(ok, run.output());
      assert.equal(ok.method, 'GET');
      assert.equal(ok.path, '/api/atlas/v2/orgs');
      assert.equal(ok.caller, DEFAULT_CREDENTIALS.publicKey);
      assert.equal(typeof ok.latencyMs, 'number');
      const faulted = lines.find((l) => l.operationId === 'listGroups' && l.fault);
      assert.equal(faulted.status, 503);
      assert.equal(faulted.errorCode, 'SERVICE_UNAVAILABLE');
      assert.equal(faulted.fault, rule.json.id);
      const refused = lines.filter((l) => l.status === 401 && l.why);
      assert.ok(refused.some((l) => l.why === 'unknown public key nobody12'), JSON.stringify(refused));
      assert.ok(refused.some((l) => l.why === 'no Authorization header'));
    } finally {
      await run.stop();
    }
  });

  it('logs short text lines by default', async () => {
    const run = await startCli(['--port', '0', '--storage', 'memory', '--log-level', 'info']);
    try {
      await digest(run.url, DEFAULT_CREDENTIALS.publicKey, DEFAULT_CREDENTIALS.privateKey).get('orgs');
      await new Promise((r) => setTimeout(r, 200));
      assert.match(run.output(), /\d\d:\d\d:\d\d\.\d{3} 200 GET {4}\/api\/atlas\/v2\/orgs listOrgs [\d.]+ms caller=emulator/);
    } finally {
      await run.stop();
    }
  });
});

describe('state across runs', () => {
  it('writes the state on SIGTERM with --export-on-exit, and --import starts another server from it', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'state.json');
    try {
      const first = await startCli(['--port', '0', '--storage', 'memory', '--export-on-exit', file]);
      const owner = digest(first.url, DEFAULT_CREDENTIALS.publicKey, DEFAULT_CREDENTIALS.privateKey);
      const orgId = (await owner.get('orgs')).json.results[0].id;
      const project = await owner.post('groups', { name: 'carried', orgId });
      await ctl(first.url, 'POST', 'clock', { frozen: true, advance: 'PT7H' });
      const clock = (await ctl(first.url, 'GET', 'clock')).json;
      await first.stop();
      assert.equal(first.child.exitCode, 0);
      const doc = JSON.parse(fs.readFileSync(file, 'utf8'));
      assert.equal(doc.format, 'atlas-emulator-state');
      assert.equal(doc.clock.epochMillis, clock.epochMillis);

      const second = await startCli(['--port', '0', '--storage', 'memory', '--import', file]);
      try {
        assert.match(second.stdout, /imported from .*state\.json \(1 projects\)/);
        const again = digest(second.url, DEFAULT_CREDENTIALS.publicKey, DEFAULT_CREDENTIALS.privateKey);
        assert.equal((await again.get(`groups/${project.json.id}`)).json.name, 'carried');
        assert.deepEqual((await ctl(second.url, 'GET', 'clock')).json, clock);
      } finally {
        await second.stop();
      }
      assert.deepEqual(fs.readdirSync(dir), ['state.json'], 'memory storage wrote nothing else');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('writes nothing to disk with --storage memory', async () => {
    const cwd = tempDir();
    const dataDir = path.join(cwd, 'data');
    try {
      const run = await startCli(['--port', '0', '--storage', 'memory', '--data-dir', dataDir]);
      const owner = digest(run.url, DEFAULT_CREDENTIALS.publicKey, DEFAULT_CREDENTIALS.privateKey);
      const orgId = (await owner.get('orgs')).json.results[0].id;
      assert.equal((await owner.post('groups', { name: 'ephemeral', orgId })).status, 201);
      await run.stop();
      assert.ok(!fs.existsSync(dataDir));
    } finally {
      fs.rmSync(cwd, { recursive: true, force: true });
    }
  });
});

describe('control token', () => {
  it('is generated, printed and written to credentials.json when listening beyond loopback; health stays open', async () => {
    const dataDir = tempDir();
    try {
      const run = await startCli(['--port', '0', '--host', '0.0.0.0', '--data-dir', dataDir]);
      let token: string;
      try {
        const m = /control token {7}(\S+) \(generated/.exec(run.stdout);
        assert.ok(m, run.stdout);
        token = m[1]!;
        assert.equal(JSON.parse(fs.readFileSync(path.join(dataDir, 'credentials.json'), 'utf8')).controlToken, token);
        assert.equal((await ctl(run.url, 'GET', 'health')).status, 200);
        const refused = await ctl(run.url, 'GET', 'clock');
        assert.equal(refused.status, 401);
        assert.equal(refused.json.errorCode, 'UNAUTHORIZED');
        assert.match(refused.headers.get('www-authenticate')!, /^Bearer /);
        assert.equal((await ctl(run.url, 'GET', 'clock', undefined, `${token}x`)).status, 401);
        assert.equal((await ctl(run.url, 'GET', 'clock', undefined, token)).status, 200);
        // The Atlas API keeps its own credentials.
        assert.equal((await digest(run.url, DEFAULT_CREDENTIALS.publicKey, DEFAULT_CREDENTIALS.privateKey).get('orgs')).status, 200);
      } finally {
        await run.stop();
      }
      const again = await startCli(['--port', '0', '--host', '0.0.0.0', '--data-dir', dataDir]);
      try {
        assert.ok(again.stdout.includes(token), 'a restart keeps the token');
      } finally {
        await again.stop();
      }
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('is not asked for on loopback without one, and is when given', async () => {
    const plain = await startCli(['--port', '0', '--storage', 'memory']);
    try {
      assert.doesNotMatch(plain.stdout, /control token/);
      assert.equal((await ctl(plain.url, 'GET', 'clock')).status, 200);
    } finally {
      await plain.stop();
    }
    const token = 'a-token-of-twenty-chars';
    const guarded = await startCli(['--port', '0', '--storage', 'memory'], { ATLAS_EMULATOR_CONTROL_TOKEN: token });
    try {
      assert.doesNotMatch(guarded.stdout, new RegExp(token), 'a given token is not printed');
      for (const p of ['', 'clock', 'state', 'faults', 'openapi.json', 'no-such-page']) {
        assert.equal((await ctl(guarded.url, 'GET', p)).status, 401, p);
      }
      const index = await ctl(guarded.url, 'GET', '', undefined, token);
      assert.equal(index.status, 200);
      assert.ok(index.json.endpoints.some((e: { method: string; path: string }) => e.method === 'PUT' && e.path === '/__emulator/state'));
      assert.equal((await ctl(guarded.url, 'POST', 'reset', undefined, token)).status, 204);
    } finally {
      await guarded.stop();
    }
  });
});
