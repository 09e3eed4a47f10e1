import { isIP } from 'node:net';
import { ApiError } from '../errors.js';

// Which names the server answers to. A page on another site that rebinds its own
// name to this machine's address reaches the server under that name, never under
// an address: so loopback names, the configured host, the names an operator lists,
// and addresses are served; any other Host is refused before anything runs.

export const hostNotAllowed = (host: string) =>
  new ApiError(
    403,
    'HOST_NOT_ALLOWED',
    `The host ${host} is not served here; add it with --allowed-hosts (ATLAS_EMULATOR_ALLOWED_HOSTS) to allow it.`,
    [host],
  );

/** The name in a Host header, lower case, without port, brackets or trailing dot; null when it is not one. */
export function hostName(header: string): string | null {
  const h = header.trim().toLowerCase();
  const bracketed = /^\[([0-9a-f:.]+)\](?::\d{1,5})?$/.exec(h);
  if (bracketed) return isIP(bracketed[1]!) === 6 ? bracketed[1]! : null;
  const m = /^([a-z0-9_.-]+?)\.?(?::\d{1,5})?$/.exec(h);
  return m ? m[1]! : null;
}

function isLoopbackName(name: string): boolean {
  return name === 'localhost' || name.endsWith('.localhost');
}

/** Names an operator lists: exact names, `.example.com` for a domain and all below it, or `*` for any. */
function matchesListed(name: string, listed: readonly string[]): boolean {
  for (const entry of listed) {
    if (entry === '*' || entry === name) return true;
    if (entry.startsWith('.') && (name === entry.slice(1) || name.endsWith(entry))) return true;
  }
  return false;
}

/** True when an address is loopback: the server is reachable only from this machine. */
export function isLoopbackAddress(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  return h === 'localhost' || h === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h) || h === '::ffff:127.0.0.1';
}

export class HostPolicy {
  private readonly listed: string[];
  /** Host header -> verdict; few distinct values arrive, so it stays small (and is capped). */
  private readonly seen = new Map<string, boolean>();

  constructor(configuredHost: string, allowedHosts: readonly string[]) {
    const configured = hostName(configuredHost.includes(':') && !configuredHost.startsWith('[') ? `[${configuredHost}]` : configuredHost);
    this.listed = [...allowedHosts.map((h) => h.toLowerCase()), ...(configured ? [configured] : [])];
  }

  /** Requests without a Host (HTTP/1.0) come from no browser, so they pass. */
  allows(header: string | undefined): boolean {
    if (header === undefined) return true;
    let verdict = this.seen.get(header);
    if (verdict === undefined) {
      const name = hostName(header);
      verdict = name !== null && (isIP(name) !== 0 || isLoopbackName(name) || matchesListed(name, this.listed));
      if (this.seen.size >= 1000) this.seen.clear();
      this.seen.set(header, verdict);
    }
    return verdict;
  }
}
