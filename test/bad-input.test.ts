import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { OPERATIONS } from '../src/resources/index.js';
import { eventCount } from './state.js';
import { Client, createProject, type RequestOptions, type Res, type TestServer, startTestServer } from './helpers.js';

// Bad input is normal input: every malformed id, query value, body, header and
// method gets Atlas's error (status, code, body keys in Atlas's order, plain JSON,
// X-Error-Code) and changes nothing that is stored.

const ERROR_KEYS = ['detail', 'error', 'errorCode', 'parameters', 'reason'];
const VALIDATION_KEYS = ['badRequestDetail', ...ERROR_KEYS];

interface Ctx {
  s: TestServer;
  groupId: string;
  anonymous: Client;
}

interface Case {
  name: string;
  send(c: Ctx): Promise<Res>;
  status: number;
  errorCode: string;
  /** Body keys when they are not the plain error's. */
  keys?: string[];
  check?(r: Res, c: Ctx): void;
}

const raw = (method: string, path: string, opts: RequestOptions) => (c: Ctx) => c.s.sa.request(method, path, opts);
const TOO_BIG = JSON.stringify({ name: 'x'.repeat(5 * 1024 * 1024) });
/** A valid createCluster body whose connectionStrings is `value` (raw JSON). */
const clusterWith = (value: string) =>
  `{"name":"never-created","clusterType":"REPLICASET","replicationSpecs":[{"regionConfigs":[{"providerName":"AWS","regionName":"US_EAST_1","priority":7,"electableSpecs":{"instanceSize":"M10","nodeCount":3}}]}],"connectionStrings":${value}}`;

const CASES: Case[] = [
  // Path ids
  ...[
    ['too short', 'abc123'],
    ['too long', 'a'.repeat(25)],
    ['far too long', 'a'.repeat(300)],
    ['uppercase hex', 'AAAAAAAAAAAAAAAAAAAAAAAA'],
    ['not hex', 'zzzzzzzzzzzzzzzzzzzzzzzz'],
    ['encoded slash', 'aaaaaaaaaaaa%2Faaaaaaaaaaa'],
    ['broken percent-encoding', '%E0%A4%A'],
    ['invalid percent escape', '%zz'],
    ['encoded NUL', 'aaaaaaaaaaaaaaaaaaaaaaa%00'],
  ].map(
    ([what, id]): Case => ({
      name: `groupId ${what}`,
      send: (c) => c.s.sa.get(`groups/${id}`),
      status: 400,
      errorCode: 'INVALID_PATH_PARAMETER',
      check: (r) => assert.deepEqual(r.json.parameters, ['groupId']),
    }),
  ),
  {
    name: 'orgId not hex on a mutation path',
    send: (c) => c.s.sa.get('orgs/not-an-org-id-at-all!!/groups'),
    status: 400,
    errorCode: 'INVALID_PATH_PARAMETER',
  },
  {
    name: 'project name with broken percent-encoding',
    send: (c) => c.s.sa.get('groups/byName/%E0%A4%A'),
    status: 400,
    errorCode: 'INVALID_PATH_PARAMETER',
    check: (r) => assert.deepEqual(r.json.parameters, ['groupName']),
  },
  {
    name: 'well-formed id of no project',
    send: (c) => c.s.sa.delete('groups/aaaaaaaaaaaaaaaaaaaaaaaa'),
    status: 404,
    errorCode: 'GROUP_NOT_FOUND',
  },
  // Query values
  ...(
    [
      ['pageNum=0', { pageNum: 0 }, 'pageNum'],
      ['pageNum=-1', { pageNum: -1 }, 'pageNum'],
      ['pageNum=1.5', { pageNum: '1.5' }, 'pageNum'],
      ['pageNum past the largest 32-bit int', { pageNum: 2_147_483_648 }, 'pageNum'],
      ['pageNum=1e300', { pageNum: '1e300' }, 'pageNum'],
      ['itemsPerPage=0', { itemsPerPage: 0 }, 'itemsPerPage'],
      ['itemsPerPage=501', { itemsPerPage: 501 }, 'itemsPerPage'],
      ['itemsPerPage=abc', { itemsPerPage: 'abc' }, 'itemsPerPage'],
      ['includeCount=maybe', { includeCount: 'maybe' }, 'includeCount'],
      ['envelope=yes', { envelope: 'yes' }, 'envelope'],
      ['pretty=1.0', { pretty: '1.0' }, 'pretty'],
      ['repeated pageNum', { pageNum: [1, 2] }, 'pageNum'],
      ['repeated includeCount', { includeCount: ['true', 'false'] }, 'includeCount'],
    ] as [string, RequestOptions['query'], string][]
  ).map(
    ([what, query, param]): Case => ({
      name: `query ${what}`,
      send: (c) => c.s.sa.get('groups', { query }),
      status: 400,
      errorCode: 'INVALID_QUERY_PARAMETER',
      keys: VALIDATION_KEYS,
      check: (r) => {
        assert.deepEqual(r.json.parameters, [param]);
        assert.equal(r.json.badRequestDetail.fields[0].field, param);
      },
    }),
  ),
  {
    // A stored list pages with an SQL OFFSET, which refused the float this made.
    name: 'query pageNum=1e300 on a list of the project (alert configurations)',
    send: (c) => c.s.sa.get(`groups/${c.groupId}/alertConfigs`, { query: { pageNum: '1e300', itemsPerPage: 500 } }),
    status: 400,
    errorCode: 'INVALID_QUERY_PARAMETER',
    keys: VALIDATION_KEYS,
    check: (r) => assert.deepEqual(r.json.parameters, ['pageNum']),
  },
  {
    name: 'query value on a mutation (projectOwnerId not an id)',
    send: (c) => c.s.sa.post('groups', { name: 'never-created', orgId: c.s.orgId }, { query: { projectOwnerId: 'me' } }),
    status: 400,
    errorCode: 'INVALID_QUERY_PARAMETER',
    keys: VALIDATION_KEYS,
  },
  // Bodies
  { name: 'malformed JSON', send: raw('POST', 'groups', { raw: '{"name": "x",' }), status: 400, errorCode: 'MALFORMED_JSON' },
  { name: 'JSON with trailing garbage', send: raw('POST', 'groups', { raw: '{} {}' }), status: 400, errorCode: 'MALFORMED_JSON' },
  { name: 'not JSON at all', send: raw('POST', 'groups', { raw: 'name=x' }), status: 400, errorCode: 'MALFORMED_JSON' },
  { name: 'array at the root', send: raw('POST', 'groups', { raw: '[{"name":"x"}]' }), status: 400, errorCode: 'INVALID_JSON' },
  { name: 'string at the root', send: raw('POST', 'groups', { raw: '"x"' }), status: 400, errorCode: 'INVALID_JSON' },
  { name: 'null at the root', send: raw('POST', 'groups', { raw: 'null' }), status: 400, errorCode: 'INVALID_JSON' },
  {
    name: 'unknown field',
    send: (c) => c.s.sa.post('groups', { name: 'never-created', orgId: c.s.orgId, nmae: 'typo' }),
    status: 400,
    errorCode: 'INVALID_ATTRIBUTE',
    keys: VALIDATION_KEYS,
    check: (r) => assert.deepEqual(r.json.parameters, ['nmae']),
  },
  {
    name: 'unknown nested field',
    send: (c) => c.s.sa.post('groups', { name: 'never-created', orgId: c.s.orgId, tags: [{ key: 'a', value: 'b', colour: 'red' }] }),
    status: 400,
    errorCode: 'INVALID_ATTRIBUTE',
    keys: VALIDATION_KEYS,
  },
  {
    name: 'wrong field type',
    send: (c) => c.s.sa.post('groups', { name: 42, orgId: c.s.orgId }),
    status: 400,
    errorCode: 'INVALID_ATTRIBUTE',
    keys: VALIDATION_KEYS,
    check: (r) => assert.deepEqual(r.json.parameters, ['name']),
  },
  {
    name: 'wrong type on an update',
    send: (c) => c.s.sa.patch(`groups/${c.groupId}`, { tags: 'env=prod' }),
    status: 400,
    errorCode: 'INVALID_ATTRIBUTE',
    keys: VALIDATION_KEYS,
  },
  {
    name: 'value breaking its pattern',
    send: (c) => c.s.sa.post('groups', { name: 'no/slashes', orgId: c.s.orgId }),
    status: 400,
    errorCode: 'INVALID_ATTRIBUTE',
    keys: VALIDATION_KEYS,
  },
  {
    name: 'missing required field',
    send: (c) => c.s.sa.post('groups', { orgId: c.s.orgId }),
    status: 400,
    errorCode: 'MISSING_ATTRIBUTE',
    check: (r) => assert.deepEqual(r.json.parameters, ['name']),
  },
  {
    name: 'empty body where one is required',
    send: raw('POST', 'groups', { raw: '' }),
    status: 400,
    errorCode: 'MISSING_ATTRIBUTE',
  },
  {
    name: 'bad enum value',
    send: (c) => c.s.sa.post('groups', { name: 'never-created', orgId: c.s.orgId, regionUsageRestrictions: 'MARS_ONLY' }),
    status: 400,
    errorCode: 'INVALID_ENUM_VALUE',
    keys: VALIDATION_KEYS,
    check: (r) => assert.deepEqual(r.json.parameters, ['MARS_ONLY']),
  },
  // Headers
  { name: 'no versioned Accept', send: (c) => c.s.sa.get('groups', { version: null }), status: 406, errorCode: 'INVALID_VERSION_DATE' },
  {
    name: 'Accept of another media type',
    send: (c) => c.s.sa.get('groups', { headers: { Accept: 'text/html' } }),
    status: 406,
    errorCode: 'INVALID_VERSION_DATE',
  },
  { name: 'Accept with an impossible date', send: (c) => c.s.sa.get('groups', { version: '2023-02-30' }), status: 406, errorCode: 'INVALID_VERSION_DATE' },
  { name: 'Accept older than every version', send: (c) => c.s.sa.get('groups', { version: '2019-01-01' }), status: 406, errorCode: 'INVALID_VERSION_DATE' },
  {
    name: 'Accept with a garbled date',
    send: (c) => c.s.sa.get('groups', { headers: { Accept: 'application/vnd.atlas.20x3-01-01+json' } }),
    status: 406,
    errorCode: 'INVALID_VERSION_DATE',
  },
  {
    name: 'unsupported Content-Type',
    send: (c) =>
      c.s.sa.request('POST', 'groups', {
        raw: `<group><name>x</name><orgId>${c.s.orgId}</orgId></group>`,
        headers: { 'Content-Type': 'application/xml' },
      }),
    status: 415,
    errorCode: 'UNSUPPORTED_MEDIA_TYPE',
  },
  {
    name: 'form-encoded body',
    send: (c) =>
      c.s.sa.request('POST', 'groups', { raw: 'name=x', headers: { 'Content-Type': 'application/x-www-form-urlencoded' } }),
    status: 415,
    errorCode: 'UNSUPPORTED_MEDIA_TYPE',
  },
  { name: 'oversized body', send: raw('POST', 'groups', { raw: TOO_BIG }), status: 413, errorCode: 'PAYLOAD_TOO_LARGE' },
  {
    // Read-only, so the contract's rule drops it whatever it holds: the limits refuse it first.
    name: 'read-only free-form field nested 10,000 levels deep (createCluster connectionStrings)',
    send: (c) => c.s.sa.request('POST', `groups/${c.groupId}/clusters`, { raw: clusterWith('{"standard":'.repeat(10_000) + '"x"' + '}'.repeat(10_000)) }),
    status: 400,
    errorCode: 'INVALID_JSON',
  },
  {
    name: 'array nested a million levels deep',
    send: raw('POST', 'groups', { raw: '['.repeat(1_000_000) + ']'.repeat(1_000_000) }),
    status: 400,
    errorCode: 'INVALID_JSON',
  },
  {
    name: 'free-form object with 20,000 members (createCluster tags)',
    send: (c) =>
      c.s.sa.request('POST', `groups/${c.groupId}/clusters`, {
        raw: clusterWith(`{}, "labels": [${Array.from({ length: 20_000 }, (_, i) => `{"key":"k${i}","value":"v"}`).join(',')}]`),
      }),
    status: 400,
    errorCode: 'INVALID_JSON',
  },
  ...['Digest garbage', 'Digest username="emulator"', 'Bearer a.b.c', 'Bearer ', 'Basic x', 'Negotiate abc', 'xyz'].map(
    (authorization): Case => ({
      name: `Authorization: ${authorization}`,
      send: (c) => c.anonymous.post('groups', { name: 'never-created', orgId: c.s.orgId }, { headers: { Authorization: authorization } }),
      status: 401,
      errorCode: 'UNAUTHORIZED',
      check: (r) => assert.match(r.headers.get('www-authenticate') ?? '', /^Digest realm="MMS Public API"/),
    }),
  ),
  {
    name: 'Bearer token signed by someone else',
    send: (c) =>
      c.anonymous.get('groups', {
        headers: {
          Authorization:
            'Bearer eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJtZGJfc2FfaWRfMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAxIiwiaXNzIjoiYXRsYXMtZW11bGF0b3IifQ.c2lnbmF0dXJlLW5vdC1vdXJz',
        },
      }),
    status: 401,
    errorCode: 'UNAUTHORIZED',
  },
  {
    name: 'no credentials under envelope keeps the 401 (Digest clients must see the challenge)',
    send: (c) => c.anonymous.get('groups', { query: { envelope: true } }),
    status: 401,
    errorCode: 'UNAUTHORIZED',
  },
  // Methods
  ...(
    [
      ['PUT', 'groups', ['GET', 'POST']],
      ['DELETE', 'groups', ['GET', 'POST']],
      ['POST', 'groups/{groupId}', ['DELETE', 'GET', 'PATCH']],
      ['PUT', 'groups/{groupId}', ['DELETE', 'GET', 'PATCH']],
      ['POST', 'alertConfigs/matchers/fieldNames', ['GET']],
      ['OPTIONS', 'orgs', ['GET']],
    ] as [string, string, string[]][]
  ).map(
    ([method, path, allowed]): Case => ({
      name: `${method} ${path}`,
      send: (c) => c.s.sa.request(method, path.replace('{groupId}', c.groupId), { raw: '{}' }),
      status: 405,
      errorCode: 'METHOD_NOT_ALLOWED',
      check: (r) => {
        const allow = r.headers.get('allow')!.split(', ').sort();
        for (const m of allowed) assert.ok(allow.includes(m), `Allow: ${allow} lacks ${m}`);
        assert.equal(r.json.parameters[0], method);
      },
    }),
  ),
  // Unknown paths
  ...['nothing', 'groups/{groupId}/nothing', 'groups/{groupId}/clusters/x/y/z/nothing', 'orgs/'].map(
    (path): Case => ({
      name: `unknown path ${path}`,
      send: (c) => c.s.sa.get(path.replace('{groupId}', c.groupId)),
      status: 404,
      errorCode: 'RESOURCE_NOT_FOUND',
      check: (r) => assert.match(r.json.detail, /^Cannot find resource \/api\/atlas\/v2\//),
    }),
  ),
  { name: 'unknown API version prefix', send: (c) => c.s.sa.get('/api/atlas/v1.0/groups'), status: 404, errorCode: 'RESOURCE_NOT_FOUND' },
  { name: 'unknown path outside the API', send: (c) => c.anonymous.get('/nothing/here'), status: 404, errorCode: 'RESOURCE_NOT_FOUND' },
];

interface Snapshot {
  projects: string[];
  events: number;
}

async function snapshot(s: TestServer): Promise<Snapshot> {
  const list = await s.owner.get('groups', { query: { itemsPerPage: 500 } });
  assert.equal(list.status, 200);
  return {
    projects: (list.json.results as { id: string; name: string; tags: unknown[] }[])
      .map((p) => JSON.stringify([p.id, p.name, p.tags]))
      .sort(),
    events: await eventCount(s.emulator.services.store),
  };
}

describe('bad input: the documented error, and nothing stored changes', () => {
  let c: Ctx;
  before(async () => {
    const s = await startTestServer();
    c = { s, groupId: await createProject(s), anonymous: new Client(s.url, { kind: 'none' }) };
  });
  after(async () => c.s.close());

  for (const t of CASES) {
    it(t.name, async () => {
      const before = await snapshot(c.s);
      const r = await t.send(c);
      assert.equal(r.status, t.status, r.text);
      assert.equal(r.headers.get('content-type'), 'application/json');
      assert.equal(r.headers.get('x-error-code'), t.errorCode);
      assert.equal(r.json.errorCode, t.errorCode);
      assert.equal(r.json.error, t.status);
      assert.deepEqual(Object.keys(r.json), t.keys ?? ERROR_KEYS);
      t.check?.(r, c);
      assert.deepEqual(await snapshot(c.s), before);
    });
  }
});

// A small, seeded PRNG so that a failing run can be replayed with FUZZ_SEED.
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

describe('fuzz: generated garbage at every registered operation never yields a 5xx', () => {
  const seed = Number(process.env.FUZZ_SEED ?? 20261128);
  const perOperation = Number(process.env.FUZZ_PER_OPERATION ?? 40);
  let s: TestServer;
  let groupId: string;
  before(async () => {
    s = await startTestServer();
    groupId = await createProject(s);
  });
  after(async () => s.close());

  it(`${perOperation} requests per operation, seed ${seed}`, async () => {
    const rnd = mulberry32(seed);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
    const int = (n: number) => Math.floor(rnd() * n);
    const junkText = (): string => {
      const alphabet = 'aZ09-_.~ %/?#&=:;+,@!$\'"()[]{}<>\\|^`é中\u0000\u202e';
      let out = '';
      for (let i = int(40); i > 0; i--) out += alphabet[int(alphabet.length)];
      return out;
    };
    const hex = (n: number) => Array.from({ length: n }, () => '0123456789abcdef'[int(16)]).join('');
    const segment = (name: string): string => {
      switch (int(8)) {
        case 0:
          return name === 'orgId' ? s.orgId : groupId;
        case 1:
          return hex(24);
        case 2:
          return pick(['Cluster0', 'cluster-1', 'AWS', 'GCP', 'AZURE', 'US_EAST_1', 'x', '0']);
        case 3:
          return pick(['%E0%A4%A', '%zz', '%', '%00', '..', '.', hex(25).toUpperCase(), 'a'.repeat(300)]);
        case 4:
          return name === 'groupId' ? groupId : name === 'orgId' ? s.orgId : 'Cluster0';
        default:
          return encodeURIComponent(junkText()) || 'x';
      }
    };
    const junkValue = (depth = 0): unknown => {
      switch (int(depth > 2 ? 6 : 9)) {
        case 0:
          return null;
        case 1:
          return rnd() < 0.5;
        case 2:
          return pick([0, -1, 1.5, 1e308, -0, 2 ** 53, 42]);
        case 3:
          return junkText();
        case 4:
          return pick(['2026-01-01T00:00:00Z', 'AWS', 'M10', 'PT1H', 'true', 'CLUSTER_NAME', '8.0', '']);
        case 5:
          return hex(24);
        case 6:
          return Array.from({ length: int(4) }, () => junkValue(depth + 1));
        default: {
          const o: Record<string, unknown> = {};
          for (let i = int(5); i > 0; i--) o[pick(['name', 'orgId', 'tags', 'key', 'value', 'enabled', junkText()])] = junkValue(depth + 1);
          return o;
        }
      }
    };
    /** An object with the schema's own keys (so validation goes deep), holding junk. */
    const bodyFor = (schema: unknown): unknown => {
      const props = (schema as { properties?: Record<string, unknown> } | undefined)?.properties;
      if (!props) return junkValue();
      const o: Record<string, unknown> = {};
      for (const k of Object.keys(props)) if (rnd() < 0.7) o[k] = rnd() < 0.3 ? bodyFor(props[k]) : junkValue(1);
      return o;
    };
    const methods = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'];
    const failures: string[] = [];
    let sent = 0;
    for (const op of OPERATIONS) {
      const versions = Object.keys(op.versions);
      const queryKeys = ['envelope', 'pretty', 'pageNum', 'itemsPerPage', 'includeCount', ...Object.keys(op.query?.properties ?? {})];
      for (let i = 0; i < perOperation; i++) {
        const path = op.path.replace(/\{(\w+)\}/g, (_m: string, name: string) => segment(name));
        const query: Record<string, string | string[]> = {};
        for (let k = int(4); k > 0; k--) {
          const v = pick(['true', 'false', '0', '1', '-5', '501', 'abc', junkText(), hex(24), '2026-01-01T00:00:00Z']);
          query[pick(queryKeys)] = rnd() < 0.15 ? [v, v] : v;
        }
        const spec = op.versions[pick(versions)]!;
        const version = rnd() < 0.85 ? pick(versions) : pick(['2030-01-01', '2019-01-01', '2024-13-01', null]);
        const opts: RequestOptions = { query, version };
        switch (int(6)) {
          case 0:
            opts.raw = pick(['{', '[]', 'null', '"x"', '{"a":}', junkText(), '{}', '']);
            break;
          case 1:
            opts.body = junkValue();
            break;
          default:
            if (spec.body) opts.body = bodyFor(spec.body);
        }
        if (rnd() < 0.1) opts.headers = { 'Content-Type': pick(['application/xml', 'text/plain', 'application/vnd.atlas.2023-01-01+json', 'multipart/form-data']) };
        const method = rnd() < 0.9 ? op.method : pick(methods);
        // fetch cannot send a body with a GET.
        if (method === 'GET') {
          delete opts.raw;
          delete opts.body;
        }
        const r = await s.sa.request(method, path, opts);
        sent++;
        if (r.status >= 500) failures.push(`${op.operationId}: ${method} ${path} ${JSON.stringify(opts)} -> ${r.status} ${r.text.slice(0, 300)}`);
      }
    }
    assert.ok(sent >= OPERATIONS.length * perOperation);
    assert.deepEqual(failures, [], `5xx answers (replay with FUZZ_SEED=${seed})`);
  });
});
