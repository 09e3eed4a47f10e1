import { X509Certificate } from 'node:crypto';
import type { Tx } from '../../platform/store/types.js';
import { ApiError, errors } from '../../platform/errors.js';
import type { Actor } from '../../platform/events.js';
import { getProject } from '../projects/projects.js';
import { USER_SECURITY } from './collections.js';
import { getUserSecurity, type LdapSettings, type UserSecurityDoc } from './certificates.js';
import { recordEvent } from './events.js';

// The project's self-managed X.509 CA and LDAP settings. The emulator reaches no LDAP
// server: settings are checked for consistency and kept, never verified against a host.

export interface SecurityInput {
  customerX509?: { cas?: string };
  ldap?: Partial<Omit<LdapSettings, 'bindPasswordSet'>> & { bindPassword?: string };
}

const DEFAULT_LDAP: LdapSettings = {
  authenticationEnabled: false,
  authorizationEnabled: false,
  authzQueryTemplate: '{USER}?memberOf?base',
  port: 636,
};

const PEM_CERT = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;

/** Every certificate of the PEM must parse and be a CA still valid on the emulated clock. */
function checkCas(pem: string, at: number): void {
  const blocks = pem.match(PEM_CERT) ?? [];
  if (blocks.length === 0) throw errors.invalidAttribute('customerX509.cas', 'holds no PEM certificate');
  for (const block of blocks) {
    let cert: X509Certificate;
    try {
      cert = new X509Certificate(block);
    } catch {
      throw errors.invalidAttribute('customerX509.cas', 'holds a certificate that cannot be read');
    }
    if (!cert.ca) throw errors.invalidAttribute('customerX509.cas', 'holds a certificate that is not a CA');
    if (Date.parse(cert.validTo) <= at) throw new ApiError(400, 'EXPIRED_X509_CA_CERTIFICATE', 'The X.509 CA certificate has expired.');
  }
}

function mergeLdap(current: LdapSettings | undefined, input: NonNullable<SecurityInput['ldap']>): LdapSettings {
  const { bindPassword, ...rest } = input;
  const next: LdapSettings = { ...DEFAULT_LDAP, ...current, ...rest };
  if (bindPassword !== undefined) next.bindPasswordSet = true;
  if (next.authorizationEnabled && !next.authenticationEnabled) {
    throw new ApiError(400, 'ATLAS_INVALID_AUTH_SETTINGS', 'Invalid authentication settings. LDAP authorization requires LDAP authentication.', [
      'LDAP authorization requires LDAP authentication',
    ]);
  }
  if (next.authenticationEnabled) {
    if (!next.hostname) throw errors.missingAttribute('ldap.hostname');
    if (!next.bindUsername) throw errors.missingAttribute('ldap.bindUsername');
    if (!next.bindPasswordSet) throw errors.missingAttribute('ldap.bindPassword');
  }
  return next;
}

async function save(tx: Tx, doc: UserSecurityDoc, actor: Actor, at: number, what: Record<string, unknown>): Promise<void> {
  await tx.put(USER_SECURITY, doc.groupId, doc, { parent: null });
  const { orgId } = await getProject(tx, doc.groupId);
  await recordEvent(tx, { type: 'USER_SECURITY_SETTINGS_UPDATED', at, actor, orgId, groupId: doc.groupId, raw: what });
}

export async function updateUserSecurity(tx: Tx, groupId: string, input: SecurityInput, actor: Actor, at: number): Promise<UserSecurityDoc> {
  const doc = { ...(await getUserSecurity(tx, groupId)) };
  const cas = input.customerX509?.cas;
  if (cas !== undefined) {
    checkCas(cas, at);
    doc.customerCas = cas;
  }
  if (input.ldap) doc.ldap = mergeLdap(doc.ldap, input.ldap);
  await save(tx, doc, actor, at, { customerX509: doc.customerCas ? 'ENABLED' : 'DISABLED', ldap: doc.ldap?.authenticationEnabled ?? false });
  return doc;
}

/** Turns self-managed X.509 off: the customer's CA is forgotten. */
export async function disableCustomerX509(tx: Tx, groupId: string, actor: Actor, at: number): Promise<UserSecurityDoc> {
  const { customerCas: _forgotten, ...doc } = await getUserSecurity(tx, groupId);
  await save(tx, doc, actor, at, { customerX509: 'DISABLED' });
  return doc;
}

/** What the API shows: the managed CA stays private, the bind password is never shown. */
export function securityView(doc: UserSecurityDoc, link: (path: string) => string) {
  const { bindPasswordSet: _set, ...ldap } = doc.ldap ?? DEFAULT_LDAP;
  return {
    customerX509: doc.customerCas ? { cas: doc.customerCas } : {},
    ldap,
    links: [{ href: link(`/api/atlas/v2/groups/${doc.groupId}/userSecurity`), rel: 'self' }],
  };
}
