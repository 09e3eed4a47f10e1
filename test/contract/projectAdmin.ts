import assert from 'node:assert/strict';
import type { Scenario } from './types.js';

const ok = (r: { status: number; text: string }, status = 200) => assert.equal(r.status, status, r.text);

// Project settings and limits, maintenance window, encryption at rest, cloud provider access, integrations.
export const scenarios: Scenario[] = [
  {
    name: 'project settings, limits and maintenance window',
    async run({ client, groupId }) {
      ok(await client.get(`groups/${groupId}/settings`));
      ok(await client.patch(`groups/${groupId}/settings`, { isDataExplorerEnabled: false }));
      ok(await client.get(`groups/${groupId}/limits`));
      ok(await client.get(`groups/${groupId}/limits/atlas.project.deployment.clusters`));
      ok(await client.patch(`groups/${groupId}/limits/atlas.project.deployment.clusters`, { value: 30 }));
      ok(await client.delete(`groups/${groupId}/limits/atlas.project.deployment.clusters`), 204);
      ok(await client.get(`groups/${groupId}/maintenanceWindow`));
      ok(await client.patch(`groups/${groupId}/maintenanceWindow`, { dayOfWeek: 3, hourOfDay: 4 }));
      ok(await client.post(`groups/${groupId}/maintenanceWindow/defer`));
      ok(await client.post(`groups/${groupId}/maintenanceWindow/autoDefer`));
      ok(await client.delete(`groups/${groupId}/maintenanceWindow`), 204);
    },
  },
  {
    name: 'cloud provider access and encryption at rest',
    async run({ client, groupId }) {
      const role = await client.post(`groups/${groupId}/cloudProviderAccess`, { providerName: 'AWS' });
      ok(role);
      ok(await client.get(`groups/${groupId}/cloudProviderAccess`));
      ok(await client.get(`groups/${groupId}/cloudProviderAccess/${role.json.roleId}`));
      ok(await client.patch(`groups/${groupId}/cloudProviderAccess/${role.json.roleId}`, { providerName: 'AWS', iamAssumedRoleArn: 'arn:aws:iam::123456789012:role/atlas-kms' }));
      ok(await client.get(`groups/${groupId}/encryptionAtRest`));
      ok(await client.patch(`groups/${groupId}/encryptionAtRest`, { awsKms: { enabled: true, customerMasterKeyID: 'key-1', region: 'US_EAST_1', roleId: role.json.roleId } }));
      ok(await client.patch(`groups/${groupId}/encryptionAtRest`, { awsKms: { enabled: false } }));
      const pe = await client.post(`groups/${groupId}/encryptionAtRest/AZURE/privateEndpoints`, { regionName: 'US_EAST_2' });
      ok(pe, 202);
      ok(await client.get(`groups/${groupId}/encryptionAtRest/AZURE/privateEndpoints`));
      ok(await client.get(`groups/${groupId}/encryptionAtRest/AZURE/privateEndpoints/${pe.json.id}`));
      ok(await client.delete(`groups/${groupId}/encryptionAtRest/AZURE/privateEndpoints/${pe.json.id}`), 204);
      ok(await client.delete(`groups/${groupId}/cloudProviderAccess/AWS/${role.json.roleId}`), 204);
    },
  },
  {
    name: 'third-party integrations',
    async run({ client, groupId }) {
      ok(await client.post(`groups/${groupId}/integrations/DATADOG`, { type: 'DATADOG', apiKey: '0123456789abcdef0123456789abcdef', region: 'US' }));
      ok(await client.get(`groups/${groupId}/integrations`));
      ok(await client.get(`groups/${groupId}/integrations/DATADOG`));
      ok(await client.put(`groups/${groupId}/integrations/DATADOG`, { type: 'DATADOG', apiKey: 'fedcba9876543210fedcba9876543210', region: 'EU' }));
      ok(await client.delete(`groups/${groupId}/integrations/DATADOG`), 204);
    },
  },
];
