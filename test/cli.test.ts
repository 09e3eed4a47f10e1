import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { DEFAULT_CREDENTIALS, loadConfig, SETTINGS, usage } from '../src/config.js';
import { SqliteStore } from '../src/platform/store/sqlite.js';
import { Client, fetchToken, tempDir } from './helpers.js';
import { digest, freePort, ROOT, runToExit, startCli } from './cli.js';
import { projectEvents } from './state.js';

// The real command line in a child process: start-up, settings, credentials.json,
// and durability across kill -9.

describe('command line', () => {
  it('keeps a write that answered 2xx across kill -9, with its event', async () => {
    const dataDir = tempDir();
    try {
      const first = await startCli(['--port', '0', '--data-dir', dataDir]);
      const owner = digest(first.url, DEFAULT_CREDENTIALS.publicKey, DEFAULT_CREDENTIALS.privateKey);
      const orgId = (await owner.get('orgs')).json.results[0].id;
      const created = await owner.post('groups', { name: 'survivor', orgId });
      assert.equal(created.status, 201);
      await first.kill9();
      assert.equal(first.child.signalCode, 'SIGKILL');

      // On disk, read by another process than the one that wrote it.
      const store = SqliteStore.open(dataDir);
      try {
        assert.equal((await store.get<{ name: string }>('projects', created.json.id))?.name, 'survivor');
        const events = await projectEvents(store, created.json.id);
        assert.deepEqual(events.map((e) => e.eventTypeName), ['GROUP_CREATED']);
      } finally {
        await store.close();
      }

      const second = await startCli(['--port', '0', '--data-dir', dataDir]);
      try {
        const again = digest(second.url, DEFAULT_CREDENTIALS.publicKey, DEFAULT_CREDENTIALS.privateKey);
        const got = await again.get(`groups/${created.json.id}`);
        assert.equal(got.status, 200);
        assert.equal(got.json.name, 'survivor');
        assert.equal((await again.get('orgs')).json.results[0].id, orgId, 'the organization is the same one');
      } finally {
        await second.stop();
      }
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('takes credentials from the environment, on every start, and writes credentials.json readable by the owner only', async () => {
    const dataDir = tempDir();
    const custom = {
      ATLAS_EMULATOR_PUBLIC_KEY: 'ciuser01',
      ATLAS_EMULATOR_PRIVATE_KEY: '7f9c2ba4-e88f-4c11-9d1e-6a1f3b2c0d99',
      ATLAS_EMULATOR_CLIENT_ID: 'mdb_sa_id_0123456789abcdef01234567',
      ATLAS_EMULATOR_CLIENT_SECRET: 'mdb_sa_sk_ThisIsTheCiSecret0123456789',
    };
    try {
      for (const round of [1, 2]) {
        const run = await startCli(['--port', '0', '--data-dir', dataDir], custom);
        try {
          assert.match(run.stdout, /public ciuser01 {2}private 7f9c2ba4-e88f-4c11-9d1e-6a1f3b2c0d99/);
          const mine = digest(run.url, custom.ATLAS_EMULATOR_PUBLIC_KEY, custom.ATLAS_EMULATOR_PRIVATE_KEY);
          assert.equal((await mine.get('orgs')).status, 200, `round ${round}: the configured key works`);
          const defaults = digest(run.url, DEFAULT_CREDENTIALS.publicKey, DEFAULT_CREDENTIALS.privateKey);
          assert.equal((await defaults.get('orgs')).status, 401, `round ${round}: the default key is gone`);
          const token = await fetchToken(run.url, custom.ATLAS_EMULATOR_CLIENT_ID, custom.ATLAS_EMULATOR_CLIENT_SECRET);
          assert.equal((await new Client(run.url, { kind: 'bearer', token }).get('orgs')).status, 200);
          await assert.rejects(fetchToken(run.url, DEFAULT_CREDENTIALS.clientId, DEFAULT_CREDENTIALS.clientSecret));

          const file = path.join(dataDir, 'credentials.json');
          assert.equal(fs.statSync(file).mode & 0o777, 0o600);
          const written = JSON.parse(fs.readFileSync(file, 'utf8'));
          assert.equal(written.publicKey, custom.ATLAS_EMULATOR_PUBLIC_KEY);
          assert.equal(written.privateKey, custom.ATLAS_EMULATOR_PRIVATE_KEY);
          assert.equal(written.clientId, custom.ATLAS_EMULATOR_CLIENT_ID);
          assert.equal(written.clientSecret, custom.ATLAS_EMULATOR_CLIENT_SECRET);
          assert.equal(written.baseUrl, run.url);
          assert.match(written.orgId, /^[a-f0-9]{24}$/);
        } finally {
          await run.stop();
        }
      }
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('honours environment variables, and flags beat them', async () => {
    const dataDir = tempDir();
    try {
      const run = await startCli(['--storage', 'sqlite', '--data-dir', dataDir], {
        ATLAS_EMULATOR_PORT: '0',
        ATLAS_EMULATOR_HOST: '127.0.0.1',
        ATLAS_EMULATOR_STORAGE: 'memory',
      });
      try {
        assert.match(run.url, /^http:\/\/127\.0\.0\.1:\d+$/);
        assert.ok(run.stdout.includes(`state in ${dataDir}`), run.stdout);
        const health = await (await fetch(`${run.url}/__emulator/health`)).json();
        assert.equal(health.storage, 'sqlite');
        assert.ok(fs.existsSync(path.join(dataDir, 'atlas.sqlite')));
      } finally {
        await run.stop();
      }
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
    const inMemory = await startCli([], { ATLAS_EMULATOR_PORT: '0', ATLAS_EMULATOR_STORAGE: 'memory' });
    try {
      assert.ok(inMemory.stdout.includes('state in memory'));
    } finally {
      await inMemory.stop();
    }
  });

  it('stops on a bad value with exit code 2 and one line naming the setting', () => {
    for (const [args, env, named] of [
      [['--port', 'eighty'], {}, '--port'],
      [[], { ATLAS_EMULATOR_STORAGE: 'postgres' }, 'ATLAS_EMULATOR_STORAGE'],
      [['--no-such-flag'], {}, '--no-such-flag'],
    ] as [string[], Record<string, string>, string][]) {
      const r = runToExit(args, env);
      assert.equal(r.code, 2, `${args} ${JSON.stringify(env)}`);
      assert.equal(r.stdout, '');
      const lines = r.stderr.trimEnd().split('\n');
      assert.equal(lines.length, 1, r.stderr);
      assert.ok(lines[0]!.includes(named), lines[0]);
    }
  });

  it('prints every flag and variable with --help', () => {
    const r = runToExit(['--help']);
    assert.equal(r.code, 0);
    for (const s of SETTINGS) {
      assert.ok(r.stdout.includes(s.flag), s.flag);
      assert.ok(r.stdout.includes(s.env), s.env);
    }
  });

  it('stops at once, with one line naming the setting, when the data directory cannot be made', () => {
    // Node's recursive mkdir never returns under /proc; start-up must fail instead of hanging.
    const started = Date.now();
    const r = runToExit(['--port', '0', '--data-dir', '/proc/no-such-dir/state']);
    assert.equal(r.code, 2);
    assert.match(r.stderr.trim(), /^atlas-emulator: --data-dir: cannot keep state in \/proc\/no-such-dir\/state \(.*ENOENT.*\)$/);
    assert.ok(Date.now() - started < 10_000);
  });

  it('serves with `npm start -- --port <n>` from a build', async () => {
    // A build in a scratch copy, so the test neither needs nor disturbs ./dist.
    const dir = tempDir('atlas-emu-build-');
    try {
      fs.copyFileSync(path.join(ROOT, 'package.json'), path.join(dir, 'package.json'));
      fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
      const build = spawnSync(process.execPath, [path.join(ROOT, 'scripts', 'build.mjs'), path.join(dir, 'dist')], {
        encoding: 'utf8',
      });
      assert.equal(build.status, 0, build.stdout + build.stderr);
      const port = await freePort();
      const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
      const run = await startCli(['--', '--port', String(port), '--data-dir', path.join(dir, 'data')], {}, [npm, 'start', '--prefix', dir]);
      try {
        assert.equal(run.url, `http://127.0.0.1:${port}`);
        assert.equal((await fetch(`${run.url}/__emulator/health`)).status, 200);
        const owner = digest(run.url, DEFAULT_CREDENTIALS.publicKey, DEFAULT_CREDENTIALS.privateKey);
        assert.equal((await owner.get('alertConfigs/matchers/fieldNames')).status, 200);
      } finally {
        await run.stop();
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('settings', () => {
  it('reads each setting from its variable, and the flag wins', () => {
    const env = { ATLAS_EMULATOR_PORT: '9001', ATLAS_EMULATOR_HOST: '0.0.0.0', ATLAS_EMULATOR_NONCE_TTL: '60' };
    const fromEnv = loadConfig([], env);
    assert.equal(fromEnv.port, 9001);
    assert.equal(fromEnv.host, '0.0.0.0');
    assert.equal(fromEnv.nonceTtlSeconds, 60);
    const flagged = loadConfig(['--port', '9002', '--host=::1', '--enforce-sunset'], env);
    assert.equal(flagged.port, 9002);
    assert.equal(flagged.host, '::1');
    assert.equal(flagged.enforceSunset, true);
    const defaults = loadConfig([], {});
    assert.equal(defaults.host, '127.0.0.1');
    assert.equal(defaults.port, 8080);
    assert.equal(defaults.storage, 'sqlite');
    assert.equal(defaults.dataDir, path.resolve('.atlas-emulator'));
  });

  for (const [args, named] of [
    [['--port', '65536'], '--port'],
    [['--port', '-1'], '--port'],
    [['--port'], '--port'],
    [['--host', ''], '--host'],
    [['--storage', 'mongodb'], '--storage'],
    [['--data-dir', ''], '--data-dir'],
    [['--public-key', 'UPPERCASE'], '--public-key'],
    [['--private-key', 'not-a-uuid'], '--private-key'],
    [['--client-id', 'mdb_sa_id_xyz'], '--client-id'],
    [['--client-secret', 'short'], '--client-secret'],
    [['--enforce-sunset', 'perhaps'], '--enforce-sunset'],
    [['--lifecycle', 'cluster.create=soon'], '--lifecycle'],
    [['--lifecycle', 'warp.drive=PT1S'], '--lifecycle'],
    [['--rate-limit', 'oauthToken=10'], '--rate-limit'],
    [['--nonce-ttl', '0'], '--nonce-ttl'],
    [['--log-level', 'loud'], '--log-level'],
  ] as [string[], string][]) {
    it(`refuses ${args.join(' ') || '(nothing)'}, naming ${named}`, () => {
      assert.throws(() => loadConfig(args, {}), (err: Error) => err.message.startsWith(named) && !err.message.includes('\n'));
    });
  }

  it('names the variable when the bad value came from the environment', () => {
    assert.throws(() => loadConfig([], { ATLAS_EMULATOR_PORT: 'abc' }), {
      message: '--port: expected a whole number from 1 to 65535, got "abc" (from ATLAS_EMULATOR_PORT)',
    });
    assert.throws(() => loadConfig([], { ATLAS_EMULATOR_LIFECYCLE: 'x' }), { message: /^--lifecycle: .* \(from ATLAS_EMULATOR_LIFECYCLE\)$/ });
  });

  it('documents every setting in --help', () => {
    const text = usage();
    for (const s of SETTINGS) assert.ok(text.includes(s.flag) && text.includes(s.env), s.flag);
  });
});

