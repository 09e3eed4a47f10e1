import type { FastifyRequest } from 'fastify';
// The last requests the API answered, for the console and for scripts
// (GET /__emulator/requests). Recording stores the strings the request and
// the answer already are, in a fixed ring: no copy, no parse, no allocation
// beyond one small object. Everything costly (masking secrets, parsing,
// filtering) happens when someone reads the log.

/** How many requests are kept; older ones are dropped. */
export const REQUEST_LOG_SIZE = 1000;

/** Bodies longer than this (in characters) are not kept, only their length: a full ring stays within tens of megabytes. */
export const MAX_BODY = 32 * 1024;

/** Requests carrying this header with the value `console` are not recorded: the console's own polling would push out what it shows. */
export const CLIENT_HEADER = 'x-atlas-emulator-client';

export interface RequestRecord {
  /** Emulated time the request arrived (the clock events are dated by). */
  time: number;
  /** Wall-clock time it arrived. */
  receivedAt: number;
  method: string;
  /** Path and query as sent. */
  url: string;
  operationId: string | null;
  /** API key public key or service account client id, once authenticated. */
  caller: string | null;
  status: number;
  errorCode: string | null;
  latencyMs: number;
  requestType: string | undefined;
  requestBody: string | undefined;
  responseType: string | undefined;
  responseBody: string | undefined;
}

interface Stored extends RequestRecord {
  id: number;
}

export interface RequestFilter {
  method?: string;
  /** Exact status, or a class such as 4xx. */
  status?: string;
  operationId?: string;
  /** Part of the path. */
  path?: string;
  caller?: string;
  errorCode?: string;
  /** Only requests after this id (for following the log). */
  after?: number;
}

export class RequestLog {
  private readonly ring: (Stored | undefined)[];
  private next = 1;

  constructor(readonly capacity = REQUEST_LOG_SIZE) {
    this.ring = new Array(capacity);
  }

  record(r: RequestRecord): void {
    if (r.requestBody !== undefined && r.requestBody.length > MAX_BODY) r.requestBody = tooLarge(r.requestBody);
    if (r.responseBody !== undefined && r.responseBody.length > MAX_BODY) r.responseBody = tooLarge(r.responseBody);
    const id = this.next++;
    (r as Stored).id = id;
    this.ring[id % this.capacity] = r as Stored;
  }

  clear(): void {
    this.ring.fill(undefined);
  }

  get(id: number): Stored | undefined {
    const r = this.ring[id % this.capacity];
    return r?.id === id ? r : undefined;
  }

  /** Newest first, at most `limit`, with the number that matched. */
  find(filter: RequestFilter, limit: number): { results: Stored[]; totalCount: number } {
    const results: Stored[] = [];
    let totalCount = 0;
    const status = filter.status?.toLowerCase();
    const path = filter.path;
    for (let id = this.next - 1; id >= Math.max(1, this.next - this.capacity); id--) {
      const r = this.ring[id % this.capacity];
      if (!r || r.id !== id) break;
      if (filter.after !== undefined && id <= filter.after) break;
      if (filter.method && r.method !== filter.method.toUpperCase()) continue;
      if (filter.operationId && r.operationId !== filter.operationId) continue;
      if (filter.caller && r.caller !== filter.caller) continue;
      if (filter.errorCode && r.errorCode !== filter.errorCode) continue;
      if (status && !statusMatches(r.status, status)) continue;
      if (path && !r.url.split('?')[0]!.includes(path)) continue;
      totalCount++;
      if (results.length < limit) results.push(r);
    }
    return { results, totalCount };
  }
}

const TOO_LARGE = '\u0000too large:';
// A fresh short string, so that the long one is not kept alive through a slice of it.
const tooLarge = (body: string) => `${TOO_LARGE}${body.length}`;

function statusMatches(status: number, wanted: string): boolean {
  if (/^[1-5]xx$/.test(wanted)) return Math.floor(status / 100) === Number(wanted[0]);
  return String(status) === wanted;
}

// Names of fields whose values are credentials. Matched anywhere in a key, case-insensitively.
const SECRET_KEY = /secret|password|passwd|privatekey|private_key|credential|apikey$|access_?token|refresh_?token|id_?token|^token$|sastoken|authkey/i;
// Values that are credentials whatever their field: service account secrets and bearer tokens.
const SECRET_VALUE = /^(mdb_sa_sk_|eyJ[\w-]+\.[\w-]+\.)/;
export const MASK = '********';

function maskValue(key: string | undefined, value: unknown): unknown {
  if (key !== undefined && SECRET_KEY.test(key) && value !== null && typeof value !== 'object' && typeof value !== 'boolean') return MASK;
  if (typeof value === 'string') return SECRET_VALUE.test(value) ? MASK : value;
  if (Array.isArray(value)) return value.map((v) => maskValue(undefined, v));
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = maskValue(k, v);
    return out;
  }
  return value;
}

/** A body as it may be shown: JSON and form bodies with every credential replaced by a mask; anything else only by its size. */
export function maskedBody(type: string | undefined, body: string | undefined): unknown {
  if (body === undefined || body === '') return null;
  if (body.startsWith(TOO_LARGE)) return `(${body.slice(TOO_LARGE.length)} characters, too large to keep)`;
  if (type && /application\/x-www-form-urlencoded/i.test(type)) {
    const form = new URLSearchParams(body);
    const out: Record<string, string> = {};
    for (const [k, v] of form) out[k] = maskValue(k, v) as string;
    return out;
  }
  try {
    return maskValue(undefined, JSON.parse(body));
  } catch {
    return `(${Buffer.byteLength(body)} bytes, not JSON)`;
  }
}

/** The query string with credential-named parameters masked. */
export function maskedUrl(url: string): string {
  const q = url.indexOf('?');
  if (q < 0) return url;
  const params = new URLSearchParams(url.slice(q + 1));
  let masked = false;
  for (const [k, v] of [...params]) {
    if (SECRET_KEY.test(k) || SECRET_VALUE.test(v)) {
      params.set(k, MASK);
      masked = true;
    }
  }
  return masked ? `${url.slice(0, q)}?${params.toString()}` : url;
}

/** Keeps one answered API call, unless the console made it (its own polling would crowd out everything else). */
export function recordCall(
  log: RequestLog,
  now: number,
  req: FastifyRequest,
  trace: { operationId: string | null; caller: string | null },
  out: { status: number; headers: Record<string, string>; json?: string },
  started: number,
): void {
  if (req.headers[CLIENT_HEADER] === 'console') return;
  log.record({
    time: now,
    receivedAt: Date.now(),
    method: req.method,
    url: req.url,
    operationId: trace.operationId,
    caller: trace.caller,
    status: out.status,
    errorCode: out.headers['X-Error-Code'] ?? null,
    latencyMs: performance.now() - started,
    requestType: req.headers['content-type'],
    requestBody: typeof req.body === 'string' ? req.body : undefined,
    responseType: 'application/json',
    responseBody: out.json,
  });
}
