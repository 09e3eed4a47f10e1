import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createProject, fetchToken, startTestServer, type TestServer } from './helpers.js';
import { isAtlasError, rawExchange, type RawResult } from './raw.js';

// Seeded garbage on raw sockets, below anything fetch would send: requests pipelined
// with junk, broken framing, over-long lines, bodies and headers that stop coming.
// Whatever arrives, every answer is framed so that it parses whole, none is a 5xx,
// every error carries Atlas's body, nothing follows a `Connection: close`, and the
// server logs no internal error. Replay a failure with RAW_FUZZ_SEED.

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Sent {
  /** What the exchange sends at once. */
  data: string | Buffer;
  /** Then these, 300 ms apart (a slow client). */
  chunks?: string[];
  /** Methods of the requests a well-behaved server could read, in order (HEAD answers have no body). */
  methods: string[];
  what: string;
}

const ACCEPT = 'application/vnd.atlas.2023-01-01+json';

describe('fuzz: raw-socket garbage never yields a 5xx, an answer outside Atlas\'s shape, or a logged error', () => {
  const seed = Number(process.env.RAW_FUZZ_SEED ?? 20261201);
  const count = Number(process.env.RAW_FUZZ_COUNT ?? 160);
  const logs: string[] = [];
  let s: TestServer;
  let token: string;
  let groupId: string;
  before(async () => {
    s = await startTestServer({ headersTimeoutMs: 1000, requestTimeoutMs: 1500, keepAliveTimeoutMs: 800 }, { logs });
    token = await fetchToken(s.url, s.emulator.credentials.clientId, s.emulator.credentials.clientSecret);
    groupId = await createProject(s);
  });
  after(async () => s.close());

  it(`${count} exchanges, seed ${seed}`, async () => {
    const rnd = mulberry32(seed);
    const int = (n: number) => Math.floor(rnd() * n);
    const pick = <T>(xs: readonly T[]): T => xs[int(xs.length)]!;
    const junk = (n: number) => Buffer.from(Array.from({ length: n }, () => pick([0, 9, 10, 13, 32, 34, 58, 127, 200, 255, int(256), 65 + int(26)])));
    const path = () =>
      pick([
        '/api/atlas/v2/groups',
        `/api/atlas/v2/groups/${groupId}`,
        `/api/atlas/v2/groups/${groupId}/clusters`,
        '/api/atlas/v2/orgs',
        '/api/atlas/v2/groups/%zz',
        '/api/atlas/v2/nope',
        '/api/oauth/token',
        '/__emulator/clock',
        '/__emulator/health',
        '/__emulator/openapi.json',
        '/__emulator/faults/privateEndpoint',
        '/',
        '*',
      ]);
    const method = () => pick(['GET', 'GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'TRACE', 'FOO']);
    const headers = (extra: string[] = []) =>
      [
        `Host: ${pick(['localhost', '127.0.0.1', 'evil.example', 'localhost:1', '[::1]'])}`,
        ...(rnd() < 0.7 ? [`Authorization: Bearer ${token}`] : []),
        ...(rnd() < 0.5 ? [`Accept: ${pick([ACCEPT, 'application/json', '*/*', 'text/html', 'application/vnd.atlas.1999-01-01+json'])}`] : []),
        ...(rnd() < 0.2 ? [`Origin: ${pick(['https://evil.example', 'null', 'http://localhost'])}`] : []),
        ...extra,
      ].join('\r\n');
    const json = () => pick(['{}', '{"name":"fuzz","orgId":"' + s.orgId + '"}', '{"advance":"PT1M"}', '[', '{"a":' + '['.repeat(40) + ']'.repeat(40) + '}', 'null']);
    const valid = (m = method()) => {
      const body = m === 'GET' || m === 'DELETE' ? '' : json();
      const type = pick(['application/json', 'text/plain', 'application/x-www-form-urlencoded']);
      return { m, bytes: `${m} ${path()} HTTP/1.1\r\n${headers([`Content-Type: ${type}`, `Content-Length: ${Buffer.byteLength(body)}`])}\r\n\r\n${body}` };
    };

    const generators: (() => Sent)[] = [
      // A valid request, then junk in the same packet.
      () => {
        const v = valid();
        return { data: Buffer.concat([Buffer.from(v.bytes), junk(1 + int(60))]), methods: [v.m], what: 'pipelined junk' };
      },
      // Two valid requests, then a broken one.
      () => {
        const a = valid('GET');
        const b = valid();
        return { data: `${a.bytes}${b.bytes}GET / HTTP/1.1\r\nHost: localhost\r\nContent-Length: x\r\n\r\n`, methods: [a.m, b.m, 'GET'], what: 'pipelined broken' };
      },
      // Broken framing.
      () => {
        const m = pick(['POST', 'PATCH', 'GET']);
        const broken = pick([
          'Content-Length: -1',
          'Content-Length: abc',
          'Content-Length: 1, 2',
          'Content-Length: 99999999999999999999999',
          'Content-Length: 2\r\nContent-Length: 3',
          'Transfer-Encoding: gzip',
          'Transfer-Encoding: chunked, gzip',
          'Transfer-Encoding: identity',
          'Transfer-Encoding: chunked\r\nContent-Length: 2',
          'Transfer-Encoding: chunked\r\nTransfer-Encoding: gzip',
          'X-Folded: a\r\n continued',
          'Bad Header: x',
          'NoColon',
          `X-Ctl: a${String.fromCharCode(1 + int(8))}b`,
        ]);
        const body = broken.startsWith('Transfer-Encoding: chunked') ? pick(['zz\r\n{}\r\n0\r\n\r\n', '2\r\n{}\r\n', '2;ext="\r\n{}\r\n0\r\n\r\n']) : '{}';
        return { data: `${m} ${path()} HTTP/1.1\r\n${headers([broken])}\r\n\r\n${body}`, methods: [m], what: `framing ${broken}` };
      },
      // Broken request lines and line endings.
      () => {
        const line = pick([
          'GET  /__emulator/health HTTP/1.1',
          'GET /__emulator/health HTTP/1.1 extra',
          'GET /__emulator/health',
          'GET http://evil.example/__emulator/health HTTP/1.1',
          `GET /api/atlas/v2/groups/${'\u00e9'} HTTP/1.1`,
          'GET /a\u0000b HTTP/1.1',
          'GET /__emulator/health HTTP/2.0',
          'GET /__emulator/health HTTP/1.1\nHost: localhost\n',
          `${'\u0000'.repeat(3)}GET / HTTP/1.1`,
          'POST /__emulator/clock HTTP/1.1\rHost: localhost',
        ]);
        return { data: `${line}\r\nHost: localhost\r\n\r\n`, methods: ['GET'], what: `request line ${JSON.stringify(line)}` };
      },
      // Over-long lines, HEAD included.
      () => {
        const m = pick(['GET', 'HEAD', 'POST']);
        const long = 'a'.repeat(16_500 + int(30_000));
        const where = int(3);
        const data =
          where === 0
            ? `${m} /api/atlas/v2/groups/${long} HTTP/1.1\r\nHost: localhost\r\n\r\n`
            : where === 1
              ? `${m} /__emulator/health HTTP/1.1\r\nHost: localhost\r\nX-Long: ${long}\r\n\r\n`
              : `${m} /__emulator/health HTTP/1.1\r\nHost: localhost\r\n${'X-A: b\r\n'.repeat(2_500)}\r\n`;
        return { data, methods: [m], what: `over-long ${m} ${where}` };
      },
      // A body or headers that stop coming.
      () => {
        const stall = int(2);
        return stall === 0
          ? { data: `POST /__emulator/clock HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: 50\r\n\r\n{`, chunks: [' ', ' ', ' '], methods: ['POST'], what: 'slow body' }
          : { data: 'GET /__emulator/health HTTP/1.1\r\nHost: local', chunks: ['h', 'o'], methods: ['GET'], what: 'slow headers' };
      },
      // Well-formed requests with hostile headers.
      () => {
        const v = valid();
        return { data: v.bytes, methods: [v.m], what: 'valid' };
      },
    ];

    const failures: string[] = [];
    const check = (sent: Sent, r: RawResult) => {
      const where = `${sent.what}: ${JSON.stringify(r.responses.map((x) => [x.status, x.body.slice(0, 120)]))} rest=${JSON.stringify(r.rest.slice(0, 80))}`;
      if (r.rest !== '') failures.push(`bytes that are no whole response after ${where}`);
      r.responses.forEach((res, i) => {
        if (res.status >= 500) failures.push(`${res.status} from ${where}`);
        const oauth = res.headers['cache-control'] === 'no-store' && /"error_description"/.test(res.body);
        if (res.status >= 400 && sent.methods[i] !== 'HEAD' && !isAtlasError(res) && !oauth) failures.push(`not Atlas's shape (${res.status}) from ${where}`);
        if (res.headers.connection === 'close' && i < r.responses.length - 1) failures.push(`an answer after Connection: close from ${where}`);
        if (sent.methods[i] === 'HEAD' && res.body !== '') failures.push(`a body on HEAD from ${where}`);
      });
    };

    const started = Date.now();
    const all: Sent[] = Array.from({ length: count }, () => pick(generators)());
    for (let i = 0; i < all.length; i += 80) {
      const batch = all.slice(i, i + 80);
      const results = await Promise.all(
        batch.map((sent) => rawExchange(s.url, sent.data, { methods: sent.methods, chunks: sent.chunks, gapMs: 300, waitMs: 3000 })),
      );
      batch.forEach((sent, j) => check(sent, results[j]!));
    }
    assert.deepEqual(failures, []);
    const logged = logs.filter((l) => (JSON.parse(l) as { level: number }).level >= 50);
    assert.deepEqual(logged, [], 'no internal error logged');
    assert.equal((await fetch(`${s.url}/__emulator/health`)).status, 200);
    assert.ok(Date.now() - started < 30_000, `took ${Date.now() - started} ms`);
  });
});
