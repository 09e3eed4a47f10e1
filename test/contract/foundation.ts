import assert from 'node:assert/strict';
import type { Scenario } from './types.js';

export const scenarios: Scenario[] = [
  {
    name: 'organizations',
    async run({ client, orgId }) {
      assert.equal((await client.get('orgs')).status, 200);
      assert.equal((await client.get(`orgs/${orgId}`)).status, 200);
      assert.equal((await client.get(`orgs/${orgId}/groups`)).status, 200);
    },
  },
  {
    name: 'projects',
    async run({ client, orgId }) {
      const created = await client.post('groups', { name: 'contract-project', orgId, tags: [{ key: 'env', value: 'test' }] });
      assert.equal(created.status, 201);
      const id = created.json.id;
      assert.equal((await client.get('groups')).status, 200);
      assert.equal((await client.get(`groups/${id}`)).status, 200);
      assert.equal((await client.get('groups/byName/contract-project')).status, 200);
      assert.equal((await client.patch(`groups/${id}`, { name: 'contract-project-2' })).status, 200);
      assert.equal((await client.delete(`groups/${id}`)).status, 202);
    },
  },
  {
    name: 'alert configuration matcher field names',
    async run({ client }) {
      assert.equal((await client.get('alertConfigs/matchers/fieldNames')).status, 200);
    },
  },
];
