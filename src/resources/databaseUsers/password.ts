import { createHash, createHmac, pbkdf2Sync, randomBytes } from 'node:crypto';

/** What MongoDB keeps of a SCRAM-SHA-256 password: never the password itself. */
export interface ScramCredential {
  mechanism: 'SCRAM-SHA-256';
  iterationCount: number;
  salt: string;
  storedKey: string;
  serverKey: string;
}

const ITERATIONS = 15000;

// RFC 5802 / 7677, as mongod derives its stored credential.
export function scramCredential(password: string): ScramCredential {
  const salt = randomBytes(28);
  const salted = pbkdf2Sync(password, salt, ITERATIONS, 32, 'sha256');
  const clientKey = createHmac('sha256', salted).update('Client Key').digest();
  return {
    mechanism: 'SCRAM-SHA-256',
    iterationCount: ITERATIONS,
    salt: salt.toString('base64'),
    storedKey: createHash('sha256').update(clientKey).digest('base64'),
    serverKey: createHmac('sha256', salted).update('Server Key').digest('base64'),
  };
}

/** Whether `password` is the one a credential was derived from. */
export function scramMatches(c: ScramCredential, password: string): boolean {
  const salted = pbkdf2Sync(password, Buffer.from(c.salt, 'base64'), c.iterationCount, 32, 'sha256');
  const clientKey = createHmac('sha256', salted).update('Client Key').digest();
  return createHash('sha256').update(clientKey).digest('base64') === c.storedKey;
}
