import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { keyWithRoles, readyCluster } from './fixtures.js';
import { advance, Client, control, createProject, fetchToken, STORAGE, startTestServer, type TestServer } from './helpers.js';

// GET/PUT /__emulator/state: the whole state as one document, moved between servers.

const CLUSTER = {
  clusterType: 'REPLICASET',
  replicationSpecs: [
    { regionConfigs: [{ providerName: 'AWS', regionName: 'US_EAST_1', priority: 7, electableSpecs: { instanceSize: 'M10', nodeCount: 3 } }] },
  ],
};

describe('state export and import', () => {
  let a: TestServer;
  let b: TestServer;
  let groupId: string;
  let doc: any; // eslint-disable-line @typescript-eslint/no-explicit-any
  let key: { publicKey: string; privateKey: string };
  let sa: { clientId: string; secret: string };
  before(async () => {
    a = await startTestServer();
    // The importing server keeps its state on the other backend: a document moves between them.
    b = await startTestServer({ storage: STORAGE === 'sqlite' ? 'memory' : 'sqlite' });
    groupId = await createProject(a, 'exported');
    await readyCluster(a, groupId, 'steady');
    // Lifecycles in flight at export: a cluster still creating, a private endpoint service initiating.
    assert.equal((await a.owner.post(`groups/${groupId}/clusters`, { name: 'creating', ...CLUSTER })).status, 201);
    await advance(a, 'PT1M');
    assert.equal((await a.owner.post(`groups/${groupId}/privateEndpoint/endpointService`, { providerName: 'AWS', region: 'us-east-1' })).status, 201);
    assert.equal((await a.owner.delete(`groups/${groupId}/clusters/steady`)).status, 202);
    const k = await keyWithRoles(a, { orgRoles: ['ORG_OWNER'] });
    key = { publicKey: k.publicKey, privateKey: k.privateKey };
    const created = await a.owner.post(`orgs/${a.orgId}/serviceAccounts`, { name: 'moved', description: 'moved', roles: ['ORG_OWNER'], secretExpiresAfterHours: 24 });
    assert.equal(created.status, 201, created.text);
    sa = { clientId: created.json.clientId, secret: created.json.secrets[0].secret };
    const r = await control(a, 'GET', 'state');
    assert.equal(r.status, 200);
    assert.match(r.headers.get('content-type')!, /^application\/json/);
    doc = r.json;
  });
  after(async () => {
    await a.close();
    await b.close();
  });

  /**
   * The answers a client sees, with the server's own address taken out. Ids made
   * after the export (events of lifecycle steps run later) are made by each server
   * on its own, so they are compared as "new".
   */
  async function answers(s: TestServer): Promise<string[]> {
    const known = new Set(JSON.stringify(doc).match(/[a-f0-9]{24}/g));
    const paths = [
      'groups',
      `groups/${groupId}`,
      `groups/${groupId}/clusters`,
      `groups/${groupId}/clusters/creating`,
      `groups/${groupId}/clusters/steady`,
      `groups/${groupId}/events?itemsPerPage=500`,
      `groups/${groupId}/privateEndpoint/AWS/endpointService`,
      `groups/${groupId}/alertConfigs`,
      `orgs/${a.orgId}/apiKeys`,
      `orgs/${a.orgId}/serviceAccounts`,
      `orgs/${a.orgId}/events?itemsPerPage=500`,
    ];
    const out: string[] = [];
    for (const p of paths) {
      const r = await s.owner.get(p);
      const text = r.text.replaceAll(s.url, 'URL').replace(/[a-f0-9]{24}/g, (id) => (known.has(id) ? id : 'NEW-ID'));
      out.push(`${p} ${r.status} ${text}`);
    }
    out.push(JSON.stringify((await control(s, 'GET', 'clock')).json));
    return out;
  }

  it('is one versioned document with the clock, timers in flight, events, and credentials only as hashes', () => {
    assert.equal(doc.format, 'atlas-emulator-state');
    assert.equal(doc.version, 1);
    assert.equal(doc.clock.frozen, true);
    assert.ok(doc.timers.length >= 2, 'lifecycle steps still to come are in the document');
    assert.ok(doc.events.length > 5);
    const text = JSON.stringify(doc);
    for (const secret of [key.privateKey, sa.secret, a.emulator.credentials.privateKey, a.emulator.credentials.clientSecret]) {
      assert.ok(!text.includes(secret), 'no secret in clear');
    }
    assert.ok(!('secrets' in doc.meta), "each server's signing keys stay with it");
  });

  it('gives identical answers on another server (another backend), before and after the lifecycles run', async () => {
    const put = await control(b, 'PUT', 'state', doc);
    assert.equal(put.status, 200, put.text);
    assert.equal(put.json.loaded.timers, doc.timers.length);
    assert.deepEqual(await answers(b), await answers(a));
    await advance(a, 'PT30M');
    await advance(b, 'PT30M');
    const after = await answers(b);
    assert.deepEqual(after, await answers(a));
    assert.match(after.find((x) => x.startsWith(`groups/${groupId}/clusters/creating `))!, /"stateName":"IDLE"/);
    assert.match(after.find((x) => x.startsWith(`groups/${groupId}/clusters/steady `))!, / 404 /);
  });

  it('keeps the credentials created through the API working, and the configured ones', async () => {
    assert.equal((await new Client(b.url, { kind: 'digest', ...key }).get('groups')).status, 200);
    assert.ok(await fetchToken(b.url, sa.clientId, sa.secret));
    assert.equal((await b.owner.get(`groups/${groupId}`)).status, 200);
    assert.equal((await b.sa.get(`groups/${groupId}`)).status, 200);
  });

  for (const [what, mutate, detail] of [
    ['not a state document', () => ({ hello: 'world' }), /Not a state document/],
    ['another version', (d: any) => ({ ...d, version: 2 }), /version 1, not 2/], // eslint-disable-line @typescript-eslint/no-explicit-any
    ['an unknown collection', (d: any) => ({ ...d, collections: { ...d.collections, widgets: [] } }), /Unknown collection "widgets"/], // eslint-disable-line @typescript-eslint/no-explicit-any
    ['an unknown timer kind', (d: any) => ({ ...d, timers: [...d.timers, { ...d.timers[0], id: 'x', kind: 'nothing.happens' }] }), /unknown kind "nothing.happens"/], // eslint-disable-line @typescript-eslint/no-explicit-any
    ['an unknown event type', (d: any) => ({ ...d, events: [...d.events, { ...d.events[0], id: 'y', eventTypeName: 'MADE_UP' }] }), /unknown type "MADE_UP"/], // eslint-disable-line @typescript-eslint/no-explicit-any
    [
      'a duplicate project name',
      (d: any) => ({ ...d, collections: { ...d.collections, projects: [...d.collections.projects, { ...d.collections.projects[0], id: 'aaaaaaaaaaaaaaaaaaaaaaaa' }] } }), // eslint-disable-line @typescript-eslint/no-explicit-any
      /name .* twice/,
    ],
    ['an event with a string date', (d: any) => ({ ...d, events: [{ ...d.events[0], created: 'yesterday' }] }), /events\/0\/created/], // eslint-disable-line @typescript-eslint/no-explicit-any
  ] as [string, (d: unknown) => unknown, RegExp][]) {
    it(`refuses ${what}, says why, and changes nothing`, async () => {
      const before = await answers(b);
      const r = await control(b, 'PUT', 'state', mutate(structuredClone(doc)));
      assert.equal(r.status, 400, r.text);
      assert.equal(r.json.errorCode, 'INVALID_STATE_DOCUMENT');
      assert.match(r.json.detail, detail);
      assert.deepEqual(await answers(b), before);
    });
  }

  it('refuses a body that is not JSON', async () => {
    const r = await control(b, 'PUT', 'state', '{"format":');
    assert.equal(r.status, 400);
    assert.equal(r.json.errorCode, 'MALFORMED_JSON');
  });
});
