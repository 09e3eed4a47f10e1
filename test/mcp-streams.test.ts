import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startMcp, type McpSession } from './mcp.js';
import { createProject, startTestServer, type TestServer } from './helpers.js';
import { readyCluster } from './fixtures.js';

// The published MongoDB MCP server's stream processing tools against us: discover,
// build a workspace, a connection and a processor, start and stop it, tear it down.
describe('the MongoDB MCP server stream processing tools', () => {
  let s: TestServer;
  let mcp: McpSession;
  let g: string;
  before(async () => {
    s = await startTestServer({ tls: true }, { frozen: false });
    g = await createProject(s);
    await readyCluster(s, g, 'sinkc');
    mcp = await startMcp(s);
  });
  after(async () => {
    await mcp?.close();
    await s?.close();
  });

  const ok = async (tool: string, args: Record<string, unknown>) => {
    const r = await mcp.call(tool, { projectId: g, ...args });
    assert.equal(r.isError, false, `${tool} ${JSON.stringify(args)}: ${r.text}\n${mcp.log().slice(-2000)}`);
    return r;
  };

  it('builds, runs and tears down a workspace and processor', async () => {
    const empty = await ok('atlas-streams-discover', { action: 'list-workspaces' });
    assert.doesNotMatch(empty.text, /mcpws/);

    await ok('atlas-streams-build', { resource: 'workspace', workspaceName: 'mcpws', cloudProvider: 'AWS', region: 'VIRGINIA_USA', tier: 'SP10' });
    const ws = await s.owner.get(`groups/${g}/streams/mcpws?includeConnections=true`, { version: '2023-02-01' });
    assert.equal(ws.status, 200, ws.text);
    assert.equal(ws.json.streamConfig.tier, 'SP10');
    assert.deepEqual(ws.json.connections.map((c: { name: string }) => c.name), ['sample_stream_solar']);

    await ok('atlas-streams-build', {
      resource: 'connection',
      workspaceName: 'mcpws',
      connectionName: 'atlas',
      connectionType: 'Cluster',
      connectionConfig: { clusterName: 'sinkc', dbRoleToExecute: { role: 'readWriteAnyDatabase', type: 'BUILT_IN' } },
    });
    await ok('atlas-streams-build', {
      resource: 'processor',
      workspaceName: 'mcpws',
      processorName: 'solar',
      pipeline: [{ $source: { connectionName: 'sample_stream_solar' } }, { $merge: { into: { connectionName: 'atlas', db: 'solar', coll: 'obs' } } }],
    });

    const listed = await ok('atlas-streams-discover', { action: 'list-workspaces' });
    assert.match(listed.text, /mcpws/);
    const conns = await ok('atlas-streams-discover', { action: 'list-connections', workspaceName: 'mcpws' });
    assert.match(conns.text, /sample_stream_solar/);
    assert.match(conns.text, /atlas/);

    await ok('atlas-streams-manage', { action: 'start-processor', workspaceName: 'mcpws', resourceName: 'solar' });
    const started = await s.owner.get(`groups/${g}/streams/mcpws/processor/solar`, { version: '2024-05-30' });
    assert.equal(started.json.state, 'STARTED');
    const inspected = await ok('atlas-streams-discover', { action: 'inspect-processor', workspaceName: 'mcpws', resourceName: 'solar' });
    assert.match(inspected.text, /STARTED/);
    await ok('atlas-streams-manage', { action: 'stop-processor', workspaceName: 'mcpws', resourceName: 'solar' });
    assert.equal((await s.owner.get(`groups/${g}/streams/mcpws/processor/solar`, { version: '2024-05-30' })).json.state, 'STOPPED');

    await ok('atlas-streams-teardown', { resource: 'processor', workspaceName: 'mcpws', resourceName: 'solar' });
    assert.equal((await s.owner.get(`groups/${g}/streams/mcpws/processor/solar`, { version: '2024-05-30' })).status, 404);
    await ok('atlas-streams-teardown', { resource: 'workspace', workspaceName: 'mcpws', resourceName: 'mcpws' });
    assert.equal((await s.owner.get(`groups/${g}/streams/mcpws`, { version: '2023-02-01' })).status, 404);
    assert.doesNotMatch(mcp.log(), /\[ERROR\][^\n]*(atlas|api)/i);
  });
});
