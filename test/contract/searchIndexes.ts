import assert from 'node:assert/strict';
import { advance } from '../helpers.js';
import type { Scenario } from './types.js';

const V = { version: '2024-05-30' };
const OLD = { version: '2023-01-01' };

export const scenarios: Scenario[] = [
  {
    name: 'search and vector search indexes, current and FTS paths',
    async run({ server, client, groupId }) {
      const created = await client.post(`groups/${groupId}/clusters`, {
        name: 'search-c',
        clusterType: 'REPLICASET',
        replicationSpecs: [{ regionConfigs: [{ providerName: 'AWS', regionName: 'US_EAST_1', priority: 7, electableSpecs: { instanceSize: 'M10', nodeCount: 3 } }] }],
      });
      assert.equal(created.status, 201, created.text);
      await advance(server, 'PT10M');
      const base = `groups/${groupId}/clusters/search-c/search/indexes`;
      const text = await client.post(base, { database: 'db', collectionName: 'c', name: 't', type: 'search', definition: { mappings: { dynamic: true } } }, V);
      assert.equal(text.status, 201, text.text);
      const vec = await client.post(
        base,
        {
          database: 'db',
          collectionName: 'c',
          name: 'v',
          type: 'vectorSearch',
          definition: { fields: [{ type: 'vector', path: 'e', numDimensions: 3, similarity: 'euclidean' }, { type: 'filter', path: 'f' }] },
        },
        V,
      );
      assert.equal(vec.status, 201, vec.text);
      await advance(server, 'PT5M');
      assert.equal((await client.get(base, V)).status, 200);
      assert.equal((await client.get(`${base}/db/c`, V)).status, 200);
      assert.equal((await client.get(`${base}/db/c/t`, V)).status, 200);
      assert.equal((await client.patch(`${base}/db/c/t`, { definition: { mappings: { dynamic: false, fields: { a: { type: 'string' } } } } }, V)).status, 200);
      assert.equal((await client.get(`${base}/${vec.json.indexID}`, V)).status, 200);
      const upd = await client.patch(`${base}/${vec.json.indexID}`, { definition: { fields: [{ type: 'vector', path: 'e', numDimensions: 4, similarity: 'cosine' }] } }, V);
      assert.equal(upd.status, 200, upd.text);
      assert.equal((await client.get(`${base}/${vec.json.indexID}`, V)).status, 200);
      assert.equal((await client.delete(`${base}/${vec.json.indexID}`, V)).status, 204);
      assert.equal((await client.delete(`${base}/db/c/t`, V)).status, 204);

      const fts = `groups/${groupId}/clusters/search-c/fts/indexes`;
      const old = await client.post(fts, { database: 'db', collectionName: 'c', name: 'o', mappings: { dynamic: true } }, OLD);
      assert.equal(old.status, 200, old.text);
      assert.equal((await client.get(`${fts}/db/c`, OLD)).status, 200);
      assert.equal((await client.get(`${fts}/${old.json.indexID}`, OLD)).status, 200);
      assert.equal((await client.patch(`${fts}/${old.json.indexID}`, { database: 'db', collectionName: 'c', name: 'o', mappings: { dynamic: false, fields: { x: { type: 'number' } } } }, OLD)).status, 200);
      assert.equal((await client.delete(`${fts}/${old.json.indexID}`, OLD)).status, 204);
    },
  },
];
