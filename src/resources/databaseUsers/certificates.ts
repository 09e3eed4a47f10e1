import { randomInt, webcrypto } from 'node:crypto';
import type * as X509 from '@peculiar/x509';
import type { Reader, Tx } from '../../platform/store/types.js';
import { ApiError } from '../../platform/errors.js';
import type { Actor } from '../../platform/events.js';
import { isoSeconds } from '../../platform/time.js';
import { USER_CERTS, USER_SECURITY } from './collections.js';
import { recordEvent } from './events.js';
import { findUser, userErrors, type DatabaseUserDoc } from './users.js';

// Atlas-managed X.509: each project has its own certificate authority, kept in
// the store, that signs the client certificates of its MANAGED users.

// The library takes most of a second to load: it is loaded with the first certificate, not at start-up.
let loaded: Promise<typeof X509> | undefined;
function x509Library(): Promise<typeof X509> {
  loaded ??= import('@peculiar/x509').then((lib) => {
    lib.cryptoProvider.set(webcrypto as unknown as Crypto);
    return lib;
  });
  return loaded;
}

const ALGORITHM = { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256', publicExponent: new Uint8Array([1, 0, 1]), modulusLength: 2048 };
const CA_YEARS = 10;

export interface LdapSettings {
  authenticationEnabled: boolean;
  authorizationEnabled: boolean;
  authzQueryTemplate: string;
  port: number;
  hostname?: string;
  bindUsername?: string;
  /** Whether a bind password was given; the password itself is neither kept nor returned. */
  bindPasswordSet?: boolean;
  caCertificate?: string;
  userToDNMapping?: { match: string; substitution?: string; ldapQuery?: string }[];
}

/** A project's database user security: the managed-X.509 CA, the customer's CA (self-managed X.509), LDAP. */
export interface UserSecurityDoc {
  groupId: string;
  ca?: { cert: string; key: string };
  customerCas?: string;
  ldap?: LdapSettings;
}

export interface UserCertDoc {
  id: number;
  groupId: string;
  userKey: string;
  subject: string;
  createdAt: number;
  notAfter: number;
}

export const certErrors = {
  notManaged: () => new ApiError(400, 'USER_NOT_MANAGED_X509', 'The user does not have managed mode X509 enabled.'),
  tooLong: () =>
    new ApiError(400, 'CERT_EXPIRY_CANNOT_EXCEED_TWO_YEARS', 'Atlas-generated X.509 certificates have a maximum expiration of 24 months.'),
  notPositive: (name: string) => new ApiError(400, 'ATTRIBUTE_NEGATIVE_OR_ZERO', `The attribute ${name} cannot be negative or zero.`, [name]),
  customerMode: () =>
    new ApiError(400, 'CANNOT_GENERATE_CERT_IF_ADVANCED_X509', 'The user cannot create managed X.509 certs if advanced mode is on.'),
};

function pem(label: string, der: ArrayBuffer): string {
  const body = Buffer.from(der).toString('base64').replace(/.{64}/g, '$&\n').replace(/\n$/, '');
  return `-----BEGIN ${label}-----\n${body}\n-----END ${label}-----\n`;
}

const derOf = (text: string) => Buffer.from(text.replace(/-----[A-Z ]+-----/g, '').replace(/\s+/g, ''), 'base64');

const generateKeys = () => webcrypto.subtle.generateKey(ALGORITHM, true, ['sign', 'verify']) as Promise<CryptoKeyPair>;

/** UTC calendar months later, the day clamped to the month's end. */
export function addMonths(ms: number, months: number): number {
  const d = new Date(ms);
  const target = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + months, 1));
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(d.getUTCDate(), lastDay));
  target.setUTCHours(d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds(), d.getUTCMilliseconds());
  return target.getTime();
}

/** The project's CA, made on first use: keys are generated outside any transaction (RSA takes a while). */
async function newCa(groupId: string, at: number): Promise<{ cert: string; key: string }> {
  const x509 = await x509Library();
  const keys = await generateKeys();
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: '01',
    name: `CN=Atlas Emulator Database Users CA ${groupId}, O=MongoDB Atlas Emulator`,
    notBefore: new Date(Math.floor(at / 1000) * 1000),
    notAfter: new Date(addMonths(at, CA_YEARS * 12)),
    signingAlgorithm: ALGORITHM,
    keys,
    extensions: [
      new x509.BasicConstraintsExtension(true, 0, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
    ],
  });
  return { cert: cert.toString('pem'), key: pem('PRIVATE KEY', await webcrypto.subtle.exportKey('pkcs8', keys.privateKey)) };
}

export async function getUserSecurity(r: Reader, groupId: string): Promise<UserSecurityDoc> {
  return (await r.get<UserSecurityDoc>(USER_SECURITY, groupId)) ?? { groupId };
}

/** The subject of a managed user's certificate: CN=<name>, whether or not the username carries the CN=. */
export const subjectOf = (username: string) => (username.startsWith('CN=') ? username : `CN=${username}`);

export interface PreparedCert {
  ca?: { cert: string; key: string };
  keys: CryptoKeyPair;
}

/** The slow part, outside the transaction: a key pair for the user, and the CA when the project has none yet. */
export async function prepareCertificate(r: Reader, groupId: string, at: number): Promise<PreparedCert> {
  await x509Library();
  const security = await getUserSecurity(r, groupId);
  return { keys: await generateKeys(), ...(security.ca ? {} : { ca: await newCa(groupId, at) }) };
}

async function managedUser(r: Reader, groupId: string, username: string): Promise<DatabaseUserDoc> {
  const user = await findUser(r, groupId, username);
  if (!user) throw userErrors.notFound(username);
  if (user.x509Type !== 'MANAGED') throw certErrors.notManaged();
  return user;
}

export function checkMonths(months: number): void {
  if (months <= 0) throw certErrors.notPositive('monthsUntilExpiration');
  if (months > 24) throw certErrors.tooLong();
}

async function uniqueSerial(r: Reader): Promise<number> {
  for (;;) {
    // Below 2^53, so that JSON readers keep it exact; the certificate's serial number is the same value.
    const id = randomInt(1, 2 ** 21) * 2 ** 31 + randomInt(0, 2 ** 31);
    if (!(await r.get(USER_CERTS, String(id)))) return id;
  }
}

/** Issues the certificate; returns the certificate and its private key, PEM, as Atlas answers them. */
export async function issueCertificate(
  tx: Tx,
  groupId: string,
  username: string,
  months: number,
  prepared: PreparedCert,
  actor: Actor,
  at: number,
): Promise<string> {
  const user = await managedUser(tx, groupId, username);
  const security = await getUserSecurity(tx, groupId);
  if (security.customerCas) throw certErrors.customerMode();
  const ca = security.ca ?? prepared.ca!;
  if (!security.ca) await tx.put(USER_SECURITY, groupId, { ...security, ca }, { parent: null });
  const x509 = await x509Library();
  const caCert = new x509.X509Certificate(ca.cert);
  const caKey = await webcrypto.subtle.importKey('pkcs8', derOf(ca.key), ALGORITHM, false, ['sign']);
  const id = await uniqueSerial(tx);
  const notBefore = Math.floor(at / 1000) * 1000;
  const notAfter = addMonths(notBefore, months);
  const hex = id.toString(16);
  const cert = await x509.X509CertificateGenerator.create({
    serialNumber: (hex.length % 2 ? '0' : '') + hex,
    subject: subjectOf(user.username),
    issuer: caCert.subject,
    notBefore: new Date(notBefore),
    notAfter: new Date(notAfter),
    signingAlgorithm: ALGORITHM,
    publicKey: prepared.keys.publicKey,
    signingKey: caKey,
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyEncipherment, true),
      new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.clientAuth]),
      await x509.AuthorityKeyIdentifierExtension.create(caCert),
    ],
  });
  const doc: UserCertDoc = { id, groupId, userKey: user.id, subject: subjectOf(user.username), createdAt: at, notAfter };
  await tx.put(USER_CERTS, String(id), doc, { parent: user.id });
  await recordEvent(tx, {
    type: 'MONGODB_USER_X509_CERT_CREATED',
    at,
    actor,
    orgId: user.orgId,
    groupId,
    fields: { dbUserUsername: user.username },
  });
  const key = pem('PRIVATE KEY', await webcrypto.subtle.exportKey('pkcs8', prepared.keys.privateKey));
  return `${cert.toString('pem').trimEnd()}\n${key}`;
}

/** The user's certificates that have not expired, oldest first. */
export async function listCertificates(r: Reader, groupId: string, username: string, now: number): Promise<UserCertDoc[]> {
  const user = await managedUser(r, groupId, username);
  return (await r.list<UserCertDoc>(USER_CERTS, user.id)).items.filter((c) => c.notAfter > now);
}

export const certView = (c: UserCertDoc) => ({
  _id: c.id,
  createdAt: isoSeconds(c.createdAt),
  groupId: c.groupId,
  notAfter: isoSeconds(c.notAfter),
  subject: c.subject,
});
