import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { advance, createProject, startTestServer, type TestServer } from './helpers.js';
import { keyWithRoles, projectEvents, readyCluster } from './fixtures.js';

const awsPeer = (containerId: string, over: Record<string, unknown> = {}) => ({
  containerId,
  providerName: 'AWS',
  accepterRegionName: 'us-east-1',
  awsAccountId: '123456789012',
  routeTableCidrBlock: '10.0.0.0/16',
  vpcId: 'vpc-0123456789abcdef0',
  ...over,
});

describe('network peering containers', () => {
  let s: TestServer;
  before(async () => {
    s = await startTestServer();
  });
  after(() => s.close());

  it('creates one container per provider and region, with CIDR rules', async () => {
    const groupId = await createProject(s);
    const base = `groups/${groupId}/containers`;
    const aws = await s.owner.post(base, { providerName: 'AWS', regionName: 'US_EAST_1', atlasCidrBlock: '10.8.0.0/21' });
    assert.equal(aws.status, 201, aws.text);
    assert.equal(aws.json.provisioned, false);
    assert.match(aws.json.vpcId, /^vpc-[0-9a-f]{17}$/);
    assert.equal(aws.json.regionName, 'US_EAST_1');
    const dup = await s.owner.post(base, { providerName: 'AWS', regionName: 'US_EAST_1', atlasCidrBlock: '10.9.0.0/21' });
    assert.equal(dup.status, 409);
    assert.equal(dup.json.errorCode, 'CONTAINER_ALREADY_EXISTS');
    const bad: Array<[Record<string, unknown>, number, string]> = [
      [{ providerName: 'AWS', regionName: 'US_WEST_2', atlasCidrBlock: '10.8.4.0/22' }, 409, 'CIDR_BLOCK_OVERLAPS'],
      [{ providerName: 'AWS', regionName: 'US_WEST_2', atlasCidrBlock: '8.8.8.0/24' }, 400, 'INVALID_CIDR_BLOCK'],
      [{ providerName: 'AWS', regionName: 'US_WEST_2', atlasCidrBlock: '10.0.0.0/16' }, 400, 'INVALID_CIDR_BLOCK'],
      [{ providerName: 'AWS', regionName: 'US_WEST_2', atlasCidrBlock: '10.0.0.1/24' }, 400, 'INVALID_CIDR_BLOCK'],
      [{ providerName: 'AWS', regionName: 'US_WEST_2' }, 400, 'MISSING_ATTRIBUTE'],
      [{ providerName: 'AWS', regionName: 'NOWHERE', atlasCidrBlock: '10.1.0.0/24' }, 400, 'INVALID_ENUM_VALUE'],
      [{ providerName: 'GCP', regions: ['US_EAST_4'], atlasCidrBlock: '10.1.0.0/24' }, 400, 'INVALID_CIDR_BLOCK'],
    ];
    for (const [body, status, code] of bad) {
      const r = await s.owner.post(base, body);
      assert.equal(r.status, status, `${JSON.stringify(body)}: ${r.text}`);
      assert.equal(r.json.errorCode, code, `${JSON.stringify(body)}: ${r.text}`);
    }
    const gcp = await s.owner.post(base, { providerName: 'GCP', regions: ['US_EAST_4'], atlasCidrBlock: '10.64.0.0/18' });
    assert.equal(gcp.status, 201, gcp.text);
    assert.match(gcp.json.networkName, /^nt-[0-9a-f]{24}-[0-9a-z]{8}$/);
    assert.equal((await s.owner.post(base, { providerName: 'GCP', atlasCidrBlock: '10.128.0.0/18' })).status, 409);
    const azure = await s.owner.post(base, { providerName: 'AZURE', region: 'US_EAST_2', atlasCidrBlock: '10.20.0.0/24' });
    assert.equal(azure.status, 201, azure.text);
    assert.equal(azure.json.region, 'US_EAST_2');
    const listed = await s.owner.get(base);
    assert.deepEqual(listed.json.results.map((c: { providerName: string }) => c.providerName), ['AWS'], 'AWS is the default provider');
    assert.equal((await s.owner.get(`${base}?providerName=GCP`)).json.totalCount, 1);
    assert.equal((await s.owner.get(`${base}/all`)).json.totalCount, 3);
    const moved = await s.owner.patch(`${base}/${aws.json.id}`, { providerName: 'AWS', atlasCidrBlock: '10.16.0.0/24' });
    assert.equal(moved.status, 200, moved.text);
    assert.equal(moved.json.atlasCidrBlock, '10.16.0.0/24');
    assert.equal((await s.owner.delete(`${base}/${azure.json.id}`)).status, 204);
    assert.equal((await s.owner.get(`${base}/${azure.json.id}`)).status, 404);
    assert.equal((await projectEvents(s, groupId, { eventType: 'CONTAINER_DELETED' })).length, 1);
  });

  it('is created by the first dedicated cluster in a region, and is then in use', async () => {
    const groupId = await createProject(s);
    await readyCluster(s, groupId, 'net');
    const all = await s.owner.get(`groups/${groupId}/containers/all`);
    assert.equal(all.json.totalCount, 1);
    const c = all.json.results[0];
    assert.equal(c.regionName, 'US_EAST_1');
    assert.equal(c.provisioned, true);
    assert.equal(c.atlasCidrBlock, '192.168.248.0/21');
    await readyCluster(s, groupId, 'net2');
    assert.equal((await s.owner.get(`groups/${groupId}/containers/all`)).json.totalCount, 1, 'one per region');
    const del = await s.owner.delete(`groups/${groupId}/containers/${c.id}`);
    assert.equal(del.status, 409);
    assert.equal(del.json.errorCode, 'CONTAINERS_IN_USE');
    const change = await s.owner.patch(`groups/${groupId}/containers/${c.id}`, { providerName: 'AWS', atlasCidrBlock: '10.0.0.0/21' });
    assert.equal(change.status, 409);
  });

  it('needs Project Owner to change containers', async () => {
    const groupId = await createProject(s);
    const key = await keyWithRoles(s, { orgRoles: ['ORG_MEMBER'], projectRoles: [{ groupId, roles: ['GROUP_READ_ONLY'] }] });
    assert.equal((await key.client.get(`groups/${groupId}/containers/all`)).status, 200);
    const r = await key.client.post(`groups/${groupId}/containers`, { providerName: 'AWS', regionName: 'US_EAST_1', atlasCidrBlock: '10.8.0.0/21' });
    assert.equal(r.status, 401);
    assert.equal((await s.owner.get(`groups/${groupId}/containers/all`)).json.totalCount, 0);
  });
});

describe('network peering connections', () => {
  let s: TestServer;
  let groupId: string;
  const containers: Record<string, string> = {};
  before(async () => {
    s = await startTestServer();
    groupId = await createProject(s);
    for (const [provider, body] of Object.entries({
      AWS: { providerName: 'AWS', regionName: 'US_EAST_1', atlasCidrBlock: '192.168.0.0/21' },
      AZURE: { providerName: 'AZURE', region: 'US_EAST_2', atlasCidrBlock: '192.168.16.0/21' },
      GCP: { providerName: 'GCP', atlasCidrBlock: '172.16.0.0/18' },
    })) {
      const r = await s.owner.post(`groups/${groupId}/containers`, body);
      assert.equal(r.status, 201, r.text);
      containers[provider] = r.json.id;
    }
  });
  after(() => s.close());

  const status = async (id: string) => {
    const r = await s.owner.get(`groups/${groupId}/peers/${id}`);
    return r.json.statusName ?? r.json.status;
  };

  it('moves an AWS peer INITIATING → PENDING_ACCEPTANCE → FINALIZING → AVAILABLE on the clock', async () => {
    const r = await s.owner.post(`groups/${groupId}/peers`, awsPeer(containers.AWS!));
    assert.equal(r.status, 201, r.text);
    assert.equal(r.json.statusName, 'INITIATING');
    const id = r.json.id;
    await advance(s, 'PT2S');
    assert.equal(await status(id), 'PENDING_ACCEPTANCE');
    assert.match((await s.owner.get(`groups/${groupId}/peers/${id}`)).json.connectionId, /^pcx-[0-9a-f]{17}$/);
    await advance(s, 'PT3S');
    assert.equal(await status(id), 'FINALIZING');
    await advance(s, 'PT2S');
    assert.equal(await status(id), 'AVAILABLE');
    assert.equal((await projectEvents(s, groupId, { eventType: 'PEER_CREATED' })).length, 1);
    const inUse = await s.owner.delete(`groups/${groupId}/containers/${containers.AWS}`);
    assert.equal(inUse.json.errorCode, 'CONTAINERS_IN_USE');
    const del = await s.owner.delete(`groups/${groupId}/peers/${id}`);
    assert.equal(del.status, 202, del.text);
    assert.equal(await status(id), 'TERMINATING');
    await advance(s, 'PT1M');
    assert.equal((await s.owner.get(`groups/${groupId}/peers/${id}`)).status, 404);
    assert.equal((await projectEvents(s, groupId, { eventType: 'PEER_DELETED' })).length, 1);
  });

  it('takes Azure to AVAILABLE and Google Cloud through WAITING_FOR_USER', async () => {
    const az = await s.owner.post(`groups/${groupId}/peers`, {
      containerId: containers.AZURE, providerName: 'AZURE', azureDirectoryId: '35f3b0b2-7f44-4a50-b2c3-6c0a21e87b8b',
      azureSubscriptionId: 'a1b2c3d4-7f44-4a50-b2c3-6c0a21e87b8b', resourceGroupName: 'rg1', vnetName: 'vnet1',
    });
    assert.equal(az.status, 201, az.text);
    assert.equal(az.json.status, 'ADDING_PEER');
    const g = await s.owner.post(`groups/${groupId}/peers`, { containerId: containers.GCP, providerName: 'GCP', gcpProjectId: 'my-project-1', networkName: 'default' });
    assert.equal(g.status, 201, g.text);
    await advance(s, 'PT2S');
    assert.equal(await status(az.json.id), 'AVAILABLE');
    assert.equal(await status(g.json.id), 'WAITING_FOR_USER');
    await advance(s, 'PT3S');
    assert.equal(await status(g.json.id), 'AVAILABLE');
    assert.equal((await projectEvents(s, groupId, { eventType: 'GCP_PEER_ACTIVE' })).length, 1);
    assert.equal((await projectEvents(s, groupId, { eventType: 'AZURE_PEER_ACTIVE' })).length, 1);
    assert.equal((await s.owner.get(`groups/${groupId}/peers?providerName=GCP`)).json.totalCount, 1);
  });

  it('refuses what Atlas refuses', async () => {
    const cases: Array<[Record<string, unknown>, number, string]> = [
      [awsPeer('0123456789abcdef01234567'), 404, 'CLOUD_PROVIDER_CONTAINER_NOT_FOUND'],
      [awsPeer(containers.AWS!, { routeTableCidrBlock: '192.168.4.0/24' }), 400, 'INVALID_CIDR_BLOCK'],
      [awsPeer(containers.AWS!, { accepterRegionName: 'mars-1' }), 400, 'INVALID_ATTRIBUTE'],
      [awsPeer(containers.AWS!, { vpcId: undefined }), 400, 'MISSING_ATTRIBUTE'],
      [awsPeer(containers.GCP!), 400, 'CLOUD_PROVIDER_MISMATCH'],
      [awsPeer(containers.AWS!, { awsAccountId: '12' }), 400, 'INVALID_ATTRIBUTE'],
    ];
    const before = (await s.owner.get(`groups/${groupId}/peers`)).json.totalCount;
    for (const [body, code, errorCode] of cases) {
      const r = await s.owner.post(`groups/${groupId}/peers`, body);
      assert.equal(r.status, code, `${JSON.stringify(body)}: ${r.text}`);
      assert.equal(r.json.errorCode, errorCode, `${JSON.stringify(body)}: ${r.text}`);
    }
    assert.equal((await s.owner.get(`groups/${groupId}/peers`)).json.totalCount, before);
    const first = await s.owner.post(`groups/${groupId}/peers`, awsPeer(containers.AWS!, { vpcId: 'vpc-0123456789abcdef1' }));
    assert.equal(first.status, 201);
    const again = await s.owner.post(`groups/${groupId}/peers`, awsPeer(containers.AWS!, { vpcId: 'vpc-0123456789abcdef1' }));
    assert.equal(again.status, 409);
    const upd = await s.owner.patch(`groups/${groupId}/peers/${first.json.id}`, { containerId: containers.AWS, providerName: 'AWS', routeTableCidrBlock: '10.1.0.0/16' });
    assert.equal(upd.status, 200, upd.text);
    assert.equal(upd.json.routeTableCidrBlock, '10.1.0.0/16');
    assert.equal(upd.json.statusName, 'INITIATING');
  });

  it('answers private IP mode as disabled', async () => {
    assert.deepEqual((await s.owner.get(`groups/${groupId}/privateIpMode`)).json, { enabled: false });
    assert.equal((await s.owner.patch(`groups/${groupId}/privateIpMode`, { enabled: false })).status, 200);
    assert.equal((await s.owner.patch(`groups/${groupId}/privateIpMode`, { enabled: true })).status, 400);
  });
});
