// Digest nonce counts (RFC 7616 3.4): a client that shares one nonce across
// parallel requests numbers them in order, but they arrive in any order. A count
// is accepted once: any count above the highest seen, or one within WINDOW below
// it that has not been seen. A count further behind cannot be told from a replay
// and is refused (the client then gets a fresh challenge).

export const WINDOW = 1024;
const MAX_NONCES = 50_000;

interface Seen {
  highest: number;
  /** Bit (count % WINDOW) set: that count was used, for counts within WINDOW of `highest`. */
  bits: Uint8Array;
}

export class NonceCounts {
  private readonly nonces = new Map<string, Seen>();

  /** Records the count; false when it was used before (or is too old to tell). */
  use(nonce: string, nc: number, stillValid: (nonce: string) => boolean): boolean {
    let seen = this.nonces.get(nonce);
    if (!seen) {
      if (this.nonces.size >= MAX_NONCES) this.prune(stillValid);
      seen = { highest: 0, bits: new Uint8Array(WINDOW / 8) };
      this.nonces.set(nonce, seen);
    }
    if (nc > seen.highest) {
      // The counts between the old highest and this one become "not seen yet".
      for (let c = Math.max(seen.highest + 1, nc - WINDOW + 1); c <= nc; c++) clear(seen.bits, c);
      seen.highest = nc;
    } else if (nc <= seen.highest - WINDOW || isSet(seen.bits, nc)) {
      return false;
    }
    set(seen.bits, nc);
    return true;
  }

  private prune(stillValid: (nonce: string) => boolean): void {
    for (const nonce of this.nonces.keys()) if (!stillValid(nonce)) this.nonces.delete(nonce);
    // Still full of live nonces: the oldest go; their clients get a fresh challenge.
    for (const nonce of this.nonces.keys()) {
      if (this.nonces.size < MAX_NONCES) break;
      this.nonces.delete(nonce);
    }
  }
}

const bit = (c: number) => c % WINDOW;
const isSet = (bits: Uint8Array, c: number) => (bits[bit(c) >> 3]! & (1 << (bit(c) & 7))) !== 0;
const set = (bits: Uint8Array, c: number) => (bits[bit(c) >> 3]! |= 1 << (bit(c) & 7));
const clear = (bits: Uint8Array, c: number) => (bits[bit(c) >> 3]! &= ~(1 << (bit(c) & 7)));
