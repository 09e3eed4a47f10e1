import type { FastifyInstance } from 'fastify';
import { isoSeconds } from '../time.js';
import { maskedBody, maskedUrl, REQUEST_LOG_SIZE, type RequestFilter, type RequestRecord } from '../requestLog.js';
import type { Services } from '../services.js';
import { controlError, controlReply } from './body.js';
import { CONTROL_PREFIX } from './routes.js';

// The request log, read by the console and by scripts:
//   GET    /__emulator/requests?limit=&method=&status=&operationId=&path=&caller=&errorCode=&after=
//   GET    /__emulator/requests/{id}   one request with its bodies, credentials masked
//   DELETE /__emulator/requests        forget every request

const FILTERS = ['method', 'status', 'operationId', 'path', 'caller', 'errorCode'] as const;

type Entry = RequestRecord & { id: number };

function summary(r: Entry) {
  return {
    id: r.id,
    time: isoSeconds(r.time),
    receivedAt: new Date(r.receivedAt).toISOString(),
    method: r.method,
    path: maskedUrl(r.url),
    operationId: r.operationId,
    caller: r.caller,
    status: r.status,
    errorCode: r.errorCode,
    latencyMs: Math.round(r.latencyMs * 100) / 100,
  };
}

/** The filter a query asks for, or why it cannot be read. */
function parseQuery(query: Record<string, unknown>): { filter: RequestFilter; limit: number } | string {
  const one = (k: string): string | undefined => {
    const v = query[k];
    return Array.isArray(v) ? String(v[v.length - 1]) : v === undefined ? undefined : String(v);
  };
  const unknown = Object.keys(query).find((k) => !(FILTERS as readonly string[]).includes(k) && k !== 'limit' && k !== 'after');
  if (unknown !== undefined) return `Unknown parameter ${unknown}; accepted: limit, after, ${FILTERS.join(', ')}.`;
  const filter: RequestFilter = {};
  for (const k of FILTERS) {
    const v = one(k);
    if (v !== undefined && v !== '') filter[k] = v;
  }
  if (filter.status !== undefined && !/^([1-5]\d\d|[1-5]xx)$/i.test(filter.status)) return 'status must be a status code (404) or a class (4xx).';
  const limitText = one('limit') ?? '100';
  if (!/^\d+$/.test(limitText) || Number(limitText) < 1 || Number(limitText) > REQUEST_LOG_SIZE) {
    return `limit must be a whole number from 1 to ${REQUEST_LOG_SIZE}.`;
  }
  const after = one('after');
  if (after !== undefined) {
    if (!/^\d+$/.test(after)) return 'after must be a request id.';
    filter.after = Number(after);
  }
  return { filter, limit: Number(limitText) };
}

export function registerRequestLogRoutes(app: FastifyInstance, services: Services): void {
  const url = `${CONTROL_PREFIX}/requests`;

  app.get(url, async (req, reply) => {
    const parsed = parseQuery(req.query as Record<string, unknown>);
    if (typeof parsed === 'string') return controlError(reply, 400, parsed);
    const { results, totalCount } = services.requests.find(parsed.filter, parsed.limit);
    return controlReply(reply, 200, { results: results.map(summary), totalCount, capacity: services.requests.capacity });
  });

  app.get(`${url}/:id`, async (req, reply) => {
    const { id } = req.params as { id: string };
    const r = /^\d{1,15}$/.test(id) ? services.requests.get(Number(id)) : undefined;
    if (!r) return controlError(reply, 404, `No request ${id} in the log (it keeps the last ${services.requests.capacity}).`);
    return controlReply(reply, 200, {
      ...summary(r),
      request: { contentType: r.requestType ?? null, body: maskedBody(r.requestType, r.requestBody) },
      response: { contentType: r.responseType ?? null, body: maskedBody(r.responseType, r.responseBody) },
    });
  });

  app.delete(url, async (_req, reply) => {
    services.requests.clear();
    return controlReply(reply, 204);
  });
}
