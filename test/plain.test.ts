// A plain resource declared with definePlainResource and added to the list of
// resources serves its five operations with validation, defaults, uniqueness,
// roles, events and paging, with no handler written for it, and appears in the
// served OpenAPI document.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { RESOURCES } from '../src/resources/index.js';
import { widgets } from './fixtures/widgets/index.js';
import { createProject, startTestServer, type TestServer } from './helpers.js';
import { keyWithRoles, projectEvents } from './fixtures.js';

describe('a toy plain resource added to the list', () => {
  let s: TestServer;
  let groupId: string;
  before(async () => {
    s = await startTestServer({}, { resources: [...RESOURCES, widgets] });
    groupId = await createProject(s);
  });
  after(async () => s.close());
  const base = () => `groups/${groupId}/widgets`;

  it('creates with defaults, reads, lists, updates and deletes, recording an event for each change', async () => {
    const created = await s.owner.post(base(), { name: 'w1' }, { version: '2025-01-01' });
    assert.equal(created.status, 201, created.text);
    assert.deepEqual({ ...created.json, id: undefined }, { id: undefined, groupId, name: 'w1', size: 'SMALL' });
    assert.equal((await s.owner.get(`${base()}/w1`, { version: '2025-01-01' })).json.id, created.json.id);
    await s.owner.post(base(), { name: 'w2', size: 'LARGE', color: 'black' }, { version: '2025-01-01' });
    const list = await s.owner.get(base(), { version: '2025-01-01', query: { itemsPerPage: 1, pageNum: 2 } });
    assert.equal(list.json.totalCount, 2);
    assert.deepEqual(list.json.results.map((w: { name: string }) => w.name), ['w2']);
    const upd = await s.owner.patch(`${base()}/w1`, { color: 'red' }, { version: '2025-01-01' });
    assert.equal(upd.status, 200, upd.text);
    assert.equal(upd.json.color, 'red');
    assert.equal(upd.json.size, 'SMALL');
    const del = await s.owner.delete(`${base()}/w1`, { version: '2025-01-01' });
    assert.equal(del.status, 204);
    assert.equal((await s.owner.get(`${base()}/w1`, { version: '2025-01-01' })).json.errorCode, 'WIDGET_NOT_FOUND');
    const types = (await projectEvents(s, groupId)).map((e) => e.eventTypeName).filter((t) => t.startsWith('WIDGET'));
    assert.deepEqual(types.sort(), ['WIDGET_CREATED', 'WIDGET_CREATED', 'WIDGET_DELETED', 'WIDGET_UPDATED']);
  });

  it('refuses what Atlas would: duplicates, unknown fields, its own rule, weak roles', async () => {
    await s.owner.post(base(), { name: 'dup' }, { version: '2025-01-01' });
    const dup = await s.owner.post(base(), { name: 'dup' }, { version: '2025-01-01' });
    assert.equal(dup.status, 409);
    assert.equal(dup.json.errorCode, 'DUPLICATE_WIDGET');
    const unknown = await s.owner.post(base(), { name: 'x', shape: 'round' }, { version: '2025-01-01' });
    assert.equal(unknown.status, 400);
    assert.equal(unknown.json.errorCode, 'INVALID_ATTRIBUTE');
    const rule = await s.owner.post(base(), { name: 'big', size: 'LARGE', color: 'pink' }, { version: '2025-01-01' });
    assert.equal(rule.status, 400);
    assert.equal(rule.json.errorCode, 'INVALID_ATTRIBUTE');
    assert.equal((await s.owner.get(`${base()}/big`, { version: '2025-01-01' })).status, 404, 'a refused write changes nothing');
    const { client: reader } = await keyWithRoles(s, { projectRoles: [{ groupId, roles: ['GROUP_READ_ONLY'] }] });
    assert.equal((await reader.get(base(), { version: '2025-01-01' })).status, 200);
    assert.equal((await reader.post(base(), { name: 'ro' }, { version: '2025-01-01' })).status, 401);
  });

  it('is in the served OpenAPI document and goes with its project', async () => {
    const doc = (await (await fetch(`${s.url}/__emulator/openapi.json`)).json()) as { paths: Record<string, unknown> };
    assert.ok(doc.paths['/api/atlas/v2/groups/{groupId}/widgets/{widgetName}']);
    const g = await createProject(s);
    await s.owner.post(`groups/${g}/widgets`, { name: 'gone' }, { version: '2025-01-01' });
    assert.equal((await s.owner.delete(`groups/${g}`)).status < 300, true);
    const after = await s.emulator.services.store.count('widgets', g);
    assert.equal(after, 0);
  });
});
