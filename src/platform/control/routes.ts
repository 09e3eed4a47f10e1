import { Type } from '@sinclair/typebox';
import { bootstrap, BOOTSTRAP_META } from '../../bootstrap.js';
import { ApiError } from '../errors.js';
import { isoSeconds, parseIsoDate } from '../time.js';
import { openApiDocument } from '../http/openapi.js';
import type { Operation } from '../http/operation.js';
import { SECRETS_META, type Services } from '../services.js';
import { parseIsoDuration } from '../sim/duration.js';
import { ControlReply, controlUrl, defineControl, type ControlEndpoint } from './endpoint.js';

const LATEST = Date.UTC(9999, 11, 31, 23, 59, 59);

const invalid = (field: string, detail: string) => new ApiError(400, 'INVALID_ATTRIBUTE', detail, [field]);

const ClockView = Type.Object({ now: Type.String(), epochMillis: Type.Integer(), frozen: Type.Boolean() });

export function clockView(services: Services) {
  const now = services.clock.now();
  return { now: isoSeconds(now), epochMillis: now, frozen: services.clock.frozen };
}

/** Empties all state but the bootstrap organization and credentials. */
export async function resetState(services: Services): Promise<void> {
  await services.store.clear([], [SECRETS_META, BOOTSTRAP_META]);
  await services.clock.resetToRealTime();
  await bootstrap(services.store, services.config, services.clock.now());
  await services.scheduler.reload();
  services.credentials.invalidate();
  services.auth.clearRevocations();
  services.rateLimits.clear();
  services.faults.clear();
}

const health = defineControl({
  method: 'GET',
  path: '/health',
  summary: 'Whether the server is up, and its storage backend. Open without the control token.',
  open: true,
  response: Type.Object({ status: Type.Literal('OK'), storage: Type.String() }),
  handler: async ({ services }) => ({ status: 'OK', storage: services.store.backend }),
});

const getClock = defineControl({
  method: 'GET',
  path: '/clock',
  summary: 'The emulated time and whether it is frozen.',
  response: ClockView,
  handler: async ({ services }) => clockView(services),
});

const steerClock = defineControl({
  method: 'POST',
  path: '/clock',
  summary: 'Freezes or unfreezes the emulated clock and moves it forward (by an ISO 8601 duration, or to an instant); lifecycle steps passed over run first.',
  body: Type.Object(
    {
      frozen: Type.Optional(Type.Boolean()),
      advance: Type.Optional(Type.String({ description: 'ISO 8601 duration, e.g. PT6H' })),
      now: Type.Optional(Type.String({ description: 'ISO 8601 instant, not earlier than the emulated now' })),
    },
    { additionalProperties: false },
  ),
  response: ClockView,
  handler: async ({ body, services }) => {
    if (body.advance !== undefined && body.now !== undefined) throw invalid('advance', 'Give "advance" or "now", not both.');
    let advanceMs: number | undefined;
    if (body.advance !== undefined) {
      advanceMs = parseIsoDuration(body.advance);
      if (advanceMs === undefined) throw invalid('advance', '"advance" must be an ISO 8601 duration such as PT6H.');
    }
    if (body.now !== undefined) {
      const target = parseIsoDate(body.now);
      if (target === undefined) throw invalid('now', '"now" must be an ISO 8601 date and time.');
      // Time only moves forward: lifecycles and events already recorded stay in the past.
      if (target < services.clock.now()) throw invalid('now', '"now" cannot be earlier than the current emulated time.');
      advanceMs = target - services.clock.now();
    }
    // Past year 9999 dates no longer fit Atlas's format (and soon not a Date at all): every answer would fail.
    if (advanceMs && services.clock.now() + advanceMs > LATEST) {
      throw invalid(body.now !== undefined ? 'now' : 'advance', `The clock cannot move past ${isoSeconds(LATEST)}.`);
    }
    if (body.frozen !== undefined) await services.clock.setFrozen(body.frozen);
    if (advanceMs) await services.clock.advance(advanceMs);
    // Everything that fell due in the jump happens before the answer; meanwhile
    // the server keeps answering health checks and reads.
    await services.scheduler.settle({ jump: true });
    return clockView(services);
  },
});

const reset = defineControl({
  method: 'POST',
  path: '/reset',
  summary: 'Empties all state but the bootstrap organization and credentials; the clock returns to real time; fault rules are dropped.',
  status: 204,
  handler: async ({ services }) => {
    await resetState(services);
    return new ControlReply(204);
  },
});

/** The platform's control endpoints; `all` is every control endpoint served (for the index and the OpenAPI document). */
export function platformControl(operations: Operation[], all: () => ControlEndpoint[]): ControlEndpoint[] {
  const index = defineControl({
    method: 'GET',
    path: '/',
    summary: 'Lists the control endpoints.',
    handler: async ({ base }) => ({
      openapi: `${base}${controlUrl(openapi)}`,
      endpoints: all().map((e) => ({ method: e.method, path: controlUrl(e), summary: e.summary })),
    }),
  });
  const openapi = defineControl({
    method: 'GET',
    path: '/openapi.json',
    summary: 'The OpenAPI 3 description of every served operation and of these control endpoints.',
    handler: async ({ base }) => openApiDocument(operations, base, all()),
  });
  return [index, health, getClock, steerClock, reset, openapi];
}
