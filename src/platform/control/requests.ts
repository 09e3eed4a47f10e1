import { Type } from '@sinclair/typebox';
import { ApiError } from '../errors.js';
import { isoSeconds } from '../time.js';
import { maskedBody, maskedUrl, REQUEST_LOG_SIZE, type RequestFilter, type RequestRecord } from '../requestLog.js';
import { defineControl, type ControlEndpoint } from './endpoint.js';

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

const Query = Type.Object(Object.fromEntries(['limit', 'after', ...FILTERS, 'envelope', 'pretty'].map((k) => [k, Type.Optional(Type.String())])), {
  additionalProperties: false,
});

export const requestLogControl: ControlEndpoint[] = [
  defineControl({
    method: 'GET',
    path: '/requests',
    summary: 'The last requests answered, newest first, filtered (limit, after, method, status, operationId, path, caller, errorCode).',
    query: Query,
    handler: async ({ query, services }) => {
      const parsed = parseQuery(query as Record<string, unknown>);
      if (typeof parsed === 'string') throw new ApiError(400, 'INVALID_QUERY_PARAMETER', parsed);
      const { results, totalCount } = services.requestLog.find(parsed.filter, parsed.limit);
      return { results: results.map(summary), totalCount, capacity: services.requestLog.capacity };
    },
  }),
  defineControl({
    method: 'GET',
    path: '/requests/{id}',
    summary: 'One request of the log with its request and response bodies, credentials masked.',
    params: Type.Object({ id: Type.String() }),
    handler: async ({ params, services }) => {
      const r = /^\d{1,15}$/.test(params.id) ? services.requestLog.get(Number(params.id)) : undefined;
      if (!r) throw new ApiError(404, 'REQUEST_NOT_FOUND', `No request ${params.id} in the log (it keeps the last ${services.requestLog.capacity}).`);
      return {
        ...summary(r),
        request: { contentType: r.requestType ?? null, body: maskedBody(r.requestType, r.requestBody) },
        response: { contentType: r.responseType ?? null, body: maskedBody(r.responseType, r.responseBody) },
      };
    },
  }),
  defineControl({
    method: 'DELETE',
    path: '/requests',
    summary: 'Forgets every request of the log.',
    status: 204,
    handler: async ({ services }) => {
      services.requestLog.clear();
    },
  }),
];
