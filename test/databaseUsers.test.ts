import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DATABASE_USERS } from '../src/resources/databaseUsers/collections.js';
import { scramMatches } from '../src/resources/databaseUsers/password.js';
import type { DatabaseUserDoc } from '../src/resources/databaseUsers/users.js';
import { keyWithRoles, projectEvents } from './fixtures.js';
import { advance, clockNow, createProject, startTestServer, type TestServer } from './helpers.js';

const IDP = '5f0e1d2c3b4a596877869504';

describe('database users', () => {
  let s: TestServer;
  let groupId: string;
  before(async () => {
    s = await startTestServer();
    groupId = await createProject(s);
  });
  after(async () => s.close());

  const users = (g = groupId) => `groups/${g}/databaseUsers`;
  const scram = (username: string, extra: Record<string, unknown> = {}) => ({
    groupId,
    databaseName: 'admin',
    username,
    password: 'correct horse battery',
    roles: [{ roleName: 'readWrite', databaseName: 'sales' }],
    ...extra,
  });
  async function expectError(body: unknown, status: number, errorCode: string, method = 'post', path = users()) {
    const r = await (method === 'post' ? s.owner.post(path, body) : s.owner.patch(path, body));
    assert.equal(r.status, status, r.text);
    assert.equal(r.json.errorCode, errorCode, r.text);
    return r;
  }

  it('creates a SCRAM user: 201, the password neither returned nor stored, only its SCRAM-SHA-256 credential', async () => {
    const r = await s.owner.post(users(), scram('alice', { description: 'app', labels: [{ key: 'team', value: 'a' }] }));
    assert.equal(r.status, 201, r.text);
    assert.deepEqual(Object.keys(r.json), [
      'awsIAMType', 'databaseName', 'description', 'groupId', 'labels', 'ldapAuthType', 'links', 'oidcAuthType', 'roles', 'scopes',
      'username', 'x509Type',
    ]);
    assert.equal(r.json.x509Type, 'NONE');
    assert.deepEqual(r.json.roles, [{ databaseName: 'sales', roleName: 'readWrite' }]);
    assert.equal(r.json.links[0].href, `${s.url}/api/atlas/v2/groups/${groupId}/databaseUsers/admin/alice`);
    assert.ok(!r.text.includes('correct horse'));
    const stored = await s.emulator.services.store.getByName<DatabaseUserDoc>(DATABASE_USERS, groupId, 'alice');
    assert.ok(!JSON.stringify(stored).includes('correct horse'));
    assert.equal(stored!.credential!.mechanism, 'SCRAM-SHA-256');
    assert.ok(scramMatches(stored!.credential!, 'correct horse battery'));
    assert.ok(!scramMatches(stored!.credential!, 'wrong horse battery'));

    const got = await s.owner.get(`${users()}/admin/alice`);
    assert.deepEqual(got.json, r.json);
    const list = await s.owner.get(users());
    assert.equal(list.json.totalCount, 1);
    assert.deepEqual(list.json.results[0], r.json);

    const [event] = await projectEvents(s, groupId, { eventType: 'MONGODB_USER_ADDED' });
    assert.equal(event!.dbUserUsername, 'alice');
    assert.equal(event!.publicKey, s.emulator.credentials.publicKey);
  });

  it('refuses a second user of the same name with 409 USER_ALREADY_EXISTS', async () => {
    await expectError(scram('alice'), 409, 'USER_ALREADY_EXISTS');
  });

  it('checks the body against the path and the password rules', async () => {
    await expectError(scram('bob', { groupId: '0123456789abcdef01234567' }), 400, 'GROUP_MISMATCH');
    const { groupId: _g, ...noGroup } = scram('bob');
    await expectError(noGroup, 400, 'MISSING_ATTRIBUTE');
    const { password: _p, ...noPassword } = scram('bob');
    await expectError(noPassword, 400, 'MISSING_ATTRIBUTE');
    await expectError(scram('bob', { password: 'short' }), 400, 'INVALID_ATTRIBUTE');
    await expectError(scram('bob', { databaseName: '$external' }), 400, 'DATABASE_NAME_INVALID_ADMIN');
    await expectError(scram(' bob'), 400, 'INVALID_MONGODB_USERNAME');
    // Read-only links from typed clients are ignored.
    const r = await s.owner.post(users(), scram('bob', { links: [{ href: 'https://cloud.mongodb.com/api/atlas/v2/groups', rel: 'self' }] }));
    assert.equal(r.status, 201, r.text);
  });

  it('creates each kind of external user in its database, with its username form', async () => {
    const external = { groupId, databaseName: '$external', roles: [{ roleName: 'read', databaseName: 'sales' }] };
    const ok = [
      { ...external, username: 'carol', x509Type: 'MANAGED' },
      { ...external, username: 'CN=dave,OU=apps,O=Example', x509Type: 'CUSTOMER' },
      { ...external, username: 'arn:aws:iam::123456789012:user/erin', awsIAMType: 'USER' },
      { ...external, username: 'arn:aws:iam::123456789012:role/frank', awsIAMType: 'ROLE' },
      { ...external, username: 'CN=grace,OU=people,DC=example,DC=com', ldapAuthType: 'USER' },
      { ...external, username: `${IDP}/heidi`, oidcAuthType: 'USER' },
      { ...external, databaseName: 'admin', username: 'CN=admins,OU=groups,DC=example,DC=com', ldapAuthType: 'GROUP' },
      { ...external, databaseName: 'admin', username: `${IDP}/engineers`, oidcAuthType: 'IDP_GROUP' },
    ];
    for (const body of ok) {
      const r = await s.owner.post(users(), body);
      assert.equal(r.status, 201, `${body.username}: ${r.text}`);
      const path = `${users()}/${encodeURIComponent(body.databaseName)}/${encodeURIComponent(body.username)}`;
      assert.equal((await s.owner.get(path)).json.username, body.username);
    }
    await expectError({ ...external, username: 'ivan', x509Type: 'MANAGED', databaseName: 'admin' }, 400, 'DATABASE_NAME_INVALID_EXTERNAL');
    await expectError({ ...external, username: 'CN=x,OU=y', x509Type: 'MANAGED' }, 400, 'ATLAS_MANAGED_X509_NAME_INVALID');
    await expectError({ ...external, username: 'not a dn', x509Type: 'CUSTOMER' }, 400, 'ATLAS_INVALID_LDAP_NAME');
    await expectError({ ...external, username: 'arn:aws:iam::123456789012:role/x', awsIAMType: 'USER' }, 400, 'ATLAS_INVALID_USERNAME');
    await expectError({ ...external, username: 'no-idp', oidcAuthType: 'USER' }, 400, 'ATLAS_INVALID_USERNAME');
    await expectError({ ...external, username: 'judy', x509Type: 'MANAGED', password: 'long enough pw' }, 400, 'ATLAS_X509_USER_CANNOT_USE_SCRAM');
    await expectError({ ...external, username: 'CN=k', x509Type: 'CUSTOMER', ldapAuthType: 'USER' }, 400, 'ATLAS_X509_USER_CANNOT_USE_LDAP');
    await expectError({ ...external, username: 'arn:aws:iam::123456789012:user/l', awsIAMType: 'USER', oidcAuthType: 'USER' }, 400, 'ATLAS_INVALID_AUTH_SETTINGS');
    await expectError({ ...external, username: 'mallory', x509Type: 'SOMETIMES' }, 400, 'INVALID_ENUM_VALUE');
  });

  it("grants Atlas's built-in roles where they exist, custom roles of the project, collections only to read and readWrite", async () => {
    const withRoles = (username: string, roles: unknown[]) => scram(username, { roles });
    await expectError(withRoles('r1', [{ roleName: 'readAnyDatabase', databaseName: 'sales' }]), 400, 'ATLAS_INVALID_ROLE_DATABASE');
    await expectError(withRoles('r1', [{ roleName: 'superuser', databaseName: 'admin' }]), 400, 'ATLAS_INVALID_ROLE');
    await expectError(withRoles('r1', [{ roleName: 'root', databaseName: 'admin' }]), 400, 'ATLAS_RESTRICTED_ROLE');
    await expectError(withRoles('r1', [{ roleName: 'dbAdmin', databaseName: 'sales', collectionName: 'orders' }]), 400, 'INVALID_ATTRIBUTE');
    await expectError(withRoles('r1', [{ roleName: 'read', databaseName: 'sales', collectionName: 'system.users' }]), 400, 'ATLAS_RESTRICTED_COLLECTION');
    const twice = [{ roleName: 'read', databaseName: 'sales' }, { roleName: 'read', databaseName: 'sales' }];
    await expectError(withRoles('r1', twice), 400, 'DUPLICATE_DATABASE_ROLES');

    const role = await s.owner.post(`groups/${groupId}/customDBRoles/roles`, { roleName: 'reporter', actions: [{ action: 'FIND', resources: [{ cluster: false, db: 'sales', collection: '' }] }] });
    assert.equal(role.status, 202, role.text);
    await expectError(withRoles('r1', [{ roleName: 'reporter', databaseName: 'sales' }]), 400, 'ATLAS_INVALID_ROLE_DATABASE');
    const r = await s.owner.post(users(), withRoles('r1', [
      { roleName: 'reporter', databaseName: 'admin' },
      { roleName: 'read', databaseName: 'sales', collectionName: 'orders' },
      { roleName: 'atlasAdmin', databaseName: 'admin' },
    ]));
    assert.equal(r.status, 201, r.text);
    assert.deepEqual(r.json.roles[1], { collectionName: 'orders', databaseName: 'sales', roleName: 'read' });
  });

  it('scopes name clusters that exist in the project', async () => {
    await expectError(scram('s1', { scopes: [{ type: 'CLUSTER', name: 'nowhere' }] }), 404, 'CLUSTER_NOT_FOUND');
    await expectError(scram('s1', { scopes: [{ type: 'DATA_LAKE', name: 'lake' }] }), 404, 'DATA_LAKE_TENANT_NOT_FOUND_FOR_NAME');
    const c = await s.owner.post(`groups/${groupId}/clusters`, {
      name: 'scoped',
      clusterType: 'REPLICASET',
      replicationSpecs: [{ regionConfigs: [{ providerName: 'AWS', regionName: 'US_EAST_1', priority: 7, electableSpecs: { instanceSize: 'M10', nodeCount: 3 } }] }],
    });
    assert.equal(c.status, 201, c.text);
    const r = await s.owner.post(users(), scram('s1', { scopes: [{ type: 'CLUSTER', name: 'scoped' }] }));
    assert.equal(r.status, 201, r.text);
    assert.deepEqual(r.json.scopes, [{ name: 'scoped', type: 'CLUSTER' }]);
  });

  it('removes a temporary user when the clock passes deleteAfterDate, with a system event', async () => {
    const g = await createProject(s);
    const now = await clockNow(s);
    const at = (ms: number) => new Date(now + ms).toISOString();
    const temp = (username: string, when: string) => ({ ...scram(username), groupId: g, deleteAfterDate: when });
    const tooLate = await s.owner.post(users(g), temp('t0', at(7 * 86400_000 + 1000)));
    assert.equal(tooLate.json.errorCode, 'EXPIRATION_DATE_EXCEEDS_MAX', tooLate.text);
    assert.equal((await s.owner.post(users(g), temp('t0', at(-1000)))).json.errorCode, 'EXPIRATION_DATE_IN_PAST');
    const x509 = { groupId: g, databaseName: '$external', username: 't9', x509Type: 'MANAGED', roles: [], deleteAfterDate: at(3600_000) };
    assert.equal((await s.owner.post(users(g), x509)).json.errorCode, 'ATLAS_X509_USER_CANNOT_BE_TEMPORARY');

    const created = await s.owner.post(users(g), temp('t1', at(3600_000)));
    assert.equal(created.status, 201, created.text);
    assert.equal(created.json.deleteAfterDate, new Date(Math.floor((now + 3600_000) / 1000) * 1000).toISOString().replace('.000Z', 'Z'));
    await advance(s, 'PT59M');
    assert.equal((await s.owner.get(`${users(g)}/admin/t1`)).status, 200);
    await advance(s, 'PT2M');
    const gone = await s.owner.get(`${users(g)}/admin/t1`);
    assert.equal(gone.status, 404);
    assert.equal(gone.json.errorCode, 'USERNAME_NOT_FOUND');
    const [deleted] = await projectEvents(s, g, { eventType: 'MONGODB_USER_DELETED' });
    assert.equal(deleted!.dbUserUsername, 't1');
    assert.equal(deleted!.apiKeyId, undefined);
    assert.equal(deleted!.created, new Date(Math.floor((now + 3600_000) / 1000) * 1000).toISOString().replace('.000Z', 'Z'));
  });

  it('updates password, roles, scopes, labels and expiry; never the username, database or kind', async () => {
    const g = await createProject(s);
    const now = await clockNow(s);
    const path = `${users(g)}/admin/upd`;
    assert.equal((await s.owner.post(users(g), { ...scram('upd'), groupId: g, deleteAfterDate: new Date(now + 3600_000).toISOString() })).status, 201);
    const before = await s.emulator.services.store.getByName<DatabaseUserDoc>(DATABASE_USERS, g, 'upd');
    const r = await s.owner.patch(path, {
      password: 'another long password',
      roles: [{ roleName: 'readAnyDatabase', databaseName: 'admin' }],
      labels: [{ key: 'env', value: 'dev' }],
      description: 'changed',
      deleteAfterDate: new Date(now + 7200_000).toISOString(),
    });
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(r.json.roles, [{ databaseName: 'admin', roleName: 'readAnyDatabase' }]);
    assert.deepEqual(r.json.labels, [{ key: 'env', value: 'dev' }]);
    assert.equal(r.json.description, 'changed');
    const after = await s.emulator.services.store.getByName<DatabaseUserDoc>(DATABASE_USERS, g, 'upd');
    assert.ok(scramMatches(after!.credential!, 'another long password'));
    assert.notEqual(after!.credential!.storedKey, before!.credential!.storedKey);
    // The new expiry replaces the old one.
    await advance(s, 'PT90M');
    assert.equal((await s.owner.get(path)).status, 200);
    await advance(s, 'PT31M');
    assert.equal((await s.owner.get(path)).status, 404);

    assert.equal((await s.owner.post(users(g), { ...scram('perm'), groupId: g })).status, 201);
    const perm = `${users(g)}/admin/perm`;
    await expectError({ username: 'other' }, 409, 'DATABASE_USERNAME_CANNOT_BE_CHANGED', 'patch', perm);
    await expectError({ databaseName: '$external' }, 409, 'DATABASE_NAME_CANNOT_BE_CHANGED', 'patch', perm);
    await expectError({ x509Type: 'MANAGED' }, 409, 'AUTH_TYPE_CANNOT_BE_CHANGED', 'patch', perm);
    await expectError({ deleteAfterDate: new Date(now + 3600_000).toISOString() }, 400, 'PERMANENT_ENTITY_CANNOT_BE_MADE_TEMPORARY', 'patch', perm);
    await expectError({ scopes: [{ type: 'CLUSTER', name: 'nowhere' }] }, 404, 'CLUSTER_NOT_FOUND', 'patch', perm);
    const types = (await projectEvents(s, g)).map((e) => e.eventTypeName);
    assert.ok(types.includes('MONGODB_USER_UPDATED'));
  });

  it('deletes a user: 204, then 404; a database other than the user\'s finds nothing', async () => {
    assert.equal((await s.owner.delete(`${users()}/$external/bob`)).status, 404);
    assert.equal((await s.owner.delete(`${users()}/admin/bob`)).status, 204);
    const r = await s.owner.get(`${users()}/admin/bob`);
    assert.equal(r.status, 404);
    assert.equal(r.json.detail, 'No user with username bob exists.');
    const [event] = await projectEvents(s, groupId, { eventType: 'MONGODB_USER_DELETED' });
    assert.equal(event!.dbUserUsername, 'bob');
  });

  it('lets the database access admin and the stream processing owner write users; the read-only role only reads', async () => {
    const g = await createProject(s);
    for (const role of ['GROUP_DATABASE_ACCESS_ADMIN', 'GROUP_STREAM_PROCESSING_OWNER']) {
      const { client } = await keyWithRoles(s, { projectRoles: [{ groupId: g, roles: [role] }] });
      const r = await client.post(users(g), { ...scram(`by-${role.toLowerCase()}`), groupId: g });
      assert.equal(r.status, 201, `${role}: ${r.text}`);
    }
    const { client: reader } = await keyWithRoles(s, { projectRoles: [{ groupId: g, roles: ['GROUP_READ_ONLY'] }] });
    assert.equal((await reader.get(users(g))).json.totalCount, 2);
    assert.equal((await reader.post(users(g), { ...scram('nope'), groupId: g })).json.errorCode, 'USER_UNAUTHORIZED');
  });

  it('holds at most 100 users in a project unless its limit is raised: 403 GROUP_USERS_LIMIT_EXCEEDED', async () => {
    const g = await createProject(s);
    const managed = (username: string) => ({ groupId: g, databaseName: '$external', x509Type: 'MANAGED', username, roles: [] });
    for (let i = 0; i < 100; i++) assert.equal((await s.owner.post(users(g), managed(`u${i}`))).status, 201);
    const r = await s.owner.post(users(g), managed('u100'));
    assert.equal(r.status, 403, r.text);
    assert.equal(r.json.errorCode, 'GROUP_USERS_LIMIT_EXCEEDED');
    assert.equal((await s.owner.get(users(g))).json.totalCount, 100);
    assert.equal((await s.owner.patch(`groups/${g}/limits/atlas.project.security.databaseAccess.users`, { value: 101 })).status, 200);
    assert.equal((await s.owner.post(users(g), managed('u100'))).status, 201);
  });

  it('names a service account in the events of its changes', async () => {
    const g = await createProject(s);
    assert.equal((await s.sa.post(users(g), { ...scram('via-sa'), groupId: g })).status, 201);
    const [event] = await projectEvents(s, g, { eventType: 'MONGODB_USER_ADDED' });
    assert.equal(event!.username, s.emulator.credentials.clientId);
  });
});
