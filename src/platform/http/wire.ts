import { STATUS_CODES, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyBaseLogger } from 'fastify';
import { ApiError } from '../errors.js';
import { sortKeys } from './serialize.js';

// Answers made below the router: what node's HTTP parser refuses (bad framing,
// over-long lines) and requests that do not arrive in time. They carry Atlas's
// error body, honest framing and `Connection: close`, because the connection
// cannot be trusted after them.

export interface WireLimits {
  headersTimeoutMs: number;
  requestTimeoutMs: number;
  keepAliveTimeoutMs: number;
}

/** The request line and headers of one request may not exceed this (node's own default, stated). */
export const MAX_HEADER_BYTES = 16 * 1024;

/** Options for node's server: the timeouts, and how often they are checked. */
export function serverTimeouts(limits: WireLimits) {
  return {
    headersTimeout: limits.headersTimeoutMs,
    requestTimeout: limits.requestTimeoutMs,
    keepAliveTimeout: limits.keepAliveTimeoutMs,
    // Node checks overdue requests on this beat; a check every 30 s (its default) would let a slow client stay far past its time.
    connectionsCheckingInterval: Math.max(100, Math.min(1000, Math.floor(limits.headersTimeoutMs / 3))),
    maxHeaderSize: MAX_HEADER_BYTES,
  };
}

/** Atlas's error body for an error, keys in Atlas's order. */
export function errorJson(err: ApiError): string {
  return JSON.stringify(
    sortKeys({
      ...(err.badRequestDetail ? { badRequestDetail: err.badRequestDetail } : {}),
      detail: err.detail,
      error: err.status,
      errorCode: err.errorCode,
      parameters: err.parameters,
      reason: err.reason,
    }),
  );
}

/** A whole response as bytes, for a socket no response object speaks for. */
export function rawErrorResponse(err: ApiError, head: boolean): string {
  const body = errorJson(err);
  return (
    `HTTP/1.1 ${err.status} ${STATUS_CODES[err.status] ?? 'Error'}\r\n` +
    `Date: ${new Date().toUTCString()}\r\n` +
    'Content-Type: application/json\r\n' +
    `Content-Length: ${Buffer.byteLength(body)}\r\n` +
    `X-Error-Code: ${err.errorCode}\r\n` +
    'Connection: close\r\n\r\n' +
    (head ? '' : body)
  );
}

export const wireErrors = {
  timeout: () => new ApiError(408, 'REQUEST_TIMEOUT', 'The request did not arrive in time.'),
  headersTooLarge: () =>
    new ApiError(431, 'REQUEST_HEADERS_TOO_LARGE', `The request line and headers exceed ${MAX_HEADER_BYTES} bytes.`),
  unreadable: () => new ApiError(400, 'INVALID_REQUEST', 'The request could not be read.'),
};

function errorFor(code: string | undefined): ApiError {
  if (code === 'ERR_HTTP_REQUEST_TIMEOUT') return wireErrors.timeout();
  if (code === 'HPE_HEADER_OVERFLOW') return wireErrors.headersTooLarge();
  return wireErrors.unreadable();
}

/** Sockets whose current response already answers the request's defect (set by the router's checks). */
const answeredBeforeParserError = new WeakSet<Socket>();
/** Sockets whose failure is being dealt with: the parser repeats its error for every later chunk. */
const failing = new WeakSet<Socket>();

/** Marks a request answered with a closing error before the parser reports the same defect. */
export function markAnswered(socket: Socket): void {
  answeredBeforeParserError.add(socket);
}

/** Give the peer time to read the answer before the socket goes; a reset could make it drop what it has not read. */
const LINGER_MS = 1000;

function closeAfter(socket: Socket, bytes?: string): void {
  if (bytes && socket.writable) socket.end(bytes);
  else socket.end();
  setTimeout(() => socket.destroy(), LINGER_MS).unref();
}

/**
 * node's `clientError`: the parser refused the bytes, or a request ran out of time.
 * A response already under way (a valid request pipelined before garbage) is
 * finished first, so every request read gets its answer, in order; then the
 * error is answered once and the connection closed.
 */
export function clientErrorHandler(
  this: { log: FastifyBaseLogger },
  err: Error & { code?: string; rawPacket?: unknown },
  socket: Socket,
): void {
  if (err.code === 'ECONNRESET' || socket.destroyed || failing.has(socket)) return;
  failing.add(socket);
  this.log.debug({ err }, 'client error');
  const error = errorFor(err.code);
  // The request's method is only known to the parser; a HEAD refused at its request line starts the packet.
  const pending = (socket as Socket & { _httpMessage?: ServerResponse | null })._httpMessage;
  const head = !pending && Buffer.isBuffer(err.rawPacket) && err.rawPacket.subarray(0, 5).toString('latin1') === 'HEAD ';
  const answer = () => closeAfter(socket, answeredBeforeParserError.has(socket) ? undefined : rawErrorResponse(error, head));
  if (!pending || pending.writableFinished) return answer();
  if (!answeredBeforeParserError.has(socket) && !pending.req.complete) {
    // The request under way is the broken one (its body is garbage or late): it will never finish, answer for it.
    if (pending.headersSent) socket.destroy();
    else answer();
    return;
  }
  let done = false;
  const once = () => {
    if (done) return;
    done = true;
    answer();
  };
  pending.once('finish', once);
  pending.once('close', once);
}
