import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';
import { DEFAULT_CREDENTIALS, SETTINGS } from '../src/config.js';

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

  it('describes every control endpoint', () => {
    for (const endpoint of ['GET /__emulator/health', 'GET /__emulator/clock', 'POST /__emulator/clock', 'POST /__emulator/reset', 'GET /__emulator/openapi.json']) {
      assert.ok(README.includes(endpoint), endpoint);
    }
  });

  it('explains every dependency', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'package.json'), 'utf8'));
    for (const name of Object.keys(pkg.dependencies)) assert.ok(README.includes(`\`${name}\``), name);
  });
});
