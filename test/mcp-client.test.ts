import assert from 'node:assert/strict';
import fs from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { ApiClient, ClientCredentialsAuthProvider, type HttpClient } from '@mongodb-js/mcp-atlas-api-client';
import { Agent, fetch as undiciFetch, getGlobalDispatcher, Request as UndiciRequest, setGlobalDispatcher, type Dispatcher } from 'undici';
import { startTestServer, type TestServer } from './helpers.js';

// The MongoDB MCP server's published Atlas client, unchanged: it logs in with
// client credentials through oauth4webapi, which only talks to https URLs.

/** A logger that keeps what the client reports, so that a swallowed failure shows. */
function recordingLogger(errors: unknown[]) {
  const log = (level: string) => (entry: unknown) => {
    if (level === 'error' || level === 'warning') errors.push(entry);
  };
  return new Proxy({}, { get: (_t, level: string) => log(level) }) as never;
}

describe('the published MCP Atlas API client over HTTPS', () => {
  let s: TestServer;
  let agent: Agent;
  let previous: Dispatcher;
  let httpClient: HttpClient;
  before(async () => {
    s = await startTestServer({ tls: true });
    agent = new Agent({ connect: { ca: fs.readFileSync(s.emulator.tlsCertPath!, 'utf8') } });
    httpClient = {
      fetch: ((input: Parameters<typeof undiciFetch>[0], init?: Parameters<typeof undiciFetch>[1]) =>
        undiciFetch(input, { ...init, dispatcher: agent })) as unknown as typeof fetch,
      Request: UndiciRequest as unknown as typeof Request,
    };
    // The client revokes its token with the default fetch, which must trust the certificate too.
    previous = getGlobalDispatcher();
    setGlobalDispatcher(agent);
  });
  after(async () => {
    setGlobalDispatcher(previous);
    await agent.close();
    await s.close();
  });

  it('logs in with client credentials, lists and creates, and revokes its token on close', async () => {
    const c = s.emulator.credentials;
    const errors: unknown[] = [];
    const logger = recordingLogger(errors);
    const authProvider = new ClientCredentialsAuthProvider(
      { baseUrl: s.url, userAgent: 'atlas-emulator-test', clientId: c.clientId, clientSecret: c.clientSecret, httpClient },
      logger,
    );
    const client = new ApiClient({ options: { baseUrl: s.url, userAgent: 'atlas-emulator-test', httpClient }, logger, authProvider });

    assert.equal(await authProvider.validate(), true);
    const orgs = await client.listOrgs();
    assert.deepEqual(
      orgs.results?.map((o: { id?: string }) => o.id),
      [c.orgId],
    );
    const before = await client.listGroups();
    assert.equal(before.totalCount, 0);
    const created = await client.createGroup({ body: { name: 'from-mcp', orgId: c.orgId } });
    assert.equal(created.name, 'from-mcp');
    assert.match(created.id!, /^[a-f0-9]{24}$/);
    const listed = await client.listGroups();
    assert.deepEqual(
      listed.results.map((g: { id?: string }) => g.id),
      [created.id],
    );
    const inOrg = await client.getOrgGroups({ params: { path: { orgId: c.orgId } } });
    assert.deepEqual(
      inOrg.results?.map((g: { id?: string }) => g.id),
      [created.id],
    );

    const token = (await authProvider.getAuthHeaders())!.Authorization!;
    const probe = () =>
      undiciFetch(`${s.url}/api/atlas/v2/orgs`, {
        headers: { Authorization: token, Accept: 'application/vnd.atlas.2025-03-12+json' },
        dispatcher: agent,
      });
    assert.equal((await probe()).status, 200);
    await client.close();
    assert.equal((await probe()).status, 401);
    assert.deepEqual(errors, []);
  });

  it('creates, reads, lists and deletes Flex clusters', async () => {
    const c = s.emulator.credentials;
    const errors: unknown[] = [];
    const logger = recordingLogger(errors);
    const authProvider = new ClientCredentialsAuthProvider(
      { baseUrl: s.url, userAgent: 'atlas-emulator-test', clientId: c.clientId, clientSecret: c.clientSecret, httpClient },
      logger,
    );
    const client = new ApiClient({ options: { baseUrl: s.url, userAgent: 'atlas-emulator-test', httpClient }, logger, authProvider });
    const group = await client.createGroup({ body: { name: 'flex-from-mcp', orgId: c.orgId } });
    const path = { groupId: group.id! };
    const created = await client.createFlexCluster({
      params: { path },
      body: { name: 'mcp-flex', providerSettings: { backingProviderName: 'AZURE', regionName: 'US_EAST_2' } },
    });
    assert.equal(created.name, 'mcp-flex');
    assert.equal(created.stateName, 'CREATING');
    assert.equal(created.providerSettings?.providerName, 'FLEX');
    const got = await client.getFlexCluster({ params: { path: { ...path, name: 'mcp-flex' } } });
    assert.equal(got.id, created.id);
    const listed = await client.listFlexClusters({ params: { path } });
    assert.deepEqual(listed.results?.map((f: { name?: string }) => f.name), ['mcp-flex']);
    await client.deleteFlexCluster({ params: { path: { ...path, name: 'mcp-flex' } } });
    const deleting = await client.getFlexCluster({ params: { path: { ...path, name: 'mcp-flex' } } });
    assert.equal(deleting.stateName, 'DELETING');
    await assert.rejects(client.getFlexCluster({ params: { path: { ...path, name: 'nope' } } }), /CLUSTER_NOT_FOUND|404/);
    await client.close();
    assert.deepEqual(errors, []);
  });

  it('reports a wrong secret as an authentication failure', async () => {
    const errors: unknown[] = [];
    const logger = recordingLogger(errors);
    const authProvider = new ClientCredentialsAuthProvider(
      {
        baseUrl: s.url,
        userAgent: 'atlas-emulator-test',
        clientId: s.emulator.credentials.clientId,
        clientSecret: 'mdb_sa_sk_notthesecretatall0000',
        httpClient,
      },
      logger,
    );
    assert.equal(await authProvider.validate(), false);
    assert.equal(errors.length, 1);
  });
});
