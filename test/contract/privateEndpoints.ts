import assert from 'node:assert/strict';
import { advance } from '../helpers.js';
import type { Scenario } from './types.js';

const providers = [
  { provider: 'AWS', region: 'us-east-1', endpoint: { id: 'vpce-0123456789abcdef0' }, endpointId: 'vpce-0123456789abcdef0' },
  {
    provider: 'AZURE',
    region: 'eastus2',
    endpoint: {
      id: '/subscriptions/19265c27-b60e-4c3b-9426-ae3f507300b5/resourceGroups/app-rg/providers/Microsoft.Network/privateEndpoints/app-pe',
      privateEndpointIPAddress: '10.0.0.4',
    },
    endpointId: '/subscriptions/19265c27-b60e-4c3b-9426-ae3f507300b5/resourceGroups/app-rg/providers/Microsoft.Network/privateEndpoints/app-pe',
  },
  {
    provider: 'GCP',
    region: 'us-east4',
    endpoint: {
      endpointGroupName: 'atlas-group',
      gcpProjectId: 'customer-project-42',
      endpoints: [{ endpointName: 'rule-0', ipAddress: '10.142.0.10' }],
    },
    endpointId: 'atlas-group',
  },
];

export const scenarios: Scenario[] = providers.map(({ provider, region, endpoint, endpointId }) => ({
  name: `private endpoint service and endpoint on ${provider}`,
  async run({ server, client, groupId }) {
    const created = await client.post(`groups/${groupId}/privateEndpoint/endpointService`, { providerName: provider, region });
    assert.equal(created.status, 201);
    const service = `groups/${groupId}/privateEndpoint/${provider}/endpointService/${created.json.id}`;
    await advance(server, 'PT1M');
    assert.equal((await client.get(`groups/${groupId}/privateEndpoint/${provider}/endpointService`)).status, 200);
    assert.equal((await client.get(service)).json.status, 'AVAILABLE');
    assert.equal((await client.post(`${service}/endpoint`, endpoint)).status, 200);
    const one = `${service}/endpoint/${encodeURIComponent(endpointId)}`;
    assert.equal((await client.get(one)).status, 200);
    await advance(server, 'PT1M');
    assert.equal((await client.get(service)).status, 200);
    assert.equal((await client.delete(one)).status, 204);
    assert.equal((await client.get(one)).status, 200);
    assert.equal((await client.delete(service)).status, 204);
    assert.equal((await client.get(service)).status, 200);
  },
}));
