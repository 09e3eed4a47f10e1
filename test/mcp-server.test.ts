import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startMcp, type McpSession } from './mcp.js';
import { startTestServer, type TestServer } from './helpers.js';

// The everyday first steps of the published MongoDB MCP server against us.
describe('the published MongoDB MCP server', () => {
  let s: TestServer;
  let mcp: McpSession;
  before(async () => {
    s = await startTestServer({ tls: true }, { frozen: false });
    mcp = await startMcp(s);
  });
  after(async () => {
    await mcp?.close();
    await s?.close();
  });

  it('lists the organization, creates a project and finds it again through the API', async () => {
    const orgs = await mcp.call('atlas-list-orgs');
    assert.equal(orgs.isError, false, orgs.text);
    assert.match(orgs.text, new RegExp(s.emulator.credentials.orgId));

    const created = await mcp.call('atlas-create-project', { projectName: 'made-by-mcp', orgId: s.emulator.credentials.orgId });
    assert.equal(created.isError, false, created.text);
    const listed = await s.owner.get('groups');
    const project = listed.json.results.find((p: { name: string }) => p.name === 'made-by-mcp');
    assert.ok(project, 'the project the MCP server created is listed by the API');

    const projects = await mcp.call('atlas-list-projects');
    assert.equal(projects.isError, false, projects.text);
    assert.match(projects.text, new RegExp(project.id));
    assert.doesNotMatch(mcp.log(), /\[ERROR\][^\n]*(atlas|api)/i);
  });
});
