import type { FastifyInstance } from 'fastify';
import { bootstrap, BOOTSTRAP_META } from '../../bootstrap.js';
import { isoSeconds, parseIsoDate } from '../time.js';
import { openApiDocument } from '../http/openapi.js';
import type { Operation } from '../http/operation.js';
import { SECRETS_META, type Services } from '../services.js';
import { parseIsoDuration } from '../sim/duration.js';
import { controlBody, controlError } from './body.js';

/** The emulator's own endpoints: under a prefix no Atlas path uses, without authentication. */
export const CONTROL_PREFIX = '/__emulator';

const LATEST = Date.UTC(9999, 11, 31, 23, 59, 59);

const bad = (reply: Parameters<typeof controlError>[0], detail: string) => controlError(reply, 400, detail);

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

export function registerControlRoutes(app: FastifyInstance, services: Services, operations: Operation[]): void {
  app.get(`${CONTROL_PREFIX}/health`, async (_req, reply) =>
    reply.type('application/json').send(JSON.stringify({ status: 'OK', storage: services.store.backend })),
  );

  app.get(`${CONTROL_PREFIX}/openapi.json`, async (req, reply) =>
    reply
      .type('application/json')
      .send(JSON.stringify(openApiDocument(operations, `${req.protocol}://${req.headers.host ?? req.hostname}`))),
  );

  app.get(`${CONTROL_PREFIX}/clock`, async (_req, reply) => reply.type('application/json').send(JSON.stringify(clockView(services))));

  app.post(`${CONTROL_PREFIX}/clock`, async (req, reply) => {
    const body = controlBody(req.body, ['frozen', 'advance', 'now']);
    if (typeof body === 'string') return bad(reply, body);
    if (body.advance !== undefined && body.now !== undefined) return bad(reply, 'Give "advance" or "now", not both.');
    if (body.frozen !== undefined && typeof body.frozen !== 'boolean') return bad(reply, '"frozen" must be true or false.');
    let advanceMs: number | undefined;
    if (body.advance !== undefined) {
      advanceMs = typeof body.advance === 'string' ? parseIsoDuration(body.advance) : undefined;
      if (advanceMs === undefined) return bad(reply, '"advance" must be an ISO 8601 duration such as PT6H.');
    }
    if (body.now !== undefined) {
      const target = typeof body.now === 'string' ? parseIsoDate(body.now) : undefined;
      if (target === undefined) return bad(reply, '"now" must be an ISO 8601 date and time.');
      // Time only moves forward: lifecycles and events already recorded stay in the past.
      if (target < services.clock.now()) return bad(reply, '"now" cannot be earlier than the current emulated time.');
      advanceMs = target - services.clock.now();
    }
    // Past year 9999 dates no longer fit Atlas's format (and soon not a Date at all): every answer would fail.
    if (advanceMs && services.clock.now() + advanceMs > LATEST) {
      return bad(reply, `The clock cannot move past ${isoSeconds(LATEST)}.`);
    }
    if (typeof body.frozen === 'boolean') await services.clock.setFrozen(body.frozen);
    if (advanceMs) await services.clock.advance(advanceMs);
    // Everything that fell due in the jump happens before the answer; meanwhile
    // the server keeps answering health checks and reads.
    await services.scheduler.settle({ jump: true });
    return reply.type('application/json').send(JSON.stringify(clockView(services)));
  });

  app.post(`${CONTROL_PREFIX}/reset`, async (_req, reply) => {
    await resetState(services);
    return reply.code(204).send();
  });
}
