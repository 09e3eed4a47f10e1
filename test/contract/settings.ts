import assert from 'node:assert/strict';
import type { Scenario } from './types.js';

export const scenarios: Scenario[] = [
  {
    name: 'auditing configuration',
    async run({ client, groupId }) {
      assert.equal((await client.get(`groups/${groupId}/auditLog`)).status, 200);
      const r = await client.patch(`groups/${groupId}/auditLog`, { enabled: true, auditFilter: '{"atype": "authenticate"}' });
      assert.equal(r.status, 202);
    },
  },
  {
    name: 'managed slow operation threshold',
    async run({ client, groupId }) {
      assert.equal((await client.get(`groups/${groupId}/managedSlowMs`)).status, 200);
      assert.equal((await client.delete(`groups/${groupId}/managedSlowMs/disable`)).status, 204);
      assert.equal((await client.post(`groups/${groupId}/managedSlowMs/enable`)).status, 204);
    },
  },
  {
    name: 'alert configurations',
    async run({ client, groupId }) {
      const base = `groups/${groupId}/alertConfigs`;
      const created = await client.post(base, {
        eventTypeName: 'NO_PRIMARY',
        enabled: true,
        matchers: [{ fieldName: 'CLUSTER_NAME', operator: 'EQUALS', value: 'Cluster0' }],
        notifications: [{ typeName: 'GROUP', intervalMin: 5, delayMin: 0, emailEnabled: true, smsEnabled: false }],
      });
      assert.equal(created.status, 201);
      const id = created.json.id;
      assert.equal((await client.get(base)).status, 200);
      assert.equal((await client.get(`${base}/${id}`)).status, 200);
      const replaced = await client.put(`${base}/${id}`, {
        eventTypeName: 'OUTSIDE_METRIC_THRESHOLD',
        enabled: true,
        metricThreshold: { metricName: 'ASSERT_REGULAR', operator: 'GREATER_THAN', threshold: 10, units: 'RAW', mode: 'AVERAGE' },
        notifications: [{ typeName: 'SLACK', apiToken: 'xoxb-1234567890', channelName: '#alerts', intervalMin: 10, delayMin: 5 }],
      });
      assert.equal(replaced.status, 200);
      assert.equal((await client.patch(`${base}/${id}`, { enabled: false })).status, 200);
      assert.equal((await client.delete(`${base}/${id}`)).status, 204);
    },
  },
];
