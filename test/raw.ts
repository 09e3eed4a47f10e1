import net from 'node:net';

// Bytes on a plain TCP socket, for what fetch refuses to send (pipelined garbage,
// broken framing, over-long lines, slow bodies) and for reading the answers exactly
// as they arrive (how many, their framing, whether the socket was closed).

export interface RawResponse {
  status: number;
  reason: string;
  /** Lower-case names; repeated headers joined with ", ". */
  headers: Record<string, string>;
  body: string;
}

export interface RawResult {
  responses: RawResponse[];
  /** Bytes left that do not form a whole response. */
  rest: string;
  /** The server closed the connection (rather than the wait running out). */
  closed: boolean;
  /** Milliseconds from connecting to the close (or to the end of the wait). */
  elapsedMs: number;
}

/**
 * Splits a byte stream into HTTP/1.1 responses. `methods` are the requests' methods
 * in order, so that answers to HEAD are read without a body.
 */
export function parseResponses(data: Buffer, methods: string[] = []): { responses: RawResponse[]; rest: string } {
  const responses: RawResponse[] = [];
  let at = 0;
  while (at < data.length) {
    const end = data.indexOf('\r\n\r\n', at);
    if (end < 0) break;
    const lines = data.subarray(at, end).toString('latin1').split('\r\n');
    const m = /^HTTP\/1\.[01] (\d{3}) ?(.*)$/.exec(lines[0]!);
    if (!m) break;
    const headers: Record<string, string> = {};
    for (const line of lines.slice(1)) {
      const i = line.indexOf(':');
      const k = line.slice(0, i).trim().toLowerCase();
      const v = line.slice(i + 1).trim();
      headers[k] = headers[k] === undefined ? v : `${headers[k]}, ${v}`;
    }
    let bodyStart = end + 4;
    let body: Buffer = Buffer.alloc(0);
    const status = Number(m[1]);
    const noBody = methods[responses.length] === 'HEAD' || status === 204 || status === 304;
    if (!noBody && headers['transfer-encoding']?.toLowerCase() === 'chunked') {
      const parts: Buffer[] = [];
      for (;;) {
        const lineEnd = data.indexOf('\r\n', bodyStart);
        if (lineEnd < 0) return { responses, rest: data.subarray(at).toString('latin1') };
        const size = parseInt(data.subarray(bodyStart, lineEnd).toString('latin1'), 16);
        bodyStart = lineEnd + 2;
        if (size === 0) {
          bodyStart += 2;
          break;
        }
        parts.push(data.subarray(bodyStart, bodyStart + size));
        bodyStart += size + 2;
      }
      body = Buffer.concat(parts);
    } else if (!noBody && headers['content-length'] !== undefined) {
      const n = Number(headers['content-length']);
      if (bodyStart + n > data.length) break;
      body = data.subarray(bodyStart, bodyStart + n);
      bodyStart += n;
    }
    responses.push({ status, reason: m[2]!, headers, body: body.toString('utf8') });
    at = bodyStart;
  }
  return { responses, rest: data.subarray(at).toString('latin1') };
}

export interface RawOptions {
  /** Methods of the requests sent, in order (HEAD answers have no body). */
  methods?: string[];
  /** Give up waiting for the close after this long (ms). */
  waitMs?: number;
  /** Sent one after another, `gapMs` apart (a slow client). */
  chunks?: (string | Buffer)[];
  gapMs?: number;
}

/** Connects to the server of `url`, sends `data`, and collects everything until the server closes or the wait ends. */
export function rawExchange(url: string, data: string | Buffer, opts: RawOptions = {}): Promise<RawResult> {
  const { hostname, port } = new URL(url);
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: hostname.replace(/^\[|\]$/g, ''), port: Number(port) });
    const received: Buffer[] = [];
    let done = false;
    const timers: NodeJS.Timeout[] = [];
    const finish = (closed: boolean) => {
      if (done) return;
      done = true;
      for (const t of timers) clearTimeout(t);
      socket.destroy();
      const parsed = parseResponses(Buffer.concat(received), opts.methods);
      resolve({ ...parsed, closed, elapsedMs: Date.now() - started });
    };
    socket.on('data', (d) => received.push(d));
    socket.on('end', () => finish(true));
    socket.on('close', () => finish(true));
    socket.on('error', (err: NodeJS.ErrnoException) => {
      // A reset after the answers arrived is still a close.
      if (err.code === 'ECONNRESET' || err.code === 'EPIPE') finish(true);
      else reject(err);
    });
    socket.on('connect', () => {
      if (data.length) socket.write(data);
      (opts.chunks ?? []).forEach((chunk, i) => {
        timers.push(setTimeout(() => !done && socket.write(chunk), (i + 1) * (opts.gapMs ?? 0)));
      });
    });
    timers.push(setTimeout(() => finish(false), opts.waitMs ?? 2000));
  });
}

/** A request as bytes: `head` is "METHOD /path", the rest are header lines. */
export function rawRequest(head: string, headers: Record<string, string | number> = {}, body = ''): string {
  const lines = [`${head} HTTP/1.1`];
  const all: Record<string, string | number> = { Host: 'localhost', ...headers };
  if (body && all['Content-Length'] === undefined && all['Transfer-Encoding'] === undefined) all['Content-Length'] = Buffer.byteLength(body);
  for (const [k, v] of Object.entries(all)) lines.push(`${k}: ${v}`);
  return `${lines.join('\r\n')}\r\n\r\n${body}`;
}

/** Atlas's error body: exactly these keys (badRequestDetail optional), error equal to the status. */
export function isAtlasError(r: RawResponse): boolean {
  let json: Record<string, unknown>;
  try {
    json = JSON.parse(r.body) as Record<string, unknown>;
  } catch {
    return false;
  }
  const keys = Object.keys(json).filter((k) => k !== 'badRequestDetail').sort().join(',');
  return (
    keys === 'detail,error,errorCode,parameters,reason' &&
    json.error === r.status &&
    typeof json.errorCode === 'string' &&
    Array.isArray(json.parameters) &&
    /^application\/json/.test(r.headers['content-type'] ?? '')
  );
}
