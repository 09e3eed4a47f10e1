import { ObjectId } from 'bson';
import { randomBytes } from 'node:crypto';

/** The last second an ObjectId's four timestamp bytes can hold (2106-02-07T06:28:15Z). */
const LAST_OBJECTID_SECOND = 0xffffffff;
/** Past it: 38 bits of seconds (to the end of 9999) and 26 of counter fill the other eight bytes. */
const COUNTER_BITS = 26n;
// A random start in the lower half, so that wrapping within one second takes 33 million ids.
let counter = BigInt(randomBytes(4).readUInt32BE(0) % 2 ** 25);

/**
 * A 24-hex ObjectId whose timestamp is the emulated second of creation. From the
 * last second an ObjectId can hold until the clock stops (year 9999), the id is
 * ffffffff followed by the seconds past that one and a counter: still unique and
 * after every earlier id, though its timestamp no longer reads as a date.
 */
export function newObjectId(atMs: number): string {
  const seconds = Math.floor(atMs / 1000);
  if (seconds < LAST_OBJECTID_SECOND) {
    return ObjectId.createFromTime(seconds).toHexString().slice(0, 8) + new ObjectId().toHexString().slice(8);
  }
  counter = (counter + 1n) % (1n << COUNTER_BITS);
  const rest = (BigInt(seconds - LAST_OBJECTID_SECOND) << COUNTER_BITS) | counter;
  return 'ffffffff' + rest.toString(16).padStart(16, '0');
}

/** The emulated second (as ms) an id from newObjectId was made. */
export function objectIdTime(id: string): number {
  const head = parseInt(id.slice(0, 8), 16);
  if (head < LAST_OBJECTID_SECOND) return head * 1000;
  return (LAST_OBJECTID_SECOND + Number(BigInt(`0x${id.slice(8)}`) >> COUNTER_BITS)) * 1000;
}

/** Lowercase letters and digits, as Atlas uses in hostnames and key names. */
export function randomToken(length: number, alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789'): string {
  const bytes = randomBytes(length);
  let out = '';
  for (let i = 0; i < length; i++) out += alphabet[bytes[i]! % alphabet.length];
  return out;
}

export function randomHex(length: number): string {
  return randomBytes(Math.ceil(length / 2)).toString('hex').slice(0, length);
}
