import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { keyWithRoles, orgEvents, projectEvents } from './fixtures.js';
import { Client, createProject, fetchToken, startTestServer, type TestServer } from './helpers.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe('credentials: organization API keys', () => {
  let s: TestServer;
  before(async () => {
    s = await startTestServer();
  });
  after(async () => s.close());

  it('shows the private key once: in the create answer, masked on every read', async () => {
    const r = await s.owner.post(`orgs/${s.orgId}/apiKeys`, { desc: 'shown once', roles: ['ORG_READ_ONLY'] });
    assert.equal(r.status, 200);
    assert.match(r.json.publicKey, /^[a-z]{8}$/);
    assert.match(r.json.privateKey, UUID);
    assert.deepEqual(r.json.roles, [{ orgId: s.orgId, roleName: 'ORG_READ_ONLY' }]);
    assert.equal(r.json.links[0].href, `${s.url}/api/atlas/v2/orgs/${s.orgId}/apiKeys/${r.json.id}`);
    const masked = `********-****-****-${r.json.privateKey.slice(-12)}`;
    const got = await s.owner.get(`orgs/${s.orgId}/apiKeys/${r.json.id}`);
    assert.equal(got.json.privateKey, masked);
    const listed = await s.owner.get(`orgs/${s.orgId}/apiKeys`);
    const entry = listed.json.results.find((k: { id: string }) => k.id === r.json.id);
    assert.equal(entry.privateKey, masked);
    assert.ok(!listed.text.includes(r.json.privateKey));
    // The key works with the private key it was created with.
    const client = new Client(s.url, { kind: 'digest', publicKey: r.json.publicKey, privateKey: r.json.privateKey });
    assert.equal((await client.get('orgs')).status, 200);
    assert.ok((await orgEvents(s)).map((e) => e.eventTypeName).includes('API_KEY_CREATED'));
  });

  it('validates the body: roles of the right scope, a description, no unknown fields', async () => {
    const groupRole = await s.owner.post(`orgs/${s.orgId}/apiKeys`, { desc: 'x', roles: ['GROUP_OWNER'] });
    assert.equal(groupRole.status, 400);
    assert.equal(groupRole.json.errorCode, 'INVALID_ENUM_VALUE');
    const projectId = await createProject(s);
    const orgRole = await s.owner.post(`groups/${projectId}/apiKeys`, { desc: 'x', roles: ['ORG_OWNER'] });
    assert.equal(orgRole.status, 400);
    assert.equal(orgRole.json.errorCode, 'INVALID_ENUM_VALUE');
    const noDesc = await s.owner.post(`orgs/${s.orgId}/apiKeys`, { roles: ['ORG_MEMBER'] });
    assert.equal(noDesc.json.errorCode, 'MISSING_ATTRIBUTE');
    const noRoles = await s.owner.post(`orgs/${s.orgId}/apiKeys`, { desc: 'x', roles: [] });
    assert.equal(noRoles.status, 400);
    const extra = await s.owner.post(`orgs/${s.orgId}/apiKeys`, { desc: 'x', roles: ['ORG_MEMBER'], admin: true });
    assert.equal(extra.json.errorCode, 'INVALID_ATTRIBUTE');
    const badId = await s.owner.get(`orgs/${s.orgId}/apiKeys/nothex`);
    assert.equal(badId.json.errorCode, 'INVALID_PATH_PARAMETER');
    const missing = await s.owner.get(`orgs/${s.orgId}/apiKeys/${'a'.repeat(24)}`);
    assert.equal(missing.status, 404);
  });

  it('applies a role change to the next request and refuses a deleted key', async () => {
    const k = await keyWithRoles(s, { orgRoles: ['ORG_MEMBER'] });
    const denied = await k.client.post('groups', { name: 'by-member', orgId: s.orgId });
    assert.equal(denied.status, 401);
    assert.equal(denied.json.errorCode, 'USER_UNAUTHORIZED');
    const updated = await s.owner.patch(`orgs/${s.orgId}/apiKeys/${k.id}`, { roles: ['ORG_GROUP_CREATOR'], desc: 'creator' });
    assert.equal(updated.status, 200);
    assert.equal(updated.json.desc, 'creator');
    assert.equal((await k.client.post('groups', { name: 'by-creator', orgId: s.orgId })).status, 201);
    assert.equal((await s.owner.delete(`orgs/${s.orgId}/apiKeys/${k.id}`)).status, 204);
    assert.equal((await k.client.get('orgs')).status, 401);
    assert.equal((await s.owner.get(`orgs/${s.orgId}/apiKeys/${k.id}`)).status, 404);
    const types = (await orgEvents(s)).map((e) => e.eventTypeName);
    for (const t of ['API_KEY_ROLES_CHANGED', 'API_KEY_DESCRIPTION_CHANGED', 'API_KEY_DELETED']) assert.ok(types.includes(t), t);
  });

  it('needs the organization owner to manage keys', async () => {
    const member = await keyWithRoles(s, { orgRoles: ['ORG_MEMBER'] });
    assert.equal((await member.client.get(`orgs/${s.orgId}/apiKeys`)).status, 200);
    const create = await member.client.post(`orgs/${s.orgId}/apiKeys`, { desc: 'x', roles: ['ORG_OWNER'] });
    assert.equal(create.status, 401);
    assert.equal(create.json.errorCode, 'USER_UNAUTHORIZED');
  });
});

describe('credentials: roles through HTTP', () => {
  let s: TestServer;
  let projectId: string;
  before(async () => {
    s = await startTestServer();
    projectId = await createProject(s);
  });
  after(async () => s.close());

  it('lets GROUP_READ_ONLY read a project but not change it', async () => {
    const k = await keyWithRoles(s, { projectRoles: [{ groupId: projectId, roles: ['GROUP_READ_ONLY'] }] });
    assert.equal((await k.client.get(`groups/${projectId}`)).status, 200);
    const patch = await k.client.patch(`groups/${projectId}`, { name: 'renamed' });
    assert.equal(patch.status, 401);
    assert.equal(patch.json.errorCode, 'USER_UNAUTHORIZED');
    assert.equal(patch.json.detail, 'Current user is not authorized to perform this action.');
    assert.notEqual((await s.owner.get(`groups/${projectId}`)).json.name, 'renamed');
  });

  it('answers NOT_IN_GROUP to a key of the organization without a role in the project', async () => {
    const k = await keyWithRoles(s, { orgRoles: ['ORG_MEMBER'] });
    const r = await k.client.get(`groups/${projectId}`);
    assert.equal(r.status, 401);
    assert.equal(r.json.errorCode, 'NOT_IN_GROUP');
    // The project does not show in its listing either.
    assert.equal((await k.client.get('groups')).json.totalCount, 0);
  });

  it('answers GROUP_NOT_FOUND for an unknown project', async () => {
    const k = await keyWithRoles(s, { projectRoles: [{ groupId: projectId, roles: ['GROUP_OWNER'] }] });
    const unknown = 'b'.repeat(24);
    for (const client of [k.client, s.owner]) {
      const r = await client.get(`groups/${unknown}`);
      assert.equal(r.status, 404);
      assert.equal(r.json.errorCode, 'GROUP_NOT_FOUND');
    }
  });

  it('assigns, updates and removes an organization key in a project', async () => {
    const k = await keyWithRoles(s, { orgRoles: ['ORG_MEMBER'] });
    assert.equal((await s.owner.post(`groups/${projectId}/apiKeys/${k.id}`, [{ roles: ['GROUP_READ_ONLY'] }])).status, 204);
    assert.equal((await k.client.get(`groups/${projectId}`)).status, 200);
    const listed = await s.owner.get(`groups/${projectId}/apiKeys`);
    assert.ok(listed.json.results.some((x: { id: string }) => x.id === k.id));
    const updated = await s.owner.patch(`groups/${projectId}/apiKeys/${k.id}`, { roles: ['GROUP_OWNER'] });
    assert.equal(updated.status, 200);
    assert.deepEqual(
      updated.json.roles.filter((r: { groupId?: string }) => r.groupId),
      [{ groupId: projectId, roleName: 'GROUP_OWNER' }],
    );
    assert.equal((await k.client.patch(`groups/${projectId}`, { tags: [] })).status, 200);
    assert.equal((await s.owner.delete(`groups/${projectId}/apiKeys/${k.id}`)).status, 204);
    assert.equal((await k.client.get(`groups/${projectId}`)).json.errorCode, 'NOT_IN_GROUP');
    assert.equal((await s.owner.delete(`groups/${projectId}/apiKeys/${k.id}`)).status, 404);
    const types = (await projectEvents(s, projectId)).map((e) => e.eventTypeName);
    for (const t of ['API_KEY_ADDED_TO_GROUP', 'API_KEY_REMOVED_FROM_GROUP']) assert.ok(types.includes(t), t);
  });

  it("lets only a project owner manage the project's keys", async () => {
    const reader = await keyWithRoles(s, { projectRoles: [{ groupId: projectId, roles: ['GROUP_READ_ONLY'] }] });
    const r = await reader.client.post(`groups/${projectId}/apiKeys`, { desc: 'x', roles: ['GROUP_OWNER'] });
    assert.equal(r.status, 401);
    assert.equal(r.json.errorCode, 'USER_UNAUTHORIZED');
  });

  it("drops a key's roles in a deleted project", async () => {
    const other = await createProject(s);
    const k = await keyWithRoles(s, { projectRoles: [{ groupId: other, roles: ['GROUP_OWNER'] }] });
    assert.equal((await s.owner.delete(`groups/${other}`)).status, 202);
    const got = await s.owner.get(`orgs/${s.orgId}/apiKeys/${k.id}`);
    assert.deepEqual(got.json.roles, []);
  });
});

describe('credentials: API key access lists', () => {
  let s: TestServer;
  before(async () => {
    s = await startTestServer();
  });
  after(async () => s.close());

  it('refuses calls from an address outside the list with 403, and lets them in once listed', async () => {
    const k = await keyWithRoles(s, { orgRoles: ['ORG_OWNER'] });
    const base = `orgs/${s.orgId}/apiKeys/${k.id}/accessList`;
    const added = await s.owner.post(base, [{ ipAddress: '192.0.2.10' }, { cidrBlock: '10.1.0.0/16' }]);
    assert.equal(added.status, 200, added.text);
    assert.equal(added.json.totalCount, 2);
    assert.deepEqual(
      added.json.results.map((e: { cidrBlock: string; ipAddress?: string }) => [e.cidrBlock, e.ipAddress]),
      [
        ['192.0.2.10/32', '192.0.2.10'],
        ['10.1.0.0/16', undefined],
      ],
    );
    const refused = await k.client.get('orgs');
    assert.equal(refused.status, 403);
    assert.equal(refused.json.errorCode, 'IP_ADDRESS_NOT_ON_ACCESS_LIST');
    assert.equal(refused.json.detail, 'IP address 127.0.0.1 is not allowed to access this resource.');
    assert.equal((await s.owner.post(base, [{ cidrBlock: '127.0.0.0/8' }])).status, 200);
    assert.equal((await k.client.get('orgs')).status, 200);
    assert.equal((await s.owner.get(`${base}/10.1.0.0%2F16`)).json.cidrBlock, '10.1.0.0/16');
    assert.equal((await s.owner.delete(`${base}/127.0.0.0%2F8`)).status, 204);
    assert.equal((await k.client.get('orgs')).status, 403);
    assert.equal((await s.owner.get(`${base}/127.0.0.0%2F8`)).status, 404);
    assert.ok((await orgEvents(s)).map((e) => e.eventTypeName).includes('API_KEY_ACCESS_LIST_ENTRY_DELETED'));
  });

  it('rejects malformed entries without changing the list', async () => {
    const k = await keyWithRoles(s, { orgRoles: ['ORG_MEMBER'] });
    const base = `orgs/${s.orgId}/apiKeys/${k.id}/accessList`;
    for (const body of [[{ ipAddress: '300.1.1.1' }], [{ cidrBlock: '10.0.0.0/40' }], [{}], [{ ipAddress: '1.2.3.4', cidrBlock: '1.2.3.0/24' }], {}]) {
      const r = await s.owner.post(base, body);
      assert.equal(r.status, 400, JSON.stringify(body));
    }
    assert.equal((await s.owner.get(base)).json.totalCount, 0);
  });
});

describe('credentials: service accounts', () => {
  let s: TestServer;
  before(async () => {
    s = await startTestServer();
  });
  after(async () => s.close());

  const create = (roles: string[], extra: Record<string, unknown> = { secretExpiresAfterHours: 24 }) =>
    s.owner.post(`orgs/${s.orgId}/serviceAccounts`, { name: 'robot', description: 'test robot', roles, ...extra });

  it('shows the secret once and lets the account log in with it', async () => {
    const r = await create(['ORG_MEMBER']);
    assert.equal(r.status, 201, r.text);
    assert.match(r.json.clientId, /^mdb_sa_id_[0-9a-f]{24}$/);
    const secret = r.json.secrets[0].secret as string;
    assert.match(secret, /^mdb_sa_sk_[A-Za-z0-9]{20,}$/);
    assert.equal(r.json.secrets[0].expiresAt > r.json.secrets[0].createdAt, true);
    const got = await s.owner.get(`orgs/${s.orgId}/serviceAccounts/${r.json.clientId}`);
    assert.equal(got.json.secrets[0].secret, undefined);
    assert.equal(got.json.secrets[0].maskedSecretValue, `mdb_sa_sk_...${secret.slice(-4)}`);
    assert.ok(!(await s.owner.get(`orgs/${s.orgId}/serviceAccounts`)).text.includes(secret));
    assert.equal(got.json.secrets[0].lastUsedAt, undefined);
    const robot = new Client(s.url, { kind: 'serviceAccount', clientId: r.json.clientId, secret });
    assert.equal((await robot.get('orgs')).status, 200);
    const used = await s.owner.get(`orgs/${s.orgId}/serviceAccounts/${r.json.clientId}`);
    assert.match(used.json.secrets[0].lastUsedAt, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    // ORG_MEMBER may not create projects.
    const denied = await robot.post('groups', { name: 'by-robot', orgId: s.orgId });
    assert.equal(denied.json.errorCode, 'USER_UNAUTHORIZED');
    assert.ok((await orgEvents(s)).map((e) => e.eventTypeName).includes('SERVICE_ACCOUNT_CREATED'));
  });

  it('refuses tokens from addresses outside the account access list', async () => {
    const r = await create(['ORG_MEMBER']);
    const { clientId } = r.json;
    const base = `orgs/${s.orgId}/serviceAccounts/${clientId}/accessList`;
    const robot = new Client(s.url, { kind: 'serviceAccount', clientId, secret: r.json.secrets[0].secret });
    assert.equal((await robot.get('orgs')).status, 200);
    const added = await s.owner.post(base, [{ ipAddress: '203.0.113.5' }]);
    assert.equal(added.status, 200, added.text);
    assert.deepEqual(added.json.results.map((e: { cidrBlock: string }) => e.cidrBlock), ['203.0.113.5/32']);
    const refused = await robot.get('orgs');
    assert.equal(refused.status, 403);
    assert.equal(refused.json.errorCode, 'IP_ADDRESS_NOT_ON_ACCESS_LIST');
    assert.equal((await s.owner.post(base, [{ cidrBlock: '127.0.0.1/32' }])).status, 200);
    assert.equal((await robot.get('orgs')).status, 200);
    assert.equal((await s.owner.delete(`${base}/127.0.0.1%2F32`)).status, 204);
    assert.equal((await robot.get('orgs')).status, 403);
    assert.equal((await s.owner.delete(`${base}/127.0.0.1%2F32`)).status, 404);
  });

  it('serves service accounts from version 2024-08-05 only', async () => {
    const r = await s.owner.get(`orgs/${s.orgId}/serviceAccounts`, { version: '2023-01-01' });
    assert.equal(r.status, 406);
    assert.equal((await s.owner.get(`orgs/${s.orgId}/serviceAccounts`, { version: '2024-08-05' })).status, 200);
  });

  it('rotates secrets: a new secret works, a deleted one does not', async () => {
    const r = await create(['ORG_OWNER']);
    const { clientId } = r.json;
    const first = r.json.secrets[0];
    const added = await s.owner.post(`orgs/${s.orgId}/serviceAccounts/${clientId}/secrets`, { secretExpiresAfterHours: 48 });
    assert.equal(added.status, 201);
    assert.match(added.json.secret, /^mdb_sa_sk_/);
    assert.equal((await s.owner.delete(`orgs/${s.orgId}/serviceAccounts/${clientId}/secrets/${first.id}`)).status, 204);
    await assert.rejects(fetchToken(s.url, clientId, first.secret), /401/);
    const token = await fetchToken(s.url, clientId, added.json.secret);
    assert.equal(typeof token, 'string');
    assert.equal((await s.owner.delete(`orgs/${s.orgId}/serviceAccounts/${clientId}/secrets/${first.id}`)).status, 404);
  });

  it('updates roles for the next request, and a deleted account loses its tokens', async () => {
    const r = await create(['ORG_MEMBER']);
    const { clientId } = r.json;
    const robot = new Client(s.url, { kind: 'serviceAccount', clientId, secret: r.json.secrets[0].secret });
    assert.equal((await robot.post('groups', { name: 'robot-a', orgId: s.orgId })).status, 401);
    const updated = await s.owner.patch(`orgs/${s.orgId}/serviceAccounts/${clientId}`, { roles: ['ORG_GROUP_CREATOR'], name: 'renamed' });
    assert.equal(updated.status, 200);
    assert.equal(updated.json.name, 'renamed');
    assert.equal((await robot.post('groups', { name: 'robot-b', orgId: s.orgId })).status, 201);
    assert.equal((await s.owner.delete(`orgs/${s.orgId}/serviceAccounts/${clientId}`)).status, 204);
    assert.equal((await robot.get('orgs')).status, 401);
    assert.equal((await s.owner.get(`orgs/${s.orgId}/serviceAccounts/${clientId}`)).json.errorCode, 'SERVICE_ACCOUNT_NOT_FOUND');
  });

  it('validates the body', async () => {
    assert.equal((await create(['GROUP_OWNER'])).json.errorCode, 'INVALID_ENUM_VALUE');
    assert.equal((await create(['ORG_MEMBER'], {})).json.errorCode, 'MISSING_ATTRIBUTE');
    assert.equal((await create(['ORG_MEMBER'], { secretExpiresAfterHours: 1 })).json.errorCode, 'INVALID_ATTRIBUTE');
    const none = await create(['ORG_MEMBER'], { withoutInitialSecret: true });
    assert.equal(none.status, 201);
    assert.deepEqual(none.json.secrets, []);
    assert.equal((await s.owner.get(`orgs/${s.orgId}/serviceAccounts/mdb_sa_id_xyz`)).json.errorCode, 'INVALID_PATH_PARAMETER');
  });
});

describe('credentials: service accounts in projects', () => {
  let s: TestServer;
  let projectId: string;
  before(async () => {
    s = await startTestServer();
    projectId = await createProject(s);
  });
  after(async () => s.close());

  it('creates an account from a project with project roles and organization membership', async () => {
    const r = await s.owner.post(`groups/${projectId}/serviceAccounts`, {
      name: 'deployer',
      description: 'project robot',
      roles: ['GROUP_READ_ONLY'],
      secretExpiresAfterHours: 24,
    });
    assert.equal(r.status, 201, r.text);
    assert.deepEqual(r.json.roles, ['GROUP_READ_ONLY']);
    const { clientId } = r.json;
    assert.deepEqual((await s.owner.get(`orgs/${s.orgId}/serviceAccounts/${clientId}`)).json.roles, ['ORG_MEMBER']);
    const robot = new Client(s.url, { kind: 'serviceAccount', clientId, secret: r.json.secrets[0].secret });
    assert.equal((await robot.get(`groups/${projectId}`)).status, 200);
    assert.equal((await robot.patch(`groups/${projectId}`, { tags: [] })).json.errorCode, 'USER_UNAUTHORIZED');
    const other = await createProject(s);
    assert.equal((await robot.get(`groups/${other}`)).json.errorCode, 'NOT_IN_GROUP');

    assert.equal((await s.owner.patch(`groups/${projectId}/serviceAccounts/${clientId}`, { roles: ['GROUP_OWNER'] })).status, 200);
    assert.equal((await robot.patch(`groups/${projectId}`, { tags: [] })).status, 200);

    assert.equal((await s.owner.delete(`groups/${projectId}/serviceAccounts/${clientId}`)).status, 204);
    assert.equal((await robot.get(`groups/${projectId}`)).json.errorCode, 'NOT_IN_GROUP');
    assert.equal((await s.owner.get(`groups/${projectId}/serviceAccounts/${clientId}`)).status, 404);
    // Still in the organization, and can be assigned again.
    const invited = await s.owner.post(`groups/${projectId}/serviceAccounts/${clientId}:invite`, { roles: ['GROUP_READ_ONLY'] });
    assert.equal(invited.status, 200);
    assert.deepEqual(invited.json.roles, ['GROUP_READ_ONLY']);
    assert.equal((await robot.get(`groups/${projectId}`)).status, 200);
    const assignments = await s.owner.get(`orgs/${s.orgId}/serviceAccounts/${clientId}/groups`);
    assert.deepEqual(assignments.json.results, [{ groupId: projectId, roles: ['GROUP_READ_ONLY'] }]);
    const listed = await s.owner.get(`groups/${projectId}/serviceAccounts`);
    assert.deepEqual(
      listed.json.results.map((x: { clientId: string }) => x.clientId),
      [clientId],
    );
    const types = (await projectEvents(s, projectId)).map((e) => e.eventTypeName);
    for (const t of ['SERVICE_ACCOUNT_ADDED_TO_GROUP', 'SERVICE_ACCOUNT_REMOVED_FROM_GROUP']) assert.ok(types.includes(t), t);
  });

  it('refuses organization roles on a project assignment', async () => {
    const r = await s.owner.post(`groups/${projectId}/serviceAccounts`, {
      name: 'x',
      description: 'x',
      roles: ['ORG_OWNER'],
      secretExpiresAfterHours: 24,
    });
    assert.equal(r.json.errorCode, 'INVALID_ENUM_VALUE');
  });
});
