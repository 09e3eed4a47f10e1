import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { OPERATIONS } from '../src/api/index.js';
import { Router } from '../src/http/router.js';
import { Client, createProject, startTestServer, type Exchange, type TestServer } from './helpers.js';
import type { Scenario } from './contract/types.js';

// Every registered operation must answer 2xx to at least one scenario, and every
// answer is checked against its declared schema by the server (validateResponses).

const dir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'contract');
const modules = fs
  .readdirSync(dir)
  .filter((f) => f.endsWith('.ts') && f !== 'types.ts')
  .sort();

describe('contract: every operation, every response against its schema', () => {
  let s: TestServer;
  const log: Exchange[] = [];
  let client: Client;
  before(async () => {
    s = await startTestServer();
    const c = s.emulator.credentials;
    client = new Client(s.url, { kind: 'digest', publicKey: c.publicKey, privateKey: c.privateKey }, log);
  });
  after(async () => s.close());

  for (const file of modules) {
    it(`scenarios of ${file}`, async () => {
      const { scenarios } = (await import(path.join(dir, file))) as { scenarios: Scenario[] };
      for (const scenario of scenarios) {
        const groupId = await createProject(s);
        const before = log.length;
        await scenario.run({ server: s, client, orgId: s.orgId, groupId });
        const failures = log.slice(before).filter((e) => e.status >= 500);
        assert.deepEqual(failures, [], `${scenario.name}: a response broke its schema or the server failed`);
      }
    });
  }

  it('covers every registered operation with a 2xx answer', () => {
    const router = new Router(OPERATIONS);
    const covered = new Set<string>();
    for (const e of log) {
      const m = router.match(e.method, e.path);
      if (m.kind === 'found' && e.status < 300) covered.add(m.op.operationId);
    }
    const missing = OPERATIONS.map((o) => o.operationId).filter((id) => !covered.has(id));
    assert.deepEqual(missing, [], 'operations without a passing contract scenario');
  });
});
