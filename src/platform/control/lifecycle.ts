import type { FastifyInstance } from 'fastify';
import type { Services } from '../services.js';
import { parseIsoDuration } from '../sim/duration.js';
import { controlBody, controlError, controlReply } from './body.js';
import { CONTROL_PREFIX } from './routes.js';

// How long each lifecycle step takes, changed while the server runs (the same
// settings as --lifecycle; a change applies to steps that start after it and
// lasts until the server stops):
//   GET   /__emulator/lifecycle                     {"cluster.create": "PT3S", ...}
//   PATCH /__emulator/lifecycle {"cluster.create": "PT10M"}

/** Milliseconds as the shortest ISO 8601 duration in days, hours, minutes and seconds. */
export function isoDuration(ms: number): string {
  const parts: [number, string][] = [
    [86_400_000, 'D'],
    [3_600_000, 'H'],
    [60_000, 'M'],
    [1000, 'S'],
  ];
  let rest = ms;
  let date = '';
  let time = '';
  for (const [unit, name] of parts) {
    const n = name === 'S' ? rest / unit : Math.floor(rest / unit);
    rest -= Math.floor(n) * unit;
    if (n > 0) {
      if (name === 'D') date += `${n}D`;
      else time += `${name === 'S' ? Number(n.toFixed(3)) : n}${name}`;
    }
  }
  const text = `P${date}${time ? `T${time}` : ''}`;
  return text === 'P' ? 'PT0S' : text;
}

export function registerLifecycleRoutes(app: FastifyInstance, services: Services): void {
  const durations = services.config.lifecycle;
  const view = () => Object.fromEntries(Object.entries(durations).map(([k, ms]) => [k, isoDuration(ms)]));
  const url = `${CONTROL_PREFIX}/lifecycle`;

  app.get(url, async (_req, reply) => controlReply(reply, 200, view()));

  app.patch(url, async (req, reply) => {
    const body = controlBody(req.body, Object.keys(durations));
    if (typeof body === 'string') return controlError(reply, 400, body);
    const next: Record<string, number> = {};
    for (const [step, value] of Object.entries(body)) {
      const ms = typeof value === 'string' ? parseIsoDuration(value) : undefined;
      if (ms === undefined) return controlError(reply, 400, `${step} must be an ISO 8601 duration such as PT10M.`);
      next[step] = ms;
    }
    Object.assign(durations, next);
    return controlReply(reply, 200, view());
  });
}
