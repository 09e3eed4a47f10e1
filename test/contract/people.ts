import assert from 'node:assert/strict';
import { Client } from '../helpers.js';
import type { Scenario } from './types.js';

const V2025 = { version: '2025-02-19' };
const ok = (r: { status: number; text: string }, status = 200) => assert.equal(r.status, status, r.text);

// MongoDB Cloud users, teams, invitations and organization administration.
export const scenarios: Scenario[] = [
  {
    name: 'users, teams and invitations',
    async run({ client, orgId, groupId, server }) {
      const suffix = Math.random().toString(36).slice(2, 8);
      const created = await client.post('users', {
        username: `ada-${suffix}@example.com`,
        password: 'correct horse battery',
        firstName: 'Ada',
        lastName: 'Lovelace',
        country: 'GB',
        mobileNumber: '2125550123',
        roles: [{ orgId, roleName: 'ORG_MEMBER' }],
      });
      ok(created);
      const userId = created.json.id;
      ok(await client.get(`users/${userId}`));
      ok(await client.get(`users/byName/ada-${suffix}@example.com`));
      ok(await client.get(`orgs/${orgId}/users`, { version: '2023-01-01' }));
      ok(await client.get(`orgs/${orgId}/users`, V2025));
      ok(await client.get(`orgs/${orgId}/users/${userId}`, V2025));
      ok(await client.patch(`orgs/${orgId}/users/${userId}`, { roles: { orgRoles: ['ORG_MEMBER', 'ORG_READ_ONLY'] } }, V2025));
      ok(await client.post(`orgs/${orgId}/users/${userId}:addRole`, { orgRole: 'ORG_BILLING_READ_ONLY' }, V2025));
      ok(await client.post(`orgs/${orgId}/users/${userId}:removeRole`, { orgRole: 'ORG_BILLING_READ_ONLY' }, V2025));
      ok(await client.put(`orgs/${orgId}/users/${userId}/roles`, { orgRoles: ['ORG_MEMBER'] }, { version: '2023-01-01' }));

      ok(await client.post(`groups/${groupId}/users`, { username: `ada-${suffix}@example.com`, roles: ['GROUP_READ_ONLY'] }, V2025), 201);
      ok(await client.get(`groups/${groupId}/users`, V2025));
      ok(await client.get(`groups/${groupId}/users/${userId}`, V2025));
      ok(await client.post(`groups/${groupId}/users/${userId}:addRole`, { groupRole: 'GROUP_CLUSTER_MANAGER' }, V2025));
      ok(await client.post(`groups/${groupId}/users/${userId}:removeRole`, { groupRole: 'GROUP_CLUSTER_MANAGER' }, V2025));
      ok(await client.put(`groups/${groupId}/users/${userId}/roles`, { groupRoles: ['GROUP_READ_ONLY'] }, { version: '2023-01-01' }));

      const team = await client.post(`orgs/${orgId}/teams`, { name: `team-${suffix}`, usernames: [`ada-${suffix}@example.com`] });
      ok(team);
      const teamId = team.json.id;
      ok(await client.get(`orgs/${orgId}/teams`));
      ok(await client.get(`orgs/${orgId}/teams/${teamId}`));
      ok(await client.get(`orgs/${orgId}/teams/byName/team-${suffix}`));
      ok(await client.patch(`orgs/${orgId}/teams/${teamId}`, { name: `renamed-${suffix}` }));
      ok(await client.get(`orgs/${orgId}/teams/${teamId}/users`, V2025));
      ok(await client.delete(`orgs/${orgId}/teams/${teamId}/users/${userId}`, { version: '2023-01-01' }), 204);
      ok(await client.post(`orgs/${orgId}/teams/${teamId}/users`, [{ id: userId }], { version: '2023-01-01' }));
      ok(await client.post(`orgs/${orgId}/teams/${teamId}:removeUser`, { id: userId }, V2025));
      ok(await client.post(`orgs/${orgId}/teams/${teamId}:addUser`, { id: userId }, V2025));
      ok(await client.post(`groups/${groupId}/teams`, [{ teamId, roleNames: ['GROUP_READ_ONLY'] }]));
      ok(await client.get(`groups/${groupId}/teams`));
      ok(await client.get(`groups/${groupId}/teams/${teamId}`));
      ok(await client.patch(`groups/${groupId}/teams/${teamId}`, { roleNames: ['GROUP_DATA_ACCESS_READ_ONLY'] }));
      ok(await client.delete(`groups/${groupId}/teams/${teamId}`), 204);
      ok(await client.delete(`orgs/${orgId}/teams/${teamId}`), 204);

      const invited = await client.post(`orgs/${orgId}/users`, { username: `grace-${suffix}@example.com`, roles: { orgRoles: ['ORG_MEMBER'] } }, V2025);
      ok(invited, 201);
      ok(await client.delete(`orgs/${orgId}/users/${invited.json.id}`, V2025), 204);
      ok(await client.delete(`groups/${groupId}/users/${userId}`, V2025), 204);
      ok(await client.delete(`orgs/${orgId}/users/${userId}`, V2025), 204);

      const orgInvite = await client.post(`orgs/${orgId}/invites`, { username: `lin-${suffix}@example.com`, roles: ['ORG_MEMBER'] }, { version: '2023-01-01' });
      ok(orgInvite);
      ok(await client.get(`orgs/${orgId}/invites`, { version: '2023-01-01' }));
      ok(await client.get(`orgs/${orgId}/invites/${orgInvite.json.id}`, { version: '2023-01-01' }));
      ok(await client.patch(`orgs/${orgId}/invites`, { username: `lin-${suffix}@example.com`, roles: ['ORG_READ_ONLY'] }, { version: '2023-01-01' }));
      ok(await client.patch(`orgs/${orgId}/invites/${orgInvite.json.id}`, { roles: ['ORG_MEMBER'] }, { version: '2023-01-01' }));
      ok(await client.delete(`orgs/${orgId}/invites/${orgInvite.json.id}`, { version: '2023-01-01' }), 204);

      const groupInvite = await client.post(`groups/${groupId}/invites`, { username: `kay-${suffix}@example.com`, roles: ['GROUP_READ_ONLY'] }, { version: '2023-01-01' });
      ok(groupInvite);
      ok(await client.get(`groups/${groupId}/invites`, { version: '2023-01-01' }));
      ok(await client.get(`groups/${groupId}/invites/${groupInvite.json.id}`, { version: '2023-01-01' }));
      ok(await client.patch(`groups/${groupId}/invites`, { username: `kay-${suffix}@example.com`, roles: ['GROUP_OWNER'] }, { version: '2023-01-01' }));
      ok(await client.patch(`groups/${groupId}/invites/${groupInvite.json.id}`, { roles: ['GROUP_READ_ONLY'] }, { version: '2023-01-01' }));
      ok(await client.delete(`groups/${groupId}/invites/${groupInvite.json.id}`, { version: '2023-01-01' }), 204);
      void server;
    },
  },
  {
    name: 'organization administration',
    async run({ client, orgId, server }) {
      ok(await client.get(`orgs/${orgId}/settings`));
      ok(await client.patch(`orgs/${orgId}/settings`, { securityContact: 'security@example.com', multiFactorAuthRequired: true }));
      ok(await client.get(`orgs/${orgId}/delegationSettings`, { version: '2025-03-12' }));
      ok(await client.patch(`orgs/${orgId}/delegationSettings`, { delegatedMcpAccess: 'READ_ONLY' }, { version: '2025-03-12' }));
      ok(await client.patch(`orgs/${orgId}`, { name: 'Renamed-Org' }));

      const owner = await client.post('users', {
        username: `owner-${Math.random().toString(36).slice(2, 8)}@example.com`,
        password: 'correct horse battery',
        firstName: 'O',
        lastName: 'Wner',
        country: 'US',
        mobileNumber: '2125550123',
        roles: [{ orgId, roleName: 'ORG_OWNER' }],
      });
      ok(owner);
      const made = await client.post('orgs', { name: 'Second-Org', orgOwnerId: owner.json.id, apiKey: { desc: 'first key', roles: ['ORG_OWNER'] } });
      ok(made, 201);
      const newKey = new Client(server.url, { kind: 'digest', publicKey: made.json.apiKey.publicKey, privateKey: made.json.apiKey.privateKey }, client.log);
      ok(await newKey.delete(`orgs/${made.json.organization.id}`), 204);
    },
  },
];
