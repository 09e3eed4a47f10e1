import assert from 'node:assert/strict';
import { advance } from '../helpers.js';
import type { Scenario } from './types.js';

const region = { providerName: 'AWS', regionName: 'US_EAST_1', priority: 7, electableSpecs: { instanceSize: 'M10', nodeCount: 3 } };

export const scenarios: Scenario[] = [
  {
    name: 'performance advisor over sample data',
    async run({ server, client, groupId }) {
      const base = `groups/${groupId}/clusters`;
      assert.equal((await client.post(base, { name: 'advice', clusterType: 'REPLICASET', replicationSpecs: [{ regionConfigs: [region] }] })).status, 201);
      await advance(server, 'PT10S');
      assert.equal((await client.post(`groups/${groupId}/sampleDatasetLoad/advice`)).status, 201);
      await advance(server, 'PT3H');
      const processes = (await client.get(`groups/${groupId}/processes`)).json.results;
      const primary = processes.find((p: { typeName: string }) => p.typeName === 'REPLICA_PRIMARY').id;
      const pa = `groups/${groupId}/processes/${primary}/performanceAdvisor`;
      assert.equal((await client.get(`${pa}/namespaces`)).status, 200);
      assert.equal((await client.get(`${pa}/slowQueryLogs`, { query: { includeMetrics: true, includeOpType: true, includeReplicaState: true } })).status, 200);
      assert.equal((await client.get(`${pa}/suggestedIndexes`)).status, 200);
      for (const what of ['suggestedIndexes', 'dropIndexSuggestions', 'schemaAdvice']) {
        assert.equal((await client.get(`${base}/advice/performanceAdvisor/${what}`, { version: '2024-08-05' })).status, 200);
      }
      assert.equal((await client.post(`${base}/advice/index`, { db: 'sample_mflix', collection: 'movies', keys: [{ year: '1' }] })).status, 202);
      await advance(server, 'PT10M');
    },
  },
];
