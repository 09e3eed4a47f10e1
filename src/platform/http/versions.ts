import { errors } from '../errors.js';
import type { Operation, VersionSpec } from './operation.js';

// Media types are case-insensitive (RFC 9110).
const ACCEPT_VERSION = /application\/vnd\.atlas\.(\d{4})-(\d{2})-(\d{2})\+(json|csv|gzip)/i;

// Clients send the same few Accept values over and over.
const parsedAccepts = new Map<string, string | null>();

/** The version date named in an Accept header, or null when there is none or it is not a real date. */
export function requestedVersion(accept: string | undefined): string | null {
  if (!accept) return null;
  let version = parsedAccepts.get(accept);
  if (version === undefined) {
    version = parseAccept(accept);
    if (parsedAccepts.size >= 1000) parsedAccepts.clear();
    parsedAccepts.set(accept, version);
  }
  return version;
}

function parseAccept(accept: string): string | null {
  const m = ACCEPT_VERSION.exec(accept);
  if (!m) return null;
  const [, y, mo, d] = m;
  const date = new Date(`${y}-${mo}-${d}T00:00:00Z`);
  if (Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== `${y}-${mo}-${d}`) return null;
  return `${y}-${mo}-${d}`;
}

export interface Negotiated {
  version: string;
  spec: VersionSpec;
}

/**
 * The exact version asked for, or else the newest one not after the date asked
 * (clients send the date of their own release, which is usually newer than the
 * operation's versions). Earlier than every version, or no versioned Accept: 406.
 * A sunset version answers 410 when sunsets are enforced.
 */
export function negotiate(op: Operation, accept: string | undefined, enforceSunset: boolean, now: number): Negotiated {
  const asked = requestedVersion(accept);
  if (!asked) throw errors.invalidVersion();
  let chosen: string | null = null;
  for (const v of Object.keys(op.versions)) if (v <= asked && (chosen === null || v > chosen)) chosen = v;
  if (chosen === null) throw errors.invalidVersion();
  const spec = op.versions[chosen]!;
  if (enforceSunset && spec.sunset && Date.parse(spec.sunset) <= now) throw errors.versionGone(chosen);
  return { version: chosen, spec };
}

export function contentType(version: string): string {
  return `application/vnd.atlas.${version}+json;charset=utf-8`;
}
