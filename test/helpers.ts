import type { Resource } from '../src/platform/resource.js';
import { createHash, randomBytes } from 'node:crypto';
import { Agent, getGlobalDispatcher, setGlobalDispatcher } from 'undici';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startEmulator, type Emulator } from '../src/app.js';
import { defaultConfig, type Config } from '../src/config.js';

// Test servers listen on a random port and are driven through HTTP only.

export const STORAGE = (process.env.ATLAS_TEST_STORAGE ?? 'sqlite') as 'sqlite' | 'memory';

export interface TestServer {
  emulator: Emulator;
  url: string;
  config: Config;
  /** Owner API key (Digest). */
  owner: Client;
  /** Owner service account (Bearer). */
  sa: Client;
  orgId: string;
  close(): Promise<void>;
}

export interface RequestOptions {
  body?: unknown;
  /** Raw body text, sent as is. */
  raw?: string;
  query?: Record<string, string | number | boolean | (string | number)[]>;
  /** Version date for Accept; null sends no versioned Accept. */
  version?: string | null;
  headers?: Record<string, string>;
}

export interface Res {
  status: number;
  headers: Headers;
  text: string;
  /** The body as bytes (downloads). */
  bytes: Buffer;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  json: any;
}

function md5(s: string): string {
  return createHash('md5').update(s).digest('hex');
}

function parseChallenge(h: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of h.replace(/^Digest\s+/i, '').matchAll(/(\w+)=(?:"([^"]*)"|([^\s,]+))/g)) out[m[1]!] = m[2] ?? m[3]!;
  return out;
}

export type Auth =
  | { kind: 'digest'; publicKey: string; privateKey: string }
  | { kind: 'bearer'; token: string }
  | { kind: 'serviceAccount'; clientId: string; secret: string }
  | { kind: 'none' };

/** A small HTTP client over fetch that speaks Digest (RFC 7616, MD5, qop=auth) and Bearer. */
export interface Exchange {
  method: string;
  /** Path without the query. */
  path: string;
  status: number;
}

export class Client {
  private token: string | null = null;
  constructor(
    readonly base: string,
    readonly auth: Auth,
    /** When given, every exchange is appended (the contract test reads it). */
    readonly log?: Exchange[],
  ) {}

  async request(method: string, pathname: string, opts: RequestOptions = {}): Promise<Res> {
    const qs = new URLSearchParams();
    for (const [k, v] of Object.entries(opts.query ?? {})) {
      for (const x of Array.isArray(v) ? v : [v]) qs.append(k, String(x));
    }
    const full = pathname.startsWith('/') ? pathname : `/api/atlas/v2/${pathname}`;
    const uri = qs.size ? `${full}?${qs}` : full;
    const headers: Record<string, string> = { ...opts.headers };
    const version = opts.version === undefined ? '2025-03-12' : opts.version;
    if (version !== null && !('Accept' in headers)) headers.Accept = `application/vnd.atlas.${version}+json`;
    let body: string | undefined;
    if (opts.raw !== undefined) body = opts.raw;
    else if (opts.body !== undefined) body = JSON.stringify(opts.body);
    if (body !== undefined && !('Content-Type' in headers)) headers['Content-Type'] = 'application/json';

    const send = async (extra: Record<string, string>) => {
      const r = await fetch(this.base + uri, { method, headers: { ...headers, ...extra }, body });
      const bytes = Buffer.from(await r.arrayBuffer());
      const text = bytes.toString('utf8');
      let json: unknown = undefined;
      try {
        json = text ? JSON.parse(text) : undefined;
      } catch {
        json = undefined;
      }
      this.log?.push({ method, path: full, status: r.status });
      return { status: r.status, headers: r.headers, text, bytes, json } as Res;
    };

    switch (this.auth.kind) {
      case 'none':
        return send({});
      case 'bearer':
        return send({ Authorization: `Bearer ${this.auth.token}` });
      case 'serviceAccount': {
        if (!this.token) this.token = await fetchToken(this.base, this.auth.clientId, this.auth.secret);
        return send({ Authorization: `Bearer ${this.token}` });
      }
      case 'digest': {
        const first = await send({});
        const challenge = first.headers.get('www-authenticate');
        if (first.status !== 401 || !challenge) return first;
        return send({ Authorization: digestHeader(this.auth.publicKey, this.auth.privateKey, method, uri, challenge) });
      }
    }
  }

  get(p: string, o?: RequestOptions) {
    return this.request('GET', p, o);
  }
  post(p: string, body?: unknown, o: RequestOptions = {}) {
    return this.request('POST', p, { ...o, body });
  }
  patch(p: string, body?: unknown, o: RequestOptions = {}) {
    return this.request('PATCH', p, { ...o, body });
  }
  put(p: string, body?: unknown, o: RequestOptions = {}) {
    return this.request('PUT', p, { ...o, body });
  }
  delete(p: string, o?: RequestOptions) {
    return this.request('DELETE', p, o);
  }
}

export function digestHeader(
  user: string,
  pass: string,
  method: string,
  uri: string,
  challenge: string,
  nc = '00000001',
): string {
  const c = parseChallenge(challenge);
  const cnonce = randomBytes(8).toString('hex');
  const ha1 = md5(`${user}:${c.realm}:${pass}`);
  const ha2 = md5(`${method}:${uri}`);
  const response = md5(`${ha1}:${c.nonce}:${nc}:${cnonce}:auth:${ha2}`);
  return `Digest username="${user}", realm="${c.realm}", nonce="${c.nonce}", uri="${uri}", algorithm=MD5, qop=auth, nc=${nc}, cnonce="${cnonce}", response="${response}"`;
}

export async function fetchToken(base: string, clientId: string, secret: string): Promise<string> {
  const r = await fetch(`${base}/api/oauth/token`, {
    method: 'POST',
    headers: {
      Authorization: `Basic ${Buffer.from(`${clientId}:${secret}`).toString('base64')}`,
      'Content-Type': 'application/x-www-form-urlencoded',
    },
    body: 'grant_type=client_credentials',
  });
  if (r.status !== 200) throw new Error(`token request failed: ${r.status} ${await r.text()}`);
  return ((await r.json()) as { access_token: string }).access_token;
}

export function tempDir(prefix = 'atlas-emu-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** A server on a random port with response validation on; frozen clock unless told otherwise. */
export async function startTestServer(
  overrides: Partial<Config> = {},
  { frozen = true, resources, logs }: { frozen?: boolean; resources?: readonly Resource[]; logs?: string[] } = {},
): Promise<TestServer> {
  const dataDir = tempDir();
  const config: Config = {
    ...defaultConfig(),
    port: 0,
    dataDir,
    storage: STORAGE,
    logLevel: 'silent',
    validateResponses: true,
    ...(logs ? { logLevel: 'error' } : {}),
    // Generous, so that suites that log in often are not throttled; rate-limit tests set their own.
    rateLimits: { oauthToken: { capacity: 1000, periodSeconds: 60 }, managedSlowMs: { capacity: 1000, periodSeconds: 60 } },
    ...overrides,
  };
  const emulator = await startEmulator(config, {
    ...(resources ? { resources } : {}),
    ...(logs ? { logStream: { write: (line: string) => void logs.push(line) } } : {}),
  });
  const url = emulator.url;
  // Over HTTPS, this file's fetches (the test clients, clock steering) trust the server's own certificate.
  const previousDispatcher = emulator.tlsCertPath ? getGlobalDispatcher() : undefined;
  if (emulator.tlsCertPath) setGlobalDispatcher(new Agent({ connect: { ca: fs.readFileSync(emulator.tlsCertPath, 'utf8') } }));
  if (frozen) await emulator.services.clock.setFrozen(true);
  const c = emulator.credentials;
  return {
    emulator,
    url,
    config,
    owner: new Client(url, { kind: 'digest', publicKey: c.publicKey, privateKey: c.privateKey }),
    sa: new Client(url, { kind: 'serviceAccount', clientId: c.clientId, secret: c.clientSecret }),
    orgId: c.orgId,
    async close() {
      if (previousDispatcher) setGlobalDispatcher(previousDispatcher);
      await emulator.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Calls a control endpoint (path below /__emulator/), with the server's control token when it has one. */
export async function control(
  server: TestServer,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<Res> {
  const token = server.emulator.controlToken;
  const r = await fetch(`${server.url}/__emulator/${path}`, {
    method,
    headers: {
      ...(token ? { Authorization: `Bearer ${token}` } : {}),
      ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
      ...headers,
    },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await r.text();
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  return { status: r.status, headers: r.headers, text, json } as Res;
}

async function steerClock(server: TestServer, body: Record<string, unknown>): Promise<void> {
  const r = await control(server, 'POST', 'clock', body);
  if (r.status !== 200) throw new Error(`clock control ${JSON.stringify(body)} failed: ${r.status} ${r.text}`);
}

/** Moves the emulated clock forward by an ISO 8601 duration, through the control endpoint. */
export function advance(server: TestServer, duration: string): Promise<void> {
  return steerClock(server, { advance: duration });
}

/** Freezes the emulated clock at an instant (ISO 8601, not in its past). */
export function setClock(server: TestServer, now: string): Promise<void> {
  return steerClock(server, { frozen: true, now });
}

/** The emulated now, in epoch ms, as the control endpoint reports it. */
export async function clockNow(server: TestServer): Promise<number> {
  return (await control(server, 'GET', 'clock')).json.epochMillis as number;
}

let projectCounter = 0;

/** Creates a project through the API and returns its id. */
export async function createProject(server: TestServer, name = `project-${++projectCounter}-${randomBytes(3).toString('hex')}`): Promise<string> {
  const r = await server.owner.post('groups', { name, orgId: server.orgId });
  if (r.status !== 201) throw new Error(`createProject failed: ${r.status} ${r.text}`);
  return r.json.id as string;
}
