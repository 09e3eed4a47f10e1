import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { DEFAULT_CREDENTIALS } from '../src/config.js';
import { tempDir } from './helpers.js';
import { digest, freePort, ROOT, startCli } from './cli.js';

// How the emulator reaches users: the npm package (packed, installed in an empty
// folder, started with npx) and the container image (its start command run
// outside Docker exactly as the image runs it, since no Docker daemon is at hand).

const PKG = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));

/** A staged copy of the package as `npm pack` sees it: package.json, README, LICENSE and a fresh build. */
let stage: string;
const scratch: string[] = [];

before(() => {
  stage = tempDir('atlas-emu-stage-');
  scratch.push(stage);
  for (const f of ['package.json', 'README.md', 'LICENSE']) fs.copyFileSync(path.join(ROOT, f), path.join(stage, f));
  const build = spawnSync(process.execPath, [path.join(ROOT, 'scripts', 'build.mjs'), path.join(stage, 'dist')], { encoding: 'utf8' });
  assert.equal(build.status, 0, build.stdout + build.stderr);
});

after(() => {
  for (const d of scratch) fs.rmSync(d, { recursive: true, force: true });
});

const npm = (args: string[], cwd: string) => {
  const r = spawnSync('npm', args, { cwd, encoding: 'utf8', env: { ...process.env, npm_config_update_notifier: 'false' } });
  assert.equal(r.status, 0, `npm ${args.join(' ')}: ${r.stdout}${r.stderr}`);
  return r.stdout;
};

describe('the npm package', () => {
  it('is publishable: not private, Apache-2.0 with its LICENSE, a bin, and files limited to what runs', () => {
    assert.equal(PKG.private, undefined);
    assert.equal(PKG.license, 'Apache-2.0');
    assert.match(fs.readFileSync(path.join(ROOT, 'LICENSE'), 'utf8'), /Apache License\s+Version 2\.0/);
    assert.equal(PKG.bin['atlas-emulator'], 'dist/cli.js');
    const listed = JSON.parse(npm(['pack', '--dry-run', '--json', '--ignore-scripts'], stage))[0].files.map((f: { path: string }) => f.path);
    assert.ok(listed.includes('dist/cli.js'));
    assert.ok(listed.includes('dist/platform/contract/atlas-contract.json'), 'run-time assets are packed');
    assert.ok(listed.includes('LICENSE'));
    for (const f of listed) assert.match(f, /^(dist\/.*\.(js|json)|package\.json|README\.md|LICENSE)$/, f);
  });

  it('installs from the packed tarball in an empty folder and starts with npx', async () => {
    const out = tempDir('atlas-emu-pack-');
    const project = tempDir('atlas-emu-user-');
    scratch.push(out, project);
    const packed = JSON.parse(npm(['pack', '--json', '--ignore-scripts', '--pack-destination', out], stage))[0].filename as string;
    fs.writeFileSync(path.join(project, 'package.json'), '{"name":"user-project","version":"1.0.0","private":true}\n');
    // Dependencies from the local npm cache. better-sqlite3's install step fetches a prebuilt binary
    // or compiles one for minutes; the test skips it and puts the binary this checkout built in its place.
    npm(['install', '--no-audit', '--no-fund', '--prefer-offline', '--ignore-scripts', path.join(out, packed)], project);
    const release = path.join('node_modules', 'better-sqlite3', 'build', 'Release');
    fs.mkdirSync(path.join(project, release), { recursive: true });
    fs.copyFileSync(path.join(ROOT, release, 'better_sqlite3.node'), path.join(project, release, 'better_sqlite3.node'));

    const version = spawnSync('npx', ['atlas-emulator', '--version'], { cwd: project, encoding: 'utf8' });
    assert.equal(version.status, 0, version.stderr);
    assert.equal(version.stdout.trim(), PKG.version);
    const run = await startCli(['--port', '0'], {}, ['npx', 'atlas-emulator'], project);
    try {
      const owner = digest(run.url, DEFAULT_CREDENTIALS.publicKey, DEFAULT_CREDENTIALS.privateKey);
      const orgId = (await owner.get('orgs')).json.results[0].id;
      assert.equal((await owner.post('groups', { name: 'from-npx', orgId })).status, 201);
      assert.ok(fs.existsSync(path.join(project, '.atlas-emulator', 'atlas.sqlite')), 'state kept in ./.atlas-emulator');
    } finally {
      await run.stop();
    }
  });
});

/** The final stage of the Dockerfile: its ENV, WORKDIR, USER, VOLUME, HEALTHCHECK and CMD. */
function imageSpec() {
  const text = fs.readFileSync(path.join(ROOT, 'Dockerfile'), 'utf8').replace(/\\\n\s*/g, ' ');
  const lines = text.split('\n').filter((l) => l.trim() && !l.trim().startsWith('#'));
  const stages = lines.filter((l) => /^FROM /.test(l));
  const last = lines.slice(lines.lastIndexOf(stages[stages.length - 1]!));
  const one = (word: string) => last.filter((l) => l.startsWith(`${word} `)).map((l) => l.slice(word.length + 1).trim());
  const env: Record<string, string> = {};
  for (const e of one('ENV')) for (const m of e.matchAll(/(\w+)=(\S+)/g)) env[m[1]!] = m[2]!;
  return {
    stages,
    env,
    workdir: one('WORKDIR').at(-1)!,
    user: one('USER').at(-1),
    volumes: one('VOLUME').flatMap((v) => JSON.parse(v) as string[]),
    healthcheck: JSON.parse(one('HEALTHCHECK').at(-1)!.replace(/^.*?CMD /, '')) as string[],
    cmd: JSON.parse(one('CMD').at(-1)!) as string[],
  };
}

describe('the container image', () => {
  const spec = imageSpec();

  it('is multi-stage on Node 20 slim, runs as a non-root user and keeps the data directory in a volume', () => {
    assert.ok(spec.stages.length >= 2);
    for (const s of spec.stages) assert.match(s, /^FROM node:20(\.\d+)*-slim\b/);
    assert.ok(spec.user && spec.user !== 'root' && spec.user !== '0');
    assert.equal(spec.env.ATLAS_EMULATOR_HOST, '0.0.0.0');
    assert.deepEqual(spec.volumes, [spec.env.ATLAS_EMULATOR_DATA_DIR]);
    assert.deepEqual(spec.cmd.slice(0, 2), ['node', 'dist/cli.js']);
  });

  it("starts as the image does: 0.0.0.0, a generated control token printed and kept, health open for the HEALTHCHECK", async () => {
    // The image's working directory is the built package; its volume is a scratch folder here.
    const app = stage;
    fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(app, 'node_modules'), 'dir');
    const data = tempDir('atlas-emu-volume-');
    scratch.push(data);
    const port = String(await freePort());
    const env = { ...spec.env, ATLAS_EMULATOR_DATA_DIR: data, ATLAS_EMULATOR_PORT: port };
    const run = await startCli([], env, spec.cmd, app);
    try {
      assert.equal(run.url, `http://0.0.0.0:${port}`);
      const token = /control token {7}(\S+) \(generated/.exec(run.stdout)?.[1];
      assert.ok(token, run.stdout);
      assert.equal(JSON.parse(fs.readFileSync(path.join(data, 'credentials.json'), 'utf8')).controlToken, token);
      const check = spawnSync(spec.healthcheck[0]!, spec.healthcheck.slice(1), { cwd: app, env: { ...process.env, ...env }, encoding: 'utf8' });
      assert.equal(check.status, 0, check.stderr);
      const base = `http://127.0.0.1:${port}/__emulator`;
      assert.equal((await fetch(`${base}/clock`)).status, 401);
      assert.equal((await fetch(`${base}/clock`, { headers: { Authorization: `Bearer ${token}` } })).status, 200);
    } finally {
      await run.stop();
    }
    const down = spawnSync(spec.healthcheck[0]!, spec.healthcheck.slice(1), { cwd: app, env: { ...process.env, ...env }, encoding: 'utf8' });
    assert.equal(down.status, 1, 'the health check fails once the server is gone');
  });
});
