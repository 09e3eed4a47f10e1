import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { projectEvents, readyCluster } from './fixtures.js';
import { advance, clockNow, createProject, setClock, startTestServer, type TestServer } from './helpers.js';

// Project settings and limits, maintenance windows, encryption at rest, cloud provider access, integrations.

const clusterBody = (name: string, extra: Record<string, unknown> = {}) => ({
  name,
  clusterType: 'REPLICASET',
  replicationSpecs: [{ regionConfigs: [{ providerName: 'AWS', regionName: 'US_EAST_1', priority: 7, electableSpecs: { instanceSize: 'M10', nodeCount: 3 } }] }],
  ...extra,
});

describe('project administration', () => {
  let s: TestServer;
  before(async () => {
    s = await startTestServer();
  });
  after(async () => s?.close());

  it('serves default limits, enforces the cluster limit and refuses a limit below current usage', async () => {
    const g = await createProject(s);
    const limit = await s.owner.get(`groups/${g}/limits/atlas.project.deployment.clusters`);
    assert.deepEqual(limit.json, { currentUsage: 0, defaultLimit: 25, maximumLimit: 100, name: 'atlas.project.deployment.clusters', value: 25 });
    assert.equal((await s.owner.patch(`groups/${g}/limits/atlas.project.deployment.clusters`, { value: 1 })).json.value, 1);
    await readyCluster(s, g, 'one');
    const second = await s.owner.post(`groups/${g}/clusters`, clusterBody('two'));
    assert.equal(second.status, 400);
    assert.equal(second.json.errorCode, 'LIMIT_EXCEEDED');
    assert.equal((await s.owner.patch(`groups/${g}/limits/atlas.project.deployment.clusters`, { value: 101 })).status, 400);
    assert.equal((await s.owner.delete(`groups/${g}/limits/atlas.project.deployment.clusters`)).status, 204);
    assert.equal((await s.owner.post(`groups/${g}/clusters`, clusterBody('two'))).status, 201);
    assert.equal((await s.owner.get(`groups/${g}/limits/nope`)).status, 400);
    const types = (await projectEvents(s, g)).map((e) => e.eventTypeName);
    assert.equal(types.filter((t) => t === 'PROJECT_LIMIT_UPDATED').length, 2);
  });

  it('keeps settings toggles with their defaults', async () => {
    const g = await createProject(s);
    const before = await s.owner.get(`groups/${g}/settings`);
    assert.equal(before.json.isDataExplorerEnabled, true);
    assert.equal(before.json.isExtendedStorageSizesEnabled, false);
    const after = await s.owner.patch(`groups/${g}/settings`, { isDataExplorerEnabled: false });
    assert.equal(after.json.isDataExplorerEnabled, false);
    assert.equal((await s.owner.get(`groups/${g}/settings`)).json.isDataExplorerEnabled, false);
    assert.equal((await s.owner.patch(`groups/${g}/settings`, { isMadeUp: true })).json.errorCode, 'INVALID_ATTRIBUTE');
  });

  it('runs maintenance at the window on the emulated clock, deferred at most twice', async () => {
    const g = await createProject(s);
    await setClock(s, '2031-01-06T10:00:00Z'); // a Monday
    assert.equal((await s.owner.post(`groups/${g}/maintenanceWindow/defer`)).json.errorCode, 'NO_MAINTENANCE_SCHEDULED');
    // Wednesday (4) at 03:00 UTC.
    assert.equal((await s.owner.patch(`groups/${g}/maintenanceWindow`, { dayOfWeek: 4, hourOfDay: 3 })).status, 200);
    assert.deepEqual((await s.owner.get(`groups/${g}/maintenanceWindow`)).json, {
      autoDeferOnceEnabled: false, dayOfWeek: 4, hourOfDay: 3, numberOfDeferrals: 0, startASAP: false, timeZoneId: 'UTC',
    });
    await setClock(s, '2031-01-08T02:59:00Z');
    const ran = async () => (await projectEvents(s, g, { eventType: 'PROJECT_SCHEDULED_MAINTENANCE' })).map((e) => e.created);
    assert.deepEqual(await ran(), []);
    await advance(s, 'PT1M');
    assert.deepEqual(await ran(), ['2031-01-08T03:00:00Z']);

    assert.equal((await s.owner.post(`groups/${g}/maintenanceWindow/defer`)).status, 200);
    assert.equal((await s.owner.post(`groups/${g}/maintenanceWindow/defer`)).status, 200);
    const third = await s.owner.post(`groups/${g}/maintenanceWindow/defer`);
    assert.equal(third.json.errorCode, 'MAINTENANCE_ALREADY_DEFERRED');
    assert.equal((await s.owner.get(`groups/${g}/maintenanceWindow`)).json.numberOfDeferrals, 2);
    await setClock(s, '2031-01-29T03:00:00Z');
    assert.deepEqual(await ran(), ['2031-01-29T03:00:00Z', '2031-01-08T03:00:00Z'], 'two weeks skipped, then it ran');
    assert.equal((await s.owner.get(`groups/${g}/maintenanceWindow`)).json.numberOfDeferrals, 0);
    assert.equal((await s.owner.delete(`groups/${g}/maintenanceWindow`)).status, 204);
    await advance(s, 'P14D');
    assert.equal((await ran()).length, 2, 'no maintenance once the window is reset');
  });

  it('validates encryption at rest, hides its secrets, and lets clusters use only a valid provider', async () => {
    const g = await createProject(s);
    const fresh = await s.owner.get(`groups/${g}/encryptionAtRest`);
    assert.deepEqual(fresh.json.awsKms, { enabled: false, requirePrivateNetworking: false, valid: false });
    const refused = await s.owner.post(`groups/${g}/clusters`, clusterBody('enc', { encryptionAtRestProvider: 'AWS' }));
    assert.equal(refused.json.errorCode, 'ENCRYPTION_AT_REST_PROVIDER_NOT_ENABLED');

    const incomplete = await s.owner.patch(`groups/${g}/encryptionAtRest`, { awsKms: { enabled: true, region: 'US_EAST_1' } });
    assert.equal(incomplete.json.errorCode, 'MISSING_ATTRIBUTE');
    const role = await s.owner.post(`groups/${g}/cloudProviderAccess`, { providerName: 'AWS' });
    assert.match(role.json.atlasAWSAccountArn, /^arn:aws:iam::\d{12}:root$/);
    const unauthorized = await s.owner.patch(`groups/${g}/encryptionAtRest`, {
      awsKms: { enabled: true, region: 'US_EAST_1', customerMasterKeyID: 'k', roleId: role.json.roleId },
    });
    assert.equal(unauthorized.json.errorCode, 'CLOUD_PROVIDER_ACCESS_ROLE_NOT_AUTHORIZED');
    const badArn = await s.owner.patch(`groups/${g}/cloudProviderAccess/${role.json.roleId}`, { providerName: 'AWS', iamAssumedRoleArn: 'not-an-arn-at-all-really' });
    assert.equal(badArn.status, 400);
    const authorized = await s.owner.patch(`groups/${g}/cloudProviderAccess/${role.json.roleId}`, {
      providerName: 'AWS',
      iamAssumedRoleArn: 'arn:aws:iam::123456789012:role/atlas-kms',
    });
    assert.equal(authorized.json.authorizedDate, new Date(await clockNow(s)).toISOString().replace(/\.\d{3}Z$/, 'Z'));
    const enabled = await s.owner.patch(`groups/${g}/encryptionAtRest`, {
      awsKms: { enabled: true, region: 'US_EAST_1', customerMasterKeyID: 'k', roleId: role.json.roleId },
      azureKeyVault: {
        enabled: true, azureEnvironment: 'AZURE', clientID: '11111111-1111-4111-8111-111111111111', subscriptionID: '22222222-2222-4222-8222-222222222222',
        tenantID: '33333333-3333-4333-8333-333333333333', keyVaultName: 'vault', resourceGroupName: 'rg', secret: 'very-secret',
        keyIdentifier: 'https://vault.vault.azure.net/keys/key1/0123456789abcdef',
      },
    });
    assert.equal(enabled.status, 200, enabled.text);
    assert.equal(enabled.json.awsKms.valid, true);
    assert.equal(enabled.json.awsKms.roleId, undefined);
    assert.equal(enabled.json.azureKeyVault.secret, undefined);
    assert.equal((await s.owner.post(`groups/${g}/clusters`, clusterBody('enc', { encryptionAtRestProvider: 'AWS' }))).status, 201);
    const inUse = await s.owner.delete(`groups/${g}/cloudProviderAccess/AWS/${role.json.roleId}`);
    assert.equal(inUse.json.errorCode, 'CLOUD_PROVIDER_ACCESS_ROLE_IN_USE');
    const listed = await s.owner.get(`groups/${g}/cloudProviderAccess`);
    assert.deepEqual(listed.json.awsIamRoles[0].featureUsages, [{ featureId: { groupId: g }, featureType: 'ENCRYPTION_AT_REST' }]);
    const types = (await projectEvents(s, g)).map((e) => e.eventTypeName);
    assert.ok(types.includes('ENCRYPTION_AT_REST_CONFIGURATION_VALIDATION_SUCCEEDED') && types.includes('CLOUD_PROVIDER_ACCESS_AWS_IAM_ROLE_UPDATED'));
  });

  it('moves key-service private endpoints through their states on the clock', async () => {
    const g = await createProject(s);
    const pe = await s.owner.post(`groups/${g}/encryptionAtRest/AZURE/privateEndpoints`, { regionName: 'US_EAST_2' });
    assert.equal(pe.json.status, 'INITIATING');
    const status = async () => (await s.owner.get(`groups/${g}/encryptionAtRest/AZURE/privateEndpoints/${pe.json.id}`)).json.status;
    await advance(s, 'PT3S');
    assert.equal(await status(), 'PENDING_ACCEPTANCE');
    await advance(s, 'PT3S');
    assert.equal(await status(), 'ACTIVE');
    assert.equal((await s.owner.get(`groups/${g}/encryptionAtRest/AWS/privateEndpoints/${pe.json.id}`)).status, 404);
    await s.owner.delete(`groups/${g}/encryptionAtRest/AZURE/privateEndpoints/${pe.json.id}`);
    assert.equal(await status(), 'DELETING');
    await advance(s, 'PT2S');
    assert.equal((await s.owner.get(`groups/${g}/encryptionAtRest/AZURE/privateEndpoints`)).json.totalCount, 0);
  });

  it('stores integrations with their secrets masked, one per type', async () => {
    const g = await createProject(s);
    const created = await s.owner.post(`groups/${g}/integrations/SLACK`, { type: 'SLACK', apiToken: 'xoxb-secret-token-1234', channelName: '#ops', teamName: 'ops' });
    assert.equal(created.status, 200, created.text);
    assert.deepEqual(created.json.results, [{ apiToken: '******************1234', channelName: '#ops', id: `${g}:SLACK`, teamName: 'ops', type: 'SLACK' }]);
    assert.equal((await s.owner.post(`groups/${g}/integrations/SLACK`, { type: 'SLACK', apiToken: 'x', channelName: '#a' })).status, 409);
    // Sending the masked value back keeps the secret.
    await s.owner.put(`groups/${g}/integrations/SLACK`, { type: 'SLACK', apiToken: '******************1234', channelName: '#alerts' });
    const got = await s.owner.get(`groups/${g}/integrations/SLACK`);
    assert.equal(got.json.apiToken, '******************1234');
    assert.equal(got.json.channelName, '#alerts');
    assert.equal((await s.owner.get(`groups/${g}/integrations/DATADOG`)).json.errorCode, 'INTEGRATION_NOT_FOUND');
  });
});
