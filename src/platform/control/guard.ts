import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ApiError, errors } from '../errors.js';
import { noteRequest } from '../http/requestLog.js';
import { sendControlError } from './register.js';

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

function sameToken(given: string, token: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * With a control token, everything outside the Atlas API and its token endpoint
 * (the control endpoints, any page served beside them) needs
 * `Authorization: Bearer <token>`, except the paths left open (health).
 */
export function guardControlPlane(app: FastifyInstance, token: string | undefined, openPaths: string[]): void {
  if (!token) return;
  // Path templates: a {param} is one segment.
  const open = openPaths.map((p) => new RegExp(`^${p.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\\?\{\w+\\?\}/g, '[^/]+')}$`));
  app.addHook('onRequest', async (req, reply) => {
    const url = req.raw.url ?? '/';
    const q = url.indexOf('?');
    const path = q < 0 ? url : url.slice(0, q);
    if (path.startsWith('/api/') || open.some((re) => re.test(path))) return;
    const header = req.headers.authorization ?? '';
    const m = /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (m && sameToken(m[1]!, token)) return;
    const err = new ApiError(401, 'UNAUTHORIZED', 'The emulator control plane needs its control token: Authorization: Bearer <token>.', [], undefined, {
      'WWW-Authenticate': 'Bearer realm="atlas-emulator control"',
    });
    noteRequest(req, { why: header ? 'wrong control token' : 'control token missing' });
    return sendControlError(reply, err);
  });
}

const LOOPBACK = /^(localhost|127(\.\d{1,3}){3}|::1|::ffff:127(\.\d{1,3}){3})$/i;

/** Whether the server listens beyond this machine (then the control plane needs a token). */
export const beyondLoopback = (host: string) => !LOOPBACK.test(host.replace(/^\[|\]$/g, ''));
