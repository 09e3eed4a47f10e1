import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { after, before, describe, it } from 'node:test';
import { PRIVATE_ENDPOINTS, PRIVATE_ENDPOINT_SERVICES } from '../src/resources/privateEndpoints/collections.js';
import fs from 'node:fs';
import { startEmulator } from '../src/app.js';
import { defaultConfig } from '../src/config.js';
import { keyWithRoles, projectEvents } from './fixtures.js';
import { advance, Client, createProject, fetchToken, startTestServer, tempDir, type TestServer } from './helpers.js';

const run = promisify(execFile);

const VPCE_A = 'vpce-0123456789abcdef0';
const VPCE_B = 'vpce-0fedcba9876543210';
const AZURE_PE =
  '/subscriptions/19265c27-b60e-4c3b-9426-ae3f507300b5/resourceGroups/app-rg/providers/Microsoft.Network/privateEndpoints/app-pe';

async function control(s: TestServer, method: string, path: string, body?: unknown) {
  const r = await fetch(`${s.url}/__emulator/${path}`, {
    method,
    headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await r.text();
  return { status: r.status, json: text ? JSON.parse(text) : undefined };
}

const servicePath = (groupId: string, provider: string, id?: string) =>
  `groups/${groupId}/privateEndpoint/${provider}/endpointService${id ? `/${id}` : ''}`;

describe('private endpoint services', () => {
  let s: TestServer;
  before(async () => {
    s = await startTestServer();
  });
  after(async () => s.close());

  async function createService(groupId: string, providerName: string, region: string, extra: object = {}) {
    const r = await s.owner.post(`groups/${groupId}/privateEndpoint/endpointService`, { providerName, region, ...extra });
    assert.equal(r.status, 201, r.text);
    return r.json;
  }

  async function availableService(groupId: string, providerName: string, region: string) {
    const created = await createService(groupId, providerName, region);
    await advance(s, 'PT5S');
    return created.id as string;
  }

  it('creates an AWS service INITIATING, which becomes AVAILABLE with a stable endpoint service name', async () => {
    const groupId = await createProject(s);
    const created = await s.owner.post(`groups/${groupId}/privateEndpoint/endpointService`, {
      providerName: 'AWS',
      region: 'us-east-1',
    });
    assert.equal(created.status, 201);
    assert.equal(created.headers.get('content-type'), 'application/vnd.atlas.2023-01-01+json;charset=utf-8');
    assert.equal(
      created.text,
      JSON.stringify({
        cloudProvider: 'AWS',
        endpointServiceName: null,
        errorMessage: null,
        id: created.json.id,
        interfaceEndpoints: [],
        regionName: 'US_EAST_1',
        status: 'INITIATING',
      }),
    );
    const id = created.json.id;
    assert.equal((await s.owner.get(servicePath(groupId, 'AWS', id))).json.status, 'INITIATING');

    await advance(s, 'PT2S');
    assert.equal((await s.owner.get(servicePath(groupId, 'AWS', id))).json.status, 'INITIATING', 'not before 3s');
    await advance(s, 'PT1S');
    const ready = await s.owner.get(servicePath(groupId, 'AWS', id));
    assert.equal(ready.json.status, 'AVAILABLE');
    assert.deepEqual(ready.json.interfaceEndpoints, []);
    assert.equal(ready.json.errorMessage, null);
    assert.match(ready.json.endpointServiceName, /^com\.amazonaws\.vpce\.us-east-1\.vpce-svc-[0-9a-f]{17}$/);
    await advance(s, 'PT1H');
    assert.equal((await s.owner.get(servicePath(groupId, 'AWS', id))).json.endpointServiceName, ready.json.endpointServiceName);

    const list = await s.owner.get(servicePath(groupId, 'AWS'));
    assert.equal(list.status, 200);
    assert.deepEqual(list.json, [ready.json]);
    assert.deepEqual((await s.owner.get(servicePath(groupId, 'AZURE'))).json, []);

    const types = (await projectEvents(s, groupId)).map((e) => e.eventTypeName);
    assert.ok(types.includes('PRIVATE_ENDPOINT_SERVICE_CREATED'));
    assert.ok(types.includes('PRIVATE_ENDPOINT_SERVICE_READY'));
  });

  it("stamps the readiness event with the lifecycle step's due time, even after a long clock jump", async () => {
    const groupId = await createProject(s);
    const createdAt = s.emulator.services.clock.now();
    await createService(groupId, 'AWS', 'EU_WEST_1');
    await advance(s, 'P1D');
    const ready = (await projectEvents(s, groupId)).find((e) => e.eventTypeName === 'PRIVATE_ENDPOINT_SERVICE_READY')!;
    assert.equal(Date.parse(ready.created), Math.floor((createdAt + 3000) / 1000) * 1000);
    const created = (await projectEvents(s, groupId)).find((e) => e.eventTypeName === 'PRIVATE_ENDPOINT_SERVICE_CREATED')!;
    assert.equal(created.publicKey, s.emulator.credentials.publicKey);
    assert.equal(ready.publicKey, undefined, 'a lifecycle step is the system, not the caller');
  });

  it("accepts the provider's region names and Atlas's, and answers in Atlas's", async () => {
    const cases: [string, string, string][] = [
      ['AWS', 'US_EAST_2', 'US_EAST_2'],
      ['AWS', 'ap-southeast-2', 'AP_SOUTHEAST_2'],
      ['AZURE', 'eastus2', 'US_EAST_2'],
      ['AZURE', 'EUROPE_WEST', 'EUROPE_WEST'],
      ['AZURE', 'WestEurope', 'EUROPE_WEST'],
      ['GCP', 'us-central1', 'CENTRAL_US'],
      ['GCP', 'WESTERN_EUROPE', 'WESTERN_EUROPE'],
    ];
    for (const [provider, region, atlas] of cases) {
      const body = await createService(await createProject(s), provider, region);
      assert.equal(body.regionName, atlas, `${provider} ${region}`);
      assert.equal(body.cloudProvider, provider);
    }
  });

  it('rejects unknown regions and regions of another provider with 400', async () => {
    const groupId = await createProject(s);
    for (const [providerName, region] of [
      ['AWS', 'mars-north-1'],
      ['AWS', 'eastus2'],
      ['AZURE', 'us-east-1'],
      ['GCP', 'US_EAST_1'],
      ['GCP', 'GLOBAL'],
    ]) {
      const r = await s.owner.post(`groups/${groupId}/privateEndpoint/endpointService`, { providerName, region });
      assert.equal(r.status, 400, `${providerName} ${region}`);
      assert.equal(r.json.errorCode, 'INVALID_ATTRIBUTE');
      assert.deepEqual(r.json.parameters, ['region']);
    }
    assert.deepEqual((await s.owner.get(servicePath(groupId, 'AWS'))).json, [], 'nothing was created');
  });

  it('validates the create body like Atlas', async () => {
    const groupId = await createProject(s);
    const url = `groups/${groupId}/privateEndpoint/endpointService`;
    const missing = await s.owner.post(url, { providerName: 'AWS' });
    assert.equal(missing.status, 400);
    assert.equal(missing.json.errorCode, 'MISSING_ATTRIBUTE');
    const badProvider = await s.owner.post(url, { providerName: 'ORACLE', region: 'us-east-1' });
    assert.equal(badProvider.json.errorCode, 'INVALID_ENUM_VALUE');
    const unknown = await s.owner.post(url, { providerName: 'AWS', region: 'us-east-1', vpcId: 'x' });
    assert.equal(unknown.json.errorCode, 'INVALID_ATTRIBUTE');
    const portMapped = await s.owner.post(url, { providerName: 'AWS', region: 'us-east-1', portMappingEnabled: true });
    assert.equal(portMapped.status, 400);
    assert.deepEqual(portMapped.json.parameters, ['portMappingEnabled']);
    const empty = await s.owner.post(url, undefined);
    assert.equal(empty.status, 400);
    assert.deepEqual((await s.owner.get(servicePath(groupId, 'AWS'))).json, []);
  });

  it('allows one service per provider and region (409 PRIVATE_ENDPOINT_SERVICE_ALREADY_EXISTS_FOR_REGION)', async () => {
    const groupId = await createProject(s);
    await createService(groupId, 'AWS', 'us-east-1');
    const dup = await s.owner.post(`groups/${groupId}/privateEndpoint/endpointService`, {
      providerName: 'AWS',
      region: 'US_EAST_1',
    });
    assert.equal(dup.status, 409);
    assert.equal(dup.json.errorCode, 'PRIVATE_ENDPOINT_SERVICE_ALREADY_EXISTS_FOR_REGION');
    assert.equal(dup.json.detail, 'A private endpoint service already exists for AWS region US_EAST_1.');
    assert.equal(dup.headers.get('x-error-code'), 'PRIVATE_ENDPOINT_SERVICE_ALREADY_EXISTS_FOR_REGION');
    // Same Atlas name, other provider; same region, other project.
    await createService(groupId, 'AZURE', 'US_EAST');
    await createService(groupId, 'GCP', 'us-east4');
    await createService(await createProject(s), 'AWS', 'us-east-1');
    assert.equal((await s.owner.get(servicePath(groupId, 'AWS'))).json.length, 1);
  });

  it('checks the path: cloudProvider must be AWS, AZURE or GCP (400) and match the service (404)', async () => {
    const groupId = await createProject(s);
    const { id } = await createService(groupId, 'AWS', 'us-west-2');
    for (const provider of ['aws', 'ORACLE']) {
      const r = await s.owner.get(servicePath(groupId, provider, id));
      assert.equal(r.status, 400, provider);
      assert.equal(r.json.errorCode, 'INVALID_PATH_PARAMETER');
      assert.equal((await s.owner.get(servicePath(groupId, provider))).status, 400);
    }
    for (const provider of ['AZURE', 'GCP']) {
      const r = await s.owner.get(servicePath(groupId, provider, id));
      assert.equal(r.status, 404);
      assert.equal(r.json.errorCode, 'PRIVATE_ENDPOINT_SERVICE_NOT_FOUND');
      assert.equal((await s.owner.delete(servicePath(groupId, provider, id))).status, 404);
    }
    assert.equal((await s.owner.get(servicePath(groupId, 'AWS', 'aaaaaaaaaaaaaaaaaaaaaaaa'))).status, 404);
    assert.equal((await s.owner.get(servicePath(groupId, 'AWS', 'nope'))).json.errorCode, 'INVALID_PATH_PARAMETER');
    const otherProject = await createProject(s);
    assert.equal((await s.owner.get(servicePath(otherProject, 'AWS', id))).status, 404);
    assert.equal((await s.owner.get(servicePath('aaaaaaaaaaaaaaaaaaaaaaaa', 'AWS', id))).json.errorCode, 'GROUP_NOT_FOUND');
  });

  it('gives Azure services their Private Link names once ready', async () => {
    const groupId = await createProject(s);
    const created = await createService(groupId, 'AZURE', 'eastus2');
    assert.equal(
      JSON.stringify(created),
      JSON.stringify({
        cloudProvider: 'AZURE',
        errorMessage: null,
        id: created.id,
        privateEndpoints: [],
        privateLinkServiceName: null,
        privateLinkServiceResourceId: null,
        regionName: 'US_EAST_2',
        status: 'INITIATING',
      }),
    );
    await advance(s, 'PT3S');
    const ready = (await s.owner.get(servicePath(groupId, 'AZURE', created.id))).json;
    assert.equal(ready.status, 'AVAILABLE');
    assert.equal(ready.privateLinkServiceName, `pls_${created.id}`);
    assert.match(
      ready.privateLinkServiceResourceId,
      new RegExp(
        `^/subscriptions/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/resourceGroups/rg_${created.id}_[a-z0-9]{8}/providers/Microsoft\\.Network/privateLinkServices/pls_${created.id}$`,
      ),
    );
    assert.deepEqual(ready.privateEndpoints, []);
    const again = (await s.owner.get(servicePath(groupId, 'AZURE', created.id))).json;
    assert.equal(again.privateLinkServiceResourceId, ready.privateLinkServiceResourceId);
  });

  it('gives GCP services six service attachments once ready (one when port-mapped)', async () => {
    const groupId = await createProject(s);
    const created = await createService(groupId, 'GCP', 'us-east4');
    assert.deepEqual(Object.keys(created), [
      'cloudProvider',
      'endpointGroupNames',
      'errorMessage',
      'id',
      'regionName',
      'serviceAttachmentNames',
      'status',
    ]);
    assert.equal(created.regionName, 'US_EAST_4');
    assert.deepEqual(created.serviceAttachmentNames, []);
    const mapped = await createService(groupId, 'GCP', 'europe-west1', { portMappingEnabled: true });
    await advance(s, 'PT3S');
    const ready = (await s.owner.get(servicePath(groupId, 'GCP', created.id))).json;
    assert.equal(ready.status, 'AVAILABLE');
    assert.deepEqual(ready.endpointGroupNames, []);
    assert.equal(ready.serviceAttachmentNames.length, 6);
    const project = /^projects\/(p-[a-z0-9]{20})\//.exec(ready.serviceAttachmentNames[0])![1];
    ready.serviceAttachmentNames.forEach((name: string, i: number) =>
      assert.equal(name, `projects/${project}/regions/us-east4/serviceAttachments/sa-us-east4-${groupId}-${i}`),
    );
    const portMapped = (await s.owner.get(servicePath(groupId, 'GCP', mapped.id))).json;
    assert.equal(portMapped.regionName, 'WESTERN_EUROPE');
    assert.equal(portMapped.serviceAttachmentNames.length, 1);
    assert.match(portMapped.serviceAttachmentNames[0], /\/regions\/europe-west1\/serviceAttachments\/sa-europe-west1-/);
  });

  it('deletes a service: 204, DELETING, then gone', async () => {
    const groupId = await createProject(s);
    const id = await availableService(groupId, 'AWS', 'us-east-1');
    const del = await s.owner.delete(servicePath(groupId, 'AWS', id));
    assert.equal(del.status, 204);
    assert.equal(del.text, '');
    const deleting = (await s.owner.get(servicePath(groupId, 'AWS', id))).json;
    assert.equal(deleting.status, 'DELETING');
    assert.match(deleting.endpointServiceName, /^com\.amazonaws\.vpce\./);
    assert.equal((await s.owner.delete(servicePath(groupId, 'AWS', id))).status, 204, 'deleting again is harmless');
    await advance(s, 'PT2S');
    const gone = await s.owner.get(servicePath(groupId, 'AWS', id));
    assert.equal(gone.status, 404);
    assert.equal(gone.json.errorCode, 'PRIVATE_ENDPOINT_SERVICE_NOT_FOUND');
    assert.deepEqual((await s.owner.get(servicePath(groupId, 'AWS'))).json, []);
    const deleted = (await projectEvents(s, groupId)).filter((e) => e.eventTypeName === 'PRIVATE_ENDPOINT_SERVICE_DELETED');
    assert.equal(deleted.length, 1);
    // The region is free again.
    await createService(groupId, 'AWS', 'us-east-1');
  });

  it('deletes a service that is still initiating, which then never becomes available', async () => {
    const groupId = await createProject(s);
    const { id } = await createService(groupId, 'GCP', 'us-central1');
    assert.equal((await s.owner.delete(servicePath(groupId, 'GCP', id))).status, 204);
    await advance(s, 'PT1S');
    assert.equal((await s.owner.get(servicePath(groupId, 'GCP', id))).json.status, 'DELETING');
    await advance(s, 'PT5S');
    assert.equal((await s.owner.get(servicePath(groupId, 'GCP', id))).status, 404);
    const types = (await projectEvents(s, groupId)).map((e) => e.eventTypeName);
    assert.ok(!types.includes('PRIVATE_ENDPOINT_SERVICE_READY'));
  });

  it('fails the next provisioning when the control endpoint says so, once', async () => {
    const groupId = await createProject(s);
    assert.deepEqual((await control(s, 'GET', 'faults/privateEndpointService')).json, { armed: false });
    const armed = await control(s, 'POST', 'faults/privateEndpointService', { errorMessage: 'Quota exceeded in region' });
    assert.equal(armed.status, 200);
    assert.deepEqual(armed.json, { armed: true, errorMessage: 'Quota exceeded in region' });
    const failing = await createService(groupId, 'AWS', 'us-east-1');
    assert.equal(failing.status, 'INITIATING');
    const fine = await createService(groupId, 'AWS', 'us-east-2');
    await advance(s, 'PT3S');
    const failed = (await s.owner.get(servicePath(groupId, 'AWS', failing.id))).json;
    assert.equal(failed.status, 'FAILED');
    assert.equal(failed.errorMessage, 'Quota exceeded in region');
    assert.equal(failed.endpointServiceName, null);
    const ok = (await s.owner.get(servicePath(groupId, 'AWS', fine.id))).json;
    assert.equal(ok.status, 'AVAILABLE');
    assert.equal(ok.errorMessage, null);
    const failedEvent = (await projectEvents(s, groupId)).find((e) => e.eventTypeName === 'PRIVATE_ENDPOINT_SERVICE_FAILED');
    assert.ok(failedEvent);
    assert.deepEqual((await control(s, 'GET', 'faults/privateEndpointService')).json, { armed: false });

    // Without a message, the error names the service; a failed service can be deleted.
    await control(s, 'POST', 'faults/privateEndpointService');
    const azure = await createService(groupId, 'AZURE', 'uksouth');
    await advance(s, 'PT3S');
    const azureFailed = (await s.owner.get(servicePath(groupId, 'AZURE', azure.id))).json;
    assert.equal(azureFailed.status, 'FAILED');
    assert.equal(azureFailed.errorMessage, 'Failed to provision the AZURE private endpoint service in UK_SOUTH.');
    assert.equal(azureFailed.privateLinkServiceName, null);
    assert.equal((await s.owner.delete(servicePath(groupId, 'AZURE', azure.id))).status, 204);

    assert.equal((await control(s, 'POST', 'faults/privateEndpointService', { message: 'x' })).status, 400);
    assert.equal((await control(s, 'POST', 'faults/privateEndpointService', '[1]')).status, 400);
    assert.equal((await control(s, 'POST', 'faults/privateEndpointService', { errorMessage: 3 })).status, 400);
    await control(s, 'POST', 'faults/privateEndpointService', { errorMessage: 'armed' });
    assert.equal((await control(s, 'DELETE', 'faults/privateEndpointService')).status, 204);
    assert.deepEqual((await control(s, 'GET', 'faults/privateEndpointService')).json, { armed: false });
  });

  it("answers the seed's curl examples verbatim (real curl, Digest and Bearer), apart from the host", async () => {
    const groupId = await createProject(s);
    const id = await availableService(groupId, 'AWS', 'us-east-1');
    // The reference page's commands, with the host replaced and the path placeholders filled in.
    const url = `${s.url}/api/atlas/v2/groups/{groupId}/privateEndpoint/{cloudProvider}/endpointService/{endpointServiceId}?pretty=true`
      .replace('{groupId}', groupId)
      .replace('{cloudProvider}', 'AWS')
      .replace('{endpointServiceId}', id);
    const digest = `curl --user "\${PUBLIC_KEY}:\${PRIVATE_KEY}" \\
  --digest \\
  --header "Accept: application/vnd.atlas.2025-03-12+json" \\
  -X GET "${url}"`;
    const bearer = `curl --header "Authorization: Bearer \${ACCESS_TOKEN}" \\
  --header "Accept: application/vnd.atlas.2025-03-12+json" \\
  -X GET "${url}"`;
    const { publicKey, privateKey, clientId, clientSecret } = s.emulator.credentials;
    const env = {
      ...process.env,
      PUBLIC_KEY: publicKey,
      PRIVATE_KEY: privateKey,
      ACCESS_TOKEN: await fetchToken(s.url, clientId, clientSecret),
    };
    for (const script of [digest, bearer]) {
      const { stdout } = await run('bash', ['-c', script], { encoding: 'utf8', env });
      assert.match(stdout, /^\{\n {2}"cloudProvider": "AWS",\n/, script);
      const body = JSON.parse(stdout);
      assert.equal(body.id, id);
      assert.equal(body.status, 'AVAILABLE');
      assert.equal(body.regionName, 'US_EAST_1');
    }
  });

  it('enforces roles: read-only may read, only the project owner may change', async () => {
    const groupId = await createProject(s);
    const id = await availableService(groupId, 'AWS', 'us-east-1');
    const reader = (await keyWithRoles(s, { projectRoles: [{ groupId, roles: ['GROUP_READ_ONLY'] }] })).client;
    assert.equal((await reader.get(servicePath(groupId, 'AWS', id))).status, 200);
    assert.equal((await reader.get(servicePath(groupId, 'AWS'))).status, 200);
    const create = await reader.post(`groups/${groupId}/privateEndpoint/endpointService`, {
      providerName: 'AWS',
      region: 'us-west-1',
    });
    assert.equal(create.status, 401);
    assert.equal(create.json.errorCode, 'USER_UNAUTHORIZED');
    assert.equal((await reader.delete(servicePath(groupId, 'AWS', id))).json.errorCode, 'USER_UNAUTHORIZED');
    assert.equal(
      (await reader.post(`${servicePath(groupId, 'AWS', id)}/endpoint`, { id: VPCE_A })).json.errorCode,
      'USER_UNAUTHORIZED',
    );

    const manager = (await keyWithRoles(s, { projectRoles: [{ groupId, roles: ['GROUP_CLUSTER_MANAGER'] }] })).client;
    assert.equal((await manager.delete(servicePath(groupId, 'AWS', id))).status, 401);

    const outsider = (await keyWithRoles(s, { orgRoles: ['ORG_MEMBER'] })).client;
    assert.equal((await outsider.get(servicePath(groupId, 'AWS', id))).json.errorCode, 'NOT_IN_GROUP');

    const owner = (await keyWithRoles(s, { projectRoles: [{ groupId, roles: ['GROUP_OWNER'] }] })).client;
    assert.equal((await owner.delete(servicePath(groupId, 'AWS', id))).status, 204);
    // The service account (org owner) reads too.
    assert.equal((await s.sa.get(servicePath(groupId, 'AWS', id))).json.status, 'DELETING');
  });

  it('removes endpoint services with their project', async () => {
    const groupId = await createProject(s);
    const id = await availableService(groupId, 'AWS', 'us-east-1');
    assert.equal((await s.owner.post(`${servicePath(groupId, 'AWS', id)}/endpoint`, { id: VPCE_A })).status, 200);
    assert.equal((await s.owner.delete(`groups/${groupId}`)).status, 202);
    const store = s.emulator.services.store;
    assert.equal(await store.get(PRIVATE_ENDPOINT_SERVICES, id), undefined);
    assert.equal(await store.count(PRIVATE_ENDPOINTS, id), 0);
    await advance(s, 'PT1H');
  });
});

describe('private endpoints (interface endpoints)', () => {
  let s: TestServer;
  before(async () => {
    s = await startTestServer();
  });
  after(async () => s.close());

  async function availableService(groupId: string, providerName: string, region: string): Promise<string> {
    const r = await s.owner.post(`groups/${groupId}/privateEndpoint/endpointService`, { providerName, region });
    assert.equal(r.status, 201, r.text);
    await advance(s, 'PT3S');
    return r.json.id;
  }

  const endpointPath = (groupId: string, provider: string, serviceId: string, endpointId?: string) =>
    `${servicePath(groupId, provider, serviceId)}/endpoint${endpointId ? `/${encodeURIComponent(endpointId)}` : ''}`;

  it('adds an AWS interface endpoint: PENDING_ACCEPTANCE, then AVAILABLE, listed on the service', async () => {
    const groupId = await createProject(s);
    const initiating = await s.owner.post(`groups/${groupId}/privateEndpoint/endpointService`, {
      providerName: 'AWS',
      region: 'us-east-1',
    });
    const serviceId = initiating.json.id;
    const early = await s.owner.post(endpointPath(groupId, 'AWS', serviceId), { id: VPCE_A });
    assert.equal(early.status, 409, 'the service must be available first');
    assert.equal(early.json.errorCode, 'PRIVATE_ENDPOINT_SERVICE_NOT_AVAILABLE');
    await advance(s, 'PT3S');

    const created = await s.owner.post(endpointPath(groupId, 'AWS', serviceId), { id: VPCE_A });
    assert.equal(created.status, 200, created.text);
    assert.equal(
      created.text,
      JSON.stringify({
        cloudProvider: 'AWS',
        connectionStatus: 'PENDING_ACCEPTANCE',
        deleteRequested: false,
        errorMessage: null,
        interfaceEndpointId: VPCE_A,
      }),
    );
    assert.deepEqual((await s.owner.get(servicePath(groupId, 'AWS', serviceId))).json.interfaceEndpoints, [VPCE_A]);
    await advance(s, 'PT3S');
    const ready = await s.owner.get(endpointPath(groupId, 'AWS', serviceId, VPCE_A));
    assert.equal(ready.status, 200);
    assert.equal(ready.json.connectionStatus, 'AVAILABLE');

    const dup = await s.owner.post(endpointPath(groupId, 'AWS', serviceId), { id: VPCE_A });
    assert.equal(dup.status, 409);
    assert.equal(dup.json.errorCode, 'PRIVATE_ENDPOINT_ALREADY_EXISTS');
    assert.equal((await s.owner.post(endpointPath(groupId, 'AWS', serviceId), { id: VPCE_B })).status, 200);
    assert.deepEqual((await s.owner.get(servicePath(groupId, 'AWS', serviceId))).json.interfaceEndpoints, [VPCE_A, VPCE_B]);
    assert.ok((await projectEvents(s, groupId)).some((e) => e.eventTypeName === 'PRIVATE_NETWORK_ENDPOINT_ENTRY_ADDED'));
  });

  it('validates the endpoint body against the path\'s provider', async () => {
    const groupId = await createProject(s);
    const aws = await availableService(groupId, 'AWS', 'us-east-1');
    const expect = async (provider: string, serviceId: string, body: unknown, code: string, param?: string) => {
      const r = await s.owner.post(endpointPath(groupId, provider, serviceId), body);
      assert.equal(r.status, 400, JSON.stringify(body));
      assert.equal(r.json.errorCode, code, JSON.stringify(body));
      if (param) assert.deepEqual(r.json.parameters, [param]);
    };
    await expect('AWS', aws, {}, 'MISSING_ATTRIBUTE', 'id');
    await expect('AWS', aws, { id: 'vpce-123' }, 'INVALID_ATTRIBUTE', 'id');
    await expect('AWS', aws, { id: VPCE_A, privateEndpointIPAddress: '10.0.0.4' }, 'INVALID_ATTRIBUTE', 'privateEndpointIPAddress');
    await expect('AWS', aws, { id: VPCE_A, cloudProvider: 'GCP' }, 'INVALID_ATTRIBUTE', 'cloudProvider');
    await expect('AWS', aws, { id: VPCE_A, subnet: 'x' }, 'INVALID_ATTRIBUTE');
    assert.equal((await s.owner.post(endpointPath(groupId, 'AWS', aws), { id: VPCE_A, cloudProvider: 'AWS' })).status, 200);

    const azure = await availableService(groupId, 'AZURE', 'eastus2');
    await expect('AZURE', azure, { id: AZURE_PE }, 'MISSING_ATTRIBUTE', 'privateEndpointIPAddress');
    await expect('AZURE', azure, { id: 'my-endpoint', privateEndpointIPAddress: '10.0.0.4' }, 'INVALID_ATTRIBUTE', 'id');
    await expect('AZURE', azure, { id: AZURE_PE, privateEndpointIPAddress: '10.0.0.999' }, 'INVALID_ATTRIBUTE');

    const gcp = await availableService(groupId, 'GCP', 'us-central1');
    await expect('GCP', gcp, { endpointGroupName: 'group-1' }, 'MISSING_ATTRIBUTE', 'gcpProjectId');
    await expect('GCP', gcp, { endpointGroupName: 'g', gcpProjectId: 'Bad_Project' }, 'INVALID_ATTRIBUTE');
    await expect('GCP', gcp, { id: VPCE_A, endpointGroupName: 'g', gcpProjectId: 'my-project-1' }, 'INVALID_ATTRIBUTE', 'id');
    await expect('GCP', gcp, { endpointGroupName: 'g', gcpProjectId: 'my-project-1', endpoints: [{ endpointName: 'e' }] }, 'MISSING_ATTRIBUTE');
    assert.deepEqual((await s.owner.get(servicePath(groupId, 'GCP', gcp))).json.endpointGroupNames, []);
  });

  it('adds an Azure private endpoint, addressed by its URL-encoded resource id', async () => {
    const groupId = await createProject(s);
    const serviceId = await availableService(groupId, 'AZURE', 'eastus2');
    const created = await s.owner.post(endpointPath(groupId, 'AZURE', serviceId), {
      id: AZURE_PE,
      privateEndpointIPAddress: '10.0.0.4',
    });
    assert.equal(created.status, 200, created.text);
    assert.deepEqual(created.json, {
      cloudProvider: 'AZURE',
      deleteRequested: false,
      errorMessage: null,
      privateEndpointConnectionName: '19265c27-b60e-4c3b-9426-ae3f507300b5%2Fapp-rg%2Fapp-pe',
      privateEndpointIPAddress: '10.0.0.4',
      privateEndpointResourceId: AZURE_PE,
      status: 'INITIATING',
    });
    assert.deepEqual((await s.owner.get(servicePath(groupId, 'AZURE', serviceId))).json.privateEndpoints, [AZURE_PE]);
    await advance(s, 'PT3S');
    const got = await s.owner.get(endpointPath(groupId, 'AZURE', serviceId, AZURE_PE));
    assert.equal(got.status, 200);
    assert.equal(got.json.status, 'AVAILABLE');
    const other = AZURE_PE.replace('app-pe', 'other-pe');
    assert.equal((await s.owner.get(endpointPath(groupId, 'AZURE', serviceId, other))).json.errorCode, 'PRIVATE_ENDPOINT_NOT_FOUND');
    const malformed = await s.owner.get(endpointPath(groupId, 'AZURE', serviceId, '/subscriptions/x'));
    assert.equal(malformed.status, 400);
    assert.equal(malformed.json.errorCode, 'INVALID_PATH_PARAMETER');

    // Removing the last Azure endpoint leaves the service in place.
    assert.equal((await s.owner.delete(endpointPath(groupId, 'AZURE', serviceId, AZURE_PE))).status, 204);
    await advance(s, 'PT1M');
    const service = (await s.owner.get(servicePath(groupId, 'AZURE', serviceId))).json;
    assert.equal(service.status, 'AVAILABLE');
    assert.deepEqual(service.privateEndpoints, []);
  });

  it('adds a GCP endpoint group with its forwarding rules', async () => {
    const groupId = await createProject(s);
    const serviceId = await availableService(groupId, 'GCP', 'us-east4');
    const endpoints = [0, 1].map((i) => ({ endpointName: `rule-${i}`, ipAddress: `10.142.0.${10 + i}` }));
    const created = await s.owner.post(endpointPath(groupId, 'GCP', serviceId), {
      endpointGroupName: 'atlas-group',
      gcpProjectId: 'customer-project-42',
      endpoints,
    });
    assert.equal(created.status, 200, created.text);
    assert.deepEqual(created.json, {
      cloudProvider: 'GCP',
      deleteRequested: false,
      endpointGroupName: 'atlas-group',
      endpoints: endpoints.map((e) => ({ ...e, status: 'INITIATING' })),
      errorMessage: null,
      status: 'INITIATING',
    });
    assert.deepEqual((await s.owner.get(servicePath(groupId, 'GCP', serviceId))).json.endpointGroupNames, ['atlas-group']);
    await advance(s, 'PT3S');
    const got = (await s.owner.get(endpointPath(groupId, 'GCP', serviceId, 'atlas-group'))).json;
    assert.equal(got.status, 'AVAILABLE');
    assert.deepEqual(got.endpoints.map((e: { status: string }) => e.status), ['AVAILABLE', 'AVAILABLE']);
  });

  it('deletes an endpoint: 204, DELETING with deleteRequested, then gone, and the AWS service with its last one', async () => {
    const groupId = await createProject(s);
    const serviceId = await availableService(groupId, 'AWS', 'us-east-1');
    await s.owner.post(endpointPath(groupId, 'AWS', serviceId), { id: VPCE_A });
    await s.owner.post(endpointPath(groupId, 'AWS', serviceId), { id: VPCE_B });
    await advance(s, 'PT3S');
    const del = await s.owner.delete(endpointPath(groupId, 'AWS', serviceId, VPCE_A));
    assert.equal(del.status, 204);
    const deleting = (await s.owner.get(endpointPath(groupId, 'AWS', serviceId, VPCE_A))).json;
    assert.equal(deleting.connectionStatus, 'DELETING');
    assert.equal(deleting.deleteRequested, true);
    await advance(s, 'PT2S');
    const gone = await s.owner.get(endpointPath(groupId, 'AWS', serviceId, VPCE_A));
    assert.equal(gone.status, 404);
    assert.equal(gone.json.errorCode, 'PRIVATE_ENDPOINT_NOT_FOUND');
    assert.equal((await s.owner.delete(endpointPath(groupId, 'AWS', serviceId, VPCE_A))).status, 404);
    const remaining = (await s.owner.get(servicePath(groupId, 'AWS', serviceId))).json;
    assert.equal(remaining.status, 'AVAILABLE');
    assert.deepEqual(remaining.interfaceEndpoints, [VPCE_B]);
    assert.ok((await projectEvents(s, groupId)).some((e) => e.eventTypeName === 'PRIVATE_NETWORK_ENDPOINT_ENTRY_REMOVED'));

    assert.equal((await s.owner.delete(endpointPath(groupId, 'AWS', serviceId, VPCE_B))).status, 204);
    await advance(s, 'PT2S');
    const following = (await s.owner.get(servicePath(groupId, 'AWS', serviceId))).json;
    assert.equal(following.status, 'DELETING');
    assert.deepEqual(following.interfaceEndpoints, []);
    await advance(s, 'PT2S');
    assert.equal((await s.owner.get(servicePath(groupId, 'AWS', serviceId))).status, 404);
    const deleted = (await projectEvents(s, groupId)).find((e) => e.eventTypeName === 'PRIVATE_ENDPOINT_SERVICE_DELETED')!;
    assert.equal(deleted.publicKey, undefined, 'removed by Atlas, not by the caller');
  });

  it('checks the shape of AWS and Azure endpoint ids in the path (400)', async () => {
    const groupId = await createProject(s);
    const serviceId = await availableService(groupId, 'AWS', 'us-east-1');
    const r = await s.owner.get(endpointPath(groupId, 'AWS', serviceId, 'vpce-123'));
    assert.equal(r.status, 400);
    assert.equal(r.json.errorCode, 'INVALID_PATH_PARAMETER');
    assert.deepEqual(r.json.parameters, ['endpointId']);
    assert.equal((await s.owner.delete(endpointPath(groupId, 'AWS', serviceId, AZURE_PE))).status, 400);
    // An endpoint of another provider's path is not found.
    assert.equal(
      (await s.owner.get(endpointPath(groupId, 'AZURE', serviceId, AZURE_PE))).json.errorCode,
      'PRIVATE_ENDPOINT_SERVICE_NOT_FOUND',
    );
  });

  it('fails the next endpoint connection when armed (AWS reports it REJECTED)', async () => {
    const groupId = await createProject(s);
    const serviceId = await availableService(groupId, 'AWS', 'us-east-1');
    await control(s, 'POST', 'faults/privateEndpoint', { errorMessage: 'Endpoint rejected by policy' });
    await s.owner.post(endpointPath(groupId, 'AWS', serviceId), { id: VPCE_A });
    await s.owner.post(endpointPath(groupId, 'AWS', serviceId), { id: VPCE_B });
    await advance(s, 'PT3S');
    const failed = (await s.owner.get(endpointPath(groupId, 'AWS', serviceId, VPCE_A))).json;
    assert.equal(failed.connectionStatus, 'REJECTED');
    assert.equal(failed.errorMessage, 'Endpoint rejected by policy');
    assert.equal((await s.owner.get(endpointPath(groupId, 'AWS', serviceId, VPCE_B))).json.connectionStatus, 'AVAILABLE');
  });

  it('takes the endpoints along when their service is deleted', async () => {
    const groupId = await createProject(s);
    const serviceId = await availableService(groupId, 'AWS', 'us-east-1');
    await s.owner.post(endpointPath(groupId, 'AWS', serviceId), { id: VPCE_A });
    assert.equal((await s.owner.delete(servicePath(groupId, 'AWS', serviceId))).status, 204);
    const endpoint = (await s.owner.get(endpointPath(groupId, 'AWS', serviceId, VPCE_A))).json;
    assert.equal(endpoint.connectionStatus, 'DELETING');
    assert.equal(endpoint.deleteRequested, true);
    await advance(s, 'PT5S');
    assert.equal((await s.owner.get(servicePath(groupId, 'AWS', serviceId))).status, 404);
    assert.equal(await s.emulator.services.store.count(PRIVATE_ENDPOINTS, serviceId), 0);
  });

  it('answers malformed input with 4xx, never 500, and changes nothing', async () => {
    const groupId = await createProject(s);
    const serviceId = await availableService(groupId, 'GCP', 'us-central1');
    const base = `groups/${groupId}/privateEndpoint`;
    const bodies: unknown[] = [
      null,
      [],
      'text',
      { providerName: 'AWS', region: 7 },
      { providerName: 'AWS', region: '   ' },
      { providerName: null, region: 'us-east-1' },
      { providerName: 'AWS', region: 'us-east-1', portMappingEnabled: 'yes' },
    ];
    for (const body of bodies) {
      const r = await s.owner.post(`${base}/endpointService`, body);
      assert.equal(r.status, 400, JSON.stringify(body));
    }
    assert.equal((await s.owner.request('POST', `${base}/endpointService`, { raw: '{"providerName":' })).json.errorCode, 'MALFORMED_JSON');
    const endpointBodies: unknown[] = [
      { endpointGroupName: 'g', gcpProjectId: 'my-project-1', endpoints: 'x' },
      { endpointGroupName: 'g', gcpProjectId: 'my-project-1', endpoints: [null] },
      { endpointGroupName: '', gcpProjectId: 'my-project-1' },
      { endpointGroupName: 'g', gcpProjectId: 'my-project-1', endpoints: [{ endpointName: 'e', ipAddress: '10.0.0.1', x: 1 }] },
    ];
    for (const body of endpointBodies) {
      const r = await s.owner.post(`${servicePath(groupId, 'GCP', serviceId)}/endpoint`, body);
      assert.equal(r.status, 400, JSON.stringify(body));
    }
    for (const path of [
      `${servicePath(groupId, 'GCP', serviceId)}/endpoint/%E0%A4%A`,
      `${servicePath(groupId, 'GCP', serviceId)}/endpoint/${'x'.repeat(5000)}`,
      `${base}/GCP/endpointService/${serviceId}%00`,
      `${base}/%20/endpointService`,
    ]) {
      const r = await s.owner.get(path);
      assert.ok(r.status >= 400 && r.status < 500, `${path.slice(0, 120)}: ${r.status}`);
    }
    const service = (await s.owner.get(servicePath(groupId, 'GCP', serviceId))).json;
    assert.deepEqual(service.endpointGroupNames, []);
    assert.equal((await s.owner.get(`${base}/AWS/endpointService`)).json.length, 0);
  });

  it('forgets armed faults on reset', async () => {
    await control(s, 'POST', 'faults/privateEndpointService', {});
    await control(s, 'POST', 'faults/privateEndpoint', {});
    assert.equal((await control(s, 'POST', 'reset')).status, 204);
    assert.deepEqual((await control(s, 'GET', 'faults/privateEndpointService')).json, { armed: false });
    assert.deepEqual((await control(s, 'GET', 'faults/privateEndpoint')).json, { armed: false });
  });
});

describe('private endpoint services across a restart', () => {
  it('keeps provisioning where it was: a service created before a stop becomes available after', async () => {
    const dataDir = tempDir();
    const config = { ...defaultConfig(), port: 0, dataDir, storage: 'sqlite' as const, logLevel: 'silent', validateResponses: true };
    try {
      const first = await startEmulator(config);
      await first.services.clock.setFrozen(true);
      const c = first.credentials;
      const owner = new Client(first.url, { kind: 'digest', publicKey: c.publicKey, privateKey: c.privateKey });
      const project = await owner.post('groups', { name: 'restart-project', orgId: c.orgId });
      const groupId = project.json.id;
      const created = await owner.post(`groups/${groupId}/privateEndpoint/endpointService`, { providerName: 'AWS', region: 'us-east-1' });
      assert.equal(created.status, 201);
      await first.close();

      const second = await startEmulator(config);
      try {
        const again = new Client(second.url, { kind: 'digest', publicKey: c.publicKey, privateKey: c.privateKey });
        const path = `groups/${groupId}/privateEndpoint/AWS/endpointService/${created.json.id}`;
        assert.equal((await again.get(path)).json.status, 'INITIATING', 'the clock stayed frozen');
        await second.services.clock.advance(3000);
        const ready = (await again.get(path)).json;
        assert.equal(ready.status, 'AVAILABLE');
        assert.match(ready.endpointServiceName, /^com\.amazonaws\.vpce\.us-east-1\.vpce-svc-[0-9a-f]{17}$/);
      } finally {
        await second.close();
      }
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
