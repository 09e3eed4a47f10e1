import assert from 'node:assert/strict';
import { advance } from '../helpers.js';
import type { Scenario } from './types.js';

export const scenarios: Scenario[] = [
  {
    name: 'custom roles and database users of every kind, with X.509 certificates',
    async run({ client, groupId }) {
      const roles = `groups/${groupId}/customDBRoles/roles`;
      const role = { roleName: 'reporter', actions: [{ action: 'FIND', resources: [{ cluster: false, db: 'sales', collection: '' }] }] };
      assert.equal((await client.post(roles, role)).status, 202);
      assert.equal((await client.get(roles)).status, 200);
      assert.equal((await client.get(`${roles}/reporter`)).status, 200);
      assert.equal((await client.patch(`${roles}/reporter`, { inheritedRoles: [{ db: 'sales', role: 'read' }] })).status, 200);

      const users = `groups/${groupId}/databaseUsers`;
      const scram = {
        groupId,
        databaseName: 'admin',
        username: 'app',
        password: 'a long password',
        roles: [{ roleName: 'reporter', databaseName: 'admin' }],
        labels: [{ key: 'env', value: 'test' }],
        description: 'application user',
      };
      assert.equal((await client.post(users, scram)).status, 201);
      const managed = { groupId, databaseName: '$external', username: 'cert-user', x509Type: 'MANAGED', roles: [{ roleName: 'read', databaseName: 'sales' }] };
      assert.equal((await client.post(users, managed)).status, 201);
      assert.equal((await client.get(users)).status, 200);
      assert.equal((await client.get(`${users}/admin/app`)).status, 200);
      assert.equal((await client.patch(`${users}/admin/app`, { password: 'another long password' })).status, 200);
      assert.equal((await client.post(`${users}/cert-user/certs`, { monthsUntilExpiration: 2 })).status, 201);
      assert.equal((await client.get(`${users}/cert-user/certs`)).status, 200);
      const security = `groups/${groupId}/userSecurity`;
      assert.equal((await client.get(security)).status, 200);
      const ldap = { authenticationEnabled: true, hostname: 'ldap.example.com', bindUsername: 'CN=bind,DC=example,DC=com', bindPassword: 'pw' };
      assert.equal((await client.patch(security, { ldap })).status, 202);
      assert.equal((await client.delete(`${security}/customerX509`)).status, 202);
      assert.equal((await client.delete(`${users}/admin/app`)).status, 204);
      assert.equal((await client.delete(`${roles}/reporter`)).status, 204);
    },
  },
  {
    name: 'project IP access list',
    async run({ server, client, groupId }) {
      const list = `groups/${groupId}/accessList`;
      const added = await client.post(list, [
        { ipAddress: '203.0.113.5', comment: 'office' },
        { cidrBlock: '198.51.100.0/24' },
        { awsSecurityGroup: 'sg-0123456789abcdef0' },
      ]);
      assert.equal(added.status, 200);
      assert.equal((await client.get(list)).status, 200);
      assert.equal((await client.get(`${list}/198.51.100.0%2F24`)).status, 200);
      assert.equal((await client.get(`${list}/203.0.113.5/status`)).json.STATUS, 'PENDING');
      await advance(server, 'PT1M');
      assert.equal((await client.get(`${list}/203.0.113.5/status`)).json.STATUS, 'ACTIVE');
      assert.equal((await client.delete(`${list}/203.0.113.5`)).status, 204);
    },
  },
];
