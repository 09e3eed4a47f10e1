import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import { promisify } from 'node:util';
import { after, before, describe, it } from 'node:test';
import { API_KEYS } from '../src/platform/credentials.js';
import { SERVERLESS_INSTANCES } from '../src/resources/serverless/collections.js';
import { digestHa1, type ApiKeyDoc } from '../src/platform/credentials.js';
import { clusterDeleted, clusterDeleting } from '../src/resources/clusters/hooks.js';
import { ApiError } from '../src/platform/errors.js';
import { getProcess, listClusterProcesses } from '../src/resources/clusters/processes.js';
import { newObjectId } from '../src/platform/ids.js';
import { startEmulator } from '../src/app.js';
import { defaultConfig } from '../src/config.js';
import { ApiClient } from '@mongodb-js/mcp-atlas-api-client';
import { advance, Client, clockNow, createProject, fetchToken, setClock, startTestServer, STORAGE, type TestServer } from './helpers.js';

const run = promisify(execFile);

const PROCESS_ID = /^([0-9]{1,3}\.){3}[0-9]{1,3}|([0-9a-f]{1,4}\:){7}([0-9a-f]{1,4})|(([a-z0-9]+\.){1,10}[a-z]+)?(\:[0-9]{4,5})$/;

function region(over: Record<string, unknown> = {}) {
  return {
    providerName: 'AWS',
    regionName: 'US_EAST_1',
    priority: 7,
    electableSpecs: { instanceSize: 'M10', nodeCount: 3 },
    ...over,
  };
}

function body(name: string, over: Record<string, unknown> = {}) {
  return { name, clusterType: 'REPLICASET', replicationSpecs: [{ regionConfigs: [region()] }], ...over };
}

/** An API key of the bootstrap organization holding one project role (API keys are not managed through the API yet). */
async function keyWithRole(s: TestServer, groupId: string, roleName: string): Promise<Client> {
  const publicKey = Math.random().toString(36).slice(2, 10).padEnd(8, 'x');
  const privateKey = randomUUID();
  const doc: ApiKeyDoc = {
    id: newObjectId(Date.now()),
    orgId: s.orgId,
    desc: roleName,
    publicKey,
    ha1: digestHa1(publicKey, privateKey),
    privateKeyTail: privateKey.slice(-12),
    roles: [{ orgId: s.orgId, roleName: 'ORG_MEMBER' }, { groupId, roleName }],
    accessList: [],
    createdAt: new Date().toISOString(),
  };
  await s.emulator.services.store.write((tx) => tx.put(API_KEYS, doc.id, doc, { parent: null, name: publicKey }));
  s.emulator.services.credentials.invalidate();
  return new Client(s.url, { kind: 'digest', publicKey, privateKey });
}

async function events(s: TestServer, groupId: string, clusterName: string): Promise<{ type: string; created: string; actor: boolean }[]> {
  const { items } = await s.emulator.services.store.queryEvents({
    feed: { groupId },
    clusterNames: [clusterName],
    offset: 0,
    limit: 100,
    includeCount: false,
  });
  return items
    .map((e) => ({ type: e.eventTypeName, created: e.data.created as string, actor: 'remoteAddress' in e.data }))
    .reverse();
}

async function createReady(s: TestServer, groupId: string, name: string, over: Record<string, unknown> = {}) {
  const r = await s.owner.post(`groups/${groupId}/clusters`, body(name, over));
  assert.equal(r.status, 201, r.text);
  await advance(s, 'PT10S');
  return r.json;
}

describe('clusters', () => {
  let s: TestServer;
  before(async () => {
    s = await startTestServer();
  });
  after(async () => s.close());

  it('creates a cluster that is CREATING, then IDLE once the clock passes the create duration', async () => {
    const g = await createProject(s);
    const created = await s.owner.post(`groups/${g}/clusters`, body('Cluster0'));
    assert.equal(created.status, 201);
    assert.equal(created.headers.get('content-type'), 'application/vnd.atlas.2024-10-23+json;charset=utf-8');
    const c = created.json;
    assert.equal(c.stateName, 'CREATING');
    assert.deepEqual(c.connectionStrings, {});
    assert.match(c.id, /^[a-f0-9]{24}$/);
    assert.equal(c.groupId, g);
    assert.equal(c.clusterType, 'REPLICASET');
    assert.equal(c.mongoDBMajorVersion, '8.0');
    assert.equal(c.mongoDBVersion, '8.0.10');
    assert.equal(c.featureCompatibilityVersion, '8.0');
    assert.equal(c.versionReleaseSystem, 'LTS');
    assert.equal(c.paused, false);
    assert.equal(c.terminationProtectionEnabled, false);
    assert.match(c.createDate, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    assert.deepEqual(Object.keys(c), [...Object.keys(c)].sort());
    const spec = c.replicationSpecs[0];
    assert.match(spec.id, /^[a-f0-9]{24}$/);
    assert.match(spec.zoneId, /^[a-f0-9]{24}$/);
    assert.equal(spec.zoneName, 'Zone 1');
    assert.deepEqual(spec.regionConfigs[0].electableSpecs, {
      diskIOPS: 3000,
      diskSizeGB: 10,
      ebsVolumeType: 'STANDARD',
      instanceSize: 'M10',
      nodeCount: 3,
    });
    assert.equal(spec.regionConfigs[0].readOnlySpecs.nodeCount, 0);
    const big = await s.owner.post(`groups/${g}/clusters`, body('Big', { replicationSpecs: [{ regionConfigs: [region({ electableSpecs: { instanceSize: 'M30', nodeCount: 3, diskSizeGB: 100 } })] }] }));
    assert.equal(big.json.replicationSpecs[0].regionConfigs[0].analyticsSpecs.diskSizeGB, 100);
    assert.equal(big.json.replicationSpecs[0].regionConfigs[0].readOnlySpecs.instanceSize, 'M30');
    assert.deepEqual(c.links.map((l: { rel: string }) => l.rel), ['self', 'https://cloud.mongodb.com/restoreJobs', 'https://cloud.mongodb.com/snapshots']);
    assert.equal(c.links[0].href, `${s.url}/api/atlas/v2/groups/${g}/clusters/Cluster0`);

    // The clock is frozen: nothing moves until it is advanced.
    assert.equal((await s.owner.get(`groups/${g}/clusters/Cluster0`)).json.stateName, 'CREATING');
    assert.equal((await s.owner.get(`groups/${g}/processes`)).json.totalCount, 0);
    await advance(s, 'PT2S');
    assert.equal((await s.owner.get(`groups/${g}/clusters/Cluster0`)).json.stateName, 'CREATING');
    await advance(s, 'PT1S');
    const ready = (await s.owner.get(`groups/${g}/clusters/Cluster0`)).json;
    assert.equal(ready.stateName, 'IDLE');
    const dom = /^mongodb\+srv:\/\/cluster0\.([a-z0-9]{6})\.mongodb\.net$/.exec(ready.connectionStrings.standardSrv);
    assert.ok(dom, ready.connectionStrings.standardSrv);
    const rs = /replicaSet=(atlas-[a-z0-9]{6}-shard-0)$/.exec(ready.connectionStrings.standard);
    assert.ok(rs, ready.connectionStrings.standard);
    assert.equal(
      ready.connectionStrings.standard,
      `mongodb://${[0, 1, 2].map((n) => `cluster0-shard-00-0${n}.${dom[1]}.mongodb.net:27017`).join(',')}/?ssl=true&authSource=admin&replicaSet=${rs[1]}`,
    );
    // Hostnames stay the same for the cluster's life.
    await advance(s, 'PT1H');
    assert.deepEqual((await s.owner.get(`groups/${g}/clusters/Cluster0`)).json.connectionStrings, ready.connectionStrings);

    const evs = await events(s, g, 'Cluster0');
    assert.deepEqual(evs.map((e) => e.type), ['CLUSTER_CREATED', 'CLUSTER_READY']);
    assert.equal(evs[0]!.actor, true);
    assert.equal(evs[1]!.actor, false, 'lifecycle events carry no actor');
    // Stamped with the timer's due time (creation + 3s), not the moment the clock was read.
    assert.equal(Date.parse(evs[1]!.created) - Date.parse(evs[0]!.created), 3000);
  });

  it('lists processes of a ready cluster, with ids matching the seed pattern, and gets one', async () => {
    const g = await createProject(s);
    await createReady(s, g, 'procs', { replicationSpecs: [{ regionConfigs: [region({ readOnlySpecs: { instanceSize: 'M10', nodeCount: 1 } })] }] });
    const list = await s.owner.get(`groups/${g}/processes`);
    assert.equal(list.status, 200);
    assert.equal(list.json.totalCount, 4);
    const ids = list.json.results.map((p: { id: string }) => p.id);
    for (const id of ids) assert.match(id, PROCESS_ID);
    const [primary, ...rest] = list.json.results;
    assert.equal(primary.typeName, 'REPLICA_PRIMARY');
    assert.deepEqual(rest.map((p: { typeName: string }) => p.typeName), ['REPLICA_SECONDARY', 'REPLICA_SECONDARY', 'REPLICA_SECONDARY']);
    // As recorded: the host is named after the replica set, the alias after the cluster.
    assert.match(primary.hostname, /^atlas-[a-z0-9]{6}-shard-00-00\.[a-z0-9]{6}\.mongodb\.net$/);
    assert.match(primary.userAlias, /^procs-shard-00-00\.[a-z0-9]{6}\.mongodb\.net$/);
    assert.equal(primary.hostname.split('-shard')[0], primary.replicaSetName.split('-shard')[0]);
    assert.equal(primary.id, `${primary.hostname}:27017`);
    assert.equal(primary.port, 27017);
    assert.match(primary.replicaSetName, /^atlas-[a-z0-9]{6}-shard-0$/);
    assert.equal(primary.version, '8.0.10');
    assert.ok(primary.lastPing && primary.created);
    const one = await s.owner.get(`groups/${g}/processes/${primary.id}`);
    assert.equal(one.status, 200);
    assert.deepEqual(one.json, primary);
    assert.equal(one.json.links[0].href, `${s.url}/api/atlas/v2/groups/${g}/processes/${primary.id}`);
    const missing = await s.owner.get(`groups/${g}/processes/nothere.mongodb.net:27017`);
    assert.equal(missing.status, 404);
    assert.equal(missing.json.errorCode, 'PROCESS_NOT_FOUND');
    assert.equal((await s.owner.get(`groups/${g}/processes/bad%20id`)).json.errorCode, 'INVALID_PATH_PARAMETER');

    // The monitoring module's look-ups.
    const store = s.emulator.services.store;
    assert.equal((await getProcess(store, g, primary.id)).clusterName, 'procs');
    assert.equal((await listClusterProcesses(store, g, 'procs')).length, 4);
  });

  it('gives sharded clusters shard members, config servers and mongos routers', async () => {
    const g = await createProject(s);
    const r = await s.owner.post(`groups/${g}/clusters`, {
      name: 'sharded',
      clusterType: 'SHARDED',
      replicationSpecs: [
        { regionConfigs: [region({ electableSpecs: { instanceSize: 'M30', nodeCount: 3 } })] },
        { regionConfigs: [region({ electableSpecs: { instanceSize: 'M30', nodeCount: 3 } })] },
      ],
    });
    assert.equal(r.status, 201, r.text);
    assert.equal(r.json.replicationSpecs[0].zoneId, r.json.replicationSpecs[1].zoneId);
    assert.notEqual(r.json.replicationSpecs[0].id, r.json.replicationSpecs[1].id);
    await advance(s, 'PT5S');
    const procs = (await s.owner.get(`groups/${g}/processes`)).json.results as { typeName: string; port: number; shardName?: string }[];
    const count = (t: string) => procs.filter((p) => p.typeName === t).length;
    assert.equal(count('SHARD_MONGOS'), 6);
    assert.equal(count('SHARD_CONFIG'), 3);
    assert.equal(count('REPLICA_PRIMARY'), 2);
    assert.equal(count('REPLICA_SECONDARY'), 4);
    assert.ok(procs.filter((p) => p.typeName === 'SHARD_MONGOS').every((p) => p.port === 27016));
    const c = (await s.owner.get(`groups/${g}/clusters/sharded`)).json;
    assert.match(c.connectionStrings.standard, /^mongodb:\/\/sharded-shard-00-00\.[a-z0-9]{6}\.mongodb\.net:27016,/);

    const shard = (zoneName: string, regionName: string) => ({
      zoneName,
      regionConfigs: [region({ regionName, electableSpecs: { instanceSize: 'M30', nodeCount: 3 } })],
    });
    const geo = await s.owner.post(`groups/${g}/clusters`, {
      name: 'geo',
      clusterType: 'GEOSHARDED',
      replicationSpecs: [shard('America', 'US_EAST_1'), shard('America', 'US_EAST_1'), shard('Europe', 'EU_WEST_1')],
    });
    assert.equal(geo.status, 201, geo.text);
    const [a1, a2, eu] = geo.json.replicationSpecs;
    assert.equal(a1.zoneId, a2.zoneId);
    assert.notEqual(a1.zoneId, eu.zoneId);
    assert.equal(eu.zoneName, 'Europe');
  });

  it('updates through UPDATING to IDLE, reshaping processes, with events', async () => {
    const g = await createProject(s);
    await createReady(s, g, 'upd');
    const r = await s.owner.patch(`groups/${g}/clusters/upd`, {
      replicationSpecs: [{ regionConfigs: [region({ electableSpecs: { instanceSize: 'M20', nodeCount: 5 } })] }],
      terminationProtectionEnabled: true,
      tags: [{ key: 'env', value: 'dev' }],
    });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.stateName, 'UPDATING');
    assert.equal(r.json.replicationSpecs[0].regionConfigs[0].electableSpecs.instanceSize, 'M20');
    assert.equal(r.json.terminationProtectionEnabled, true);
    assert.deepEqual(r.json.tags, [{ key: 'env', value: 'dev' }]);
    assert.equal((await s.owner.get(`groups/${g}/processes`)).json.totalCount, 3);
    await advance(s, 'PT2S');
    assert.equal((await s.owner.get(`groups/${g}/clusters/upd`)).json.stateName, 'IDLE');
    assert.equal((await s.owner.get(`groups/${g}/processes`)).json.totalCount, 5);
    const evs = (await events(s, g, 'upd')).map((e) => e.type);
    assert.deepEqual(evs, ['CLUSTER_CREATED', 'CLUSTER_READY', 'CLUSTER_UPDATE_SUBMITTED', 'CLUSTER_UPDATE_COMPLETED']);
  });

  it('upgrades the major version one step at a time', async () => {
    const g = await createProject(s);
    await createReady(s, g, 'ver', { mongoDBMajorVersion: '6.0' });
    const skip = await s.owner.patch(`groups/${g}/clusters/ver`, { mongoDBMajorVersion: '8.0' });
    assert.equal(skip.status, 400);
    assert.equal(skip.json.errorCode, 'INVALID_ATTRIBUTE');
    const step = await s.owner.patch(`groups/${g}/clusters/ver`, { mongoDBMajorVersion: '7' });
    assert.equal(step.status, 200);
    assert.equal(step.json.mongoDBMajorVersion, '7.0');
    assert.equal(step.json.mongoDBVersion, '7.0.21');
    const down = await s.owner.patch(`groups/${g}/clusters/ver`, { mongoDBMajorVersion: '6.0' });
    assert.equal(down.json.errorCode, 'INVALID_ATTRIBUTE');
  });

  it('deletes through DELETING: 202 {}, then 404 CLUSTER_NOT_FOUND, processes gone, hooks called', async () => {
    const g = await createProject(s);
    await createReady(s, g, 'gone');
    const seen: string[] = [];
    const before = async (_tx: unknown, c: { name: string }) => void seen.push(`before:${c.name}`);
    const deleted = async (_tx: unknown, c: { name: string }) => void seen.push(`deleted:${c.name}`);
    const unsubscribe = [clusterDeleting.subscribe(before), clusterDeleted.subscribe(deleted)];
    try {
      const r = await s.owner.delete(`groups/${g}/clusters/gone`);
      assert.equal(r.status, 202);
      assert.equal(r.text, '{}');
      assert.equal(r.headers.get('content-type'), 'application/vnd.atlas.2023-02-01+json;charset=utf-8');
      assert.deepEqual(seen, ['before:gone']);
      assert.equal((await s.owner.get(`groups/${g}/clusters/gone`)).json.stateName, 'DELETING');
      const again = await s.owner.delete(`groups/${g}/clusters/gone`);
      assert.equal(again.json.errorCode, 'CLUSTER_ALREADY_REQUESTED_DELETION');
      await advance(s, 'PT2S');
      assert.deepEqual(seen, ['before:gone', 'deleted:gone']);
    } finally {
      for (const u of unsubscribe) u();
    }
    const missing = await s.owner.get(`groups/${g}/clusters/gone`);
    assert.equal(missing.status, 404);
    assert.deepEqual(missing.json, {
      detail: `No cluster named gone exists in group ${g}.`,
      error: 404,
      errorCode: 'CLUSTER_NOT_FOUND',
      parameters: ['gone', g],
      reason: 'Not Found',
    });
    assert.equal((await s.owner.get(`groups/${g}/processes`)).json.totalCount, 0);
    const evs = (await events(s, g, 'gone')).map((e) => e.type);
    assert.deepEqual(evs.slice(-2), ['CLUSTER_DELETE_SUBMITTED', 'CLUSTER_DELETED']);
    // The project can go once its clusters are gone.
    assert.equal((await s.owner.delete(`groups/${g}`)).status, 202);
  });

  it('lets a beforeDelete hook refuse the delete, leaving the cluster as it was', async () => {
    const g = await createProject(s);
    await createReady(s, g, 'kept');
    const refuse = async () => {
      throw new ApiError(400, 'CANNOT_DELETE_CLUSTER_WITH_PIPELINE', 'A pipeline reads from this cluster.');
    };
    const unsubscribe = clusterDeleting.subscribe(refuse);
    try {
      const r = await s.owner.delete(`groups/${g}/clusters/kept`);
      assert.equal(r.status, 400);
      assert.equal(r.json.errorCode, 'CANNOT_DELETE_CLUSTER_WITH_PIPELINE');
    } finally {
      unsubscribe();
    }
    assert.equal((await s.owner.get(`groups/${g}/clusters/kept`)).json.stateName, 'IDLE');
  });

  it('refuses to delete a cluster with termination protection (400) and the project while clusters exist', async () => {
    const g = await createProject(s);
    await createReady(s, g, 'guarded', { terminationProtectionEnabled: true });
    const r = await s.owner.delete(`groups/${g}/clusters/guarded`);
    assert.equal(r.status, 400);
    assert.equal(r.json.errorCode, 'CANNOT_TERMINATE_CLUSTER_WHEN_TERMINATION_PROTECTION_ENABLED');
    assert.equal((await s.owner.delete(`groups/${g}`)).json.errorCode, 'CANNOT_CLOSE_GROUP_ACTIVE_ATLAS_CLUSTERS');
    await s.owner.patch(`groups/${g}/clusters/guarded`, { terminationProtectionEnabled: false });
    assert.equal((await s.owner.delete(`groups/${g}/clusters/guarded`)).status, 202);
  });

  it('validates names, duplicates, sizes, regions, node counts and priorities with Atlas codes', async () => {
    const g = await createProject(s);
    await createReady(s, g, 'taken');
    const post = (b: unknown) => s.owner.post(`groups/${g}/clusters`, b);
    const cases: [unknown, number, string][] = [
      [body('taken'), 409, 'DUPLICATE_CLUSTER_NAME'],
      [body('-bad'), 400, 'INVALID_ATTRIBUTE'],
      [body('a'.repeat(65)), 400, 'INVALID_ATTRIBUTE'],
      [{ clusterType: 'REPLICASET', replicationSpecs: [{ regionConfigs: [region()] }] }, 400, 'MISSING_ATTRIBUTE'],
      [{ name: 'nospecs' }, 400, 'MISSING_ATTRIBUTE'],
      [body('x1', { clusterType: 'STAR' }), 400, 'INVALID_ENUM_VALUE'],
      [body('x2', { replicationSpecs: [{ regionConfigs: [region({ electableSpecs: { instanceSize: 'M7', nodeCount: 3 } })] }] }), 400, 'INVALID_ENUM_VALUE'],
      // M90 exists on Azure only.
      [body('x3', { replicationSpecs: [{ regionConfigs: [region({ electableSpecs: { instanceSize: 'M90', nodeCount: 3 } })] }] }), 400, 'INVALID_ENUM_VALUE'],
      [body('x4', { replicationSpecs: [{ regionConfigs: [region({ regionName: 'MARS_1' })] }] }), 400, 'INVALID_REGION'],
      [body('x5', { replicationSpecs: [{ regionConfigs: [region({ providerName: 'GCP', regionName: 'US_EAST_1' })] }] }), 400, 'INVALID_REGION'],
      [body('x6', { replicationSpecs: [{ regionConfigs: [region({ electableSpecs: { instanceSize: 'M10', nodeCount: 4 } })] }] }), 400, 'INVALID_ATTRIBUTE'],
      [body('x7', { replicationSpecs: [{ regionConfigs: [region({ electableSpecs: { instanceSize: 'M10', nodeCount: 8 } })] }] }), 400, 'INVALID_ATTRIBUTE'],
      [body('x8', { replicationSpecs: [{ regionConfigs: [region({ priority: 6 })] }] }), 400, 'INVALID_ATTRIBUTE'],
      [
        body('x9', {
          replicationSpecs: [
            {
              regionConfigs: [
                region({ electableSpecs: { instanceSize: 'M10', nodeCount: 2 } }),
                region({ regionName: 'US_WEST_2', priority: 7, electableSpecs: { instanceSize: 'M10', nodeCount: 1 } }),
              ],
            },
          ],
        }),
        400,
        'INVALID_ATTRIBUTE',
      ],
      [body('x10', { replicationSpecs: [{ regionConfigs: [region()] }, { regionConfigs: [region()] }] }), 400, 'INVALID_ATTRIBUTE'],
      [body('x11', { unknownField: true }), 400, 'INVALID_ATTRIBUTE'],
      [body('x12', { replicationSpecs: [{ regionConfigs: [region({ electableSpecs: { instanceSize: 'M10', nodeCount: 3, bogus: 1 } })] }] }), 400, 'INVALID_ATTRIBUTE'],
      [body('x13', { replicationSpecs: [{ regionConfigs: [region({ providerName: 'TENANT', electableSpecs: { instanceSize: 'M0' } })] }] }), 400, 'MISSING_ATTRIBUTE'],
      [body('x14', { replicationSpecs: [{ regionConfigs: [region({ providerName: 'TENANT', backingProviderName: 'AWS', electableSpecs: { instanceSize: 'M10' } })] }] }), 400, 'INVALID_ENUM_VALUE'],
      [body('x15', { versionReleaseSystem: 'CONTINUOUS', mongoDBMajorVersion: '8.0' }), 400, 'INVALID_ATTRIBUTE'],
      [body('x16', { mongoDBMajorVersion: '4.2' }), 400, 'INVALID_ATTRIBUTE'],
      [body('x17', { paused: true }), 400, 'INVALID_ATTRIBUTE'],
      [body('x18', { tags: [{ key: '!bad', value: 'v' }] }), 400, 'INVALID_ATTRIBUTE'],
      [body('x20', { replicationSpecs: [{ regionConfigs: [region({ readOnlySpecs: { instanceSize: 'M20', nodeCount: 1 } })] }] }), 400, 'INVALID_ATTRIBUTE'],
      [body('x19', { replicationSpecs: [{ regionConfigs: [region({ backingProviderName: 'AWS' })] }] }), 400, 'INVALID_ATTRIBUTE'],
    ];
    for (const [b, status, code] of cases) {
      const r = await post(b);
      assert.equal(r.status, status, `${JSON.stringify(b)}: ${r.text}`);
      assert.equal(r.json.errorCode, code, `${JSON.stringify(b)}: ${r.text}`);
    }
    assert.equal((await post('{"name":')).status, 400);
    const malformed = await s.owner.request('POST', `groups/${g}/clusters`, { raw: '{"name":' });
    assert.equal(malformed.json.errorCode, 'MALFORMED_JSON');
    // Nothing of the refused requests was kept.
    assert.equal((await s.owner.get(`groups/${g}/clusters`)).json.totalCount, 1);
    assert.equal((await s.owner.get(`groups/aaaaaaaaaaaaaaaaaaaaaaaa/clusters/taken`)).json.errorCode, 'GROUP_NOT_FOUND');
    assert.equal((await s.owner.get(`groups/${g}/clusters/bad_name`)).json.errorCode, 'INVALID_PATH_PARAMETER');
  });

  it('accepts multi-region clusters with descending priorities, and tenant M0 clusters', async () => {
    const g = await createProject(s);
    const multi = await s.owner.post(
      `groups/${g}/clusters`,
      body('multi', {
        replicationSpecs: [
          {
            regionConfigs: [
              region({ electableSpecs: { instanceSize: 'M10', nodeCount: 2 } }),
              region({ regionName: 'US_WEST_2', priority: 6, electableSpecs: { instanceSize: 'M10', nodeCount: 2 } }),
              region({ regionName: 'EU_WEST_1', priority: 5, electableSpecs: { instanceSize: 'M10', nodeCount: 1 } }),
              region({ regionName: 'AP_SOUTH_1', priority: 0, electableSpecs: { instanceSize: 'M10', nodeCount: 0 }, readOnlySpecs: { instanceSize: 'M10', nodeCount: 2 } }),
            ],
          },
        ],
      }),
    );
    assert.equal(multi.status, 201, multi.text);
    // What the MCP server sends for a free cluster, read-only groupId included.
    const free = await s.owner.post(`groups/${g}/clusters`, {
      groupId: g,
      name: 'free',
      clusterType: 'REPLICASET',
      replicationSpecs: [
        { zoneName: 'Zone 0', regionConfigs: [{ providerName: 'TENANT', backingProviderName: 'AWS', regionName: 'US_EAST_1', electableSpecs: { instanceSize: 'M0' } }] },
      ],
      terminationProtectionEnabled: false,
    });
    assert.equal(free.status, 201, free.text);
    assert.deepEqual(free.json.replicationSpecs[0].regionConfigs[0], {
      backingProviderName: 'AWS',
      electableSpecs: { effectiveInstanceSize: 'M0', instanceSize: 'M0' },
      priority: 7,
      providerName: 'TENANT',
      regionName: 'US_EAST_1',
    });
    assert.equal(free.json.replicationSpecs[0].zoneName, 'Zone 0');
    const paused = await s.owner.patch(`groups/${g}/clusters/free`, { paused: true });
    assert.equal(paused.status, 400);
  });

  it('pauses, refuses changes while paused, and resumes', async () => {
    const g = await createProject(s);
    await createReady(s, g, 'nap');
    const both = await s.owner.patch(`groups/${g}/clusters/nap`, { paused: true, backupEnabled: true });
    assert.equal(both.json.errorCode, 'CANNOT_UPDATE_AND_PAUSE_CLUSTER');
    const p = await s.owner.patch(`groups/${g}/clusters/nap`, { paused: true });
    assert.equal(p.status, 200);
    assert.equal(p.json.paused, true);
    await advance(s, 'PT2S');
    const change = await s.owner.patch(`groups/${g}/clusters/nap`, { backupEnabled: true });
    assert.equal(change.status, 400);
    assert.equal(change.json.errorCode, 'CANNOT_UPDATE_PAUSED_CLUSTER');
    const resumeAndChange = await s.owner.patch(`groups/${g}/clusters/nap`, { paused: false, backupEnabled: true });
    assert.equal(resumeAndChange.json.errorCode, 'CANNOT_UPDATE_PAUSED_CLUSTER');
    const resume = await s.owner.patch(`groups/${g}/clusters/nap`, { paused: false });
    assert.equal(resume.status, 200);
    assert.equal(resume.json.paused, false);
    await advance(s, 'PT2S');
    const evs = (await events(s, g, 'nap')).map((e) => e.type);
    assert.ok(evs.includes('CLUSTER_PAUSED') && evs.includes('CLUSTER_RESUMED'), evs.join());
  });

  it('lists clusters per project and across projects', async () => {
    const g = await createProject(s);
    await createReady(s, g, 'l1');
    await createReady(s, g, 'l2');
    const list = await s.owner.get(`groups/${g}/clusters`, { query: { itemsPerPage: 1 } });
    assert.equal(list.status, 200);
    assert.equal(list.headers.get('content-type'), 'application/vnd.atlas.2024-08-05+json;charset=utf-8');
    assert.equal(list.json.totalCount, 2);
    assert.equal(list.json.results[0].name, 'l1');
    const all = await s.owner.get('clusters');
    assert.equal(all.status, 200);
    const mine = all.json.results.find((r: { groupId: string }) => r.groupId === g);
    assert.deepEqual(mine.clusters.map((c: { name: string }) => c.name), ['l1', 'l2']);
    assert.equal(mine.clusters[0].type, 'REPLICA_SET');
    assert.equal(mine.clusters[0].nodeCount, 3);
    assert.equal(mine.clusters[0].availability, 'available');
  });

  it('answers 400 CANNOT_USE_SERVERLESS_INSTANCE_IN_CLUSTER_API for a serverless instance name', async () => {
    const g = await createProject(s);
    const id = newObjectId(Date.now());
    await s.emulator.services.store.write((tx) =>
      tx.put(SERVERLESS_INSTANCES, id, { id, name: 'sls', groupId: g }, { parent: g, name: 'sls' }),
    );
    for (const r of [
      await s.owner.post(`groups/${g}/clusters`, body('sls')),
      await s.owner.get(`groups/${g}/clusters/sls`),
      await s.owner.patch(`groups/${g}/clusters/sls`, { backupEnabled: true }),
      await s.owner.delete(`groups/${g}/clusters/sls`),
      await s.owner.post(`groups/${g}/clusters/sls:pinFeatureCompatibilityVersion`),
    ]) {
      assert.equal(r.status, 400, r.text);
      assert.equal(r.json.errorCode, 'CANNOT_USE_SERVERLESS_INSTANCE_IN_CLUSTER_API');
    }
  });

  it('serves 2023-02-01 to older clients: numShards, top-level diskSizeGB, Deprecation and Sunset headers', async () => {
    const g = await createProject(s);
    const r = await s.owner.post(
      `groups/${g}/clusters`,
      {
        name: 'legacy',
        clusterType: 'SHARDED',
        diskSizeGB: 100,
        replicationSpecs: [{ numShards: 2, regionConfigs: [region({ electableSpecs: { instanceSize: 'M30', nodeCount: 3 } })] }],
      },
      { version: '2023-02-01' },
    );
    assert.equal(r.status, 201, r.text);
    assert.equal(r.headers.get('content-type'), 'application/vnd.atlas.2023-02-01+json;charset=utf-8');
    assert.equal(r.headers.get('deprecation'), 'Mon, 5 Aug 2024 00:00:00 GMT');
    assert.equal(r.headers.get('sunset'), 'Sun, 1 Mar 2026 00:00:00 GMT');
    assert.equal(r.json.diskSizeGB, 100);
    assert.equal(r.json.replicationSpecs.length, 1);
    assert.equal(r.json.replicationSpecs[0].numShards, 2);
    assert.equal(r.json.replicationSpecs[0].regionConfigs[0].effectiveElectableSpecs, undefined);
    const current = (await s.owner.get(`groups/${g}/clusters/legacy`, { version: '2024-08-05' })).json;
    assert.equal(current.replicationSpecs.length, 2);
    assert.equal(current.replicationSpecs[1].regionConfigs[0].electableSpecs.diskSizeGB, 100);
    await advance(s, 'PT5S');
    const grown = await s.owner.patch(`groups/${g}/clusters/legacy`, { diskSizeGB: 200 }, { version: '2023-02-01' });
    assert.equal(grown.status, 200, grown.text);
    assert.equal(grown.json.diskSizeGB, 200);
    const list = await s.owner.get(`groups/${g}/clusters`, { version: '2023-02-01' });
    assert.equal(list.json.results[0].replicationSpecs[0].numShards, 2);
    assert.equal(list.headers.get('sunset'), 'Sun, 1 Mar 2026 00:00:00 GMT');
    // The current shape refuses the old fields.
    assert.equal((await s.owner.patch(`groups/${g}/clusters/legacy`, { diskSizeGB: 300 })).json.errorCode, 'INVALID_ATTRIBUTE');
  });

  it('takes changes while CREATING into the creation, and refuses them while DELETING', async () => {
    const g = await createProject(s);
    assert.equal((await s.owner.post(`groups/${g}/clusters`, body('early'))).status, 201);
    const r = await s.owner.patch(`groups/${g}/clusters/early`, { backupEnabled: true });
    assert.equal(r.status, 200);
    assert.equal(r.json.stateName, 'CREATING');
    await advance(s, 'PT3S');
    const c = (await s.owner.get(`groups/${g}/clusters/early`)).json;
    assert.equal(c.stateName, 'IDLE');
    assert.equal(c.backupEnabled, true);
    assert.equal((await s.owner.delete(`groups/${g}/clusters/early`)).status, 202);
    const late = await s.owner.patch(`groups/${g}/clusters/early`, { backupEnabled: false });
    assert.equal(late.status, 400);
    assert.equal(late.json.errorCode, 'CLUSTER_ALREADY_REQUESTED_DELETION');
  });
});

describe('clusters across a restart', () => {
  it('keeps clusters and their pending lifecycle steps in the store', async (t) => {
    if (STORAGE !== 'sqlite') {
      t.skip('memory storage does not outlive the process');
      return;
    }
    const s = await startTestServer();
    try {
      const g = await createProject(s);
      assert.equal((await s.owner.post(`groups/${g}/clusters`, body('durable'))).status, 201);
      await s.emulator.close();
      const again = await startEmulator({ ...s.config });
      try {
        const owner = new Client(again.url, { kind: 'digest', publicKey: again.credentials.publicKey, privateKey: again.credentials.privateKey });
        assert.equal((await owner.get(`groups/${g}/clusters/durable`)).json.stateName, 'CREATING');
        await again.services.clock.advance(5000);
        await again.services.scheduler.settle();
        assert.equal((await owner.get(`groups/${g}/clusters/durable`)).json.stateName, 'IDLE');
        assert.equal((await owner.get(`groups/${g}/processes`)).json.totalCount, 3);
      } finally {
        await again.close();
      }
    } finally {
      fs.rmSync(s.config.dataDir, { recursive: true, force: true });
    }
  });
});

describe('cluster actions: employee access and FCV pinning', () => {
  let s: TestServer;
  let g: string;
  before(async () => {
    s = await startTestServer();
    g = await createProject(s);
    await createReady(s, g, 'Cluster0');
  });
  after(async () => s.close());

  const now = () => clockNow(s);

  it('grants employee access (204, no body), shows it until it expires with the clock, replaces it, revokes it', async () => {
    const t = await now();
    const exp = new Date(t + 3600_000).toISOString().replace(/\.\d{3}Z$/, 'Z');
    const r = await s.owner.post(`groups/${g}/clusters/Cluster0:grantMongoDBEmployeeAccess`, { expirationTime: exp, grantType: 'CLUSTER_DATABASE_LOGS' });
    assert.equal(r.status, 204, r.text);
    assert.equal(r.text, '');
    assert.equal(r.headers.get('content-type'), 'application/vnd.atlas.2024-08-05+json;charset=utf-8');
    let c = (await s.owner.get(`groups/${g}/clusters/Cluster0`)).json;
    assert.deepEqual(c.mongoDBEmployeeAccessGrant, { expirationTime: exp, grantType: 'CLUSTER_DATABASE_LOGS' });
    const exp2 = new Date(t + 7200_000).toISOString().replace(/\.\d{3}Z$/, 'Z');
    await s.owner.post(`groups/${g}/clusters/Cluster0:grantMongoDBEmployeeAccess`, { expirationTime: exp2, grantType: 'CLUSTER_INFRASTRUCTURE' });
    c = (await s.owner.get(`groups/${g}/clusters/Cluster0`)).json;
    assert.deepEqual(c.mongoDBEmployeeAccessGrant, { expirationTime: exp2, grantType: 'CLUSTER_INFRASTRUCTURE' });
    await advance(s, 'PT2H');
    c = (await s.owner.get(`groups/${g}/clusters/Cluster0`)).json;
    assert.equal(c.mongoDBEmployeeAccessGrant, undefined, 'expired grants disappear');

    const exp3 = new Date((await now()) + 600_000).toISOString();
    await s.owner.post(`groups/${g}/clusters/Cluster0:grantMongoDBEmployeeAccess`, { expirationTime: exp3, grantType: 'CLUSTER_INFRASTRUCTURE_AND_APP_SERVICES_SYNC_DATA' });
    const revoke = await s.owner.post(`groups/${g}/clusters/Cluster0:revokeMongoDBEmployeeAccess`);
    assert.equal(revoke.status, 204);
    assert.equal((await s.owner.get(`groups/${g}/clusters/Cluster0`)).json.mongoDBEmployeeAccessGrant, undefined);
    const evs = (await events(s, g, 'Cluster0')).map((e) => e.type).filter((t) => t.startsWith('EMPLOYEE'));
    assert.deepEqual(evs, ['EMPLOYEE_ACCESS_GRANTED', 'EMPLOYEE_ACCESS_GRANTED', 'EMPLOYEE_ACCESS_GRANTED', 'EMPLOYEE_ACCESS_REVOKED']);
  });

  it('shows a grant that expires within the current second until that moment', async () => {
    const gm = await createProject(s);
    await createReady(s, gm, 'subsecond');
    const second = Math.ceil((await clockNow(s)) / 1000) * 1000 + 1000;
    await setClock(s, new Date(second + 200).toISOString());
    const expirationTime = new Date(second + 700).toISOString();
    const r = await s.owner.post(`groups/${gm}/clusters/subsecond:grantMongoDBEmployeeAccess`, { expirationTime, grantType: 'CLUSTER_DATABASE_LOGS' });
    assert.equal(r.status, 204, r.text);
    const shown = (await s.owner.get(`groups/${gm}/clusters/subsecond`)).json.mongoDBEmployeeAccessGrant;
    assert.deepEqual(shown, { expirationTime: new Date(second).toISOString().replace('.000Z', 'Z'), grantType: 'CLUSTER_DATABASE_LOGS' });
    await advance(s, 'PT0.5S');
    assert.equal((await s.owner.get(`groups/${gm}/clusters/subsecond`)).json.mongoDBEmployeeAccessGrant, undefined);
  });

  it('validates grants: body required, future expiration, known grant type, existing cluster', async () => {
    const url = `groups/${g}/clusters/Cluster0:grantMongoDBEmployeeAccess`;
    const future = new Date((await now()) + 3600_000).toISOString();
    const cases: [unknown, string][] = [
      [undefined, 'MISSING_ATTRIBUTE'],
      [{ grantType: 'CLUSTER_DATABASE_LOGS' }, 'MISSING_ATTRIBUTE'],
      [{ expirationTime: '2020-01-01T00:00:00Z', grantType: 'CLUSTER_DATABASE_LOGS' }, 'INVALID_ATTRIBUTE'],
      [{ expirationTime: 'tomorrow', grantType: 'CLUSTER_DATABASE_LOGS' }, 'INVALID_ATTRIBUTE'],
      [{ expirationTime: future, grantType: 'EVERYTHING' }, 'INVALID_ENUM_VALUE'],
      [{ expirationTime: future, grantType: 'CLUSTER_DATABASE_LOGS', extra: 1 }, 'INVALID_ATTRIBUTE'],
    ];
    for (const [b, code] of cases) {
      const r = await s.owner.post(url, b);
      assert.equal(r.status, 400, JSON.stringify(b));
      assert.equal(r.json.errorCode, code, `${JSON.stringify(b)}: ${r.text}`);
    }
    assert.equal((await s.owner.request('POST', url, { raw: '{ <Payload> }' })).json.errorCode, 'MALFORMED_JSON');
    const missing = await s.owner.post(`groups/${g}/clusters/nope:grantMongoDBEmployeeAccess`, { expirationTime: future, grantType: 'CLUSTER_DATABASE_LOGS' });
    assert.equal(missing.status, 404);
    assert.equal(missing.json.errorCode, 'CLUSTER_NOT_FOUND');
    const noGroup = await s.owner.post(`groups/bbbbbbbbbbbbbbbbbbbbbbbb/clusters/Cluster0:grantMongoDBEmployeeAccess`, { expirationTime: future, grantType: 'CLUSTER_DATABASE_LOGS' });
    assert.equal(noGroup.json.errorCode, 'GROUP_NOT_FOUND');
    const wrongMethod = await s.owner.get(url);
    assert.equal(wrongMethod.status, 405);
  });

  it('pins the FCV for four weeks by default, moves only the expiration on a second pin, passes through UPDATING, unpins', async () => {
    const pinUrl = `groups/${g}/clusters/Cluster0:pinFeatureCompatibilityVersion`;
    const t0 = Math.floor((await now()) / 1000) * 1000;
    const r = await s.owner.post(pinUrl);
    assert.equal(r.status, 204, r.text);
    assert.equal(r.headers.get('content-type'), 'application/vnd.atlas.2024-05-30+json;charset=utf-8');
    let c = (await s.owner.get(`groups/${g}/clusters/Cluster0`)).json;
    assert.equal(c.stateName, 'UPDATING');
    assert.equal(c.featureCompatibilityVersion, '8.0');
    const fourWeeks = new Date(t0 + 28 * 86_400_000).toISOString().replace('.000Z', 'Z');
    assert.equal(c.featureCompatibilityVersionExpirationDate, fourWeeks);
    await advance(s, 'PT2S');
    assert.equal((await s.owner.get(`groups/${g}/clusters/Cluster0`)).json.stateName, 'IDLE');

    // Later than four weeks after the original pin: 400, even a day later.
    await advance(s, 'P1D');
    const tooLate = await s.owner.post(pinUrl, { expirationDate: new Date(t0 + 28 * 86_400_000 + 1000).toISOString() });
    assert.equal(tooLate.status, 400);
    assert.equal(tooLate.json.errorCode, 'INVALID_ATTRIBUTE');
    const sooner = new Date(t0 + 14 * 86_400_000).toISOString().replace('.000Z', 'Z');
    assert.equal((await s.owner.post(pinUrl, { expirationDate: sooner })).status, 204);
    c = (await s.owner.get(`groups/${g}/clusters/Cluster0`)).json;
    assert.equal(c.featureCompatibilityVersionExpirationDate, sooner);
    assert.equal((await s.owner.post(pinUrl, { expirationDate: '2020-01-01T00:00:00Z' })).json.errorCode, 'INVALID_ATTRIBUTE');
    assert.equal((await s.owner.post(pinUrl, { other: 1 })).json.errorCode, 'INVALID_ATTRIBUTE');

    await advance(s, 'PT2S');
    const unpin = await s.owner.post(`groups/${g}/clusters/Cluster0:unpinFeatureCompatibilityVersion`);
    assert.equal(unpin.status, 204);
    c = (await s.owner.get(`groups/${g}/clusters/Cluster0`)).json;
    assert.equal(c.featureCompatibilityVersionExpirationDate, undefined);
    assert.equal(c.featureCompatibilityVersion, '8.0');
    assert.equal(c.stateName, 'UPDATING');
    await advance(s, 'PT2S');
    const notPinned = await s.owner.post(`groups/${g}/clusters/Cluster0:unpinFeatureCompatibilityVersion`);
    assert.equal(notPinned.status, 400);
    assert.equal(notPinned.json.errorCode, 'FCV_NOT_PINNED');
    const evs = (await events(s, g, 'Cluster0')).map((e) => e.type).filter((t) => t.startsWith('FCV'));
    assert.deepEqual(evs, ['FCV_PINNED', 'FCV_PIN_EXPIRATION_DATE_UPDATED', 'FCV_UNPINNED']);
    assert.equal((await s.owner.post(`groups/${g}/clusters/nope:unpinFeatureCompatibilityVersion`)).json.errorCode, 'CLUSTER_NOT_FOUND');
  });

  it('accepts an expiration exactly four weeks after a pin made within a second', async () => {
    const gm = await createProject(s);
    await createReady(s, gm, 'ms');
    // The pin happens half a second into a second; the client asks for that moment plus four weeks.
    const pinMoment = Math.ceil((await clockNow(s)) / 1000) * 1000 + 1500;
    await setClock(s, new Date(pinMoment).toISOString());
    const exact = new Date(pinMoment + 28 * 86_400_000);
    const r = await s.owner.post(`groups/${gm}/clusters/ms:pinFeatureCompatibilityVersion`, { expirationDate: exact.toISOString() });
    assert.equal(r.status, 204, r.text);
    const c = (await s.owner.get(`groups/${gm}/clusters/ms`)).json;
    assert.equal(c.featureCompatibilityVersionExpirationDate, exact.toISOString().replace(/\.\d{3}Z$/, 'Z'));
    await advance(s, 'PT2S');
    const later = await s.owner.post(`groups/${gm}/clusters/ms:pinFeatureCompatibilityVersion`, {
      expirationDate: new Date(pinMoment + 28 * 86_400_000 + 1).toISOString(),
    });
    assert.equal(later.status, 400);
    assert.equal(later.json.errorCode, 'INVALID_ATTRIBUTE');
  });

  it('keeps a pin that expires within the current second until that moment, its events in order', async () => {
    const gm = await createProject(s);
    await createReady(s, gm, 'pinsub');
    const second = Math.ceil((await clockNow(s)) / 1000) * 1000 + 1000;
    await setClock(s, new Date(second + 200).toISOString());
    const r = await s.owner.post(`groups/${gm}/clusters/pinsub:pinFeatureCompatibilityVersion`, { expirationDate: new Date(second + 700).toISOString() });
    assert.equal(r.status, 204, r.text);
    const pinned = (await s.owner.get(`groups/${gm}/clusters/pinsub`)).json;
    assert.equal(pinned.featureCompatibilityVersionExpirationDate, new Date(second).toISOString().replace('.000Z', 'Z'));
    await advance(s, 'PT0.6S');
    assert.equal((await s.owner.get(`groups/${gm}/clusters/pinsub`)).json.featureCompatibilityVersionExpirationDate, undefined);
    const fcv = (await events(s, gm, 'pinsub')).filter((e) => e.type.startsWith('FCV')).map((e) => e.type);
    assert.deepEqual(fcv, ['FCV_PINNED', 'FCV_UNPINNED']);
  });

  it('lets a pin expire with the clock, and keeps the pinned FCV across a major upgrade', async () => {
    const g2 = await createProject(s);
    await createReady(s, g2, 'old', { mongoDBMajorVersion: '7.0' });
    assert.equal((await s.owner.post(`groups/${g2}/clusters/old:pinFeatureCompatibilityVersion`)).status, 204);
    await advance(s, 'PT2S');
    const up = await s.owner.patch(`groups/${g2}/clusters/old`, { mongoDBMajorVersion: '8.0' });
    assert.equal(up.status, 200);
    assert.equal(up.json.mongoDBVersion, '8.0.10');
    assert.equal(up.json.featureCompatibilityVersion, '7.0');
    await advance(s, 'PT2S');
    // Pinned at the previous release, the cluster may go back to it.
    assert.equal((await s.owner.patch(`groups/${g2}/clusters/old`, { mongoDBMajorVersion: '7.0' })).status, 200);
    await advance(s, 'PT2S');
    assert.equal((await s.owner.patch(`groups/${g2}/clusters/old`, { mongoDBMajorVersion: '8.0' })).status, 200);
    await advance(s, 'P28D');
    const c = (await s.owner.get(`groups/${g2}/clusters/old`)).json;
    assert.equal(c.featureCompatibilityVersion, '8.0');
    assert.equal(c.featureCompatibilityVersionExpirationDate, undefined);
    assert.equal(c.stateName, 'IDLE');
    assert.ok((await events(s, g2, 'old')).some((e) => e.type === 'FCV_UNPINNED' && !e.actor));
  });

  it('refuses FCV pinning on rapid-release and tenant clusters', async () => {
    const g3 = await createProject(s);
    await createReady(s, g3, 'rapid', { versionReleaseSystem: 'CONTINUOUS' });
    await createReady(s, g3, 'm0', {
      replicationSpecs: [{ regionConfigs: [{ providerName: 'TENANT', backingProviderName: 'AWS', regionName: 'US_EAST_1', electableSpecs: { instanceSize: 'M0' } }] }],
    });
    for (const name of ['rapid', 'm0']) {
      for (const action of ['pin', 'unpin']) {
        const r = await s.owner.post(`groups/${g3}/clusters/${name}:${action}FeatureCompatibilityVersion`);
        assert.equal(r.status, 400, `${action} ${name}`);
        assert.equal(r.json.errorCode, 'FCV_PINNING_NOT_SUPPORTED');
      }
    }
  });

  it('enforces roles: GROUP_READ_ONLY cannot grant or pin; GROUP_CLUSTER_MANAGER can', async () => {
    const g4 = await createProject(s);
    await createReady(s, g4, 'roles');
    const reader = await keyWithRole(s, g4, 'GROUP_READ_ONLY');
    const manager = await keyWithRole(s, g4, 'GROUP_CLUSTER_MANAGER');
    const grant = { expirationTime: new Date((await now()) + 3600_000).toISOString(), grantType: 'CLUSTER_DATABASE_LOGS' };
    assert.equal((await reader.get(`groups/${g4}/clusters/roles`)).status, 200);
    // Across projects, a key sees the projects it has a role in.
    const visible = (await reader.get('clusters')).json;
    assert.deepEqual(visible.results.map((r: { groupId: string }) => r.groupId), [g4]);
    assert.equal((await reader.get(`groups/${g}/clusters`)).json.errorCode, 'NOT_IN_GROUP');
    for (const [path, b] of [
      [`groups/${g4}/clusters/roles:grantMongoDBEmployeeAccess`, grant],
      [`groups/${g4}/clusters/roles:pinFeatureCompatibilityVersion`, undefined],
      [`groups/${g4}/clusters/roles:revokeMongoDBEmployeeAccess`, undefined],
    ] as const) {
      const r = await reader.post(path, b);
      assert.equal(r.status, 401, path);
      assert.equal(r.json.errorCode, 'USER_UNAUTHORIZED');
    }
    assert.equal((await reader.post(`groups/${g4}/clusters`, body('nope'))).json.errorCode, 'USER_UNAUTHORIZED');
    assert.equal((await reader.patch(`groups/${g4}/clusters/roles`, { backupEnabled: true })).json.errorCode, 'USER_UNAUTHORIZED');
    // Cluster managers change clusters, but not their termination protection (the project owner's).
    assert.equal((await manager.post(`groups/${g4}/clusters`, body('nope'))).json.errorCode, 'USER_UNAUTHORIZED');
    assert.equal((await manager.patch(`groups/${g4}/clusters/roles`, { terminationProtectionEnabled: true })).json.errorCode, 'USER_UNAUTHORIZED');
    assert.equal((await manager.patch(`groups/${g4}/clusters/roles`, { terminationProtectionEnabled: false })).status, 200);
    await advance(s, 'PT2S');
    assert.equal((await reader.delete(`groups/${g4}/clusters/roles`)).json.errorCode, 'USER_UNAUTHORIZED');
    assert.equal((await manager.post(`groups/${g4}/clusters/roles:grantMongoDBEmployeeAccess`, grant)).status, 204);
    assert.equal((await manager.post(`groups/${g4}/clusters/roles:pinFeatureCompatibilityVersion`)).status, 204);
    await advance(s, 'PT2S');
    assert.equal((await manager.post(`groups/${g4}/clusters/roles:unpinFeatureCompatibilityVersion`)).status, 204);
    assert.equal((await manager.post(`groups/${g4}/clusters/roles:revokeMongoDBEmployeeAccess`)).status, 204);
  });

  it("runs the seed's curl examples (Digest and Bearer) verbatim apart from the host", async (t) => {
    try {
      await run('curl', ['--version']);
    } catch {
      t.skip('curl is not installed');
      return;
    }
    // The two examples of each page, as printed there; {groupId}, {clusterName} and <Payload> are the reader's to fill.
    const examples = {
      bearer: `curl --header "Authorization: Bearer \${ACCESS_TOKEN}" \\
  --header "Accept: application/vnd.atlas.2025-03-12+json" \\
  --header "Content-Type: application/json" \\
  -X POST "https://cloud.mongodb.com/api/atlas/v2/groups/{groupId}/clusters/{clusterName}:ACTION" \\
  -d '{ <Payload> }'`,
      digest: `curl --user "\${PUBLIC_KEY}:\${PRIVATE_KEY}" \\
  --digest \\
  --header "Accept: application/vnd.atlas.2025-03-12+json" \\
  --header "Content-Type: application/json" \\
  -X POST "https://cloud.mongodb.com/api/atlas/v2/groups/{groupId}/clusters/{clusterName}:ACTION" \\
  -d '{ <Payload> }'`,
    };
    const creds = s.emulator.credentials;
    const env = {
      ...process.env,
      PUBLIC_KEY: creds.publicKey,
      PRIVATE_KEY: creds.privateKey,
      ACCESS_TOKEN: await fetchToken(s.url, creds.clientId, creds.clientSecret),
    };
    const gc = await createProject(s);
    await createReady(s, gc, 'curlcluster');
    const cluster = async () => (await s.owner.get(`groups/${gc}/clusters/curlcluster`)).json;
    /** Runs an example as printed; a 204 prints nothing, an error would print its JSON body. */
    const curl = async (kind: keyof typeof examples, action: string, payload?: string) => {
      let command = examples[kind]
        .replace('https://cloud.mongodb.com', s.url)
        .replace('{groupId}', gc)
        .replace('{clusterName}', 'curlcluster')
        .replace('ACTION', action);
      if (payload !== undefined) command = command.replace('{ <Payload> }', payload);
      const { stdout } = await run('sh', ['-c', command], { env });
      assert.equal(stdout, '', `${kind} ${action} answered with a body`);
    };
    for (const kind of ['digest', 'bearer'] as const) {
      const expirationTime = new Date((await now()) + 86_400_000).toISOString().replace(/\.\d{3}Z$/, 'Z');
      const grantType = kind === 'digest' ? 'CLUSTER_DATABASE_LOGS' : 'CLUSTER_INFRASTRUCTURE';
      await curl(kind, 'grantMongoDBEmployeeAccess', JSON.stringify({ expirationTime, grantType }, null, 2));
      assert.deepEqual((await cluster()).mongoDBEmployeeAccessGrant, { expirationTime, grantType });

      const expirationDate = new Date((await now()) + 7 * 86_400_000).toISOString().replace(/\.\d{3}Z$/, 'Z');
      await curl(kind, 'pinFeatureCompatibilityVersion', JSON.stringify({ expirationDate }, null, 2));
      assert.equal((await cluster()).featureCompatibilityVersionExpirationDate, expirationDate);
      await advance(s, 'PT2S');

      // unpin takes no body: the placeholder payload goes out as printed and is ignored.
      await curl(kind, 'unpinFeatureCompatibilityVersion');
      assert.equal((await cluster()).featureCompatibilityVersionExpirationDate, undefined);
      await advance(s, 'PT2S');
    }
    const grants = (await events(s, gc, 'curlcluster')).filter((e) => e.type === 'EMPLOYEE_ACCESS_GRANTED');
    assert.equal(grants.length, 2);
  });
});

describe('clusters through the MCP server Atlas client', () => {
  it('creates a free cluster as the MCP tool does, reads it back, lists it in all projects, and deletes it', async () => {
    const s = await startTestServer();
    try {
      const token = await fetchToken(s.url, s.emulator.credentials.clientId, s.emulator.credentials.clientSecret);
      const noop = () => undefined;
      const api = new ApiClient({
        options: { baseUrl: `${s.url}/`, userAgent: 'emulator-test', httpClient: { fetch, Request } },
        logger: new Proxy({}, { get: () => noop }) as never,
        authProvider: {
          validate: async () => true,
          getAuthHeaders: async () => ({ Authorization: `Bearer ${token}` }),
          revoke: async () => undefined,
        },
      });
      const groupId = await createProject(s);
      const created = await api.createCluster({
        params: { path: { groupId } },
        body: {
          groupId,
          name: 'mcpFree',
          clusterType: 'REPLICASET',
          replicationSpecs: [
            {
              zoneName: 'Zone 0',
              regionConfigs: [
                { providerName: 'TENANT', backingProviderName: 'AWS', regionName: 'US_EAST_1', electableSpecs: { instanceSize: 'M0' } },
              ],
            },
          ],
          terminationProtectionEnabled: false,
        } as never,
      });
      assert.equal(created.stateName, 'CREATING');
      await advance(s, 'PT5S');
      const got = await api.getCluster({ params: { path: { groupId, clusterName: 'mcpFree' } } });
      assert.equal(got.stateName, 'IDLE');
      assert.match(got.connectionStrings?.standardSrv ?? '', /^mongodb\+srv:\/\/mcpfree\./);
      const listed = await api.listClusters({ params: { path: { groupId } } });
      assert.deepEqual(listed.results?.map((c: { name?: string }) => c.name), ['mcpFree']);
      const all = await api.listClusterDetails();
      type OrgGroup = { groupId?: string; clusters?: { name?: string }[] };
      assert.ok(all.results?.some((g: OrgGroup) => g.groupId === groupId && g.clusters?.some((c) => c.name === 'mcpFree')));
      await api.deleteCluster({ params: { path: { groupId, clusterName: 'mcpFree' } } });
      await advance(s, 'PT5S');
      await assert.rejects(api.getCluster({ params: { path: { groupId, clusterName: 'mcpFree' } } }), /CLUSTER_NOT_FOUND|404/);
    } finally {
      await s.close();
    }
  });
});

describe('clusters: bad input is a 4xx, never a 500, and changes nothing', () => {
  it('answers malformed bodies, paths and queries with Atlas errors', async () => {
    const s = await startTestServer();
    try {
      const g = await createProject(s);
      await createReady(s, g, 'target');
      const before = (await s.owner.get(`groups/${g}/clusters/target`)).json;
      const bodies: unknown[] = [
        null, [], 'text', 42, { name: 7 }, { name: 'n', replicationSpecs: null }, { name: 'n', replicationSpecs: [null] },
        { name: 'n', replicationSpecs: [{ regionConfigs: [null] }] }, { name: 'n', replicationSpecs: [{ regionConfigs: 'x' }] },
        { name: 'n', replicationSpecs: [{ regionConfigs: [{ electableSpecs: 'M10' }] }] },
        { name: 'n', replicationSpecs: [{ regionConfigs: [region({ priority: 'high' })] }] },
        { name: 'n', replicationSpecs: [{ regionConfigs: [region({ electableSpecs: { instanceSize: 'M10', nodeCount: -1 } })] }] },
        { name: 'n', replicationSpecs: [{ regionConfigs: [region({ electableSpecs: { instanceSize: 'M10', nodeCount: 3, diskSizeGB: 'big' } })] }] },
        { name: 'n', replicationSpecs: [] }, { name: 'n', replicationSpecs: [{}] }, { name: 'n', replicationSpecs: [{ regionConfigs: [] }] },
        { name: 'n', replicationSpecs: [{ regionConfigs: [{ providerName: 'AWS' }] }] },
        { name: 'n', replicationSpecs: [{ regionConfigs: [{ providerName: 'AWS', regionName: 'US_EAST_1' }] }] },
        { name: 'n', replicationSpecs: [{ regionConfigs: [region({ electableSpecs: { nodeCount: 3 } })] }] },
        { name: 'n', tags: [{ key: '', value: 'v' }] }, { name: 'n', mongoDBMajorVersion: 8 }, { name: 'n', paused: 'no' },
        { name: 'n', clusterType: 'SHARDED', replicationSpecs: [{ regionConfigs: [region()] }] },
        { name: 'n', clusterType: 'GEOSHARDED', replicationSpecs: [{ regionConfigs: [region({ electableSpecs: { instanceSize: 'M30', nodeCount: 3 } })] }] },
      ];
      for (const b of bodies) {
        const created = await s.owner.request('POST', `groups/${g}/clusters`, { raw: JSON.stringify(b) });
        assert.ok(created.status >= 400 && created.status < 500, `create ${JSON.stringify(b)}: ${created.status} ${created.text}`);
        assert.ok(created.json.errorCode, created.text);
        const updated = await s.owner.request('PATCH', `groups/${g}/clusters/target`, { raw: JSON.stringify(b) });
        assert.ok(updated.status < 500, `update ${JSON.stringify(b)}: ${updated.status} ${updated.text}`);
      }
      for (const path of [`groups/${g}/clusters/%ZZ`, `groups/${g}/clusters/a%2Fb`, `groups/${g}/processes/%ZZ`, `groups/${g}/clusters/target:nope`]) {
        const r = await s.owner.get(path);
        assert.ok(r.status >= 400 && r.status < 500, `${path}: ${r.status} ${r.text}`);
      }
      assert.equal((await s.owner.get(`groups/${g}/clusters`, { query: { itemsPerPage: 0 } })).json.errorCode, 'INVALID_QUERY_PARAMETER');
      const after = (await s.owner.get(`groups/${g}/clusters`)).json;
      assert.equal(after.totalCount, 1);
      assert.equal(after.results[0].id, before.id);
    } finally {
      await s.close();
    }
  });
});

describe('cluster lifecycle durations', () => {
  it('follow the configuration', async () => {
    const s = await startTestServer({
      lifecycle: { ...defaultConfig().lifecycle, 'cluster.create': 600_000, 'cluster.delete': 60_000 },
    });
    try {
      const g = await createProject(s);
      assert.equal((await s.owner.post(`groups/${g}/clusters`, body('slow'))).status, 201);
      await advance(s, 'PT9M59S');
      assert.equal((await s.owner.get(`groups/${g}/clusters/slow`)).json.stateName, 'CREATING');
      await advance(s, 'PT1S');
      assert.equal((await s.owner.get(`groups/${g}/clusters/slow`)).json.stateName, 'IDLE');
      assert.equal((await s.owner.delete(`groups/${g}/clusters/slow`)).status, 202);
      await advance(s, 'PT59S');
      assert.equal((await s.owner.get(`groups/${g}/clusters/slow`)).json.stateName, 'DELETING');
      await advance(s, 'PT1S');
      assert.equal((await s.owner.get(`groups/${g}/clusters/slow`)).status, 404);
    } finally {
      await s.close();
    }
  });
});

describe('clusters at a sunset version', () => {
  it('answer 410 VERSION_GONE at 2023-02-01 when sunsets are enforced, and serve 2024-08-05', async () => {
    const s = await startTestServer({ enforceSunset: true });
    try {
      const g = await createProject(s);
      const old = await s.owner.get(`groups/${g}/clusters`, { version: '2023-02-01' });
      assert.equal(old.status, 410);
      assert.equal(old.json.errorCode, 'VERSION_GONE');
      assert.equal((await s.owner.get(`groups/${g}/clusters`, { version: '2024-08-05' })).status, 200);
      // deleteCluster's only version, 2023-02-01, is current and has no sunset.
      assert.equal((await s.owner.delete(`groups/${g}/clusters/none`)).json.errorCode, 'CLUSTER_NOT_FOUND');
    } finally {
      await s.close();
    }
  });
});
