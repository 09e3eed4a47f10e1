import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startMcp, type McpSession } from './mcp.js';
import { advance, createProject, startTestServer, type TestServer } from './helpers.js';

// What a user of the published MongoDB MCP server does with Flex clusters: list
// them beside the others, inspect one, and upgrade a free cluster to Flex.
describe('the published MongoDB MCP server with Flex clusters', () => {
  let s: TestServer;
  let mcp: McpSession;
  let groupId: string;
  before(async () => {
    s = await startTestServer({ tls: true }, { frozen: false });
    mcp = await startMcp(s);
    groupId = await createProject(s);
    const flex = await s.owner.post(`groups/${groupId}/flexClusters`, { name: 'flex-one', providerSettings: { backingProviderName: 'AWS', regionName: 'US_EAST_1' } }, { version: '2024-11-13' });
    assert.equal(flex.status, 201, flex.text);
    const free = await s.owner.post(`groups/${groupId}/clusters`, {
      name: 'free-one',
      replicationSpecs: [{ regionConfigs: [{ providerName: 'TENANT', backingProviderName: 'GCP', regionName: 'CENTRAL_US', priority: 7, electableSpecs: { instanceSize: 'M0' } }] }],
    });
    assert.equal(free.status, 201, free.text);
    await advance(s, 'PT1M');
  });
  after(async () => {
    await mcp?.close();
    await s?.close();
  });

  it('lists Flex clusters beside the others, in a project and across projects', async () => {
    const listed = await mcp.call('atlas-list-clusters', { projectId: groupId });
    assert.equal(listed.isError, false, listed.text);
    const clusters = listed.structured!.clusters as { name: string; instanceType: string; provider?: string; region?: string; state?: string }[];
    assert.deepEqual(
      clusters.map((c) => [c.name, c.instanceType, c.provider, c.region, c.state]).sort(),
      [
        ['flex-one', 'FLEX', 'AWS', 'US_EAST_1', 'IDLE'],
        ['free-one', 'FREE', 'GCP', 'CENTRAL_US', 'IDLE'],
      ],
    );
    const everywhere = await mcp.call('atlas-list-clusters');
    assert.equal(everywhere.isError, false, everywhere.text);
    const names = (everywhere.structured!.clusters as { clusterName: string }[]).map((c) => c.clusterName).sort();
    assert.deepEqual(names, ['flex-one', 'free-one']);
  });

  it('inspects a Flex cluster after the cluster API sent it to the Flex API', async () => {
    const r = await mcp.call('atlas-inspect-cluster', { projectId: groupId, clusterName: 'flex-one' });
    assert.equal(r.isError, false, r.text);
    const c = r.structured!;
    assert.equal(c.instanceType, 'FLEX');
    assert.equal(c.state, 'IDLE');
    assert.equal(c.provider, 'AWS');
    assert.match(String(c.mongoDBVersion), /^8\.0\./);
    assert.match(String((c.connectionStrings as { standardSrv: string }).standardSrv), /^mongodb\+srv:\/\/flex-one\./);
  });

  it('upgrades a free cluster to Flex', async () => {
    const r = await mcp.call('atlas-upgrade-cluster', { projectId: groupId, clusterName: 'free-one', targetTier: 'FLEX' });
    assert.equal(r.isError, false, r.text);
    assert.equal(r.structured!.originalTier, 'FREE');
    assert.equal(r.structured!.targetTier, 'FLEX');
    assert.equal(r.structured!.resolvedProvider, 'GCP');
    assert.equal(r.structured!.resolvedRegion, 'CENTRAL_US');
    const during = await s.owner.get(`groups/${groupId}/flexClusters/free-one`, { version: '2024-11-13' });
    assert.equal(during.json.stateName, 'UPDATING');
    assert.deepEqual(during.json.providerSettings, { backingProviderName: 'GCP', diskSizeGB: 5, providerName: 'FLEX', regionName: 'CENTRAL_US' });
    await advance(s, 'PT1M');
    const inspected = await mcp.call('atlas-inspect-cluster', { projectId: groupId, clusterName: 'free-one' });
    assert.equal(inspected.structured!.instanceType, 'FLEX');
    assert.equal(inspected.structured!.state, 'IDLE');
    assert.doesNotMatch(mcp.log(), /\[ERROR\][^\n]*(atlas|api)/i);
  });

  it('upgrades a Flex cluster to M10 with compute auto-scaling', async () => {
    const r = await mcp.call('atlas-upgrade-cluster', { projectId: groupId, clusterName: 'flex-one', targetTier: 'M10' });
    assert.equal(r.isError, false, r.text);
    assert.equal(r.structured!.originalTier, 'FLEX');
    assert.equal(r.structured!.targetTier, 'M10');
    await advance(s, 'PT1M');
    const c = (await s.owner.get(`groups/${groupId}/clusters/flex-one`)).json;
    assert.equal(c.stateName, 'IDLE');
    const rc = c.replicationSpecs[0].regionConfigs[0];
    assert.deepEqual([rc.providerName, rc.regionName, rc.electableSpecs.instanceSize], ['AWS', 'US_EAST_1', 'M10']);
    const { enabled, minInstanceSize, maxInstanceSize, scaleDownEnabled } = rc.autoScaling.compute;
    assert.deepEqual({ enabled, minInstanceSize, maxInstanceSize, scaleDownEnabled }, { enabled: true, minInstanceSize: 'M10', maxInstanceSize: 'M30', scaleDownEnabled: true });
    const inspected = await mcp.call('atlas-inspect-cluster', { projectId: groupId, clusterName: 'flex-one' });
    assert.equal(inspected.structured!.instanceType, 'DEDICATED');
    assert.equal(inspected.structured!.instanceSize, 'M10');
  });
});
