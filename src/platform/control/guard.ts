import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { ApiError } from '../errors.js';
import { noteRequest } from '../http/requestLog.js';
import { sendControlError } from './register.js';

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
