import type { RateLimit } from '../settings.js';

interface Bucket {
  tokens: number;
  updated: number;
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

/**
 * Token buckets as Atlas applies them: each key holds `capacity` tokens that
 * refill evenly over `periodSeconds`. Wall-clock time, so tests that move the
 * emulated clock do not refill them.
 */
export class TokenBuckets {
  private readonly buckets = new Map<string, Bucket>();

  constructor(private readonly limits: Record<string, RateLimit>) {}

  take(name: string, key: string, now = Date.now()): Take {
    const limit = this.limits[name];
    if (!limit) return { allowed: true, limit: 0, remaining: 0, retryAfter: 0, refillRate: 0, refillSeconds: 0 };
    const perMs = limit.capacity / (limit.periodSeconds * 1000);
    const id = `${name}\u0000${key}`;
    const b = this.buckets.get(id) ?? { tokens: limit.capacity, updated: now };
    b.tokens = Math.min(limit.capacity, b.tokens + (now - b.updated) * perMs);
    b.updated = now;
    this.buckets.set(id, b);
    if (b.tokens >= 1) {
      b.tokens -= 1;
      return { allowed: true, limit: limit.capacity, remaining: Math.floor(b.tokens), retryAfter: 0, ...refill(limit) };
    }
    return {
      allowed: false,
      limit: limit.capacity,
      remaining: 0,
      retryAfter: Math.max(1, Math.ceil((1 - b.tokens) / perMs / 1000)),
      ...refill(limit),
    };
  }

  clear(): void {
    this.buckets.clear();
  }
}
