import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { fetchToken, startTestServer, type TestServer } from './helpers.js';
import { isAtlasError, rawExchange, rawRequest, type RawResponse } from './raw.js';

// What reaches the server below the API (bytes the HTTP parser refuses, requests that
// never finish, pipelined garbage) is answered like any other bad input: Atlas's
// error body, honest framing, `Connection: close` when the server closes, no body on
// HEAD, one answer per request, and never a handler crash.

const ACCEPT = 'application/vnd.atlas.2023-01-01+json';

function assertClosingError(r: RawResponse | undefined, status: number) {
  assert.ok(r, 'an answer');
  assert.equal(r.status, status, JSON.stringify(r));
  assert.ok(isAtlasError(r), `Atlas's error body: ${r.body}`);
  assert.equal(r.headers.connection, 'close');
  assert.equal(Number(r.headers['content-length']), Buffer.byteLength(r.body));
  assert.equal(r.headers['x-error-code'], JSON.parse(r.body).errorCode);
}

/** Lines the server logged at error level or worse. */
const errorsIn = (logs: string[]) => logs.filter((l) => (JSON.parse(l) as { level: number }).level >= 50);

describe('the wire', () => {
  let s: TestServer;
  let token: string;
  const logs: string[] = [];
  before(async () => {
    s = await startTestServer({ headersTimeoutMs: 1500, requestTimeoutMs: 2500, keepAliveTimeoutMs: 1000 }, { logs });
    token = await fetchToken(s.url, s.emulator.credentials.clientId, s.emulator.credentials.clientSecret);
  });
  after(async () => s.close());

  it('answers a valid request followed in the same packet by garbage, then refuses the garbage and closes', async () => {
    const body = JSON.stringify({ name: 'pipelined-then-garbage', orgId: s.orgId });
    const request = rawRequest('POST /api/atlas/v2/groups', { Authorization: `Bearer ${token}`, Accept: ACCEPT, 'Content-Type': 'application/json' }, body);
    const r = await rawExchange(s.url, Buffer.concat([Buffer.from(request), Buffer.from('\0garbage\r\n\r\n')]));
    assert.equal(r.responses[0]?.status, 201, JSON.stringify(r.responses));
    assertClosingError(r.responses[1], 400);
    assert.equal(r.responses.length, 2);
    assert.ok(r.closed);
    const got = await s.sa.get('groups/byName/pipelined-then-garbage');
    assert.equal(got.status, 200, 'the valid request was carried out');
    assert.deepEqual(errorsIn(logs), []);
  });

  it('answers an over-long request line with 431 in Atlas shape, and HEAD without a body', async () => {
    const long = `/api/atlas/v2/groups/${'a'.repeat(20_000)}`;
    const get = await rawExchange(s.url, rawRequest(`GET ${long}`));
    assertClosingError(get.responses[0], 431);
    assert.ok(get.closed);
    const head = await rawExchange(s.url, rawRequest(`HEAD ${long}`), { methods: ['HEAD'] });
    assert.equal(head.responses[0]?.status, 431);
    assert.equal(head.responses[0]?.headers.connection, 'close');
    assert.equal(head.responses[0]?.body, '');
    assert.equal(head.rest, '', 'no body bytes after the head');
    assert.ok(head.closed);
  });

  it('answers an over-long header with 431 in Atlas shape', async () => {
    const r = await rawExchange(s.url, rawRequest('GET /__emulator/health', { 'X-Filler': 'x'.repeat(20_000) }));
    assertClosingError(r.responses[0], 431);
  });

  for (const [what, bytes] of [
    ['two different Content-Length headers', 'POST /__emulator/clock HTTP/1.1\r\nHost: localhost\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\n{}'],
    ['a space before the colon', 'GET /__emulator/health HTTP/1.1\r\nHost : localhost\r\n\r\n'],
    ['a bare LF inside a header value', 'GET /__emulator/health HTTP/1.1\r\nHost: localhost\r\nX-A: a\rb\r\n\r\n'],
    ['a method that is no token', 'G(T /__emulator/health HTTP/1.1\r\nHost: localhost\r\n\r\n'],
    ['an HTTP version that does not exist', 'GET /__emulator/health HTTP/7.3\r\nHost: localhost\r\n\r\n'],
    ['a broken chunk size', 'POST /__emulator/clock HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: chunked\r\nContent-Type: application/json\r\n\r\nzz\r\n{}\r\n0\r\n\r\n'],
    ['NUL bytes only', '\0\0\0\0\r\n\r\n'],
  ] as const) {
    it(`answers ${what} with 400 in Atlas shape and closes`, async () => {
      const r = await rawExchange(s.url, bytes);
      assertClosingError(r.responses[0], 400);
      assert.equal(r.responses.length, 1);
      assert.ok(r.closed);
    });
  }

  it('answers Transfer-Encoding other than chunked exactly once (400), for control and API alike', async () => {
    for (const path of ['/__emulator/clock', '/api/atlas/v2/groups']) {
      const r = await rawExchange(s.url, rawRequest(`GET ${path}`, { 'Transfer-Encoding': 'gzip', Authorization: `Bearer ${token}`, Accept: ACCEPT }));
      assert.equal(r.responses.length, 1, `${path}: ${JSON.stringify(r.responses)}`);
      assertClosingError(r.responses[0], 400);
      assert.ok(r.closed);
    }
  });

  it('gives a client that sends its body one byte at a time 408 in Atlas shape within the request timeout', async () => {
    const head = rawRequest('POST /__emulator/clock', { 'Content-Type': 'application/json', 'Content-Length': 40 });
    const r = await rawExchange(s.url, head, { chunks: Array(20).fill(' '), gapMs: 400, waitMs: 7000 });
    assert.ok(r.closed, 'closed');
    assert.ok(r.elapsedMs < 5000, `closed after ${r.elapsedMs} ms`);
    assertClosingError(r.responses[0], 408);
  });

  it('closes a connection whose headers never finish, with 408', async () => {
    const r = await rawExchange(s.url, 'GET /__emulator/health HTTP/1.1\r\nHost: localhost\r\n', {
      chunks: Array(20).fill('X-Slow: 1\r\n'),
      gapMs: 300,
      waitMs: 7000,
    });
    assert.ok(r.closed, 'closed');
    assert.ok(r.elapsedMs < 4500, `closed after ${r.elapsedMs} ms`);
    assertClosingError(r.responses[0], 408);
  });

  it('closes a connection that never sends anything, within the headers timeout', async () => {
    const r = await rawExchange(s.url, '', { waitMs: 6000 });
    assert.ok(r.closed, 'closed');
    assert.ok(r.elapsedMs < 4000, `closed after ${r.elapsedMs} ms`);
    assert.equal(r.rest, '');
  });

  it('closes an idle keep-alive connection after the keep-alive timeout, and serves it until then', async () => {
    const one = rawRequest('GET /__emulator/health');
    const r = await rawExchange(s.url, one, { chunks: [one], gapMs: 400, waitMs: 5000 });
    assert.deepEqual(r.responses.map((x) => x.status), [200, 200]);
    assert.ok(r.closed);
    assert.ok(r.elapsedMs < 3000, `closed after ${r.elapsedMs} ms`);
  });

  it('serves a client that sends a body slowly but within the timeouts', async () => {
    const head = rawRequest('POST /__emulator/clock', { 'Content-Type': 'application/json', 'Content-Length': 2 });
    const r = await rawExchange(s.url, head, { chunks: ['{', '}'], gapMs: 300, waitMs: 1200 });
    assert.equal(r.responses[0]?.status, 200, JSON.stringify(r.responses));
  });

  it('logged no error for any of this', () => {
    assert.deepEqual(errorsIn(logs), []);
  });
});
