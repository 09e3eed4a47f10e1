import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { digestHeader, fetchToken, startTestServer, type TestServer } from './helpers.js';

const run = promisify(execFile);

const FIELD_NAMES = ['CLUSTER_NAME', 'HOSTNAME', 'PORT', 'HOSTNAME_AND_PORT', 'APPLICATION_ID', 'REPLICA_SET_NAME', 'TYPE_NAME', 'SHARD_NAME'];

/** Runs a shell command line as a user would type it, with these variables set. */
async function shell(command: string, env: Record<string, string>): Promise<string> {
  const { stdout } = await run('bash', ['-c', command], { env: { ...process.env, ...env } });
  return stdout;
}

async function challenge(s: TestServer, path: string): Promise<string> {
  const r = await fetch(s.url + path, { headers: { Accept: 'application/vnd.atlas.2025-03-12+json' } });
  assert.equal(r.status, 401);
  await r.arrayBuffer();
  return r.headers.get('www-authenticate')!;
}

async function signed(s: TestServer, path: string, authorization: string, method = 'GET') {
  const r = await fetch(s.url + path, {
    method,
    headers: { Accept: 'application/vnd.atlas.2025-03-12+json', Authorization: authorization },
  });
  const text = await r.text();
  return { status: r.status, www: r.headers.get('www-authenticate'), json: text ? JSON.parse(text) : undefined };
}

function basic(clientId: string, secret: string): string {
  return `Basic ${Buffer.from(`${clientId}:${secret}`).toString('base64')}`;
}

describe('authentication: the seed curl examples', () => {
  let s: TestServer;
  before(async () => {
    s = await startTestServer();
  });
  after(async () => s.close());

  it('answers the seed curl --digest example verbatim apart from the host', async () => {
    const c = s.emulator.credentials;
    const out = await shell(
      `curl --user "\${PUBLIC_KEY}:\${PRIVATE_KEY}" --digest --header "Accept: application/vnd.atlas.2025-03-12+json" -X GET "${s.url}/api/atlas/v2/alertConfigs/matchers/fieldNames?pretty=true"`,
      { PUBLIC_KEY: c.publicKey, PRIVATE_KEY: c.privateKey },
    );
    assert.deepEqual(JSON.parse(out), FIELD_NAMES);
    assert.match(out, /^\[\n {2}"CLUSTER_NAME",\n/);
  });

  it('answers the Bearer variant with a token from /api/oauth/token', async () => {
    const c = s.emulator.credentials;
    const token = await fetchToken(s.url, c.clientId, c.clientSecret);
    const out = await shell(
      `curl --header "Authorization: Bearer \${ACCESS_TOKEN}" --header "Accept: application/vnd.atlas.2025-03-12+json" -X GET "${s.url}/api/atlas/v2/alertConfigs/matchers/fieldNames?pretty=true"`,
      { ACCESS_TOKEN: token },
    );
    assert.deepEqual(JSON.parse(out), FIELD_NAMES);
  });

  it('gets a token with curl as the documentation shows, and refuses curl with a wrong private key', async () => {
    const c = s.emulator.credentials;
    const out = await shell(
      `curl -s --request POST --url "${s.url}/api/oauth/token" --header "Content-Type: application/x-www-form-urlencoded" --header "Accept: application/json" --user "\${CLIENT_ID}:\${CLIENT_SECRET}" --data "grant_type=client_credentials"`,
      { CLIENT_ID: c.clientId, CLIENT_SECRET: c.clientSecret },
    );
    assert.equal(JSON.parse(out).token_type, 'Bearer');
    const status = await shell(
      `curl -s -o /dev/null -w "%{http_code}" --user "\${PUBLIC_KEY}:00000000-0000-4000-8000-00000000dead" --digest --header "Accept: application/vnd.atlas.2025-03-12+json" "${s.url}/api/atlas/v2/groups"`,
      { PUBLIC_KEY: c.publicKey },
    );
    assert.equal(status, '401');
  });
});

describe('authentication: Digest rules', () => {
  let s: TestServer;
  before(async () => {
    s = await startTestServer({ nonceTtlSeconds: 1 });
  });
  after(async () => s.close());

  const path = '/api/atlas/v2/groups';
  const creds = () => [s.emulator.credentials.publicKey, s.emulator.credentials.privateKey] as const;

  it('asks again with stale=true when the right credentials come with an expired nonce', async () => {
    const www = await challenge(s, path);
    const [pub, priv] = creds();
    assert.equal((await signed(s, path, digestHeader(pub, priv, 'GET', path, www))).status, 200);
    await new Promise((r) => setTimeout(r, 1300));
    const stale = await signed(s, path, digestHeader(pub, priv, 'GET', path, www, '00000002'));
    assert.equal(stale.status, 401);
    assert.match(stale.www!, /stale=true$/);
    // The fresh nonce of the new challenge works at once.
    assert.equal((await signed(s, path, digestHeader(pub, priv, 'GET', path, stale.www!))).status, 200);
  });

  it('refuses an expired nonce with a wrong password without stale=true', async () => {
    const www = await challenge(s, path);
    await new Promise((r) => setTimeout(r, 1300));
    const r = await signed(s, path, digestHeader(creds()[0], '00000000-0000-4000-8000-00000000dead', 'GET', path, www));
    assert.equal(r.status, 401);
    assert.match(r.www!, /stale=false$/);
  });

  it('refuses a nonce count used before, and accepts the next one', async () => {
    const www = await challenge(s, path);
    const [pub, priv] = creds();
    assert.equal((await signed(s, path, digestHeader(pub, priv, 'GET', path, www, '00000001'))).status, 200);
    const replay = await signed(s, path, digestHeader(pub, priv, 'GET', path, www, '00000001'));
    assert.equal(replay.status, 401);
    assert.equal(replay.json.errorCode, 'UNAUTHORIZED');
    assert.equal((await signed(s, path, digestHeader(pub, priv, 'GET', path, www, '00000002'))).status, 200);
  });

  it('refuses a signature made for another uri', async () => {
    const www = await challenge(s, path);
    const [pub, priv] = creds();
    const header = digestHeader(pub, priv, 'GET', '/api/atlas/v2/orgs', www);
    assert.equal((await signed(s, path, header)).status, 401);
    // The same header is fine where it was meant to go.
    assert.equal((await signed(s, '/api/atlas/v2/orgs', header)).status, 200);
  });

  it('refuses a signature made for another method', async () => {
    const www = await challenge(s, path);
    const [pub, priv] = creds();
    assert.equal((await signed(s, path, digestHeader(pub, priv, 'POST', path, www))).status, 401);
  });

  it('refuses a wrong password and an unknown public key', async () => {
    const www = await challenge(s, path);
    const wrong = await signed(s, path, digestHeader(creds()[0], '00000000-0000-4000-8000-00000000dead', 'GET', path, www));
    assert.equal(wrong.status, 401);
    assert.deepEqual(Object.keys(wrong.json), ['detail', 'error', 'errorCode', 'parameters', 'reason']);
    const unknown = await signed(s, path, digestHeader('zzzzzzzz', creds()[1], 'GET', path, www, '00000002'));
    assert.equal(unknown.status, 401);
  });

  it('refuses a nonce it did not issue', async () => {
    const [pub, priv] = creds();
    const forged = 'Digest realm="MMS Public API", domain="", nonce="abc.def.ghi", algorithm=MD5, qop="auth", stale=false';
    assert.equal((await signed(s, path, digestHeader(pub, priv, 'GET', path, forged))).status, 401);
  });
});

describe('authentication: OAuth client credentials', () => {
  let s: TestServer;
  before(async () => {
    s = await startTestServer();
  });
  after(async () => s.close());

  const token = (authorization: string, body = 'grant_type=client_credentials') =>
    fetch(`${s.url}/api/oauth/token`, {
      method: 'POST',
      headers: { Authorization: authorization, 'Content-Type': 'application/x-www-form-urlencoded' },
      body,
    });

  it('issues a one-hour Bearer token in the documented shape', async () => {
    const c = s.emulator.credentials;
    const r = await token(basic(c.clientId, c.clientSecret));
    assert.equal(r.status, 200);
    assert.equal(r.headers.get('cache-control'), 'no-store');
    const body = (await r.json()) as Record<string, unknown>;
    assert.deepEqual(Object.keys(body), ['access_token', 'expires_in', 'token_type']);
    assert.equal(body.expires_in, 3600);
    assert.equal(body.token_type, 'Bearer');
    assert.match(body.access_token as string, /^[\w-]+\.[\w-]+\.[\w-]+$/);
  });

  it('answers a wrong secret with invalid_client', async () => {
    const r = await token(basic(s.emulator.credentials.clientId, 'mdb_sa_sk_wrongwrongwrongwrong'));
    assert.equal(r.status, 401);
    assert.equal(await r.text(), '{"error":"invalid_client","error_description":"Invalid credentials provided."}');
  });

  it('answers an unknown client and another grant type as OAuth errors', async () => {
    assert.equal((await token(basic('mdb_sa_id_ffffffffffffffffffffffff', 'x'))).status, 401);
    const grant = await token(basic(s.emulator.credentials.clientId, s.emulator.credentials.clientSecret), 'grant_type=password');
    assert.equal(grant.status, 400);
    assert.equal(((await grant.json()) as { error: string }).error, 'unsupported_grant_type');
  });

  it('refuses a token once revoked, and only that token', async () => {
    const c = s.emulator.credentials;
    const revoked = await fetchToken(s.url, c.clientId, c.clientSecret);
    const kept = await fetchToken(s.url, c.clientId, c.clientSecret);
    const get = (t: string) => signed(s, '/api/atlas/v2/orgs', `Bearer ${t}`);
    assert.equal((await get(revoked)).status, 200);
    const r = await fetch(`${s.url}/api/oauth/revoke`, {
      method: 'POST',
      headers: { Authorization: basic(c.clientId, c.clientSecret), 'Content-Type': 'application/x-www-form-urlencoded' },
      body: `token=${revoked}&token_type_hint=access_token`,
    });
    assert.equal(r.status, 200);
    const refused = await get(revoked);
    assert.equal(refused.status, 401);
    assert.equal(refused.json.errorCode, 'UNAUTHORIZED');
    assert.equal((await get(kept)).status, 200);
  });

  it('refuses a tampered or foreign token', async () => {
    const c = s.emulator.credentials;
    const t = await fetchToken(s.url, c.clientId, c.clientSecret);
    assert.equal((await signed(s, '/api/atlas/v2/orgs', 'Bearer garbage.token.here')).status, 401);
    assert.equal((await signed(s, '/api/atlas/v2/orgs', `Bearer ${t}x`)).status, 401);
    assert.equal((await signed(s, '/api/atlas/v2/orgs', `Bearer ${t}`)).status, 200);
  });
});

describe('authentication: the token endpoint rate limit', () => {
  let s: TestServer;
  before(async () => {
    s = await startTestServer({
      rateLimits: { oauthToken: { capacity: 2, periodSeconds: 60 }, managedSlowMs: { capacity: 100, periodSeconds: 60 } },
    });
  });
  after(async () => s.close());

  it('answers 429 once a client has used its bucket', async () => {
    const c = s.emulator.credentials;
    const ask = () =>
      fetch(`${s.url}/api/oauth/token`, {
        method: 'POST',
        headers: { Authorization: basic(c.clientId, c.clientSecret), 'Content-Type': 'application/x-www-form-urlencoded' },
        body: 'grant_type=client_credentials',
      });
    assert.equal((await ask()).status, 200);
    assert.equal((await ask()).status, 200);
    const limited = await ask();
    assert.equal(limited.status, 429);
    assert.ok(Number(limited.headers.get('retry-after')) >= 1);
    const body = (await limited.json()) as { detail: string; errorCode: string; error: number; parameters: unknown[] };
    assert.equal(body.errorCode, 'RATE_LIMITED');
    assert.equal(body.error, 429);
    const wait = Number(limited.headers.get('retry-after'));
    assert.equal(
      body.detail,
      `Rate limit exceeded for api/oauth/token. Please retry after ${wait} seconds. Request capacity: 2. Refill rate: 2 per 60 seconds.`,
    );
    assert.deepEqual(body.parameters, ['api/oauth/token', wait, 2, 2, 60]);
  });

  it('keeps the production default of 10 a minute', async () => {
    const { RATE_LIMIT_DEFAULTS } = await import('../src/config.js');
    assert.deepEqual(RATE_LIMIT_DEFAULTS.oauthToken, { capacity: 10, periodSeconds: 60 });
  });
});

describe('authentication: HTTPS', () => {
  let s: TestServer;
  before(async () => {
    s = await startTestServer({ tls: true });
  });
  after(async () => s.close());

  it('serves https with a certificate for localhost kept in the data directory', async () => {
    assert.match(s.url, /^https:\/\/127\.0\.0\.1:\d+$/);
    const certPath = s.emulator.tlsCertPath!;
    assert.equal(certPath, `${s.config.dataDir}/tls-cert.pem`);
    assert.ok(fs.existsSync(`${s.config.dataDir}/tls-key.pem`));
    const c = s.emulator.credentials;
    const out = await shell(
      `curl -s --cacert "${certPath}" --user "\${PUBLIC_KEY}:\${PRIVATE_KEY}" --digest --header "Accept: application/vnd.atlas.2025-03-12+json" "${s.url.replace('127.0.0.1', 'localhost')}/api/atlas/v2/orgs"`,
      { PUBLIC_KEY: c.publicKey, PRIVATE_KEY: c.privateKey },
    );
    const body = JSON.parse(out);
    assert.match(body.links[0].href, /^https:\/\/localhost:\d+\/api\/atlas\/v2\/orgs\?/);
    if (s.config.storage === 'sqlite') {
      const written = JSON.parse(fs.readFileSync(`${s.config.dataDir}/credentials.json`, 'utf8'));
      assert.equal(written.baseUrl, s.url);
    }
  });

  it('serves the certificate and key given with --tls-cert and --tls-key', async () => {
    const { startEmulator } = await import('../src/app.js');
    const { loadConfig } = await import('../src/config.js');
    const dir = s.config.dataDir;
    const config = loadConfig(
      ['--tls-cert', `${dir}/tls-cert.pem`, '--tls-key', `${dir}/tls-key.pem`, '--port', '0', '--storage', 'memory', '--data-dir', `${dir}/other`],
      {},
    );
    const other = await startEmulator({ ...config, logLevel: 'silent' });
    try {
      assert.match(other.url, /^https:/);
      assert.equal(other.tlsCertPath, `${dir}/tls-cert.pem`);
      const out = await shell(`curl -s --cacert "${dir}/tls-cert.pem" "${other.url}/__emulator/health"`, {});
      assert.equal(JSON.parse(out).status, 'OK');
      assert.ok(!fs.existsSync(`${dir}/other/tls-cert.pem`));
    } finally {
      await other.close();
    }
  });

  it('stops start-up with a one-line message for incomplete or unreadable TLS settings', async () => {
    const { ConfigError, loadConfig } = await import('../src/config.js');
    const dir = s.config.dataDir;
    assert.throws(() => loadConfig(['--tls-cert', `${dir}/tls-cert.pem`], {}), (e: Error) => e instanceof ConfigError && e.message === '--tls-key: required with --tls-cert');
    assert.throws(() => loadConfig(['--tls-key', `${dir}/missing.pem`], {}), /^Error: --tls-key: cannot read/);
    assert.throws(() => loadConfig([], { ATLAS_EMULATOR_TLS: 'maybe' }), /--tls: expected true or false/);
    assert.equal(loadConfig([], { ATLAS_EMULATOR_TLS: 'true' }).tls, true);
    assert.equal(loadConfig(['--tls'], {}).tls, true);
    assert.equal(loadConfig([], {}).tls, false);
  });

  it('reuses the certificate on restart', async () => {
    const { startEmulator } = await import('../src/app.js');
    const before = fs.readFileSync(s.emulator.tlsCertPath!, 'utf8');
    const again = await startEmulator({ ...s.config, storage: 'memory', port: 0 });
    try {
      assert.equal(fs.readFileSync(again.tlsCertPath!, 'utf8'), before);
      assert.match(again.url, /^https:/);
    } finally {
      await again.close();
    }
  });
});
