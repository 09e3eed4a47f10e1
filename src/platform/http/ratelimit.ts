import { isIPv4, isIPv6 } from 'node:net';
import type { RateLimit } from '../settings.js';

/**
 * The key an address is limited under: IPv4 as is, IPv6 by its /64, which one
 * machine usually holds whole (else one host could rotate through fresh keys).
 */
export function addressKey(address: string): string {
  if (address.startsWith('::ffff:') && isIPv4(address.slice(7))) return address.slice(7);
  if (!isIPv6(address)) return address;
  const [head = '', tail = ''] = address.toLowerCase().split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const groups = address.includes('::') ? [...left, ...Array(8 - left.length - right.length).fill('0'), ...right] : left;
  return `${groups.slice(0, 4).map((g) => g.replace(/^0+(?=.)/, '')).join(':')}::/64`;
}

interface Bucket {
  tokens: number;
  updated: number;
  /** When it will hold `capacity` again, untouched: from then on it can be forgotten. */
  fullAt: number;
}

export interface Take {
  allowed: boolean;
  limit: number;
  remaining: number;
  /** Whole seconds until one token is back (when refused). */
  retryAfter: number;
  /** The refill as Atlas words it: refillRate tokens per refillSeconds. */
  refillRate: number;
  refillSeconds: number;
}

// Atlas states refills per minute ("Refill rate: 5 per 60 seconds"); a bucket
// whose rate is no whole number a minute is stated over its own period.
function refill(limit: RateLimit): { refillRate: number; refillSeconds: number } {
  const perMinute = (limit.capacity * 60) / limit.periodSeconds;
  return Number.isInteger(perMinute)
    ? { refillRate: perMinute, refillSeconds: 60 }
    : { refillRate: limit.capacity, refillSeconds: limit.periodSeconds };
}

/** Buckets held at most; past it the oldest go (a full bucket and a missing one are the same). */
const MAX_BUCKETS = 20_000;

/**
 * Token buckets as Atlas applies them: each key holds `capacity` tokens that
 * refill evenly over `periodSeconds`. Wall-clock time, so tests that move the
 * emulated clock do not refill them. A bucket that has refilled is forgotten, so
 * memory follows the keys active within one period, never the keys ever seen.
 */
export class TokenBuckets {
  private readonly buckets = new Map<string, Bucket>();
  private lastSweep = 0;

  constructor(private readonly limits: Record<string, RateLimit>) {}

  /** Takes one token when there is one. */
  take(name: string, key: string, now = Date.now()): Take {
    return this.draw(name, key, now, true);
  }

  /** What `take` would answer, taking nothing (and holding nothing for a key not seen). */
  peek(name: string, key: string, now = Date.now()): Take {
    return this.draw(name, key, now, false);
  }

  private draw(name: string, key: string, now: number, consume: boolean): Take {
    const limit = this.limits[name];
    if (!limit) return { allowed: true, limit: 0, remaining: 0, retryAfter: 0, refillRate: 0, refillSeconds: 0 };
    const perMs = limit.capacity / (limit.periodSeconds * 1000);
    const id = `${name}\u0000${key}`;
    let b = this.buckets.get(id);
    if (!b) {
      if (!consume) return { allowed: true, limit: limit.capacity, remaining: limit.capacity, retryAfter: 0, ...refill(limit) };
      this.makeRoom(now);
      b = { tokens: limit.capacity, updated: now, fullAt: now };
      this.buckets.set(id, b);
    }
    b.tokens = Math.min(limit.capacity, b.tokens + (now - b.updated) * perMs);
    b.updated = now;
    if (b.tokens >= 1) {
      if (consume) b.tokens -= 1;
      b.fullAt = now + Math.ceil((limit.capacity - b.tokens) / perMs);
      return { allowed: true, limit: limit.capacity, remaining: Math.floor(b.tokens), retryAfter: 0, ...refill(limit) };
    }
    b.fullAt = now + Math.ceil((limit.capacity - b.tokens) / perMs);
    return {
      allowed: false,
      limit: limit.capacity,
      remaining: 0,
      retryAfter: Math.max(1, Math.ceil((1 - b.tokens) / perMs / 1000)),
      ...refill(limit),
    };
  }

  /** Buckets held (after forgetting the refilled ones). */
  get size(): number {
    this.sweep(Date.now());
    return this.buckets.size;
  }

  private makeRoom(now: number): void {
    // Sweeping costs a pass over every bucket: at most once a second, or when full.
    if (now - this.lastSweep >= 1000 || this.buckets.size >= MAX_BUCKETS) this.sweep(now);
    for (const id of this.buckets.keys()) {
      if (this.buckets.size < MAX_BUCKETS) break;
      this.buckets.delete(id);
    }
  }

  private sweep(now: number): void {
    this.lastSweep = now;
    for (const [id, b] of this.buckets) if (b.fullAt <= now) this.buckets.delete(id);
  }

  clear(): void {
    this.buckets.clear();
  }
}
