import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { RequestRecord } from '../src/platform/http/requestLog.js';
import { advance, createProject, startTestServer, type TestServer } from './helpers.js';
import { keyWithRoles, readyCluster } from './fixtures.js';
import { startMcp } from './mcp.js';

async function loadedCluster(s: TestServer, groupId: string, name: string): Promise<void> {
  await readyCluster(s, groupId, name);
  const load = await s.owner.post(`groups/${groupId}/sampleDatasetLoad/${name}`);
  assert.equal(load.status, 201, load.text);
  await advance(s, 'PT1M');
}

describe('performance advisor', () => {
  let s: TestServer;
  let groupId: string;
  let primary: string;
  let secondary: string;
  before(async () => {
    s = await startTestServer();
    groupId = await createProject(s);
    await loadedCluster(s, groupId, 'pa');
    await advance(s, 'PT6H');
    const processes = (await s.owner.get(`groups/${groupId}/processes`)).json.results;
    primary = processes.find((p: { typeName: string }) => p.typeName === 'REPLICA_PRIMARY').id;
    secondary = processes.find((p: { typeName: string }) => p.typeName === 'REPLICA_SECONDARY').id;
  });
  after(() => s.close());

  const proc = (id: string, what: string) => `groups/${groupId}/processes/${id}/performanceAdvisor/${what}`;
  const cluster = (what: string) => `groups/${groupId}/clusters/pa/performanceAdvisor/${what}`;

  it('logs one slow query per collection per hour on the primary, from the loaded databases', async () => {
    const r = await s.owner.get(proc(primary, 'slowQueryLogs'), { query: { since: Date.now() - 1, includeMetrics: true, includeOpType: true } });
    assert.equal(r.status, 200, r.text);
    const logs = await s.owner.get(proc(primary, 'slowQueryLogs'), { query: { includeMetrics: true, includeOpType: true, includeReplicaState: true } });
    assert.equal(logs.status, 200, logs.text);
    assert.ok(logs.json.slowQueries.length > 20);
    const first = logs.json.slowQueries[0];
    const line = JSON.parse(first.line);
    assert.equal(line.msg, 'Slow query');
    assert.equal(line.attr.ns, first.namespace);
    assert.equal(first.opType, 'query');
    assert.equal(first.replicaState, 'PRIMARY');
    assert.equal(first.metrics.docsExamined, line.attr.docsExamined);
    assert.ok(logs.json.slowQueries.every((q: { namespace: string }) => /^sample_/.test(q.namespace)));
    const ns = await s.owner.get(proc(primary, 'namespaces'));
    assert.ok(ns.json.namespaces.some((n: { namespace: string }) => n.namespace === 'sample_mflix.movies'));
    const one = await s.owner.get(proc(primary, 'slowQueryLogs'), { query: { namespaces: 'sample_mflix.movies', nLogs: 3 } });
    assert.equal(one.json.slowQueries.length, 3);
    assert.ok(one.json.slowQueries.every((q: { namespace: string; metrics?: unknown }) => q.namespace === 'sample_mflix.movies' && q.metrics === undefined));
    assert.deepEqual((await s.owner.get(proc(secondary, 'slowQueryLogs'))).json.slowQueries, [], 'secondaries serve no queries');
  });

  it('answers the same advice for the same state and clock, and follows the clock', async () => {
    const a = await s.owner.get(cluster('suggestedIndexes'), { version: '2024-08-05' });
    const b = await s.owner.get(cluster('suggestedIndexes'), { version: '2024-08-05' });
    assert.equal(a.status, 200, a.text);
    assert.deepEqual(a.json, b.json);
    const suggested = a.json.content.suggestedIndexes;
    assert.ok(suggested.length > 0);
    assert.ok(suggested.every((i: { impact: string[] }) => i.impact.every((id) => a.json.content.shapes.some((sh: { id: string }) => sh.id === id))));
    const movies = suggested.find((i: { namespace: string }) => i.namespace === 'sample_mflix.movies');
    assert.deepEqual(movies.index, [{ year: 1 }, { title: -1 }]);
    const viaProcess = await s.owner.get(proc(primary, 'suggestedIndexes'));
    assert.deepEqual(viaProcess.json.suggestedIndexes.map((i: { id: string }) => i.id).sort(), suggested.map((i: { id: string }) => i.id).sort());
    const logsBefore = (await s.owner.get(proc(primary, 'slowQueryLogs'))).json.slowQueries;
    await advance(s, 'PT2H');
    const logsAfter = (await s.owner.get(proc(primary, 'slowQueryLogs'))).json.slowQueries;
    assert.notDeepEqual(logsAfter[0], logsBefore[0], 'newer slow queries appear as the clock moves');
  });

  it('suggests indexes to drop and schema changes from the databases', async () => {
    const drop = await s.owner.get(cluster('dropIndexSuggestions'), { version: '2024-08-05' });
    assert.equal(drop.status, 200, drop.text);
    const { hiddenIndexes, redundantIndexes, unusedIndexes } = drop.json.content;
    assert.deepEqual(hiddenIndexes, []);
    assert.ok(redundantIndexes.length + unusedIndexes.length > 0);
    const schema = await s.owner.get(cluster('schemaAdvice'), { version: '2024-08-05' });
    assert.equal(schema.status, 200, schema.text);
    const docSize = schema.json.content.recommendations.find((r: { recommendation: string }) => r.recommendation === 'REDUCE_DOCUMENT_SIZE');
    assert.deepEqual(docSize.affectedNamespaces.map((n: { namespace: string }) => n.namespace), ['sample_airbnb.listingsAndReviews']);
  });

  it('has no advice for a cluster without user data, and 404s for unknown ones', async () => {
    await readyCluster(s, groupId, 'empty');
    const r = await s.owner.get(`groups/${groupId}/clusters/empty/performanceAdvisor/suggestedIndexes`, { version: '2024-08-05' });
    assert.deepEqual(r.json.content, { shapes: [], suggestedIndexes: [] });
    assert.equal((await s.owner.get(`groups/${groupId}/clusters/nope/performanceAdvisor/schemaAdvice`, { version: '2024-08-05' })).status, 404);
    assert.equal((await s.owner.get(proc('nohost.mongodb.net:27017', 'namespaces'))).status, 404);
  });

  it('keeps slow query logs from Project Read Only', async () => {
    const key = await keyWithRoles(s, { projectRoles: [{ groupId, roles: ['GROUP_READ_ONLY'] }] });
    assert.equal((await key.client.get(proc(primary, 'slowQueryLogs'))).status, 401);
    assert.equal((await key.client.get(proc(primary, 'namespaces'))).status, 200);
  });
});

describe('the MCP server performance advisor tool', () => {
  it('gets recommendations with every request behind it answered 2xx', async () => {
    const s = await startTestServer({ tls: true }, { frozen: false });
    const mcp = await startMcp(s);
    try {
      const groupId = await createProject(s);
      await loadedCluster(s, groupId, 'advised');
      await advance(s, 'PT3H');
      const seen: RequestRecord[] = [];
      s.emulator.services.requests.on((r) => seen.push(r));
      const res = await mcp.call('atlas-get-performance-advisor', { projectId: groupId, clusterName: 'advised' });
      assert.equal(res.isError, false, res.text);
      assert.doesNotMatch(res.text, /No performance advisor recommendations found/);
      const structured = res.structured as { suggestedIndexes: unknown[]; slowQueryLogs: unknown[]; schemaSuggestions: unknown[] };
      assert.ok(structured.suggestedIndexes.length > 0);
      assert.ok(structured.slowQueryLogs.length > 0);
      assert.ok(structured.schemaSuggestions.length > 0);
      const failed = seen.filter((r) => r.status >= 400).map((r) => `${r.method} ${r.path} ${r.status}`);
      assert.deepEqual(failed, []);
      assert.ok(seen.some((r) => r.operationId === 'listGroupProcessPerformanceAdvisorSlowQueryLogs'));
    } finally {
      await mcp.close();
      await s.close();
    }
  });
});

describe('rolling index builds', () => {
  let s: TestServer;
  let groupId: string;
  before(async () => {
    s = await startTestServer();
    groupId = await createProject(s);
    await loadedCluster(s, groupId, 'ri');
    await advance(s, 'PT2H');
  });
  after(() => s.close());

  it('builds as a cluster change, after which the advisor no longer suggests that index', async () => {
    const path = `groups/${groupId}/clusters/ri/index`;
    const suggested = async () =>
      (await s.owner.get(`groups/${groupId}/clusters/ri/performanceAdvisor/suggestedIndexes`, { version: '2024-08-05' })).json.content.suggestedIndexes.map(
        (i: { namespace: string }) => i.namespace,
      );
    assert.ok((await suggested()).includes('sample_mflix.movies'));
    const r = await s.owner.post(path, { db: 'sample_mflix', collection: 'movies', keys: [{ year: '1' }, { title: '-1' }], options: { name: 'year_title' } });
    assert.equal(r.status, 202, r.text);
    assert.equal((await s.owner.get(`groups/${groupId}/clusters/ri`)).json.stateName, 'UPDATING');
    await advance(s, 'PT5M');
    assert.equal((await s.owner.get(`groups/${groupId}/clusters/ri`)).json.stateName, 'IDLE');
    assert.ok(!(await suggested()).includes('sample_mflix.movies'));
    await advance(s, 'PT2H');
    const processes = (await s.owner.get(`groups/${groupId}/processes`)).json.results;
    const primary = processes.find((p: { typeName: string }) => p.typeName === 'REPLICA_PRIMARY').id;
    const logs = await s.owner.get(`groups/${groupId}/processes/${primary}/performanceAdvisor/slowQueryLogs`, { query: { duration: 3_600_000 } });
    assert.equal(logs.status, 200, logs.text);
    const namespaces = logs.json.slowQueries.map((q: { namespace: string }) => q.namespace);
    assert.ok(namespaces.includes('sample_mflix.comments'));
    assert.ok(!namespaces.includes('sample_mflix.movies'), 'the built index serves the movies query');
  });

  it('refuses what it cannot build', async () => {
    const path = `groups/${groupId}/clusters/ri/index`;
    for (const body of [
      { db: 'sample_mflix', collection: 'movies', keys: [{ year: 'sideways' }] },
      { db: 'sample_mflix', collection: 'movies', keys: [] },
      { db: 'local', collection: 'oplog.rs', keys: [{ ts: '1' }] },
      { db: 'sample_mflix', keys: [{ year: '1' }] },
    ]) {
      const r = await s.owner.post(path, body);
      assert.equal(r.status, 400, `${JSON.stringify(body)}: ${r.text}`);
    }
    assert.equal((await s.owner.post(`groups/${groupId}/clusters/nope/index`, { db: 'a', collection: 'b', keys: [{ x: '1' }] })).status, 404);
  });
});
