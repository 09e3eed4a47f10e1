import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { projectEvents, readyCluster } from './fixtures.js';
import { advance, createProject, startTestServer, type TestServer } from './helpers.js';

const V = { version: '2024-05-30' };
const OLD = { version: '2023-01-01' };
const vector = (extra: Record<string, unknown> = {}) => ({
  type: 'vector',
  path: 'plot_embedding',
  numDimensions: 1536,
  similarity: 'cosine',
  ...extra,
});

describe('Atlas Search and Vector Search indexes', () => {
  let s: TestServer;
  let g: string;
  const base = () => `groups/${g}/clusters/search0/search/indexes`;
  before(async () => {
    s = await startTestServer();
    g = await createProject(s);
    await readyCluster(s, g, 'search0');
  });
  after(async () => s.close());

  async function refused(body: unknown, errorCode: string, field?: string) {
    const r = await s.owner.post(base(), body, V);
    assert.equal(r.status, 400, r.text);
    assert.equal(r.json.errorCode, errorCode, r.text);
    if (field) assert.ok(String(r.json.parameters?.[0]).startsWith(field), r.text);
  }

  it('creates a search index PENDING, BUILDING then READY on the clock, with a status per host', async () => {
    const created = await s.owner.post(
      base(),
      { database: 'sample_mflix', collectionName: 'movies', name: 'default', type: 'search', definition: { mappings: { dynamic: true } } },
      V,
    );
    assert.equal(created.status, 201, created.text);
    assert.equal(created.json.status, 'PENDING');
    assert.equal(created.json.queryable, false);
    assert.equal(created.json.type, 'search');
    assert.match(created.json.indexID, /^[a-f0-9]{24}$/);
    assert.equal(created.json.latestDefinition.analyzer, 'lucene.standard');
    assert.equal(created.json.latestDefinitionVersion.version, 0);
    assert.equal(created.json.statusDetail.length, 3);
    for (const h of created.json.statusDetail) assert.match(h.hostname, /shard-00-0[0-2]\./);

    const one = `${base()}/${created.json.indexID}`;
    await advance(s, 'PT10S');
    assert.equal((await s.owner.get(one, V)).json.status, 'BUILDING');
    await advance(s, 'PT1M');
    const ready = await s.owner.get(one, V);
    assert.equal(ready.json.status, 'READY');
    assert.equal(ready.json.queryable, true);
    assert.ok(ready.json.statusDetail.every((h: { status: string; queryable: boolean }) => h.status === 'READY' && h.queryable));

    const byName = await s.owner.get(`${base()}/sample_mflix/movies/default`, V);
    assert.equal(byName.json.indexID, created.json.indexID);
    const types = (await projectEvents(s, g)).map((e) => e.eventTypeName);
    assert.ok(types.includes('FTS_INDEX_CREATED') && types.includes('FTS_INDEX_BUILD_COMPLETE'), types.join());
  });

  it('keeps the built definition queryable while an update builds; latestDefinition moves on', async () => {
    const created = await s.owner.post(
      base(),
      { database: 'db', collectionName: 'c', name: 'upd', definition: { mappings: { dynamic: false, fields: { title: { type: 'string' } } } } },
      V,
    );
    const one = `${base()}/${created.json.indexID}`;
    await advance(s, 'PT2M');
    const updated = await s.owner.patch(one, { definition: { mappings: { dynamic: true } } }, V);
    assert.equal(updated.status, 200, updated.text);
    assert.equal(updated.json.latestDefinitionVersion.version, 1);
    assert.equal(updated.json.latestDefinition.mappings.dynamic, true);
    assert.equal(updated.json.queryable, true);
    assert.equal(updated.json.status, 'PENDING');
    const host = updated.json.statusDetail[0];
    assert.equal(host.mainIndex.definitionVersion.version, 0);
    assert.equal(host.mainIndex.status, 'READY');
    assert.equal(host.stagedIndex.definitionVersion.version, 1);
    await advance(s, 'PT2M');
    const after = await s.owner.get(one, V);
    assert.equal(after.json.status, 'READY');
    assert.equal(after.json.statusDetail[0].mainIndex.definitionVersion.version, 1);
    assert.equal(after.json.statusDetail[0].stagedIndex, undefined);
    const byName = await s.owner.patch(`${base()}/db/c/upd`, { definition: { mappings: { dynamic: false, fields: { t: { type: 'token' } } } } }, V);
    assert.equal(byName.json.latestDefinitionVersion.version, 2);
  });

  it('validates vector search definitions as Atlas does', async () => {
    const ok = await s.owner.post(
      base(),
      {
        database: 'db',
        collectionName: 'v',
        name: 'vec',
        type: 'vectorSearch',
        definition: { fields: [vector(), { type: 'filter', path: 'genre' }] },
      },
      V,
    );
    assert.equal(ok.status, 201, ok.text);
    assert.equal(ok.json.latestDefinition.fields[0].numDimensions, 1536);
    const body = (fields: unknown[]) => ({ database: 'db', collectionName: 'v', name: 'bad', type: 'vectorSearch', definition: { fields } });
    await refused(body([vector({ numDimensions: 0 })]), 'INVALID_ATTRIBUTE', 'definition.fields[0].numDimensions');
    await refused(body([vector({ numDimensions: 8193 })]), 'INVALID_ATTRIBUTE', 'definition.fields[0].numDimensions');
    await refused(body([vector({ numDimensions: 1.5 })]), 'INVALID_ATTRIBUTE');
    await refused(body([vector({ similarity: 'manhattan' })]), 'INVALID_ATTRIBUTE', 'definition.fields[0].similarity');
    await refused(body([{ type: 'filter', path: 'genre' }]), 'INVALID_ATTRIBUTE', 'definition.fields');
    await refused(body([vector(), vector()]), 'INVALID_ATTRIBUTE', 'definition.fields[1].path');
    await refused(body([]), 'MISSING_ATTRIBUTE');
    const max = await s.owner.post(base(), { ...body([vector({ numDimensions: 8192, similarity: 'dotProduct' })]), name: 'max' }, V);
    assert.equal(max.status, 201, max.text);
  });

  it('validates search definitions: mappings, field types, analyzers', async () => {
    const body = (definition: unknown) => ({ database: 'db', collectionName: 's', name: 'bad', definition });
    await refused(body({}), 'MISSING_ATTRIBUTE', 'definition.mappings');
    await refused(body({ mappings: { dynamic: false } }), 'INVALID_ATTRIBUTE', 'definition.mappings');
    await refused(body({ mappings: { fields: { a: { type: 'text' } } } }), 'INVALID_ATTRIBUTE', 'definition.mappings.fields.a.type');
    await refused(body({ mappings: { fields: { a: { type: 'string', analyzer: 'mine' } } } }), 'INVALID_ATTRIBUTE');
    await refused(body({ mappings: { dynamic: true }, analyzers: [{ name: 'lucene.mine', tokenizer: { type: 'standard' } }] }), 'INVALID_ATTRIBUTE');
    await refused(body({ mappings: { dynamic: true }, fields: [vector()] }), 'INVALID_ATTRIBUTE', 'definition.fields');
    const custom = await s.owner.post(
      base(),
      {
        ...body({
          mappings: { fields: { title: [{ type: 'string', analyzer: 'mine' }, { type: 'autocomplete' }], meta: { type: 'document', fields: { n: { type: 'number' } } } } },
          analyzers: [{ name: 'mine', tokenizer: { type: 'standard' }, tokenFilters: [{ type: 'lowercase' }] }],
        }),
        name: 'custom',
      },
      V,
    );
    assert.equal(custom.status, 201, custom.text);
    await refused({ collectionName: 'x', name: 'n', definition: { mappings: { dynamic: true } } }, 'MISSING_ATTRIBUTE');
  });

  it('refuses a duplicate name on the same collection with 409 ATLAS_SEARCH_DUPLICATE_INDEX, allows it elsewhere', async () => {
    const body = { database: 'db', collectionName: 'dup', name: 'same', definition: { mappings: { dynamic: true } } };
    assert.equal((await s.owner.post(base(), body, V)).status, 201);
    const again = await s.owner.post(base(), body, V);
    assert.equal(again.status, 409, again.text);
    assert.equal(again.json.errorCode, 'ATLAS_SEARCH_DUPLICATE_INDEX');
    assert.equal((await s.owner.post(base(), { ...body, collectionName: 'other' }, V)).status, 201);
    const list = await s.owner.get(`${base()}/db/dup`, V);
    assert.deepEqual(list.json.map((i: { name: string }) => i.name), ['same']);
  });

  it('serves the FTS paths with the definition at the top level and their own status names', async () => {
    const fts = `groups/${g}/clusters/search0/fts/indexes`;
    const created = await s.owner.post(fts, { database: 'db', collectionName: 'fts', name: 'old', mappings: { dynamic: true } }, OLD);
    assert.equal(created.status, 200, created.text);
    assert.equal(created.json.status, 'IN_PROGRESS');
    assert.equal(created.json.mappings.dynamic, true);
    await advance(s, 'PT2M');
    const one = `${fts}/${created.json.indexID}`;
    assert.equal((await s.owner.get(one, OLD)).json.status, 'STEADY');
    const updated = await s.owner.patch(one, { database: 'db', collectionName: 'fts', name: 'old', mappings: { fields: { a: { type: 'string' } } } }, OLD);
    assert.equal(updated.status, 200, updated.text);
    assert.equal(updated.json.mappings.fields.a.type, 'string');
    assert.equal((await s.owner.get(`${fts}/db/fts`, OLD)).json.length, 1);
    // The same index through the current API.
    assert.equal((await s.owner.get(`${base()}/${created.json.indexID}`, V)).json.latestDefinitionVersion.version, 1);
    assert.equal((await s.owner.delete(one, OLD)).status, 204);
    const gone = await s.owner.get(one, OLD);
    assert.equal(gone.status, 404);
    assert.equal(gone.json.errorCode, 'ATLAS_SEARCH_INDEX_NOT_FOUND');
  });

  it('deletes by id and by name, and answers 404 for a missing cluster or index', async () => {
    const a = await s.owner.post(base(), { database: 'db', collectionName: 'del', name: 'a', definition: { mappings: { dynamic: true } } }, V);
    await s.owner.post(base(), { database: 'db', collectionName: 'del', name: 'b', definition: { mappings: { dynamic: true } } }, V);
    assert.equal((await s.owner.delete(`${base()}/${a.json.indexID}`, V)).status, 204);
    assert.equal((await s.owner.delete(`${base()}/db/del/b`, V)).status, 204);
    assert.equal((await s.owner.get(`${base()}/db/del`, V)).json.length, 0);
    assert.equal((await s.owner.delete(`${base()}/db/del/b`, V)).status, 404);
    const noCluster = await s.owner.get(`groups/${g}/clusters/nothere/search/indexes`, V);
    assert.equal(noCluster.status, 404);
    assert.equal(noCluster.json.errorCode, 'CLUSTER_NOT_FOUND');
    assert.ok((await projectEvents(s, g)).some((e) => e.eventTypeName === 'FTS_INDEX_DELETED'));
  });

  it('removes a cluster’s indexes when the cluster is deleted', async () => {
    const g2 = await createProject(s);
    await readyCluster(s, g2, 'gone');
    const path = `groups/${g2}/clusters/gone/search/indexes`;
    assert.equal((await s.owner.post(path, { database: 'd', collectionName: 'c', name: 'i', definition: { mappings: { dynamic: true } } }, V)).status, 201);
    assert.equal((await s.owner.delete(`groups/${g2}/clusters/gone`)).status, 202);
    await advance(s, 'PT1H');
    await readyCluster(s, g2, 'gone');
    const list = await s.owner.get(path, V);
    assert.equal(list.status, 200, list.text);
    assert.deepEqual(list.json, []);
  });
});
