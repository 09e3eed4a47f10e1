import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { REVOKED_TOKENS, SERVICE_ACCOUNTS } from '../credentials.js';
import { safeEqual, sha256, type ServiceAccountDoc } from '../credentials.js';
import { ApiError, errors } from '../errors.js';
import { addressKey } from './ratelimit.js';
import { errorJson } from './wire.js';
import { markSecretUsed } from '../../resources/serviceAccounts/serviceAccounts.js';
import { isoSeconds } from '../time.js';
import type { Services } from '../services.js';
import { CLIENT_HEADER } from '../requestLog.js';

// The service-account token endpoints (RFC 6749 client credentials, RFC 7009
// revocation). Their errors are OAuth's, not the Admin API's.

function oauthError(reply: FastifyReply, status: number, error: string, description: string) {
  return reply
    .code(status)
    .header('Cache-Control', 'no-store')
    .type('application/json')
    .send(JSON.stringify({ error, error_description: description }));
}

function basicCredentials(req: FastifyRequest): { clientId: string; secret: string } | null {
  const h = req.headers.authorization;
  if (!h || !/^Basic\s+/i.test(h)) return null;
  const decoded = Buffer.from(h.replace(/^Basic\s+/i, ''), 'base64').toString('utf8');
  const i = decoded.indexOf(':');
  if (i < 0) return null;
  const dec = (s: string) => {
    try {
      return decodeURIComponent(s.replace(/\+/g, ' '));
    } catch {
      return s;
    }
  };
  return { clientId: dec(decoded.slice(0, i)), secret: dec(decoded.slice(i + 1)) };
}

function formBody(req: FastifyRequest): URLSearchParams {
  return new URLSearchParams(typeof req.body === 'string' ? req.body : '');
}

/** The service account and the id of its unexpired secret that matches, or null. */
async function verifyClient(
  services: Services,
  clientId: string,
  secret: string,
): Promise<{ sa: ServiceAccountDoc; secretId: string } | null> {
  const sa = await services.store.get<ServiceAccountDoc>(SERVICE_ACCOUNTS, clientId);
  if (!sa) return null;
  const hash = sha256(secret);
  const now = isoSeconds(services.clock.now());
  // Compare against every secret so the time taken does not tell which matched.
  let matched: string | null = null;
  for (const s of sa.secrets) if (safeEqual(s.hash, hash) && s.expiresAt > now) matched = s.id;
  return matched ? { sa, secretId: matched } : null;
}

/** Puts token requests in the request log, with the client id they name as caller. */
function logged(services: Services) {
  return async (req: FastifyRequest, reply: FastifyReply, payload: unknown) => {
    if (req.headers[CLIENT_HEADER] === 'console') return payload;
    const status = reply.statusCode;
    let errorCode: string | null = null;
    if (status >= 400 && typeof payload === 'string') {
      try {
        const body = JSON.parse(payload) as { errorCode?: string; error?: string };
        errorCode = body.errorCode ?? body.error ?? null;
      } catch {
        errorCode = null;
      }
    }
    services.requestLog.record({
      time: services.clock.now(),
      receivedAt: Date.now(),
      method: req.method,
      url: req.url,
      operationId: null,
      caller: basicCredentials(req)?.clientId ?? formBody(req).get('client_id'),
      status,
      errorCode,
      latencyMs: reply.elapsedTime,
      requestType: req.headers['content-type'],
      requestBody: typeof req.body === 'string' ? req.body : undefined,
      responseType: 'application/json',
      responseBody: typeof payload === 'string' ? payload : undefined,
    });
    return payload;
  };
}

export function registerOAuthRoutes(app: FastifyInstance, services: Services): void {
  /** Atlas's 429 body, as its token endpoint answers it. */
  const limited = (reply: FastifyReply, err: ApiError) =>
    reply
      .code(err.status)
      .headers({ ...err.headers, 'X-Error-Code': err.errorCode })
      .type('application/json')
      .send(errorJson(err));

  /**
   * The client if its credentials are right. Wrong ones count against the address, and an
   * address that guessed wrong too often is refused before anything is checked.
   */
  async function authenticateClient(req: FastifyRequest, clientId: string, secret: string, path: string) {
    const address = req.ip ?? '';
    services.auth.checkThrottle(address, path);
    const verified = await verifyClient(services, clientId, secret);
    if (!verified) services.auth.recordFailure(address);
    return verified;
  }

  const onSend = logged(services);
  app.post('/api/oauth/token', { onSend }, async (req, reply) => {
    const creds = basicCredentials(req);
    const form = formBody(req);
    const clientId = creds?.clientId ?? form.get('client_id');
    const secret = creds?.secret ?? form.get('client_secret');
    if (form.get('grant_type') !== 'client_credentials') {
      return oauthError(reply, 400, 'unsupported_grant_type', 'Only grant_type=client_credentials is supported.');
    }
    if (!clientId || !secret) return oauthError(reply, 401, 'invalid_client', 'Invalid credentials provided.');
    let verified;
    try {
      verified = await authenticateClient(req, clientId, secret, 'api/oauth/token');
    } catch (err) {
      if (err instanceof ApiError) return limited(reply, err);
      throw err;
    }
    if (!verified) return oauthError(reply, 401, 'invalid_client', 'Invalid credentials provided.');
    // Atlas's limit is per client and address; counted on real clients only, so made-up ids hold no memory.
    const take = services.rateLimits.take('oauthToken', `${verified.sa.clientId}|${addressKey(req.ip ?? '')}`);
    if (!take.allowed) return limited(reply, errors.rateLimited('api/oauth/token', take, 'RATE_LIMITED'));
    const { token, expiresIn } = await services.auth.issueToken(verified.sa.clientId);
    await services.store.write((tx) => markSecretUsed(tx, verified.sa.clientId, verified.secretId, services.clock.now()));
    return reply
      .code(200)
      .header('Cache-Control', 'no-store')
      .type('application/json')
      .send(JSON.stringify({ access_token: token, expires_in: expiresIn, token_type: 'Bearer' }));
  });

  app.post('/api/oauth/revoke', { onSend }, async (req, reply) => {
    const creds = basicCredentials(req);
    let verified;
    try {
      verified = creds && (await authenticateClient(req, creds.clientId, creds.secret, 'api/oauth/revoke'));
    } catch (err) {
      if (err instanceof ApiError) return limited(reply, err);
      throw err;
    }
    if (!creds || !verified) return oauthError(reply, 401, 'invalid_client', 'Invalid credentials provided.');
    const token = formBody(req).get('token');
    if (!token) return oauthError(reply, 400, 'invalid_request', 'The token parameter is required.');
    const info = await services.auth.inspectToken(token);
    // RFC 7009: an unknown token, or another client's, is not an error and changes nothing.
    if (info && info.clientId === creds.clientId) {
      await services.store.write((tx) =>
        tx.put(REVOKED_TOKENS, info.jti, { jti: info.jti, exp: info.exp }, { parent: null }),
      );
      services.auth.markRevoked(info.jti);
    }
    return reply.code(200).header('Cache-Control', 'no-store').send();
  });
}
