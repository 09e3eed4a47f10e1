import { createHash } from 'node:crypto';

/**
 * Bytes derived from a seed, the same on every call and after a restart: names a
 * cloud provider would hand out, snapshot ids and sizes, policy ids. Parts of a
 * seed are joined with NUL so that ("ab","c") and ("a","bc") differ.
 */
export function derivedBytes(seed: string | readonly string[], algorithm: 'sha1' | 'sha256' = 'sha256'): Buffer {
  return createHash(algorithm).update(typeof seed === 'string' ? seed : seed.join('\u0000')).digest();
}

/** A non-negative integer below 2^48 derived from a seed. */
export function derivedNumber(seed: string | readonly string[], algorithm: 'sha1' | 'sha256' = 'sha256'): number {
  return derivedBytes(seed, algorithm).readUIntBE(0, 6);
}
