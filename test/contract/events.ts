import assert from 'node:assert/strict';
import type { Scenario } from './types.js';

export const scenarios: Scenario[] = [
  {
    name: 'project events',
    async run({ client, groupId }) {
      const list = await client.get(`groups/${groupId}/events`, {
        query: { includeRaw: true, eventType: 'GROUP_CREATED', minDate: '2000-01-01T00:00:00Z' },
      });
      assert.equal(list.status, 200);
      const [event] = list.json.results;
      assert.equal((await client.get(`groups/${groupId}/events/${event.id}`, { query: { includeRaw: true } })).status, 200);
    },
  },
  {
    name: 'organization events',
    async run({ client, orgId }) {
      const list = await client.get(`orgs/${orgId}/events`, { query: { includeRaw: true, eventType: 'GROUP_CREATED' } });
      assert.equal(list.status, 200);
      const [event] = list.json.results;
      assert.equal((await client.get(`orgs/${orgId}/events/${event.id}`)).status, 200);
    },
  },
];
