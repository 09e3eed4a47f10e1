import assert from 'node:assert/strict';
import { gunzipSync } from 'node:zlib';
import { after, before, describe, it } from 'node:test';
import { keyWithRoles, projectEvents, readyCluster } from './fixtures.js';
import { advance, createProject, startTestServer, type TestServer } from './helpers.js';

const V = { version: '2023-02-01' };
const P = { version: '2024-05-30' };
const region = { cloudProvider: 'AWS', region: 'VIRGINIA_USA' };
const solarToCluster = (into = 'atlas') => [
  { $source: { connectionName: 'sample_stream_solar' } },
  { $match: { 'obs.watts': { $gt: 100 } } },
  { $merge: { into: { connectionName: into, db: 'solar', coll: 'readings' } } },
];

describe('Atlas Stream Processing', () => {
  let s: TestServer;
  let g: string;
  before(async () => {
    s = await startTestServer();
    g = await createProject(s);
    await readyCluster(s, g, 'sink0');
  });
  after(async () => s.close());

  it('creates, lists, gets, updates and deletes a workspace with its region and tier', async () => {
    const created = await s.owner.post(`groups/${g}/streams`, { name: 'ws1', dataProcessRegion: region, streamConfig: { tier: 'SP10' } }, V);
    assert.equal(created.status, 200, created.text);
    assert.equal(created.json.name, 'ws1');
    assert.deepEqual(created.json.dataProcessRegion, region);
    assert.equal(created.json.streamConfig.tier, 'SP10');
    assert.match(created.json.hostnames[0], /^atlas-stream-[a-f0-9]{24}-[a-z0-9]{5}\.virginia-usa\.a\.query\.mongodb\.net$/);
    const dup = await s.owner.post(`groups/${g}/streams`, { name: 'ws1', dataProcessRegion: region }, V);
    assert.equal(dup.status, 409, dup.text);
    const badTier = await s.owner.post(`groups/${g}/streams`, { name: 'ws2', dataProcessRegion: region, streamConfig: { tier: 'SP7' } }, V);
    assert.equal(badTier.status, 400, badTier.text);
    const noRegion = await s.owner.post(`groups/${g}/streams`, { name: 'ws2' }, V);
    assert.equal(noRegion.status, 400, noRegion.text);
    const list = await s.owner.get(`groups/${g}/streams`, V);
    assert.deepEqual(list.json.results.map((w: { name: string }) => w.name), ['ws1']);
    const updated = await s.owner.patch(`groups/${g}/streams/ws1`, { streamConfig: { tier: 'SP30' } }, V);
    assert.equal(updated.json.streamConfig.tier, 'SP30');
    assert.equal((await s.owner.delete(`groups/${g}/streams/ws1`, V)).status, 202);
    const gone = await s.owner.get(`groups/${g}/streams/ws1`, V);
    assert.equal(gone.status, 404);
  });

  it('keeps connections of every type, validates each, and never returns secrets', async () => {
    await s.owner.post(`groups/${g}/streams`, { name: 'conns', dataProcessRegion: region }, V);
    const base = `groups/${g}/streams/conns/connections`;
    const kafka = await s.owner.post(
      base,
      {
        name: 'kafka1',
        type: 'Kafka',
        bootstrapServers: 'broker-1:9092,broker-2:9092',
        authentication: { mechanism: 'SCRAM-256', username: 'app', password: 's3cret' },
        security: { protocol: 'SASL_SSL' },
        config: { 'auto.offset.reset': 'earliest' },
      },
      V,
    );
    assert.equal(kafka.status, 200, kafka.text);
    assert.equal(kafka.json.authentication.username, 'app');
    assert.equal(kafka.json.authentication.password, undefined);
    assert.ok(!(await s.owner.get(`${base}/kafka1`, V)).text.includes('s3cret'));
    assert.ok(!(await s.owner.get(base, V)).text.includes('s3cret'));
    const refused = async (body: unknown, status = 400) => {
      const r = await s.owner.post(base, body, V);
      assert.equal(r.status, status, r.text);
    };
    await refused({ name: 'k2', type: 'Kafka', authentication: { mechanism: 'PLAIN', username: 'a', password: 'b' } });
    await refused({ name: 'k3', type: 'Kafka', bootstrapServers: 'b:9092', authentication: { mechanism: 'PLAIN', username: 'a' } });
    await refused({ name: 'k4', type: 'Kafka', bootstrapServers: 'b:9092', security: { protocol: 'TLS9' } });
    await refused({ name: 'c1', type: 'Cluster', clusterName: 'missing' }, 404);
    await refused({ name: 'h1', type: 'Https', url: 'http://plain.example.com' });
    await refused({ name: 'l1', type: 'AWSLambda', aws: { roleArn: 'nope' } });
    await refused({ name: 'sample', type: 'Sample' });
    await refused({ name: 'kafka1', type: 'Sample' });
    await refused({ name: 'x', type: 'Carrier' });
    const cluster = await s.owner.post(base, { name: 'atlas', type: 'Cluster', clusterName: 'sink0', dbRoleToExecute: { role: 'readWriteAnyDatabase', type: 'BUILT_IN' } }, V);
    assert.equal(cluster.status, 200, cluster.text);
    assert.equal((await s.owner.post(base, { name: 'hook', type: 'Https', url: 'https://hooks.example.com/in', headers: { 'X-Token': 't' } }, V)).status, 200);
    assert.equal((await s.owner.post(base, { name: 'fn', type: 'AWSLambda', aws: { roleArn: 'arn:aws:iam::123456789012:role/streams' } }, V)).status, 200);
    assert.equal((await s.owner.post(base, { name: 'sample_stream_solar', type: 'Sample' }, V)).status, 200);
    const upd = await s.owner.patch(`${base}/kafka1`, { bootstrapServers: 'broker-3:9092' }, V);
    assert.equal(upd.json.bootstrapServers, 'broker-3:9092');
    assert.equal(upd.json.authentication.username, 'app');
    const ws = await s.owner.get(`groups/${g}/streams/conns?includeConnections=true`, V);
    assert.equal(ws.json.connections.length, 5);
    assert.ok(!ws.text.includes('s3cret'));
    assert.equal((await s.owner.delete(`${base}/hook`, V)).status, 202);
    assert.equal((await s.owner.get(`${base}/hook`, V)).status, 404);
  });

  it('creates a workspace with the sample connection', async () => {
    const r = await s.owner.post(`groups/${g}/streams:withSampleConnections`, { name: 'sampled', dataProcessRegion: region }, { version: '2024-08-05' });
    assert.equal(r.status, 200, r.text);
    const conns = await s.owner.get(`groups/${g}/streams/sampled/connections`, V);
    assert.deepEqual(conns.json.results.map((c: { name: string; type: string }) => [c.name, c.type]), [['sample_stream_solar', 'Sample']]);
  });

  it('validates pipelines: $source first, a sink last, connections that exist', async () => {
    await s.owner.post(`groups/${g}/streams:withSampleConnections`, { name: 'pipes', dataProcessRegion: region }, { version: '2024-08-05' });
    await s.owner.post(`groups/${g}/streams/pipes/connections`, { name: 'atlas', type: 'Cluster', clusterName: 'sink0' }, V);
    const path = `groups/${g}/streams/pipes/processor`;
    const refused = async (pipeline: unknown) => {
      const r = await s.owner.post(path, { name: 'bad', pipeline }, P);
      assert.equal(r.status, 400, r.text);
      return r.json;
    };
    assert.equal((await refused([{ $match: {} }, { $merge: { into: { connectionName: 'atlas', db: 'd', coll: 'c' } } }])).errorCode, 'STREAM_PROCESSOR_INVALID_PIPELINE');
    await refused([{ $source: { connectionName: 'sample_stream_solar' } }, { $match: {} }]);
    await refused([{ $source: { connectionName: 'sample_stream_solar' } }]);
    await refused([{ $source: { connectionName: 'nowhere' } }, { $emit: { connectionName: 'atlas' } }]);
    await refused([{ $source: { connectionName: 'sample_stream_solar' } }, { $merge: { into: { connectionName: 'atlas', db: 'd', coll: 'c' } } }, { $match: {} }]);
    await refused([{ $source: {}, $match: {} }, { $emit: { connectionName: 'atlas' } }]);
    await refused([]);
    const ok = await s.owner.post(path, { name: 'good', pipeline: solarToCluster() }, P);
    assert.equal(ok.status, 200, ok.text);
    const dup = await s.owner.post(path, { name: 'good', pipeline: solarToCluster() }, P);
    assert.equal(dup.status, 409, dup.text);
    const inUse = await s.owner.delete(`groups/${g}/streams/pipes/connections/atlas`, V);
    assert.equal(inUse.status, 409, inUse.text);
  });

  it('starts and stops processors; stats move with the clock while started only', async () => {
    await s.owner.post(`groups/${g}/streams:withSampleConnections`, { name: 'run', dataProcessRegion: region }, { version: '2024-08-05' });
    await s.owner.post(`groups/${g}/streams/run/connections`, { name: 'atlas', type: 'Cluster', clusterName: 'sink0' }, V);
    await s.owner.post(`groups/${g}/streams/run/processor`, { name: 'p1', pipeline: solarToCluster() }, P);
    const one = `groups/${g}/streams/run/processor/p1`;
    const created = await s.owner.get(one, P);
    assert.equal(created.json.state, 'CREATED');
    assert.equal(created.json.stats.inputMessageCount, 0);
    assert.equal((await s.owner.post(`${one}:start`, undefined, P)).status, 200);
    assert.equal((await s.owner.post(`${one}:start`, undefined, P)).status, 400);
    await advance(s, 'PT1M');
    const running = await s.owner.get(one, P);
    assert.equal(running.json.state, 'STARTED');
    assert.equal(running.json.stats.inputMessageCount, 600);
    assert.equal(running.json.stats.outputMessageCount, 600);
    const modify = await s.owner.patch(one, { pipeline: solarToCluster() }, P);
    assert.equal(modify.status, 400, modify.text);
    assert.equal((await s.owner.post(`${one}:stop`, undefined, P)).status, 200);
    await advance(s, 'PT1M');
    const stopped = await s.owner.get(one, P);
    assert.equal(stopped.json.state, 'STOPPED');
    assert.equal(stopped.json.stats.inputMessageCount, 600);
    const started = await s.owner.post(`${one}:startWith`, { tier: 'SP10' }, { version: '2025-03-12' });
    assert.equal(started.status, 200, started.text);
    await advance(s, 'PT30S');
    const again = await s.owner.get(one, P);
    assert.equal(again.json.stats.inputMessageCount, 900);
    assert.equal(again.json.tier, 'SP10');
    const list = await s.owner.get(`groups/${g}/streams/run/processors`, P);
    assert.equal(list.json.results[0].state, 'STARTED');
    await s.owner.post(`${one}:stop`, undefined, P);
    const renamed = await s.owner.patch(one, { name: 'p2' }, P);
    assert.equal(renamed.json.name, 'p2');
    assert.equal((await s.owner.delete(`groups/${g}/streams/run/processor/p2`, P)).status, 204);
    const types = (await projectEvents(s, g)).map((e) => e.eventTypeName);
    for (const t of ['STREAM_PROCESSOR_CREATED', 'STREAM_PROCESSOR_STARTED', 'STREAM_PROCESSOR_STOPPED', 'STREAM_PROCESSOR_DROPPED']) assert.ok(types.includes(t), t);
  });

  it('answers the audit log as a gzip file of what was done in the workspace', async () => {
    await s.owner.post(`groups/${g}/streams:withSampleConnections`, { name: 'audited', dataProcessRegion: region }, { version: '2024-08-05' });
    const r = await s.owner.request('GET', `groups/${g}/streams/audited/auditLogs`, { headers: { Accept: 'application/vnd.atlas.2023-02-01+gzip' } });
    assert.equal(r.status, 200, r.text);
    assert.match(r.headers.get('content-type') ?? '', /application\/vnd\.atlas\.2023-02-01\+gzip/);
    const lines = gunzipSync(r.bytes).toString('utf8').trim().split('\n').map((l) => JSON.parse(l));
    assert.deepEqual(lines.map((l) => l.action), ['STREAM_TENANT_CREATED', 'STREAM_TENANT_CONNECTION_CREATED']);
    const later = await s.owner.request('GET', `groups/${g}/streams/audited/auditLogs?startDate=4102444800`, { headers: { Accept: 'application/vnd.atlas.2023-02-01+gzip' } });
    assert.equal(gunzipSync(later.bytes).length, 0);
  });

  it('answers the account stream processing runs from, stable per project, provider and region', async () => {
    const q = (p: string) => `groups/${g}/streams/accountDetails?cloudProvider=${p}&regionName=US_EAST_1`;
    const A = { version: '2024-11-13' };
    const aws = await s.owner.get(q('AWS'), A);
    assert.equal(aws.status, 200, aws.text);
    assert.match(aws.json.awsAccountId, /^\d{12}$/);
    assert.match(aws.json.vpcId, /^vpc-[0-9a-f]{17}$/);
    assert.equal(aws.json.cloudProvider, 'aws');
    assert.deepEqual((await s.owner.get(q('aws'), A)).json, aws.json);
    assert.match((await s.owner.get(q('AZURE'), A)).json.azureSubscriptionId, /^[0-9a-f]{8}-/);
    assert.match((await s.owner.get(q('GCP'), A)).json.gcpProjectId, /^p-/);
    assert.equal((await s.owner.get(q('IBM'), A)).status, 400);
    assert.equal((await s.owner.get(`groups/${g}/streams/accountDetails?cloudProvider=AWS`, A)).status, 400);
  });

  it('sets up PrivateLink connections on the clock: PENDING, DONE, and DELETING until gone', async () => {
    const base = `groups/${g}/streams/privateLinkConnections`;
    const created = await s.owner.post(base, { provider: 'AZURE', vendor: 'EVENTHUB', region: 'eastus2', serviceEndpointId: '/subscriptions/x/resourceGroups/y/providers/Microsoft.EventHub/namespaces/z', dnsDomain: 'z.servicebus.windows.net' }, V);
    assert.equal(created.status, 200, created.text);
    assert.equal(created.json.state, 'PENDING');
    const one = `${base}/${created.json._id}`;
    await advance(s, 'PT2M');
    assert.equal((await s.owner.get(one, V)).json.state, 'DONE');
    assert.equal((await s.owner.post(base, { provider: 'AWS', vendor: 'MSK' }, V)).status, 400);
    assert.equal((await s.owner.post(base, { vendor: 'CONFLUENT' }, V)).status, 400);
    const upd = await s.owner.patch(one, { dnsDomain: 'y.servicebus.windows.net' }, { version: '2025-03-12' });
    assert.equal(upd.status, 200, upd.text);
    assert.equal(upd.json.dnsDomain, 'y.servicebus.windows.net');
    assert.equal(upd.json.region, 'eastus2');
    assert.equal((await s.owner.get(base, V)).json.results.length, 1);
    assert.equal((await s.owner.delete(one, V)).status, 202);
    assert.equal((await s.owner.get(one, V)).json.state, 'DELETING');
    await advance(s, 'PT1M');
    assert.equal((await s.owner.get(one, V)).status, 404);
  });

  it('answers operational logs as a gzip file of the processors\u2019 changes', async () => {
    await s.owner.post(`groups/${g}/streams:withSampleConnections`, { name: 'oplogs', dataProcessRegion: region }, { version: '2024-08-05' });
    await s.owner.post(`groups/${g}/streams/oplogs/processor`, { name: 'p', pipeline: [{ $source: { connectionName: 'sample_stream_solar' } }, { $emit: { connectionName: 'sample_stream_solar' } }] }, P);
    const r = await s.owner.request('GET', `groups/${g}/streams/oplogs:downloadOperationalLogs`, { headers: { Accept: 'application/vnd.atlas.2025-03-12+gzip' } });
    assert.equal(r.status, 200, r.text);
    const lines = gunzipSync(r.bytes).toString('utf8').trim().split('\n').map((l) => JSON.parse(l));
    assert.deepEqual(lines.map((l) => l.action), ['STREAM_PROCESSOR_CREATED']);
  });

  it('needs the stream processing owner role to change, data access read only to read', async () => {
    const reader = (await keyWithRoles(s, { orgRoles: ['ORG_MEMBER'], projectRoles: [{ groupId: g, roles: ['GROUP_DATA_ACCESS_READ_ONLY'] }] })).client;
    const owner = (await keyWithRoles(s, { orgRoles: ['ORG_MEMBER'], projectRoles: [{ groupId: g, roles: ['GROUP_STREAM_PROCESSING_OWNER'] }] })).client;
    assert.equal((await reader.post(`groups/${g}/streams`, { name: 'r1', dataProcessRegion: region }, V)).status, 401);
    assert.equal((await owner.post(`groups/${g}/streams`, { name: 'r1', dataProcessRegion: region }, V)).status, 200);
    assert.equal((await reader.get(`groups/${g}/streams/r1`, V)).status, 200);
  });
});
