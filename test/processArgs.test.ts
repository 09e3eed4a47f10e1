import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { advance, createProject, startTestServer, type TestServer } from './helpers.js';
import { projectEvents, readyCluster } from './fixtures.js';

describe('advanced configuration (processArgs)', () => {
  let s: TestServer;
  let groupId: string;
  const path = (name: string) => `groups/${groupId}/clusters/${name}/processArgs`;

  before(async () => {
    s = await startTestServer();
    groupId = await createProject(s);
    await readyCluster(s, groupId, 'args');
  });
  after(() => s.close());

  it('serves Atlas defaults in the shape of each version', async () => {
    const now = await s.owner.get(path('args'), { version: '2024-08-05' });
    assert.equal(now.status, 200, now.text);
    assert.equal(now.json.javascriptEnabled, true);
    assert.equal(now.json.minimumEnabledTlsProtocol, 'TLS1_2');
    assert.equal(now.json.transactionLifetimeLimitSeconds, 60);
    assert.equal(now.json.defaultWriteConcern, 'majority');
    assert.equal(now.json.changeStreamOptionsPreAndPostImagesExpireAfterSeconds, -1);
    assert.equal(now.json.oplogSizeMB, undefined);
    assert.equal(now.json.defaultReadConcern, undefined, 'the 2024-08-05 shape has no defaultReadConcern');
    const old = await s.owner.get(path('args'), { version: '2023-01-01' });
    assert.equal(old.status, 200);
    assert.equal(old.json.defaultReadConcern, 'available');
    assert.match(String(old.headers.get('sunset')), /2027/);
  });

  it('updates, records its event, and rolls the cluster through UPDATING to IDLE', async () => {
    const r = await s.owner.patch(path('args'), { oplogSizeMB: 2048, noTableScan: true, defaultWriteConcern: '2' }, { version: '2024-08-05' });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.oplogSizeMB, 2048);
    assert.equal(r.json.noTableScan, true);
    assert.equal(r.json.javascriptEnabled, true, 'fields not sent keep their values');
    assert.equal((await s.owner.get(`groups/${groupId}/clusters/args`)).json.stateName, 'UPDATING');
    const events = await projectEvents(s, groupId, { eventType: 'CLUSTER_PROCESS_ARGS_UPDATE_SUBMITTED' });
    assert.equal(events.length, 1);
    await advance(s, 'PT5M');
    assert.equal((await s.owner.get(`groups/${groupId}/clusters/args`)).json.stateName, 'IDLE');
    assert.equal((await s.owner.get(path('args'))).json.oplogSizeMB, 2048);
    const unset = await s.owner.patch(path('args'), { oplogSizeMB: null });
    assert.equal(unset.status, 200, unset.text);
    assert.equal(unset.json.oplogSizeMB, undefined);
    await advance(s, 'PT5M');
  });

  it('refuses what Atlas refuses, changing nothing', async () => {
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ oplogSizeMB: 500 }, 'INVALID_ATTRIBUTE'],
      [{ oplogMinRetentionHours: -1 }, 'INVALID_ATTRIBUTE'],
      [{ transactionLifetimeLimitSeconds: 0 }, 'INVALID_ATTRIBUTE'],
      [{ minimumEnabledTlsProtocol: 'TLS9' }, 'INVALID_ENUM_VALUE'],
      [{ defaultWriteConcern: 'all' }, 'INVALID_ATTRIBUTE'],
      [{ defaultWriteConcern: '7' }, 'INVALID_ATTRIBUTE'],
      [{ queryStatsLogVerbosity: 2 }, 'INVALID_ATTRIBUTE'],
      [{ chunkMigrationConcurrency: 2 }, 'INVALID_ATTRIBUTE'],
      [{ changeStreamOptionsPreAndPostImagesExpireAfterSeconds: 0 }, 'INVALID_ATTRIBUTE'],
      [{ tlsCipherConfigMode: 'CUSTOM' }, 'INVALID_ATTRIBUTE'],
      [{ customOpensslCipherConfigTls12: ['TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384'] }, 'INVALID_ATTRIBUTE'],
      [{ defaultReadConcern: 'local' }, 'INVALID_ATTRIBUTE'],
      [{ bogus: 1 }, 'INVALID_ATTRIBUTE'],
    ];
    const before = (await s.owner.get(path('args'))).json;
    for (const [body, code] of cases) {
      const r = await s.owner.patch(path('args'), body, { version: '2024-08-05' });
      assert.equal(r.status, 400, `${JSON.stringify(body)}: ${r.text}`);
      assert.equal(r.json.errorCode, code, `${JSON.stringify(body)}: ${r.text}`);
    }
    assert.deepEqual((await s.owner.get(path('args'))).json, before);
    assert.equal((await s.owner.get(`groups/${groupId}/clusters/args`)).json.stateName, 'IDLE');
  });

  it('shows TLS settings in the cluster description and takes them from it', async () => {
    const custom = await s.owner.patch(path('args'), {
      tlsCipherConfigMode: 'CUSTOM',
      customOpensslCipherConfigTls12: ['TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384'],
    });
    assert.equal(custom.status, 200, custom.text);
    await advance(s, 'PT5M');
    const cluster = (await s.owner.get(`groups/${groupId}/clusters/args`)).json;
    assert.deepEqual(cluster.advancedConfiguration, {
      customOpensslCipherConfigTls12: ['TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384'],
      minimumEnabledTlsProtocol: 'TLS1_2',
      tlsCipherConfigMode: 'CUSTOM',
    });
    assert.equal(cluster.advancedConfiguration.oplogSizeMB, undefined);
    const viaCluster = await s.owner.patch(`groups/${groupId}/clusters/args`, { advancedConfiguration: { minimumEnabledTlsProtocol: 'TLS1_3' } });
    assert.equal(viaCluster.status, 200, viaCluster.text);
    assert.equal((await s.owner.get(path('args'))).json.minimumEnabledTlsProtocol, 'TLS1_3');
    await advance(s, 'PT5M');
    const back = await s.owner.patch(path('args'), { tlsCipherConfigMode: 'DEFAULT', minimumEnabledTlsProtocol: 'TLS1_2' });
    assert.equal(back.status, 200, back.text);
    assert.deepEqual(back.json.customOpensslCipherConfigTls12, []);
    await advance(s, 'PT5M');
  });

  it('answers 404 for a missing cluster, 400 for a paused one', async () => {
    const missing = await s.owner.get(path('nope'));
    assert.equal(missing.status, 404);
    assert.equal(missing.json.errorCode, 'CLUSTER_NOT_FOUND');
    await readyCluster(s, groupId, 'sleepy');
    assert.equal((await s.owner.patch(`groups/${groupId}/clusters/sleepy`, { paused: true })).status, 200);
    await advance(s, 'PT5M');
    const r = await s.owner.patch(path('sleepy'), { noTableScan: true });
    assert.equal(r.status, 400);
    assert.equal(r.json.errorCode, 'CANNOT_UPDATE_PAUSED_CLUSTER');
  });

  it('allows chunkMigrationConcurrency on sharded clusters only', async () => {
    await readyCluster(s, groupId, 'shards', {
      clusterType: 'SHARDED',
      replicationSpecs: [{ regionConfigs: [{ providerName: 'AWS', regionName: 'US_EAST_1', priority: 7, electableSpecs: { instanceSize: 'M30', nodeCount: 3 } }] }],
    });
    const r = await s.owner.patch(path('shards'), { chunkMigrationConcurrency: 2 });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.chunkMigrationConcurrency, 2);
  });
});
