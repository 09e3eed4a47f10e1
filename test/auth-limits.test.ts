import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import net from 'node:net';
import { after, before, describe, it } from 'node:test';
import { Agent } from 'undici';
import { digestHeader, fetchToken, setClock, startTestServer, type TestServer } from './helpers.js';

// What guessing credentials costs: Digest only with qop=auth and counts never
// reused; wrong credentials throttled per address (never locking the real client
// out from another address) in bounded memory; and the bootstrap credentials,
// which no emulated clock jump may expire.

const ACCEPT = 'application/vnd.atlas.2023-01-01+json';
const md5 = (s: string) => createHash('md5').update(s).digest('hex');

type Fetch = (url: string, init?: RequestInit) => Promise<Response>;

/** fetch from a given loopback address (127.0.0.0/8 all reach the server). */
function from(localAddress: string): Fetch {
  const dispatcher = new Agent({
    connect: (o, done) => {
      const socket = net.connect({ host: o.hostname, port: Number(o.port), localAddress });
      socket.once('connect', () => done(null, socket));
      socket.once('error', (err) => done(err, null));
    },
  });
  return (url, init = {}) => fetch(url, { ...init, dispatcher } as RequestInit);
}

async function challenge(s: TestServer, path: string): Promise<string> {
  const r = await fetch(`${s.url}${path}`, { headers: { Accept: ACCEPT } });
  assert.equal(r.status, 401);
  return r.headers.get('www-authenticate')!;
}

function nonceOf(challengeHeader: string): string {
  return /nonce="([^"]+)"/.exec(challengeHeader)![1]!;
}

const basic = (id: string, secret: string) => `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`;

function askToken(f: Fetch, s: TestServer, clientId: string, secret: string) {
  return f(`${s.url}/api/oauth/token`, {
    method: 'POST',
    headers: { Authorization: basic(clientId, secret), 'Content-Type': 'application/x-www-form-urlencoded' },
    body: 'grant_type=client_credentials',
  });
}

describe('Digest', () => {
  let s: TestServer;
  before(async () => {
    s = await startTestServer();
  });
  after(async () => s.close());

  it('refuses RFC 2069 answers (no qop), which could be replayed for the nonce\'s whole life', async () => {
    const path = '/api/atlas/v2/orgs';
    const c = s.emulator.credentials;
    const nonce = nonceOf(await challenge(s, path));
    const ha1 = md5(`${c.publicKey}:MMS Public API:${c.privateKey}`);
    const response = md5(`${ha1}:${nonce}:${md5(`GET:${path}`)}`);
    const header = `Digest username="${c.publicKey}", realm="MMS Public API", nonce="${nonce}", uri="${path}", algorithm=MD5, response="${response}"`;
    const r = await fetch(`${s.url}${path}`, { headers: { Accept: ACCEPT, Authorization: header } });
    assert.equal(r.status, 401);
    assert.match(r.headers.get('www-authenticate')!, /qop="auth"/);
    // The same nonce with qop=auth works: only the answer's form was refused.
    const ok = await fetch(`${s.url}${path}`, { headers: { Accept: ACCEPT, Authorization: digestHeader(c.publicKey, c.privateKey, 'GET', path, await challenge(s, path)) } });
    assert.equal(ok.status, 200);
  });

  it('accepts counts of one nonce arriving out of order from parallel requests, and refuses only a count used before', async () => {
    const path = '/api/atlas/v2/orgs';
    const c = s.emulator.credentials;
    const ch = await challenge(s, path);
    const counts = Array.from({ length: 40 }, (_, i) => i + 1).sort(() => Math.random() - 0.5);
    // Interleave: the higher counts overtake the lower ones on the way in, as they do from a pool of connections.
    const send = (nc: number) =>
      fetch(`${s.url}${path}`, {
        headers: { Accept: ACCEPT, Authorization: digestHeader(c.publicKey, c.privateKey, 'GET', path, ch, nc.toString(16).padStart(8, '0')) },
      }).then((r) => r.status);
    const statuses = await Promise.all(counts.map(send));
    assert.deepEqual(statuses, counts.map(() => 200));
    for (const reused of [1, 17, 40]) assert.equal(await send(reused), 401, `nc ${reused} again`);
    assert.equal(await send(41), 200);
    assert.equal(await send(5000), 200, 'a count far ahead is new');
    assert.equal(await send(4990), 200, 'a count just behind the highest, never seen, is new');
    assert.equal(await send(41), 401, 'a count too far behind cannot be told from a reuse');
  });
});

describe('wrong credentials are throttled per address', () => {
  let s: TestServer;
  const limits = {
    oauthToken: { capacity: 3, periodSeconds: 60 },
    managedSlowMs: { capacity: 100, periodSeconds: 60 },
    authFailures: { capacity: 5, periodSeconds: 60 },
  };
  before(async () => {
    s = await startTestServer({ rateLimits: limits });
  });
  after(async () => s.close());

  it('locks an address out of Digest after a burst of wrong private keys, not the real key from another address', async () => {
    const path = '/api/atlas/v2/orgs';
    const c = s.emulator.credentials;
    const attacker = from('127.0.0.3');
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++) {
      const ch = (await attacker(`${s.url}${path}`, { headers: { Accept: ACCEPT } })).headers.get('www-authenticate')!;
      const wrong = `00000000-0000-4000-8000-${randomBytes(6).toString('hex')}`;
      const r = await attacker(`${s.url}${path}`, { headers: { Accept: ACCEPT, Authorization: digestHeader(c.publicKey, wrong, 'GET', path, ch) } });
      statuses.push(r.status);
      if (r.status === 429) {
        const body = (await r.json()) as Record<string, unknown>;
        assert.deepEqual(Object.keys(body).sort(), ['detail', 'error', 'errorCode', 'parameters', 'reason']);
        assert.ok(Number(r.headers.get('retry-after')) >= 1);
      }
    }
    assert.deepEqual(statuses, [...Array(5).fill(401), ...Array(7).fill(429)]);
    // The right key from the same address waits too: a guess must not learn it was right.
    const ch = (await attacker(`${s.url}${path}`, { headers: { Accept: ACCEPT } })).headers.get('www-authenticate')!;
    const same = await attacker(`${s.url}${path}`, { headers: { Accept: ACCEPT, Authorization: digestHeader(c.publicKey, c.privateKey, 'GET', path, ch) } });
    assert.equal(same.status, 429);
    const real = from('127.0.0.4');
    const ch2 = (await real(`${s.url}${path}`, { headers: { Accept: ACCEPT } })).headers.get('www-authenticate')!;
    const ok = await real(`${s.url}${path}`, { headers: { Accept: ACCEPT, Authorization: digestHeader(c.publicKey, c.privateKey, 'GET', path, ch2) } });
    assert.equal(ok.status, 200);
  });

  it('locks an address out of the token endpoint after a burst of wrong secrets, not the real client from another address', async () => {
    const c = s.emulator.credentials;
    const attacker = from('127.0.0.5');
    const statuses: number[] = [];
    for (let i = 0; i < 8; i++) statuses.push((await askToken(attacker, s, c.clientId, `mdb_sa_sk_${randomBytes(8).toString('hex')}`)).status);
    assert.deepEqual(statuses, [...Array(5).fill(401), ...Array(3).fill(429)]);
    const real = from('127.0.0.6');
    assert.equal((await askToken(real, s, c.clientId, c.clientSecret)).status, 200);
  });

  it('keeps the issuing limit per client and address, counted on tokens issued', async () => {
    const c = s.emulator.credentials;
    const client = from('127.0.0.7');
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) statuses.push((await askToken(client, s, c.clientId, c.clientSecret)).status);
    assert.deepEqual(statuses, [200, 200, 200, 429]);
  });
});

describe('rate-limit memory', () => {
  let s: TestServer;
  before(async () => {
    s = await startTestServer({
      rateLimits: {
        oauthToken: { capacity: 10, periodSeconds: 60 },
        managedSlowMs: { capacity: 100, periodSeconds: 60 },
        authFailures: { capacity: 100_000, periodSeconds: 1 },
      },
    });
  });
  after(async () => s.close());

  it('holds no bucket per made-up client id, and lets buckets go once they are full again', async () => {
    const buckets = s.emulator.services.rateLimits;
    const batch = Array.from({ length: 400 }, () => `mdb_sa_id_${randomBytes(400).toString('hex')}`);
    for (let i = 0; i < batch.length; i += 50) {
      const statuses = await Promise.all(batch.slice(i, i + 50).map((id) => askToken(fetch, s, id, 'mdb_sa_sk_wrong').then((r) => r.status)));
      assert.ok(statuses.every((x) => x === 401), String(statuses));
    }
    assert.ok(buckets.size <= 2, `${buckets.size} buckets for 400 made-up client ids from one address`);
    await new Promise((r) => setTimeout(r, 1100));
    assert.equal(buckets.size, 0, 'a refilled bucket is forgotten');
  });
});

describe('bootstrap credentials and the emulated clock', () => {
  let s: TestServer;
  before(async () => {
    s = await startTestServer();
  });
  after(async () => s.close());

  it('keeps the default service account secret and API key working after a jump of more than ten years', async () => {
    const c = s.emulator.credentials;
    const now = new Date(await (await fetch(`${s.url}/__emulator/clock`)).json().then((j: { epochMillis: number }) => j.epochMillis));
    now.setUTCFullYear(now.getUTCFullYear() + 11);
    await setClock(s, now.toISOString());
    const token = await fetchToken(s.url, c.clientId, c.clientSecret);
    const r = await fetch(`${s.url}/api/atlas/v2/orgs`, { headers: { Accept: ACCEPT, Authorization: `Bearer ${token}` } });
    assert.equal(r.status, 200);
    assert.equal((await s.owner.get('orgs')).status, 200);
    await setClock(s, '9999-12-31T00:00:00Z');
    assert.equal((await askToken(fetch, s, c.clientId, c.clientSecret)).status, 200);
  });
});
