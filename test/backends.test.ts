import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';
import { STORAGE } from './helpers.js';

// The same API tests against the other storage backend. The suite as a whole runs
// on ATLAS_TEST_STORAGE (sqlite unless told); these files, which between them
// reach every registered operation (the contract scenarios) and the whole wire
// contract, run again on the other one, so `npm test` covers both.

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const OTHER = STORAGE === 'sqlite' ? 'memory' : 'sqlite';
const FILES = ['foundation.test.ts', 'contract.test.ts', 'bad-input.test.ts', 'control.test.ts'];

function runTests(files: string[], storage: string): Promise<{ code: number | null; output: string }> {
  // Without the parent runner's marker, or the child runner would refuse to run files.
  const env: NodeJS.ProcessEnv = { ...process.env, ATLAS_TEST_STORAGE: storage };
  delete env.NODE_TEST_CONTEXT;
  return new Promise((resolve) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', '--test', '--test-concurrency=1', '--test-reporter=tap', ...files.map((f) => path.join('test', f))],
      { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.on('exit', (code) => resolve({ code, output }));
  });
}

describe(`the API tests on the ${OTHER} backend too`, () => {
  it(FILES.join(', '), async () => {
    const { code, output } = await runTests(FILES, OTHER);
    const failed = output.split('\n').filter((l) => /^\s*not ok /.test(l));
    assert.equal(code, 0, `on ${OTHER}:\n${failed.join('\n')}\n${output.slice(-4000)}`);
    assert.match(output, /^# pass [1-9]\d*$/m);
  });
});
