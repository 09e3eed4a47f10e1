import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { tempDir, type TestServer } from './helpers.js';

// The published MongoDB MCP server (npm mongodb-mcp-server), unchanged, over
// stdio, pointed at a test server started with { tls: true }: its HTTP client
// trusts our self-signed certificate through SSL_CERT_FILE, and its name lookups
// stay on this machine (mcp-dns-guard.mjs).

const here = path.dirname(fileURLToPath(import.meta.url));
const SERVER = path.resolve(here, '../node_modules/mongodb-mcp-server/dist/esm/index.js');

export interface ToolResult {
  isError: boolean;
  /** Every text part, joined. */
  text: string;
  structured: Record<string, unknown> | undefined;
}

export interface McpSession {
  client: Client;
  call(tool: string, args?: Record<string, unknown>): Promise<ToolResult>;
  /** What the MCP server logged so far (its own errors show here). */
  log(): string;
  close(): Promise<void>;
}

/** Starts the MCP server as a user would, logged in with the test server's bootstrap service account. */
export async function startMcp(s: TestServer, env: Record<string, string> = {}): Promise<McpSession> {
  if (!s.emulator.tlsCertPath) throw new Error('startMcp needs a test server started with { tls: true }');
  const c = s.emulator.credentials;
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [SERVER],
    env: {
      PATH: process.env.PATH ?? '',
      HOME: tempDir('mcp-home-'),
      NODE_OPTIONS: `--import=${path.join(here, 'mcp-dns-guard.mjs')}`,
      MDB_MCP_API_BASE_URL: `${s.url}/`,
      MDB_MCP_API_CLIENT_ID: c.clientId,
      MDB_MCP_API_CLIENT_SECRET: c.clientSecret,
      MDB_MCP_TELEMETRY: 'disabled',
      MDB_MCP_LOGGERS: 'stderr',
      SSL_CERT_FILE: s.emulator.tlsCertPath,
      // Its address look-up (api/private/ipinfo) goes through Node's own fetch, which trusts the extra CA instead.
      NODE_EXTRA_CA_CERTS: s.emulator.tlsCertPath,
      ...env,
    },
    stderr: 'pipe',
  });
  let log = '';
  transport.stderr?.on('data', (d: Buffer) => (log += d.toString()));
  const client = new Client({ name: 'atlas-emulator-test', version: '1.0.0' });
  await client.connect(transport);
  return {
    client,
    async call(tool, args = {}) {
      const r = (await client.callTool({ name: tool, arguments: args })) as {
        isError?: boolean;
        content?: { type: string; text?: string }[];
        structuredContent?: Record<string, unknown>;
      };
      const text = (r.content ?? []).map((p) => p.text ?? '').join('\n');
      return { isError: r.isError === true, text, structured: r.structuredContent };
    },
    log: () => log,
    close: () => client.close(),
  };
}
