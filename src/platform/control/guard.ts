import type { FastifyRequest } from 'fastify';
import { ApiError, errors } from '../errors.js';

// A web page may send a form-like POST (text/plain, no preflight) to any address,
// the developer's own machine included. The control endpoints change everything,
// so what changes state must come from a client that is not a foreign page:
// JSON bodies only (a page cannot send one across origins without a preflight we
// never approve), and no Origin or Fetch-Site header naming another site.
// Checks for control requests compose: each returns the refusal or undefined.

export type ControlCheck = (req: FastifyRequest) => ApiError | undefined;

const READS = new Set(['GET', 'HEAD', 'OPTIONS']);
const JSON_TYPE = /^application\/json\s*(;|$)/i;

const foreignOrigin = (origin: string) =>
  new ApiError(
    403,
    'ORIGIN_NOT_ALLOWED',
    `Control requests from ${origin} are refused: only the server's own pages and non-browser clients may change its state.`,
    [origin],
  );

function ownOrigin(req: FastifyRequest): string | null {
  try {
    return new URL(`${req.protocol}://${req.headers.host ?? ''}`).origin;
  } catch {
    return null;
  }
}

/** Refuses state-changing control calls a foreign web page could have sent. */
export const sameOriginJson: ControlCheck = (req) => {
  if (READS.has(req.method)) return undefined;
  const origin = req.headers.origin;
  if (origin !== undefined) {
    let given: string | null;
    try {
      given = new URL(origin).origin;
    } catch {
      given = null;
    }
    // "null" (sandboxed frames, files) parses to the opaque origin "null": never ours.
    if (given === null || given === 'null' || given !== ownOrigin(req)) return foreignOrigin(origin);
  }
  const site = req.headers['sec-fetch-site'];
  if (typeof site === 'string' && site !== 'same-origin' && site !== 'none') return foreignOrigin(`a ${site} page`);
  const type = req.headers['content-type'];
  const hasBody = (req.headers['content-length'] !== undefined && req.headers['content-length'] !== '0') || req.headers['transfer-encoding'] !== undefined;
  if (type !== undefined ? !JSON_TYPE.test(type) : hasBody) return errors.unsupportedMediaType(type ?? '(none)');
  return undefined;
};
