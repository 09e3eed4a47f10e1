import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createProject, setClock, startTestServer, type TestServer } from './helpers.js';

// Ids stay unique and ordered as long as the emulated clock runs (to the end of
// 9999, past the 32-bit seconds of an ObjectId), and the served OpenAPI document
// says which query parameters a client must send: none that has a default.

interface Param {
  name: string;
  in: string;
  required: boolean;
  schema: { default?: unknown };
}

describe('served OpenAPI: query parameters', () => {
  let s: TestServer;
  before(async () => {
    s = await startTestServer();
  });
  after(async () => s.close());

  it('marks no query parameter with a default as required, envelope and pretty included', async () => {
    const doc = (await (await fetch(`${s.url}/__emulator/openapi.json`)).json()) as {
      paths: Record<string, Record<string, { operationId: string; parameters: Param[] }>>;
    };
    const wrong: string[] = [];
    let flags = 0;
    for (const ops of Object.values(doc.paths)) {
      for (const op of Object.values(ops)) {
        for (const p of op.parameters.filter((x) => x.in === 'query')) {
          if (p.required && p.schema.default !== undefined) wrong.push(`${op.operationId} ${p.name}`);
          if (p.name === 'envelope' || p.name === 'pretty') {
            flags++;
            assert.equal(p.required, false, `${op.operationId} ${p.name}`);
          }
        }
      }
    }
    assert.ok(flags > 100, `${flags} envelope/pretty parameters`);
    assert.deepEqual(wrong, []);
  });
});

describe('ids and the emulated clock', () => {
  let s: TestServer;
  before(async () => {
    s = await startTestServer();
  });
  after(async () => s.close());

  it('keeps ids unique and in creation order from now to the end of 9999, with standard ObjectIds until 2106', async () => {
    const moments = [
      null,
      '2106-02-07T06:28:14Z',
      '2106-02-07T06:28:15Z',
      '2106-02-07T06:28:16Z',
      '2106-02-08T00:00:00Z',
      '2500-01-01T00:00:00Z',
      '9999-12-31T23:59:58Z',
    ];
    const ids: string[] = [];
    for (const at of moments) {
      if (at) await setClock(s, at);
      // Several in one second: the order must hold within the second too.
      for (let i = 0; i < 3; i++) ids.push(await createProject(s));
    }
    assert.equal(new Set(ids).size, ids.length, 'unique');
    for (let i = 1; i < ids.length; i++) assert.ok(ids[i - 1]! < ids[i]!, `${ids[i - 1]} < ${ids[i]}`);
    for (const id of ids) assert.match(id, /^[0-9a-f]{24}$/);
    // Before 2106 the first four bytes are the creation second, as in any ObjectId.
    const created = Date.parse((await s.owner.get(`groups/${ids[0]}`)).json.created);
    assert.equal(parseInt(ids[0]!.slice(0, 8), 16), created / 1000);
    assert.equal(parseInt(ids[3]!.slice(0, 8), 16), Date.parse('2106-02-07T06:28:14Z') / 1000);
  });
});
