import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';
import { DEFAULT_CREDENTIALS, SETTINGS } from '../src/config.js';
import { RESOURCES } from '../src/resources/index.js';
import { spawnSync } from 'node:child_process';
import { startTestServer, tempDir } from './helpers.js';
import { freePort, startCli } from './cli.js';

// The README is the user's manual: it must keep up with the settings and defaults.

const README = fs.readFileSync(path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'README.md'), 'utf8');

describe('README', () => {
  it('starts with the two commands', () => {
    const firstBlock = /```sh\n([\s\S]*?)```/.exec(README)![1]!;
    assert.match(firstBlock, /^npm ci && npm start\b/m);
    assert.match(firstBlock, /^npm test\b/m);
    assert.ok(README.indexOf('```sh') < README.indexOf('## '), 'the commands come before the first section');
  });

  it('documents every setting with its flag and environment variable', () => {
    for (const s of SETTINGS) {
      assert.ok(README.includes(`\`${s.flag}\``), `${s.flag} is not in the README`);
      assert.ok(README.includes(`\`${s.env}\``), `${s.env} is not in the README`);
    }
  });

  it('gives the default credentials', () => {
    for (const value of Object.values(DEFAULT_CREDENTIALS)) assert.ok(README.includes(value), value);
  });

  it('describes every control endpoint', async () => {
    const s = await startTestServer({ storage: 'memory' });
    try {
      for (const e of s.emulator.control) assert.ok(README.includes(`/__emulator${e.path}`), `${e.method} ${e.path}`);
    } finally {
      await s.close();
    }
  });

  it('lists every resource family in the supported operations table, with the link to the coverage page', () => {
    const table = README.slice(README.indexOf('## Supported operations'), README.indexOf('## Pointing clients at it'));
    assert.ok(table.includes('(docs/coverage.md)'));
    for (const r of RESOURCES) assert.match(table, new RegExp(`^\\| \`${r.name}\` \\|`, 'm'), r.name);
  });

  it('has the MCP server trust the certificate through SSL_CERT_FILE, and says how to raise the token rate limit', () => {
    const mcp = README.slice(README.indexOf('### MongoDB MCP server'), README.indexOf('### Test suites'));
    assert.match(mcp, /^SSL_CERT_FILE=\.atlas-emulator\/tls-cert\.pem \\$/m);
    // NODE_EXTRA_CA_CERTS alone is not enough (its HTTP client reads SSL_CERT_FILE); it is given only beside it, for the address look-up.
    assert.match(mcp, /^SSL_CERT_FILE=[^\n]+\n^NODE_EXTRA_CA_CERTS=/m);
    assert.match(README, /--rate-limit oauthToken=\d+\/60/);
  });

  it('explains every dependency', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'package.json'), 'utf8'));
    for (const name of Object.keys(pkg.dependencies)) assert.ok(README.includes(`\`${name}\``), name);
  });
});

describe('README commands', () => {
  it('run as pasted against a server started with npm start (the curl blocks, in order, in the server folder)', async () => {
    const blocks = [...README.matchAll(/```sh\n([\s\S]*?)```/g)]
      .map((m) => m[1]!)
      .filter((b) => b.includes('127.0.0.1:8080') && !/^(npm|npx|docker|terraform|atlas|go|export|SSL_CERT_FILE)\b/m.test(b));
    assert.ok(blocks.length >= 6, `${blocks.length} blocks`);
    const cwd = tempDir('atlas-emu-readme-');
    const port = await freePort();
    const run = await startCli(['--port', String(port), '--data-dir', path.join(cwd, '.atlas-emulator')], {}, undefined, cwd);
    try {
      for (const block of blocks) {
        const script = block.replaceAll('127.0.0.1:8080', `127.0.0.1:${port}`);
        const r = spawnSync('bash', ['-e', '-o', 'pipefail', '-c', script], { cwd, encoding: 'utf8' });
        assert.equal(r.status, 0, `${block}\n${r.stdout}${r.stderr}`);
        assert.doesNotMatch(r.stdout, /"reason":/, `an error body: ${block}\n${r.stdout}`);
      }
    } finally {
      await run.stop();
      fs.rmSync(cwd, { recursive: true, force: true });
    }
  });
});
