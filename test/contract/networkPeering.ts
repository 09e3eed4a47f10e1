import assert from 'node:assert/strict';
import { advance } from '../helpers.js';
import type { Scenario } from './types.js';

export const scenarios: Scenario[] = [
  {
    name: 'network peering containers and connections',
    async run({ server, client, groupId }) {
      const base = `groups/${groupId}`;
      const c = await client.post(`${base}/containers`, { providerName: 'AWS', regionName: 'US_EAST_1', atlasCidrBlock: '10.8.0.0/21' });
      assert.equal(c.status, 201, c.text);
      assert.equal((await client.get(`${base}/containers`, { query: { providerName: "AWS" } })).status, 200);
      assert.equal((await client.get(`${base}/containers/all`)).status, 200);
      assert.equal((await client.get(`${base}/containers/${c.json.id}`)).status, 200);
      assert.equal((await client.patch(`${base}/containers/${c.json.id}`, { providerName: 'AWS', atlasCidrBlock: '10.16.0.0/21' })).status, 200);
      const peer = { containerId: c.json.id, providerName: 'AWS', accepterRegionName: 'us-east-1', awsAccountId: '123456789012', routeTableCidrBlock: '10.0.0.0/16', vpcId: 'vpc-0123456789abcdef0' };
      const p = await client.post(`${base}/peers`, peer);
      assert.equal(p.status, 201, p.text);
      assert.equal((await client.get(`${base}/peers`)).status, 200);
      assert.equal((await client.get(`${base}/peers/${p.json.id}`)).status, 200);
      assert.equal((await client.patch(`${base}/peers/${p.json.id}`, { ...peer, routeTableCidrBlock: '10.1.0.0/16' })).status, 200);
      await advance(server, 'PT1M');
      assert.equal((await client.delete(`${base}/peers/${p.json.id}`)).status, 202);
      await advance(server, 'PT1M');
      assert.equal((await client.delete(`${base}/containers/${c.json.id}`)).status, 204);
      assert.equal((await client.get(`${base}/privateIpMode`)).status, 200);
      assert.equal((await client.patch(`${base}/privateIpMode`, { enabled: false })).status, 200);
    },
  },
];
