import assert from 'node:assert/strict';
import type { Scenario } from './types.js';

export const scenarios: Scenario[] = [
  {
    name: 'organization API keys and their access lists',
    async run({ client, orgId }) {
      const created = await client.post(`orgs/${orgId}/apiKeys`, { desc: 'contract key', roles: ['ORG_MEMBER'] });
      assert.equal(created.status, 200, created.text);
      const id = created.json.id;
      const base = `orgs/${orgId}/apiKeys/${id}`;
      assert.equal((await client.get(`orgs/${orgId}/apiKeys`)).status, 200);
      assert.equal((await client.get(base)).status, 200);
      assert.equal((await client.patch(base, { desc: 'renamed', roles: ['ORG_READ_ONLY'] })).status, 200);
      const added = await client.post(`${base}/accessList`, [{ ipAddress: '192.0.2.1' }, { cidrBlock: '10.0.0.0/8' }]);
      assert.equal(added.status, 200, added.text);
      assert.equal((await client.get(`${base}/accessList`)).status, 200);
      assert.equal((await client.get(`${base}/accessList/192.0.2.1`)).status, 200);
      assert.equal((await client.get(`${base}/accessList/10.0.0.0%2F8`)).status, 200);
      assert.equal((await client.delete(`${base}/accessList/10.0.0.0%2F8`)).status, 204);
      assert.equal((await client.delete(base)).status, 204);
    },
  },
  {
    name: 'API keys in a project',
    async run({ client, orgId, groupId }) {
      const created = await client.post(`groups/${groupId}/apiKeys`, { desc: 'project key', roles: ['GROUP_READ_ONLY'] });
      assert.equal(created.status, 200, created.text);
      const orgKey = await client.post(`orgs/${orgId}/apiKeys`, { desc: 'assigned later', roles: ['ORG_MEMBER'] });
      const id = orgKey.json.id;
      assert.equal((await client.get(`groups/${groupId}/apiKeys`)).status, 200);
      assert.equal((await client.post(`groups/${groupId}/apiKeys/${id}`, [{ roles: ['GROUP_READ_ONLY'] }])).status, 204);
      const updated = await client.patch(`groups/${groupId}/apiKeys/${id}`, { roles: ['GROUP_CLUSTER_MANAGER'] });
      assert.equal(updated.status, 200, updated.text);
      assert.equal((await client.delete(`groups/${groupId}/apiKeys/${id}`)).status, 204);
      assert.equal((await client.delete(`orgs/${orgId}/apiKeys/${id}`)).status, 204);
      assert.equal((await client.delete(`orgs/${orgId}/apiKeys/${created.json.id}`)).status, 204);
    },
  },
  {
    name: 'service accounts and their secrets',
    async run({ client, orgId }) {
      const created = await client.post(`orgs/${orgId}/serviceAccounts`, {
        name: 'contract-sa',
        description: 'contract service account',
        roles: ['ORG_MEMBER'],
        secretExpiresAfterHours: 24,
      });
      assert.equal(created.status, 201, created.text);
      const base = `orgs/${orgId}/serviceAccounts/${created.json.clientId}`;
      assert.equal((await client.get(`orgs/${orgId}/serviceAccounts`)).status, 200);
      assert.equal((await client.get(base)).status, 200);
      assert.equal((await client.patch(base, { description: 'changed', roles: ['ORG_READ_ONLY'] })).status, 200);
      const listed = await client.post(`${base}/accessList`, [{ ipAddress: '198.51.100.7' }, { cidrBlock: '10.2.0.0/16' }]);
      assert.equal(listed.status, 200, listed.text);
      assert.equal((await client.get(`${base}/accessList`)).status, 200);
      assert.equal((await client.delete(`${base}/accessList/10.2.0.0%2F16`)).status, 204);
      assert.equal((await client.get(`${base}/groups`)).status, 200);
      const secret = await client.post(`${base}/secrets`, { secretExpiresAfterHours: 48 });
      assert.equal(secret.status, 201, secret.text);
      assert.equal((await client.delete(`${base}/secrets/${secret.json.id}`)).status, 204);
      assert.equal((await client.delete(base)).status, 204);
    },
  },
  {
    name: 'service accounts in a project',
    async run({ client, orgId, groupId }) {
      const created = await client.post(`groups/${groupId}/serviceAccounts`, {
        name: 'project-sa',
        description: 'created from a project',
        roles: ['GROUP_READ_ONLY'],
        secretExpiresAfterHours: 24,
      });
      assert.equal(created.status, 201, created.text);
      const base = `groups/${groupId}/serviceAccounts/${created.json.clientId}`;
      assert.equal((await client.get(`groups/${groupId}/serviceAccounts`)).status, 200);
      assert.equal((await client.get(base)).status, 200);
      assert.equal((await client.patch(base, { roles: ['GROUP_OWNER'] })).status, 200);
      assert.equal((await client.delete(base)).status, 204);
      const invited = await client.post(`${base}:invite`, { roles: ['GROUP_CLUSTER_MANAGER'] });
      assert.equal(invited.status, 200, invited.text);
      assert.equal((await client.delete(`orgs/${orgId}/serviceAccounts/${created.json.clientId}`)).status, 204);
    },
  },
];
