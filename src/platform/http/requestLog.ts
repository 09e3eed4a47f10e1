import type { FastifyInstance, FastifyRequest } from 'fastify';

/** One answered request, as the log line and any other listener (a request log view) see it. */
export interface RequestRecord {
  /** Wall-clock time the request arrived (ISO 8601). */
  at: string;
  method: string;
  /** Path without the query. */
  path: string;
  operationId?: string;
  status: number;
  latencyMs: number;
  /** API key public key or service account client id. */
  caller?: string;
  errorCode?: string;
  /** The fault rule that answered, when one did. */
  fault?: string;
  /** Why a 401 was answered (never sent to the client). */
  why?: string;
  /** Connection closed without an answer (a fault rule's drop). */
  dropped?: boolean;
}

/** What the pipeline learns about a request on the way, read when it is answered. */
export type RequestNotes = Partial<Pick<RequestRecord, 'operationId' | 'caller' | 'fault' | 'why' | 'dropped' | 'errorCode'>>;

const notes = new WeakMap<FastifyRequest, RequestNotes>();

export function noteRequest(req: FastifyRequest, add: RequestNotes): void {
  const held = notes.get(req);
  if (held) Object.assign(held, add);
  else notes.set(req, { ...add });
}

export type RequestListener = (r: RequestRecord) => void;

/**
 * The one capture point for answered requests: every listener (the log line,
 * a request log) gets the same record.
 */
export class RequestFeed {
  private readonly listeners: RequestListener[] = [];

  on(listener: RequestListener): void {
    this.listeners.push(listener);
  }

  get listening(): boolean {
    return this.listeners.length > 0;
  }

  attach(app: FastifyInstance): void {
    const started = new WeakMap<FastifyRequest, [number, number]>();
    // Callback hooks: cheaper than async ones on every request, and nothing here waits.
    app.addHook('onRequest', (req, _reply, done) => {
      if (this.listening) started.set(req, process.hrtime() as [number, number]);
      done();
    });
    const emit = (req: FastifyRequest, status: number) => {
      const t = started.get(req);
      if (!t) return;
      const [s, ns] = process.hrtime(t);
      const url = req.raw.url ?? req.url;
      const q = url.indexOf('?');
      const n = notes.get(req) ?? {};
      const record: RequestRecord = {
        at: new Date(Date.now() - Math.round(s * 1000 + ns / 1e6)).toISOString(),
        method: req.method,
        path: q < 0 ? url : url.slice(0, q),
        status,
        latencyMs: Math.round((s * 1000 + ns / 1e6) * 10) / 10,
        ...n,
      };
      for (const l of this.listeners) l(record);
    };
    app.addHook('onResponse', (req, reply, done) => {
      if (started.has(req)) {
        const code = reply.getHeader('x-error-code');
        if (typeof code === 'string') noteRequest(req, { errorCode: code });
        emit(req, reply.statusCode);
      }
      done();
    });
    // A dropped connection has no response; it is reported when the socket closes.
    app.addHook('onRequestAbort', async (req) => {
      if (notes.get(req)?.dropped) emit(req, 0);
    });
  }
}

const LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'];

/** Whether a log level shows the per-request line (info and below). */
export const logsRequests = (level: string) => LEVELS.indexOf(level) <= LEVELS.indexOf('info');

/** One line per request: JSON, or a short text line (coloured by status on a terminal). */
export function requestLine(r: RequestRecord, format: 'json' | 'pretty', color: boolean): string {
  if (format === 'json') return JSON.stringify({ level: 'info', msg: 'request', ...r });
  const paint = (code: number, s: string) => (color ? `\x1b[${code}m${s}\x1b[0m` : s);
  const status = r.dropped ? 'DROP' : String(r.status);
  const shade = r.dropped || r.status >= 500 ? 31 : r.status >= 400 ? 33 : 32;
  const parts = [
    r.at.slice(11, 23),
    paint(shade, status),
    r.method.padEnd(6),
    r.path,
    r.operationId ? paint(36, r.operationId) : '',
    `${r.latencyMs}ms`,
    r.caller ? `caller=${r.caller}` : '',
    r.errorCode ? paint(shade, r.errorCode) : '',
    r.fault ? paint(35, `fault=${r.fault}`) : '',
    r.why ? `(${r.why})` : '',
  ];
  return parts.filter(Boolean).join(' ');
}
