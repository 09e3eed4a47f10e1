import { ObjectId } from 'bson';
import { randomBytes } from 'node:crypto';

/** A 24-hex ObjectId whose timestamp is the emulated time of creation. */
export function newObjectId(atMs: number): string {
  return ObjectId.createFromTime(Math.floor(atMs / 1000)).toHexString().slice(0, 8) + new ObjectId().toHexString().slice(8);
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
