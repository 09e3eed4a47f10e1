import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { LIFECYCLE_DEFAULTS } from '../src/resources/index.js';
import { keyWithRoles, projectEvents } from './fixtures.js';
import { advance, clockNow, createProject, startTestServer, type TestServer } from './helpers.js';

describe('project IP access list', () => {
  let s: TestServer;
  before(async () => {
    s = await startTestServer({ lifecycle: { ...LIFECYCLE_DEFAULTS, 'accessList.activate': 60_000 } });
  });
  after(async () => s.close());

  const list = (g: string) => `groups/${g}/accessList`;
  async function refused(g: string, body: unknown, status: number, errorCode: string) {
    const r = await s.owner.post(list(g), body);
    assert.equal(r.status, status, r.text);
    assert.equal(r.json.errorCode, errorCode, r.text);
    assert.equal((await s.owner.get(list(g))).json.totalCount, 0, 'a refused batch adds nothing');
  }

  it('adds addresses, blocks and security groups, and answers the whole list', async () => {
    const g = await createProject(s);
    const r = await s.owner.post(list(g), [
      { ipAddress: '203.0.113.7', comment: 'office' },
      { cidrBlock: '198.51.100.0/24', groupId: g },
      { awsSecurityGroup: 'sg-0123456789abcdef0' },
      { ipAddress: '2001:db8::1' },
    ]);
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.totalCount, 4);
    const [ip, block, sg, v6] = r.json.results;
    assert.deepEqual(ip, {
      cidrBlock: '203.0.113.7/32',
      comment: 'office',
      groupId: g,
      ipAddress: '203.0.113.7',
      links: [{ href: `${s.url}/api/atlas/v2/groups/${g}/accessList/203.0.113.7`, rel: 'self' }],
    });
    assert.equal(block.cidrBlock, '198.51.100.0/24');
    assert.equal(block.ipAddress, undefined);
    assert.equal(block.links[0].href, `${s.url}/api/atlas/v2/groups/${g}/accessList/198.51.100.0%2F24`);
    assert.equal(sg.awsSecurityGroup, 'sg-0123456789abcdef0');
    assert.equal(v6.ipAddress, '2001:db8:0:0:0:0:0:1');
    assert.equal(v6.cidrBlock, '2001:db8:0:0:0:0:0:1/128');

    assert.equal((await s.owner.get(`${list(g)}/203.0.113.7`)).json.comment, 'office');
    assert.equal((await s.owner.get(`${list(g)}/203.0.113.7%2F32`)).json.ipAddress, '203.0.113.7');
    assert.equal((await s.owner.get(`${list(g)}/198.51.100.0%2F24`)).json.cidrBlock, '198.51.100.0/24');
    assert.equal((await s.owner.get(`${list(g)}/sg-0123456789abcdef0`)).json.awsSecurityGroup, 'sg-0123456789abcdef0');
    const missing = await s.owner.get(`${list(g)}/198.51.100.0%2F25`);
    assert.equal(missing.status, 404);
    assert.equal(missing.json.errorCode, 'ATLAS_NETWORK_PERMISSION_ENTRY_NOT_FOUND');

    const added = await projectEvents(s, g, { eventType: 'NETWORK_PERMISSION_ENTRY_ADDED' });
    assert.deepEqual(added.map((e) => e.whitelistEntry).sort(), ['198.51.100.0/24', '2001:db8:0:0:0:0:0:1/128', '203.0.113.7/32', 'sg-0123456789abcdef0']);
    assert.equal(added[0]!.publicKey, s.emulator.credentials.publicKey);
  });

  it('adding an existing entry updates its comment and keeps one entry', async () => {
    const g = await createProject(s);
    await s.owner.post(list(g), [{ ipAddress: '203.0.113.8', comment: 'first' }]);
    const r = await s.owner.post(list(g), [{ cidrBlock: '203.0.113.8/32', comment: 'second' }]);
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.totalCount, 1);
    assert.equal(r.json.results[0].comment, 'second');
    assert.equal((await projectEvents(s, g, { eventType: 'NETWORK_PERMISSION_ENTRY_UPDATED' })).length, 1);
  });

  it('reports PENDING, then ACTIVE once the activation step has passed on the clock', async () => {
    const g = await createProject(s);
    await s.owner.post(list(g), [{ cidrBlock: '192.0.2.0/24' }]);
    const status = () => s.owner.get(`${list(g)}/192.0.2.0%2F24/status`);
    assert.deepEqual((await status()).json, { STATUS: 'PENDING' });
    await advance(s, 'PT30S');
    assert.deepEqual((await status()).json, { STATUS: 'PENDING' });
    await advance(s, 'PT31S');
    assert.deepEqual((await status()).json, { STATUS: 'ACTIVE' });
  });

  it("refuses bad entries with Atlas's 400s and adds none of the batch", async () => {
    const g = await createProject(s);
    const ok = { ipAddress: '203.0.113.9' };
    await refused(g, [ok, { ipAddress: '300.1.2.3' }], 400, 'INVALID_IP_ADDRESS_OR_CIDR_NOTATION');
    await refused(g, [ok, { cidrBlock: '10.0.0.0/33' }], 400, 'INVALID_CIDR_BLOCK');
    await refused(g, [ok, { cidrBlock: '10.0.0.1/8' }], 400, 'INVALID_CIDR_BLOCK');
    await refused(g, [ok, { cidrBlock: '10.0.0.0' }], 400, 'INVALID_CIDR_BLOCK');
    await refused(g, [ok, { cidrBlock: '224.0.0.0/8' }], 400, 'INVALID_IP_ADDRESS_OR_CIDR_NOTATION');
    await refused(g, [ok, { ipAddress: 'ff02::1' }], 400, 'INVALID_IP_ADDRESS_OR_CIDR_NOTATION');
    await refused(g, [ok, { awsSecurityGroup: 'security-group' }], 400, 'INVALID_IP_ADDRESS_OR_CIDR_NOTATION');
    await refused(g, [ok, { ipAddress: '203.0.113.10', cidrBlock: '203.0.113.10/32' }], 400, 'MULTIPLE_VALUES_SPECIFIED_FOR_ONE_NETWORK_PERMISSION_ENTRY');
    await refused(g, [ok, { comment: 'nothing else' }], 400, 'MISSING_ONE_OF_THREE_ATTRIBUTES');
    await refused(g, [{ ...ok, comment: 'x'.repeat(81) }], 400, 'INVALID_NETWORK_PERMISSION_COMMENT');
    await refused(g, [ok, { cidrBlock: '203.0.113.9/32' }], 400, 'DUPLICATE_ADDRESSES_IN_INPUT');
    await refused(g, [{ awsSecurityGroup: 'sg-0123456789abcdef0', deleteAfterDate: '2099-01-01T00:00:00Z' }], 400, 'NETWORK_PERMISSION_EXPIRATION_NOT_SUPPORTED');
    await refused(g, [{ ...ok, deleteAfterDate: '2001-01-01T00:00:00Z' }], 400, 'EXPIRATION_DATE_IN_PAST');
    await refused(g, [{ ...ok, colour: 'red' }], 400, 'INVALID_ATTRIBUTE');
    await refused(g, { ipAddress: '203.0.113.9' }, 400, 'INVALID_JSON');
    // Private and loopback addresses are allowed (peered networks, local tools).
    const r = await s.owner.post(list(g), [{ cidrBlock: '10.0.0.0/8' }, { ipAddress: '127.0.0.1' }, { cidrBlock: '0.0.0.0/0' }]);
    assert.equal(r.status, 200, r.text);
  });

  it('removes a temporary entry when the clock passes deleteAfterDate; delete removes one at once', async () => {
    const g = await createProject(s);
    const now = await clockNow(s);
    const r = await s.owner.post(list(g), [
      { ipAddress: '203.0.113.20', deleteAfterDate: new Date(now + 6 * 3600_000).toISOString() },
      { ipAddress: '203.0.113.21' },
    ]);
    assert.equal(r.json.results[0].deleteAfterDate, new Date(Math.floor(now / 1000) * 1000 + 6 * 3600_000).toISOString().replace('.000Z', 'Z'));
    await advance(s, 'PT5H59M');
    assert.equal((await s.owner.get(list(g))).json.totalCount, 2);
    await advance(s, 'PT2M');
    assert.deepEqual((await s.owner.get(list(g))).json.results.map((e: { ipAddress: string }) => e.ipAddress), ['203.0.113.21']);
    const [expired] = await projectEvents(s, g, { eventType: 'NETWORK_PERMISSION_ENTRY_REMOVED' });
    assert.equal(expired!.whitelistEntry, '203.0.113.20/32');
    assert.equal(expired!.apiKeyId, undefined);

    assert.equal((await s.owner.delete(`${list(g)}/203.0.113.21`)).status, 204);
    assert.equal((await s.owner.delete(`${list(g)}/203.0.113.21`)).status, 404);
    assert.equal((await s.owner.get(list(g))).json.totalCount, 0);
  });

  it("counts against the project's entry limit: 403 ATLAS_NETWORK_PERMISSIONS_LIMIT_EXCEEDED", async () => {
    const g = await createProject(s);
    assert.equal((await s.owner.patch(`groups/${g}/limits/atlas.project.security.networkAccess.entries`, { value: 2 })).status, 200);
    await s.owner.post(list(g), [{ ipAddress: '203.0.113.50' }]);
    const r = await s.owner.post(list(g), [{ ipAddress: '203.0.113.51' }, { ipAddress: '203.0.113.52' }]);
    assert.equal(r.status, 403, r.text);
    assert.equal(r.json.errorCode, 'ATLAS_NETWORK_PERMISSIONS_LIMIT_EXCEEDED');
    assert.equal(r.json.detail, 'Too many network permission entries. Only 2 entries are supported.');
    // Updating an entry already there adds nothing.
    assert.equal((await s.owner.post(list(g), [{ ipAddress: '203.0.113.50', comment: 'x' }, { ipAddress: '203.0.113.51' }])).status, 200);
  });

  it('lets the network access manager write the list, not the database access admin', async () => {
    const g = await createProject(s);
    const { client: network } = await keyWithRoles(s, { projectRoles: [{ groupId: g, roles: ['GROUP_NETWORK_ACCESS_MANAGER'] }] });
    const { client: dbAdmin } = await keyWithRoles(s, { projectRoles: [{ groupId: g, roles: ['GROUP_DATABASE_ACCESS_ADMIN'] }] });
    assert.equal((await network.post(list(g), [{ ipAddress: '203.0.113.30' }])).status, 200);
    assert.equal((await dbAdmin.post(list(g), [{ ipAddress: '203.0.113.31' }])).json.errorCode, 'USER_UNAUTHORIZED');
    assert.equal((await dbAdmin.get(list(g))).json.totalCount, 1);
  });
});
