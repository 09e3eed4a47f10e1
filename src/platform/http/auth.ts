import { createHmac, randomBytes } from 'node:crypto';
import { jwtVerify, SignJWT } from 'jose';
import { ApiError, errors } from '../errors.js';
import {
  addressAllowed,
  DIGEST_REALM,
  md5,
  safeEqual,
  type CredentialCache,
} from '../credentials.js';
import type { Actor } from '../events.js';
import type { Principal } from '../roles.js';
import type { Reader } from '../store/types.js';
import { REVOKED_TOKENS } from '../credentials.js';
import { NonceCounts } from './nonces.js';
import { addressKey, type TokenBuckets } from './ratelimit.js';

export interface Authenticated {
  principal: Principal;
  actor: Actor;
}

export interface AuthRequest {
  method: string;
  /** Path and query as sent (Digest signs it). */
  url: string;
  authorization: string | undefined;
  remoteAddress: string;
}

const TOKEN_LIFETIME_SECONDS = 3600;
const ISSUER = 'atlas-emulator';

/** Parses `Digest a="b", c=d` into its fields. */
export function parseDigest(header: string): Record<string, string> | null {
  if (!/^Digest\s+/i.test(header)) return null;
  const fields: Record<string, string> = {};
  const re = /(\w+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^\s,]+))/g;
  let m: RegExpExecArray | null;
  const rest = header.replace(/^Digest\s+/i, '');
  while ((m = re.exec(rest))) fields[m[1]!.toLowerCase()] = m[2] !== undefined ? m[2].replace(/\\(.)/g, '$1') : m[3]!;
  return fields;
}

/**
 * Checks credentials the way Atlas does: HTTP Digest (MD5, qop=auth) for API
 * keys, Bearer JWTs from the token endpoint for service accounts. Nonces and
 * tokens expire on wall-clock time, so moving the emulated clock never logs a
 * client out.
 */
export class Authenticator {
  private readonly nonceCounts = new NonceCounts();
  /** token -> verified principal id and expiry (ms), to skip re-verifying signatures. */
  private readonly tokenCache = new Map<string, { clientId: string; jti: string; exp: number }>();
  private readonly revoked = new Set<string>();

  constructor(
    private readonly credentials: CredentialCache,
    private readonly reader: Reader,
    private readonly nonceKey: Buffer,
    private readonly jwtKey: Uint8Array,
    private readonly nonceTtlMs: number,
    /** Wrong credentials per address ('authFailures'). */
    private readonly throttle: TokenBuckets,
  ) {}

  /** Refuses an address that has guessed wrong too often; call before checking what it sent. */
  checkThrottle(remoteAddress: string, path: string): void {
    const state = this.throttle.peek('authFailures', addressKey(remoteAddress));
    if (!state.allowed) throw errors.rateLimited(path, state, 'RATE_LIMITED');
  }

  /** Counts one wrong credential against the address. */
  recordFailure(remoteAddress: string): void {
    this.throttle.take('authFailures', addressKey(remoteAddress));
  }

  async loadRevocations(): Promise<void> {
    this.revoked.clear();
    const { items } = await this.reader.list<{ jti: string }>(REVOKED_TOKENS, undefined);
    for (const r of items) this.revoked.add(r.jti);
  }

  challenge(stale = false): string {
    const nonce = this.newNonce();
    return `Digest realm="${DIGEST_REALM}", domain="", nonce="${nonce}", algorithm=MD5, qop="auth", stale=${stale}`;
  }

  private newNonce(): string {
    const body = `${Date.now().toString(36)}.${randomBytes(12).toString('base64url')}`;
    const sig = createHmac('sha256', this.nonceKey).update(body).digest('base64url').slice(0, 22);
    return `${body}.${sig}`;
  }

  /** 'ok', 'stale' (ours but expired), or 'bad' (not ours). */
  private nonceState(nonce: string): 'ok' | 'stale' | 'bad' {
    const parts = nonce.split('.');
    if (parts.length !== 3) return 'bad';
    const body = `${parts[0]}.${parts[1]}`;
    const sig = createHmac('sha256', this.nonceKey).update(body).digest('base64url').slice(0, 22);
    if (!safeEqual(sig, parts[2]!)) return 'bad';
    const issued = parseInt(parts[0]!, 36);
    return Date.now() - issued > this.nonceTtlMs ? 'stale' : 'ok';
  }

  private unauthorized(why: string, stale = false): ApiError {
    const e = errors.unauthorized();
    const err = new ApiError(e.status, e.errorCode, e.detail, e.parameters, undefined, {
      'WWW-Authenticate': this.challenge(stale),
    });
    err.why = why;
    return err;
  }

  async authenticate(req: AuthRequest): Promise<Authenticated> {
    const header = req.authorization;
    if (!header) throw this.unauthorized('no Authorization header');
    if (/^Bearer\s+/i.test(header)) return this.bearer(header.replace(/^Bearer\s+/i, '').trim(), req.remoteAddress);
    const f = parseDigest(header);
    if (!f) throw this.unauthorized('Authorization is neither Digest nor Bearer');
    return this.digest(f, req);
  }

  private async digest(f: Record<string, string>, req: AuthRequest): Promise<Authenticated> {
    const { username, nonce, uri, response } = f;
    if (!username || !nonce || !uri || !response || (f.realm !== undefined && f.realm !== DIGEST_REALM)) {
      throw this.unauthorized('Digest header lacks username, nonce, uri or response, or names another realm');
    }
    if (f.algorithm && f.algorithm.toUpperCase() !== 'MD5') throw this.unauthorized(`Digest algorithm ${f.algorithm} is not MD5`);
    // Atlas challenges with qop="auth": an answer without it (RFC 2069) has no count and could be replayed.
    if (f.qop !== 'auth' || !f.nc || !f.cnonce || !/^[0-9a-fA-F]{8}$/.test(f.nc)) throw this.unauthorized('Digest qop, nc or cnonce is missing or malformed');
    const state = this.nonceState(nonce);
    if (state === 'bad') throw this.unauthorized('nonce was not issued by this server');
    // The signed URI must be the one requested, so a captured header cannot be replayed elsewhere.
    if (uri !== req.url) throw this.unauthorized('Digest uri is not the requested URL');
    this.checkThrottle(req.remoteAddress, req.url.split('?')[0]!.slice(1));
    const cred = await this.credentials.apiKey(username);
    const ha2 = md5(`${req.method}:${uri}`);
    const expected = cred ? md5(`${cred.doc.ha1}:${nonce}:${f.nc}:${f.cnonce}:auth:${ha2}`) : '';
    if (!cred || !safeEqual(expected, response.toLowerCase())) {
      this.recordFailure(req.remoteAddress);
      throw this.unauthorized(cred ? `wrong private key for ${username}` : `unknown public key ${username}`);
    }
    // Right credentials on an expired nonce: ask again without a password prompt.
    if (state === 'stale') throw this.unauthorized('nonce expired (stale)', true);
    const nc = parseInt(f.nc, 16);
    if (nc < 1 || !this.nonceCounts.use(nonce, nc, (n) => this.nonceState(n) === 'ok')) throw this.unauthorized('Digest nonce count replayed or too old');
    if (!addressAllowed(cred.doc.accessList, req.remoteAddress)) throw errors.ipNotAllowed(req.remoteAddress);
    return {
      principal: cred.principal,
      actor: { kind: 'apiKey', apiKeyId: cred.doc.id, publicKey: cred.doc.publicKey, remoteAddress: req.remoteAddress },
    };
  }

  private async bearer(token: string, remoteAddress: string): Promise<Authenticated> {
    let claims = this.tokenCache.get(token);
    if (!claims) {
      try {
        const { payload } = await jwtVerify(token, this.jwtKey, { issuer: ISSUER, algorithms: ['HS256'] });
        if (typeof payload.sub !== 'string' || typeof payload.jti !== 'string' || typeof payload.exp !== 'number') {
          throw new Error('claims');
        }
        claims = { clientId: payload.sub, jti: payload.jti, exp: payload.exp * 1000 };
        if (this.tokenCache.size > 10_000) this.tokenCache.clear();
        this.tokenCache.set(token, claims);
      } catch {
        throw this.unauthorized('Bearer token is not one this server signed, or lacks its claims');
      }
    }
    if (claims.exp <= Date.now()) throw this.unauthorized('Bearer token expired');
    if (this.revoked.has(claims.jti)) throw this.unauthorized('Bearer token was revoked');
    const cred = await this.credentials.serviceAccount(claims.clientId);
    if (!cred) throw this.unauthorized(`service account ${claims.clientId} no longer exists`);
    if (!addressAllowed(cred.doc.accessList, remoteAddress)) throw errors.ipNotAllowed(remoteAddress);
    return {
      principal: cred.principal,
      actor: { kind: 'serviceAccount', clientId: cred.doc.clientId, remoteAddress },
    };
  }

  async issueToken(clientId: string): Promise<{ token: string; jti: string; expiresIn: number }> {
    const jti = randomBytes(16).toString('hex');
    const token = await new SignJWT({ client_id: clientId })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setIssuer(ISSUER)
      .setSubject(clientId)
      .setJti(jti)
      .setIssuedAt()
      .setExpirationTime(`${TOKEN_LIFETIME_SECONDS}s`)
      .sign(this.jwtKey);
    return { token, jti, expiresIn: TOKEN_LIFETIME_SECONDS };
  }

  /** The token's id and expiry if it is one of ours (expired or not), else null. */
  async inspectToken(token: string): Promise<{ jti: string; clientId: string; exp: number } | null> {
    try {
      const { payload } = await jwtVerify(token, this.jwtKey, {
        issuer: ISSUER,
        algorithms: ['HS256'],
        clockTolerance: 10 * 365 * 86400,
      });
      if (typeof payload.jti !== 'string' || typeof payload.sub !== 'string') return null;
      return { jti: payload.jti, clientId: payload.sub, exp: (payload.exp ?? 0) * 1000 };
    } catch {
      return null;
    }
  }

  markRevoked(jti: string): void {
    this.revoked.add(jti);
  }

  clearRevocations(): void {
    this.revoked.clear();
    this.tokenCache.clear();
  }
}
