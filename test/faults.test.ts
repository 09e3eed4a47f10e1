import assert from 'node:assert/strict';
import { after, afterEach, before, describe, it } from 'node:test';
import { keyWithRoles } from './fixtures.js';
import { advance, Client, control, createProject, startTestServer, type TestServer } from './helpers.js';

// Fault rules through /__emulator/faults: which calls, what answer, how often.

/** Everything stored but the clock-free parts that differ between two reads. */
async function state(s: TestServer) {
  const doc = (await control(s, 'GET', 'state')).json;
  delete doc.exportedAt;
  return doc;
}

describe('fault rules', () => {
  let s: TestServer;
  let groupId: string;
  before(async () => {
    s = await startTestServer();
    groupId = await createProject(s);
  });
  after(async () => s.close());
  afterEach(async () => {
    assert.equal((await control(s, 'DELETE', 'faults')).status, 204);
  });

  const addRule = async (rule: object) => {
    const r = await control(s, 'POST', 'faults', rule);
    assert.equal(r.status, 201, r.text);
    return r.json as { id: string };
  };

  it('answers the next call of an operation with an Atlas error, changes nothing, then lets calls through', async () => {
    const rule = await addRule({ operationId: 'createGroup', error: { status: 503, errorCode: 'SERVICE_UNAVAILABLE', detail: 'Try later.' }, times: 1 });
    const before = await state(s);
    const r = await s.owner.post('groups', { name: 'faulted', orgId: s.orgId });
    assert.equal(r.status, 503);
    assert.equal(r.headers.get('x-error-code'), 'SERVICE_UNAVAILABLE');
    assert.deepEqual(r.json, { detail: 'Try later.', error: 503, errorCode: 'SERVICE_UNAVAILABLE', parameters: [], reason: 'Service Unavailable' });
    assert.deepEqual(await state(s), before, 'a faulted write changes nothing, events included');
    assert.equal((await s.owner.post('groups', { name: 'faulted', orgId: s.orgId })).status, 201);
    const listed = (await control(s, 'GET', `faults/${rule.id}`)).json;
    assert.equal(listed.matched, 2);
    assert.equal(listed.applied, 1);
    assert.equal(listed.remaining, 0);
    assert.equal(listed.active, false);
  });

  it('matches the classic operation name too', async () => {
    await addRule({ operationId: 'getProject', error: { status: 500, errorCode: 'UNEXPECTED_ERROR' } });
    const r = await s.owner.get(`groups/${groupId}`);
    assert.equal(r.status, 500);
    assert.equal(r.json.errorCode, 'UNEXPECTED_ERROR');
    assert.equal(r.json.detail, 'Injected fault: UNEXPECTED_ERROR.');
  });

  it('lets M calls through, faults the next N, then none; every call until removed without times', async () => {
    await addRule({ operationId: 'getGroup', after: 2, times: 2, error: { status: 429, errorCode: 'RATE_LIMITED' } });
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push((await s.sa.get(`groups/${groupId}`)).status);
    assert.deepEqual(statuses, [200, 200, 429, 429, 200, 200]);

    const every = await addRule({ operationId: 'listGroups', error: { status: 502, errorCode: 'BAD_GATEWAY' } });
    for (let i = 0; i < 3; i++) assert.equal((await s.sa.get('groups')).status, 502);
    assert.equal((await control(s, 'DELETE', `faults/${every.id}`)).status, 204);
    assert.equal((await s.sa.get('groups')).status, 200);
    assert.equal((await control(s, 'GET', `faults/${every.id}`)).status, 404);
  });

  it('gives the same answers on every run of the same calls (deterministic)', async () => {
    const runOnce = async () => {
      await control(s, 'DELETE', 'faults');
      await addRule({ operationId: 'getGroup', after: 1, times: 1, error: { status: 503, errorCode: 'A' } });
      await addRule({ operationId: 'getGroup', after: 3, error: { status: 500, errorCode: 'B' } });
      const out: string[] = [];
      for (let i = 0; i < 6; i++) {
        const r = await s.sa.get(`groups/${groupId}`);
        out.push(r.status === 200 ? 'ok' : r.json.errorCode);
      }
      return out;
    };
    const first = await runOnce();
    assert.deepEqual(first, ['ok', 'A', 'ok', 'B', 'B', 'B']);
    assert.deepEqual(await runOnce(), first);
  });

  it('matches by path template and method, by project and by caller', async () => {
    const other = await createProject(s);
    await addRule({ path: '/api/atlas/v2/groups/{groupId}', method: 'GET', groupId: other, error: { status: 404, errorCode: 'GROUP_NOT_FOUND' } });
    assert.equal((await s.owner.get(`groups/${other}`)).status, 404);
    assert.equal((await s.owner.get(`groups/${groupId}`)).status, 200, 'another project is not matched');
    assert.equal((await s.owner.patch(`groups/${other}`, { name: 'renamed-other' })).status, 200, 'another method is not matched');
    await control(s, 'DELETE', 'faults');

    await addRule({ path: '/groups/*', caller: s.emulator.credentials.clientId, error: { status: 403, errorCode: 'FORBIDDEN' } });
    assert.equal((await s.sa.get(`groups/${groupId}`)).status, 403);
    assert.equal((await s.owner.get(`groups/${groupId}`)).status, 200, 'the API key is another caller');
    const key = await keyWithRoles(s, { orgRoles: ['ORG_OWNER'] });
    await addRule({ operationId: 'listGroups', caller: key.publicKey, error: { status: 503, errorCode: 'SERVICE_UNAVAILABLE' } });
    assert.equal((await key.client.get('groups')).status, 503);
    assert.equal((await s.owner.get('groups')).status, 200);
  });

  it('delays an answer by wall-clock time, then answers for real', async () => {
    await addRule({ operationId: 'getGroup', delay: 'PT0.4S', times: 1 });
    const t = Date.now();
    const r = await s.sa.get(`groups/${groupId}`);
    assert.equal(r.status, 200);
    assert.ok(Date.now() - t >= 380, `took ${Date.now() - t} ms`);
    const t2 = Date.now();
    await s.sa.get(`groups/${groupId}`);
    assert.ok(Date.now() - t2 < 380);
  });

  it('delays and then answers an error when both are given', async () => {
    await addRule({ operationId: 'getGroup', delay: 'PT0.2S', error: { status: 504, errorCode: 'GATEWAY_TIMEOUT' }, times: 1 });
    const t = Date.now();
    assert.equal((await s.sa.get(`groups/${groupId}`)).status, 504);
    assert.ok(Date.now() - t >= 180);
  });

  it('drops the connection without an answer, and the write does not happen', async () => {
    await addRule({ operationId: 'createGroup', drop: true, times: 1 });
    const before = await state(s);
    await assert.rejects(s.owner.post('groups', { name: 'dropped', orgId: s.orgId }));
    assert.deepEqual(await state(s), before);
    assert.equal((await s.owner.get('groups/byName/dropped')).status, 404);
  });

  it('makes a provisioning fail through a rule, by either operation name', async () => {
    await addRule({ operationId: 'createPrivateEndpointService', failProvisioning: { errorMessage: 'No capacity' }, times: 1 });
    const created = await s.owner.post(`groups/${groupId}/privateEndpoint/endpointService`, { providerName: 'AWS', region: 'us-east-1' });
    assert.equal(created.status, 201);
    const ok = await s.owner.post(`groups/${groupId}/privateEndpoint/endpointService`, { providerName: 'AWS', region: 'us-west-2' });
    await advance(s, 'PT5S');
    const failed = (await s.owner.get(`groups/${groupId}/privateEndpoint/AWS/endpointService/${created.json.id}`)).json;
    assert.equal(failed.status, 'FAILED');
    assert.equal(failed.errorMessage, 'No capacity');
    assert.equal((await s.owner.get(`groups/${groupId}/privateEndpoint/AWS/endpointService/${ok.json.id}`)).json.status, 'AVAILABLE');
  });

  it('lists the switch of the private endpoint resource as a rule', async () => {
    await control(s, 'POST', 'faults/privateEndpoint', { errorMessage: 'Denied' });
    const rules = (await control(s, 'GET', 'faults')).json.results;
    assert.equal(rules.length, 1);
    assert.equal(rules[0].operationId, 'createGroupPrivateEndpointEndpointServiceEndpoint');
    assert.deepEqual(rules[0].failProvisioning, { errorMessage: 'Denied' });
    assert.equal(rules[0].times, 1);
  });

  for (const [what, body] of [
    ['no answer', { operationId: 'getGroup' }],
    ['an unknown operation', { operationId: 'getNothing', error: { status: 500, errorCode: 'X' } }],
    ['two answers', { operationId: 'getGroup', drop: true, error: { status: 500, errorCode: 'X' } }],
    ['a success status', { operationId: 'getGroup', error: { status: 200, errorCode: 'OK' } }],
    ['a lowercase error code', { operationId: 'getGroup', error: { status: 500, errorCode: 'oops' } }],
    ['a provisioning failure where nothing provisions', { operationId: 'getGroup', failProvisioning: {} }],
    ['a delay that is not a duration', { operationId: 'getGroup', delay: '2s' }],
    ['a delay over ten minutes', { operationId: 'getGroup', delay: 'PT11M' }],
    ['a method without a path', { operationId: 'getGroup', method: 'GET', drop: true }],
    ['an unknown field', { operationId: 'getGroup', drop: true, probability: 0.5 }],
    ['zero times', { operationId: 'getGroup', drop: true, times: 0 }],
    ['a relative path', { path: 'groups', drop: true }],
  ] as [string, object][]) {
    it(`refuses a rule with ${what} (Atlas's error body) and adds nothing`, async () => {
      const r = await control(s, 'POST', 'faults', body);
      assert.equal(r.status, 400, r.text);
      assert.equal(r.json.error, 400);
      assert.equal(typeof r.json.errorCode, 'string');
      assert.equal(typeof r.json.detail, 'string');
      assert.deepEqual((await control(s, 'GET', 'faults')).json.results, []);
    });
  }

  it('forgets every rule on reset', async () => {
    await addRule({ operationId: 'getGroup', drop: true });
    assert.equal((await control(s, 'POST', 'reset')).status, 204);
    assert.deepEqual((await control(s, 'GET', 'faults')).json.results, []);
    groupId = await createProject(s);
  });
});

describe('fault rules never answer the anonymous or the unauthorized first', () => {
  let s: TestServer;
  before(async () => {
    s = await startTestServer();
  });
  after(async () => s.close());

  it('still answers 401 without credentials, and does not count that call', async () => {
    const r = await control(s, 'POST', 'faults', { operationId: 'listGroups', error: { status: 503, errorCode: 'SERVICE_UNAVAILABLE' }, times: 1 });
    assert.equal((await new Client(s.url, { kind: 'none' }).get('groups')).status, 401);
    assert.equal((await control(s, 'GET', `faults/${r.json.id}`)).json.matched, 0);
    assert.equal((await s.owner.get('groups')).status, 503);
  });
});
