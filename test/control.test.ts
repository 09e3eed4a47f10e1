import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, describe, it } from 'node:test';
import { OPERATIONS } from '../src/resources/index.js';
import { API_KEYS, SERVICE_ACCOUNTS } from '../src/platform/credentials.js';
import { fullQuerySchema } from '../src/platform/http/validation.js';
import { eventCount, projectEvents } from './state.js';
import { advance, Client, createProject, startTestServer, type TestServer } from './helpers.js';

// The emulator's own endpoints under /__emulator/: health, clock, reset, OpenAPI.

async function control(s: TestServer, method: string, path: string, body?: unknown, raw?: string) {
  const r = await fetch(`${s.url}/__emulator/${path}`, {
    method,
    headers: body !== undefined || raw !== undefined ? { 'Content-Type': 'application/json' } : {},
    body: raw ?? (body === undefined ? undefined : JSON.stringify(body)),
  });
  const text = await r.text();
  return { status: r.status, headers: r.headers, text, json: text ? JSON.parse(text) : undefined };
}

const HOUR = 3_600_000;

describe('control endpoints', () => {
  let s: TestServer;
  before(async () => {
    s = await startTestServer();
  });
  after(async () => s.close());

  it('answers health without credentials, outside /api/atlas/', async () => {
    const r = await control(s, 'GET', 'health');
    assert.equal(r.status, 200);
    assert.match(r.headers.get('content-type')!, /^application\/json/);
    assert.deepEqual(r.json, { status: 'OK', storage: s.config.storage });
  });

  it('shows the clock, frozen in tests, and advances it by ISO 8601 durations', async () => {
    const start = await control(s, 'GET', 'clock');
    assert.equal(start.status, 200);
    assert.equal(start.json.frozen, true);
    assert.equal(start.json.now, new Date(Math.floor(start.json.epochMillis / 1000) * 1000).toISOString().replace('.000Z', 'Z'));
    await sleep(30);
    assert.equal((await control(s, 'GET', 'clock')).json.epochMillis, start.json.epochMillis, 'a frozen clock does not move');

    const r = await control(s, 'POST', 'clock', { advance: 'PT6H' });
    assert.equal(r.status, 200);
    assert.equal(r.json.epochMillis, start.json.epochMillis + 6 * HOUR);
    await advance(s, 'P1DT30M');
    const later = (await control(s, 'GET', 'clock')).json;
    assert.equal(later.epochMillis, start.json.epochMillis + 6 * HOUR + 24 * HOUR + HOUR / 2);
    const w = await control(s, 'POST', 'clock', { advance: 'P1W' });
    assert.equal(w.json.epochMillis, later.epochMillis + 7 * 24 * HOUR);
  });

  it('stamps resources and events with the emulated time', async () => {
    await advance(s, 'P30D');
    const now = (await control(s, 'GET', 'clock')).json.now as string;
    const id = await createProject(s);
    const project = await s.owner.get(`groups/${id}`);
    assert.equal(project.json.created, now);
    // The id's timestamp is the emulated creation time too.
    assert.equal(parseInt(id.slice(0, 8), 16) * 1000, Date.parse(now));
    const [created] = await projectEvents(s.emulator.services.store, id);
    assert.equal(created!.data.created, now);
  });

  it('unfreezes and freezes the clock', async () => {
    const frozen = await control(s, 'GET', 'clock');
    const running = await control(s, 'POST', 'clock', { frozen: false });
    assert.equal(running.json.frozen, false);
    // Unfreezing keeps the emulated time where it was and lets it run from there.
    assert.ok(running.json.epochMillis >= frozen.json.epochMillis);
    assert.ok(running.json.epochMillis < frozen.json.epochMillis + 5000);
    await sleep(60);
    const moved = await control(s, 'GET', 'clock');
    assert.ok(moved.json.epochMillis >= running.json.epochMillis + 50, 'a running clock moves');
    const both = await control(s, 'POST', 'clock', { frozen: true, advance: 'PT1H' });
    assert.equal(both.json.frozen, true);
    assert.ok(both.json.epochMillis >= moved.json.epochMillis + HOUR);
    await sleep(30);
    assert.equal((await control(s, 'GET', 'clock')).json.epochMillis, both.json.epochMillis);
  });

  for (const [what, body, raw] of [
    ['a body that is not JSON', undefined, '{"advance":'],
    ['an array body', undefined, '["PT1H"]'],
    ['an unknown field', { rewind: 'PT1H' }, undefined],
    ['frozen that is not a boolean', { frozen: 'yes' }, undefined],
    ['advance that is not a duration', { advance: '6 hours' }, undefined],
    ['advance as a number', { advance: 3600 }, undefined],
    ['a negative duration', { advance: '-PT1H' }, undefined],
    ['an empty duration', { advance: 'PT' }, undefined],
    ['a valid field beside a bad one', { frozen: false, advance: 'soon' }, undefined],
    ['an advance past the year 9999', { advance: 'P999999999Y' }, undefined],
    ['a now past the year 9999', { now: '9999-12-31T23:59:59-01:00' }, undefined],
  ] as [string, unknown, string | undefined][]) {
    it(`refuses ${what} with 400 and leaves the clock alone`, async () => {
      const before = (await control(s, 'GET', 'clock')).json;
      const r = await control(s, 'POST', 'clock', body, raw);
      assert.equal(r.status, 400);
      assert.match(r.headers.get('content-type')!, /^application\/json/);
      assert.equal(r.json.error, 400);
      assert.equal(typeof r.json.detail, 'string');
      assert.deepEqual((await control(s, 'GET', 'clock')).json, before);
    });
  }

  it('answers HEAD on a GET with the headers and no body', async () => {
    const get = await s.sa.get('groups');
    const head = await s.sa.request('HEAD', 'groups');
    assert.equal(head.status, 200);
    assert.equal(head.text, '');
    assert.equal(head.headers.get('content-type'), get.headers.get('content-type'));
    assert.equal(head.headers.get('content-length'), String(Buffer.byteLength(get.text)));
    const digest = await s.owner.request('HEAD', 'alertConfigs/matchers/fieldNames');
    assert.equal(digest.status, 200);
    assert.equal(digest.text, '');
    const missing = await s.sa.request('HEAD', 'groups/aaaaaaaaaaaaaaaaaaaaaaaa');
    assert.equal(missing.status, 404);
    assert.equal(missing.headers.get('x-error-code'), 'GROUP_NOT_FOUND');
    assert.equal(missing.text, '');
    const health = await fetch(`${s.url}/__emulator/health`, { method: 'HEAD' });
    assert.equal(health.status, 200);
    assert.equal(await health.text(), '');
  });
});

describe('control: reset', () => {
  let s: TestServer;
  before(async () => {
    s = await startTestServer();
  });
  after(async () => s.close());

  it('empties all state but keeps the bootstrap organization and credentials, with the same ids', async () => {
    const orgsBefore = await s.owner.get('orgs');
    const tokenClient = s.sa;
    await createProject(s, 'kept-nowhere');
    await advance(s, 'P2D');
    assert.ok((await eventCount(s.emulator.services.store)) > 0);

    const r = await fetch(`${s.url}/__emulator/reset`, { method: 'POST' });
    assert.equal(r.status, 204);

    const list = await s.owner.get('groups');
    assert.equal(list.status, 200, 'the Digest key still works');
    assert.deepEqual(list.json.results, []);
    assert.equal(list.json.totalCount, 0);
    assert.equal((await s.owner.get('groups/byName/kept-nowhere')).status, 404);
    assert.equal(await eventCount(s.emulator.services.store), 0);
    assert.deepEqual((await s.owner.get('orgs')).json.results, orgsBefore.json.results);
    const { apiKeyId, clientId } = s.emulator.credentials;
    assert.equal((await s.emulator.services.store.get<{ id: string }>(API_KEYS, apiKeyId))?.id, apiKeyId, 'the key keeps its id');
    assert.ok(await s.emulator.services.store.get(SERVICE_ACCOUNTS, clientId));
    assert.equal((await tokenClient.get('orgs')).status, 200, 'a token issued before the reset still works');
    const fresh = new Client(s.url, {
      kind: 'serviceAccount',
      clientId: s.emulator.credentials.clientId,
      secret: s.emulator.credentials.clientSecret,
    });
    assert.equal((await fresh.get(`orgs/${s.orgId}`)).status, 200, 'the service account still gets tokens');
    // Back to real time.
    const clock = await control(s, 'GET', 'clock');
    assert.equal(clock.json.frozen, false);
    assert.ok(Math.abs(clock.json.epochMillis - Date.now()) < 5000);
    // And the name is free again.
    assert.equal((await s.owner.post('groups', { name: 'kept-nowhere', orgId: s.orgId })).status, 201);
  });
});

describe('control: OpenAPI document', () => {
  let s: TestServer;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  let doc: any;
  before(async () => {
    s = await startTestServer();
    const r = await control(s, 'GET', 'openapi.json');
    assert.equal(r.status, 200);
    assert.match(r.headers.get('content-type')!, /^application\/json/);
    doc = r.json;
  });
  after(async () => s.close());

  it('has the shape of an OpenAPI 3 document', () => {
    assert.match(doc.openapi, /^3\.\d+\.\d+$/);
    assert.equal(typeof doc.info.title, 'string');
    assert.equal(typeof doc.info.version, 'string');
    assert.equal(doc.servers[0].url, s.url);
    assert.equal(typeof doc.paths, 'object');
    for (const [path, item] of Object.entries<Record<string, Record<string, unknown>>>(doc.paths)) {
      assert.match(path, /^\/(api\/atlas\/v2|__emulator)\//);
      for (const [method, op] of Object.entries<Record<string, unknown>>(item)) {
        assert.ok(['get', 'post', 'put', 'patch', 'delete'].includes(method), `${path} ${method}`);
        assert.ok(op.responses && Object.keys(op.responses as object).length > 0);
        for (const [status, res] of Object.entries<{ description?: string }>(op.responses as Record<string, { description?: string }>)) {
          assert.match(status, /^[1-5]\d\d$/);
          assert.equal(typeof res.description, 'string');
        }
        // Every {param} in the template is declared as a required path parameter.
        const declared = (op.parameters as { name: string; in: string; required: boolean }[]).filter((p) => p.in === 'path');
        const inTemplate = [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
        assert.deepEqual(declared.map((p) => p.name).sort(), inTemplate.sort(), `${method} ${path}`);
        assert.ok(declared.every((p) => p.required));
      }
    }
    const ids = Object.values<Record<string, { operationId: string }>>(doc.paths).flatMap((i) => Object.values(i).map((o) => o.operationId));
    assert.equal(new Set(ids).size, ids.length, 'operationIds are unique');
  });

  it('describes the control endpoints under their own tag, health open and the rest behind the control token', () => {
    assert.ok(doc.tags.some((t: { name: string }) => t.name === 'Emulator Control'));
    const control = Object.entries<Record<string, { tags: string[]; security: unknown[] }>>(doc.paths).filter(([p]) => p.startsWith('/__emulator/'));
    for (const path of ['/__emulator/clock', '/__emulator/state', '/__emulator/faults', '/__emulator/faults/{id}', '/__emulator/reset', '/__emulator/databases']) {
      assert.ok(control.some(([p]) => p === path), path);
    }
    for (const [path, item] of control) {
      for (const op of Object.values(item)) {
        assert.deepEqual(op.tags, ['Emulator Control'], path);
        const open = ['/__emulator/health', '/__emulator/flexBackups/{file}'].includes(path);
        assert.deepEqual(op.security, open ? [] : [{ ControlToken: [] }], path);
      }
    }
    assert.ok(doc.paths['/__emulator/faults'].post.requestBody.content['application/json'].schema.properties.operationId);
  });

  it('lists every registered operation under its path and method, with its versions and parameters', () => {
    for (const op of OPERATIONS) {
      const entry = doc.paths[op.path]?.[op.method.toLowerCase()];
      assert.ok(entry, `${op.operationId}: ${op.method} ${op.path} missing`);
      assert.equal(entry.operationId, op.operationId);
      assert.deepEqual(entry.tags, [op.tag]);
      for (const [version, spec] of Object.entries(op.versions)) {
        const type = `application/vnd.atlas.${version}+json`;
        const status = String(spec.status ?? 200);
        assert.ok(entry.responses[status], `${op.operationId} ${version}: no ${status} response`);
        if (status !== '204') assert.ok(entry.responses[status].content[type], `${op.operationId}: no ${type} response`);
        if (spec.body) assert.ok(entry.requestBody.content[type], `${op.operationId}: no ${type} request body`);
      }
      const query = entry.parameters.filter((p: { in: string }) => p.in === 'query').map((p: { name: string }) => p.name);
      assert.deepEqual(query.sort(), Object.keys(fullQuerySchema(op).properties).sort(), op.operationId);
      if (op.paginated) for (const q of ['pageNum', 'itemsPerPage', 'includeCount']) assert.ok(query.includes(q));
      assert.equal(entry.responses['400'].content['application/json'].schema.$ref, '#/components/schemas/ApiError');
    }
    assert.ok(doc.components.schemas.ApiError.properties.errorCode);
  });
});
