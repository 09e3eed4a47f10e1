import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { projectEvents } from './fixtures.js';
import { createProject, startTestServer, type TestServer } from './helpers.js';

describe('custom database roles', () => {
  let s: TestServer;
  before(async () => {
    s = await startTestServer();
  });
  after(async () => s.close());

  const roles = (g: string) => `groups/${g}/customDBRoles/roles`;
  const ns = (db: string, collection = '') => ({ cluster: false, db, collection });
  const find = (db: string, collection = '') => ({ action: 'FIND', resources: [ns(db, collection)] });
  async function refused(path: string, body: unknown, status: number, errorCode: string, method: 'post' | 'patch' = 'post') {
    const r = await s.owner[method](path, body);
    assert.equal(r.status, status, r.text);
    assert.equal(r.json.errorCode, errorCode, r.text);
  }

  it('creates a role with actions on namespaces and the cluster, and inherited roles; answers 202', async () => {
    const g = await createProject(s);
    const r = await s.owner.post(roles(g), {
      roleName: 'analyst',
      actions: [find('sales', 'orders'), { action: 'SERVER_STATUS', resources: [{ cluster: true, db: '', collection: '' }] }],
      inheritedRoles: [{ db: 'reports', role: 'read' }],
    });
    assert.equal(r.status, 202, r.text);
    assert.deepEqual(r.json, {
      actions: [
        { action: 'FIND', resources: [{ cluster: false, collection: 'orders', db: 'sales' }] },
        { action: 'SERVER_STATUS', resources: [{ cluster: true, collection: '', db: '' }] },
      ],
      inheritedRoles: [{ db: 'reports', role: 'read' }],
      roleName: 'analyst',
    });
    assert.deepEqual((await s.owner.get(`${roles(g)}/analyst`)).json, r.json);
    assert.deepEqual((await s.owner.get(roles(g))).json, [r.json]);
    await refused(roles(g), { roleName: 'analyst', actions: [find('x')] }, 409, 'ATLAS_CUSTOM_ROLE_NAME_ALREADY_EXISTS');
    const [event] = await projectEvents(s, g, { eventType: 'MONGODB_ROLE_ADDED', includeRaw: true });
    assert.equal(event!.raw!.roleName, 'analyst');
    assert.equal(event!.publicKey, s.emulator.credentials.publicKey);
  });

  it("counts against the project's custom role limit: 403 CUSTOM_ROLES_LIMIT_EXCEEDED", async () => {
    const g = await createProject(s);
    assert.equal((await s.owner.patch(`groups/${g}/limits/atlas.project.security.databaseAccess.customRoles`, { value: 1 })).status, 200);
    assert.equal((await s.owner.post(roles(g), { roleName: 'one', actions: [find('a')] })).status, 202);
    await refused(roles(g), { roleName: 'two', actions: [find('a')] }, 403, 'CUSTOM_ROLES_LIMIT_EXCEEDED');
  });

  it("refuses Atlas's invalid roles", async () => {
    const g = await createProject(s);
    const p = roles(g);
    await refused(p, { roleName: 'bad name', actions: [find('a')] }, 400, 'ATLAS_CUSTOM_ROLE_INVALID_NAME');
    await refused(p, { roleName: 'readWrite', actions: [find('a')] }, 400, 'ATLAS_INVALID_CUSTOM_ROLE_RESTRICTED');
    await refused(p, { roleName: 'xgen-mine', actions: [find('a')] }, 400, 'ATLAS_RESERVED_CUSTOM_ROLE_RESTRICTED');
    await refused(p, { roleName: 'empty' }, 400, 'ATLAS_CUSTOM_ROLE_HAS_NO_PERMISSIONS');
    await refused(p, { roleName: 'r', actions: [{ action: 'FLY', resources: [ns('a')] }] }, 400, 'INVALID_ENUM_VALUE');
    await refused(p, { roleName: 'r', actions: [{ action: 'FIND', resources: [{ cluster: true, db: '', collection: '' }] }] }, 400, 'ATLAS_INVALID_RESOURCE');
    await refused(p, { roleName: 'r', actions: [{ action: 'SERVER_STATUS', resources: [ns('a')] }] }, 400, 'ATLAS_INVALID_RESOURCE');
    await refused(p, { roleName: 'r', actions: [{ action: 'FIND', resources: [] }] }, 400, 'ATLAS_INVALID_RESOURCE');
    await refused(p, { roleName: 'r', actions: [find('a'), find('b')] }, 400, 'ATLAS_DUPLICATE_CUSTOM_ROLE_ACTION');
    await refused(p, { roleName: 'r', actions: [{ action: 'FIND', resources: [ns('a'), ns('a')] }] }, 400, 'ATLAS_DUPLICATE_CUSTOM_ROLE_RESOURCE');
    await refused(p, { roleName: 'r', actions: [{ action: 'FIND', resources: [{ db: 'a' }] }] }, 400, 'MISSING_ATTRIBUTE');
    await refused(p, { roleName: 'r', inheritedRoles: [{ db: 'admin', role: 'ghost' }] }, 400, 'ATLAS_INVALID_CUSTOM_ROLE_INHERITANCE');
    await refused(p, { roleName: 'r', inheritedRoles: [{ db: 'admin', role: 'r' }] }, 400, 'ATLAS_INVALID_CUSTOM_ROLE_SELF_REFERENTIAL');
    await refused(p, { roleName: 'r', inheritedRoles: [{ db: 'sales', role: 'readAnyDatabase' }] }, 400, 'ATLAS_INVALID_CUSTOM_ROLE_INHERITED_SCOPE');
    await refused(p, { roleName: 'r', inheritedRoles: [{ db: 'a', role: 'read' }, { db: 'a', role: 'read' }] }, 400, 'INVALID_ATTRIBUTE');
    assert.deepEqual((await s.owner.get(p)).json, []);
  });

  it('refuses an inheritance cycle on update, and replaces only the fields sent', async () => {
    const g = await createProject(s);
    assert.equal((await s.owner.post(roles(g), { roleName: 'base', actions: [find('a')] })).status, 202);
    assert.equal((await s.owner.post(roles(g), { roleName: 'mid', inheritedRoles: [{ db: 'admin', role: 'base' }] })).status, 202);
    assert.equal((await s.owner.post(roles(g), { roleName: 'top', inheritedRoles: [{ db: 'admin', role: 'mid' }] })).status, 202);
    await refused(`${roles(g)}/mid`, { inheritedRoles: [{ db: 'sales', role: 'base' }] }, 400, 'ATLAS_INVALID_CUSTOM_ROLE_INHERITED_SCOPE', 'patch');
    await refused(`${roles(g)}/base`, { inheritedRoles: [{ db: 'admin', role: 'top' }] }, 400, 'ATLAS_INVALID_CUSTOM_ROLE_CIRCULAR_DEPENDENCY', 'patch');
    const r = await s.owner.patch(`${roles(g)}/base`, { inheritedRoles: [{ db: 'sales', role: 'read' }] });
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(r.json.actions, [{ action: 'FIND', resources: [{ cluster: false, collection: '', db: 'a' }] }]);
    assert.deepEqual(r.json.inheritedRoles, [{ db: 'sales', role: 'read' }]);
    await refused(`${roles(g)}/ghost`, { actions: [find('a')] }, 404, 'ATLAS_CUSTOM_ROLE_NOT_FOUND', 'patch');
    assert.equal((await projectEvents(s, g, { eventType: 'MONGODB_ROLE_UPDATED' })).length, 1);
  });

  it('refuses to delete a role that users or roles would be left without; otherwise holders lose it', async () => {
    const g = await createProject(s);
    for (const roleName of ['solo', 'shared']) {
      assert.equal((await s.owner.post(roles(g), { roleName, actions: [find(roleName)] })).status, 202);
    }
    assert.equal((await s.owner.post(roles(g), { roleName: 'child', inheritedRoles: [{ db: 'admin', role: 'solo' }] })).status, 202);
    const user = (username: string, roleNames: string[]) => ({
      groupId: g,
      databaseName: 'admin',
      username,
      password: 'long enough pw',
      roles: roleNames.map((roleName) => ({ roleName, databaseName: roleName === 'read' ? 'sales' : 'admin' })),
    });
    assert.equal((await s.owner.post(`groups/${g}/databaseUsers`, user('only-shared', ['shared']))).status, 201);
    assert.equal((await s.owner.post(`groups/${g}/databaseUsers`, user('both', ['solo', 'read']))).status, 201);

    const byRoles = await s.owner.delete(`${roles(g)}/solo`);
    assert.equal(byRoles.status, 409);
    assert.equal(byRoles.json.errorCode, 'ATLAS_CUSTOM_ROLE_IN_USE_BY_ROLES');
    const byUsers = await s.owner.delete(`${roles(g)}/shared`);
    assert.equal(byUsers.status, 409);
    assert.equal(byUsers.json.errorCode, 'ATLAS_CUSTOM_ROLE_IN_USE_BY_USERS');
    assert.match(byUsers.json.detail, /only-shared/);

    assert.equal((await s.owner.delete(`${roles(g)}/child`)).status, 204);
    assert.equal((await s.owner.delete(`${roles(g)}/solo`)).status, 204);
    assert.deepEqual((await s.owner.get(`groups/${g}/databaseUsers/admin/both`)).json.roles, [{ databaseName: 'sales', roleName: 'read' }]);
    assert.equal((await s.owner.get(`${roles(g)}/solo`)).json.errorCode, 'ATLAS_CUSTOM_ROLE_NOT_FOUND');
    assert.equal((await projectEvents(s, g, { eventType: 'MONGODB_ROLE_DELETED' })).length, 2);
  });
});
