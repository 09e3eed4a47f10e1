import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { control, createProject, startTestServer, type TestServer } from './helpers.js';

// Generated garbage at every control endpoint: Atlas's 4xx answers, never a 5xx.

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

describe('fuzz: generated garbage at every control endpoint never yields a 5xx', () => {
  const seed = Number(process.env.FUZZ_SEED ?? 20261201);
  const perEndpoint = Number(process.env.FUZZ_PER_CONTROL_ENDPOINT ?? 25);
  let s: TestServer;
  let groupId: string;
  before(async () => {
    s = await startTestServer();
    groupId = await createProject(s);
  });
  after(async () => s.close());

  it(`${perEndpoint} requests per control endpoint, seed ${seed}`, async () => {
    const rnd = mulberry32(seed);
    const int = (n: number) => Math.floor(rnd() * n);
    const pick = <T>(xs: readonly T[]): T => xs[int(xs.length)]!;
    const junkText = () => {
      const alphabet = 'aZ09-_.~ %/?#&=:;+,@!$\'"()[]{}<>\\|^`é中\u0000';
      let out = '';
      for (let i = int(30); i > 0; i--) out += alphabet[int(alphabet.length)];
      return out;
    };
    const junkValue = (depth = 0): unknown => {
      switch (int(depth > 2 ? 6 : 8)) {
        case 0:
          return null;
        case 1:
          return rnd() < 0.5;
        case 2:
          return pick([0, -1, 1.5, 1e308, 2 ** 53, 404, 503, 599]);
        case 3:
          return junkText();
        case 4:
          return pick(['PT1S', 'P1D', '-PT1H', '9999-12-31T23:59:59Z', 'getGroup', 'createGroup', '/groups/*', 'GET', 'RATE_LIMITED', groupId, '']);
        case 5:
          return pick(['atlas-emulator-state', 'fault-1', 'fault-999999999', 'orders', 'Cluster0']);
        case 6:
          return Array.from({ length: int(4) }, () => junkValue(depth + 1));
        default: {
          const o: Record<string, unknown> = {};
          for (let i = int(5); i > 0; i--) o[pick(['status', 'errorCode', 'format', 'version', 'collections', 'events', junkText()])] = junkValue(depth + 1);
          return o;
        }
      }
    };
    const bodyFor = (schema: unknown): unknown => {
      const props = (schema as { properties?: Record<string, unknown> } | undefined)?.properties;
      if (!props) return junkValue();
      const o: Record<string, unknown> = {};
      for (const k of Object.keys(props)) if (rnd() < 0.6) o[k] = rnd() < 0.3 ? bodyFor(props[k]) : junkValue(1);
      return o;
    };
    const stateDoc = (await control(s, 'GET', 'state')).json;
    const failures: string[] = [];
    let sent = 0;
    for (const e of s.emulator.control) {
      for (let i = 0; i < perEndpoint; i++) {
        const path = e.path.slice(1).replace(/\{(\w+)\}/g, () => encodeURIComponent(pick(['fault-1', 'fault-0', junkText(), '%zz', 'x'.repeat(300)])) || 'x');
        let body: unknown;
        switch (int(5)) {
          case 0:
            body = pick(['{', '[]', 'null', '"x"', junkText(), '']);
            break;
          case 1:
            body = junkValue();
            break;
          case 2:
            // A real state document with one part replaced by junk.
            body = { ...stateDoc, [pick(Object.keys(stateDoc))]: junkValue() };
            break;
          default:
            body = e.body ? bodyFor(e.body) : undefined;
        }
        const method = rnd() < 0.9 ? e.method : pick(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']);
        const headers: Record<string, string> = rnd() < 0.1 ? { 'Content-Type': pick(['text/plain', 'application/xml']) } : {};
        const r = await control(s, method, path, method === 'GET' ? undefined : body, headers);
        sent++;
        if (r.status >= 500) failures.push(`${method} /__emulator/${path} ${JSON.stringify(body)?.slice(0, 200)} -> ${r.status} ${r.text.slice(0, 300)}`);
      }
    }
    assert.ok(sent >= s.emulator.control.length * perEndpoint);
    assert.deepEqual(failures, [], `5xx answers (replay with FUZZ_SEED=${seed})`);
  });
});
