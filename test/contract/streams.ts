import assert from 'node:assert/strict';
import { advance } from '../helpers.js';
import type { Scenario } from './types.js';

const V = { version: '2023-02-01' };
const P = { version: '2024-05-30' };
const region = { cloudProvider: 'AWS', region: 'VIRGINIA_USA' };

export const scenarios: Scenario[] = [
  {
    name: 'stream processing: workspaces, connections, processors, audit log',
    async run({ server, client, groupId }) {
      const created = await client.post(`groups/${groupId}/clusters`, {
        name: 'streams-c',
        clusterType: 'REPLICASET',
        replicationSpecs: [{ regionConfigs: [{ providerName: 'AWS', regionName: 'US_EAST_1', priority: 7, electableSpecs: { instanceSize: 'M10', nodeCount: 3 } }] }],
      });
      assert.equal(created.status, 201, created.text);
      await advance(server, 'PT10M');
      const ws = `groups/${groupId}/streams`;
      assert.equal((await client.post(ws, { name: 'plain', dataProcessRegion: region, streamConfig: { tier: 'SP10' } }, V)).status, 200);
      assert.equal((await client.post(`${ws}:withSampleConnections`, { name: 'w', dataProcessRegion: region }, { version: '2024-08-05' })).status, 200);
      assert.equal((await client.get(ws, V)).status, 200);
      assert.equal((await client.get(`${ws}/w?includeConnections=true`, V)).status, 200);
      assert.equal((await client.patch(`${ws}/plain`, { streamConfig: { tier: 'SP30' } }, V)).status, 200);
      const conns = `${ws}/w/connections`;
      const kafka = await client.post(
        conns,
        { name: 'k', type: 'Kafka', bootstrapServers: 'b:9092', authentication: { mechanism: 'PLAIN', username: 'u', password: 'p' }, security: { protocol: 'SASL_SSL' } },
        V,
      );
      assert.equal(kafka.status, 200, kafka.text);
      assert.equal((await client.post(conns, { name: 'atlas', type: 'Cluster', clusterName: 'streams-c', dbRoleToExecute: { role: 'atlasAdmin', type: 'BUILT_IN' } }, V)).status, 200);
      assert.equal((await client.get(conns, V)).status, 200);
      assert.equal((await client.get(`${conns}/k`, V)).status, 200);
      assert.equal((await client.patch(`${conns}/k`, { bootstrapServers: 'c:9092' }, V)).status, 200);
      const pipeline = [
        { $source: { connectionName: 'sample_stream_solar' } },
        { $limit: 5 },
        { $merge: { into: { connectionName: 'atlas', db: 'd', coll: 'c' } } },
      ];
      const proc = await client.post(`${ws}/w/processor`, { name: 'p', pipeline, options: { dlq: { connectionName: 'atlas', db: 'd', coll: 'dlq' } } }, P);
      assert.equal(proc.status, 200, proc.text);
      const one = `${ws}/w/processor/p`;
      assert.equal((await client.post(`${one}:start`, undefined, P)).status, 200);
      await advance(server, 'PT1M');
      assert.equal((await client.get(one, P)).status, 200);
      assert.equal((await client.get(`${ws}/w/processors`, P)).status, 200);
      assert.equal((await client.post(`${one}:stop`, undefined, P)).status, 200);
      assert.equal((await client.patch(one, { pipeline }, P)).status, 200);
      assert.equal((await client.post(`${one}:startWith`, { tier: 'SP10' }, { version: '2025-03-12' })).status, 200);
      assert.equal((await client.post(`${one}:stop`, undefined, P)).status, 200);
      const log = await client.request('GET', `${ws}/w/auditLogs`, { headers: { Accept: 'application/vnd.atlas.2023-02-01+gzip' } });
      assert.equal(log.status, 200);
      const ops = await client.request('GET', `${ws}/w:downloadOperationalLogs`, { headers: { Accept: 'application/vnd.atlas.2025-03-12+gzip' } });
      assert.equal(ops.status, 200);
      assert.equal((await client.delete(one, P)).status, 204);
      assert.equal((await client.delete(`${conns}/k`, V)).status, 202);
      assert.equal((await client.delete(`${ws}/plain`, V)).status, 202);
      assert.equal((await client.delete(`${ws}/w`, V)).status, 202);
    },
  },
  {
    name: 'stream processing networking: account details, PrivateLink connections',
    async run({ server, client, groupId }) {
      const ws = `groups/${groupId}/streams`;
      assert.equal((await client.get(`${ws}/accountDetails?cloudProvider=AWS&regionName=US_EAST_1`, { version: '2024-11-13' })).status, 200);
      const link = await client.post(`${ws}/privateLinkConnections`, { provider: 'AWS', vendor: 'CONFLUENT', region: 'us-east-1', serviceEndpointId: 'com.amazonaws.vpce.us-east-1.vpce-svc-0123456789abcdef0', dnsDomain: 'x.aws.confluent.cloud' }, V);
      assert.equal(link.status, 200, link.text);
      const one = `${ws}/privateLinkConnections/${link.json._id}`;
      await advance(server, 'PT5M');
      assert.equal((await client.get(`${ws}/privateLinkConnections`, V)).status, 200);
      assert.equal((await client.get(one, V)).status, 200);
      assert.equal((await client.patch(one, { dnsDomain: 'y.aws.confluent.cloud' }, { version: '2025-03-12' })).status, 200);
      assert.equal((await client.delete(one, V)).status, 202);
    },
  },
];
