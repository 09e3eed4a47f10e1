import { createHash, timingSafeEqual } from 'node:crypto';
import { BlockList, isIP, isIPv4, isIPv6 } from 'node:net';
import type { Reader } from './store/types.js';
import { errors } from './errors.js';
import type { Principal } from './roles.js';

// The credentials every request is checked against.
export const API_KEYS = 'apiKeys';
export const SERVICE_ACCOUNTS = 'serviceAccounts';
export const REVOKED_TOKENS = 'revokedTokens';

export const DIGEST_REALM = 'MMS Public API';

export interface RoleAssignment {
  orgId?: string;
  groupId?: string;
  roleName: string;
}

export interface AccessListEntry {
  cidrBlock: string;
  ipAddress?: string;
  created: string;
}

/** A programmatic API key as stored: the private key only as its Digest HA1. */
export interface ApiKeyDoc {
  id: string;
  orgId: string;
  desc: string;
  publicKey: string;
  /** MD5(publicKey:realm:privateKey): what Digest needs, and not the key itself. */
  ha1: string;
  /** Last 12 characters of the private key, for the masked form Atlas shows. */
  privateKeyTail: string;
  roles: RoleAssignment[];
  accessList: AccessListEntry[];
  createdAt: string;
}

export interface SecretDoc {
  id: string;
  createdAt: string;
  expiresAt: string;
  /** SHA-256 of the secret. */
  hash: string;
  /** Last 4 characters, for the masked form. */
  tail: string;
  lastUsedAt?: string;
}

export interface ServiceAccountDoc {
  clientId: string;
  orgId: string;
  name: string;
  description: string;
  /** Organization roles. */
  roles: string[];
  /** groupId -> project roles. */
  groupRoles: Record<string, string[]>;
  secrets: SecretDoc[];
  accessList: AccessListEntry[];
  createdAt: string;
}

export function md5(text: string): string {
  return createHash('md5').update(text).digest('hex');
}

export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

export function digestHa1(publicKey: string, privateKey: string): string {
  return md5(`${publicKey}:${DIGEST_REALM}:${privateKey}`);
}

/** Constant-time comparison of two hex or text digests. */
export function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export function maskPrivateKey(tail: string): string {
  return `********-****-****-${tail}`;
}

export function maskSecret(tail: string): string {
  return `mdb_sa_sk_...${tail}`;
}

function apiKeyPrincipal(k: ApiKeyDoc): Principal {
  const projectRoles: Record<string, string[]> = {};
  const orgRoles: string[] = [];
  for (const r of k.roles) {
    if (r.groupId) (projectRoles[r.groupId] ??= []).push(r.roleName);
    else orgRoles.push(r.roleName);
  }
  return { kind: 'apiKey', id: k.id, name: k.publicKey, orgId: k.orgId, orgRoles, projectRoles };
}

function serviceAccountPrincipal(sa: ServiceAccountDoc): Principal {
  return {
    kind: 'serviceAccount',
    id: sa.clientId,
    name: sa.clientId,
    orgId: sa.orgId,
    orgRoles: [...sa.roles],
    projectRoles: structuredClone(sa.groupRoles),
  };
}

/** True when the address may use a credential with this access list (an empty list allows all). */
export function addressAllowed(list: AccessListEntry[], address: string): boolean {
  if (list.length === 0) return true;
  const ip = address.startsWith('::ffff:') && isIPv4(address.slice(7)) ? address.slice(7) : address;
  const family = isIPv4(ip) ? 'ipv4' : isIPv6(ip) ? 'ipv6' : null;
  if (!family) return false;
  const block = new BlockList();
  for (const e of list) {
    const [net, bits] = e.cidrBlock.split('/');
    const netFamily = isIPv4(net!) ? 'ipv4' : 'ipv6';
    block.addSubnet(net!, Number(bits), netFamily);
  }
  return block.check(ip, family);
}

/** `a.b.c.d`, `a.b.c.d/n`, an IPv6 address or block, as a CIDR block; null when it is none of these. */
function toCidrBlock(value: string): string | null {
  const [addr, bits, ...rest] = value.split('/');
  if (rest.length || !addr) return null;
  const family = isIP(addr);
  if (family === 0) return null;
  const max = family === 4 ? 32 : 128;
  if (bits === undefined) return `${addr}/${max}`;
  if (!/^\d{1,3}$/.test(bits) || Number(bits) > max) return null;
  return `${addr}/${Number(bits)}`;
}

export interface AccessListInput {
  ipAddress?: string;
  cidrBlock?: string;
}

/**
 * The entries of `inputs` not yet on `list`, validated: each names exactly one
 * address or one block. Throws Atlas's 400 naming the bad field.
 */
export function newAccessListEntries(list: AccessListEntry[], inputs: AccessListInput[], created: string): AccessListEntry[] {
  const added: AccessListEntry[] = [];
  for (const e of inputs) {
    if ((e.ipAddress === undefined) === (e.cidrBlock === undefined)) {
      throw errors.invalidAttribute('ipAddress', 'give exactly one of ipAddress and cidrBlock');
    }
    const field = e.ipAddress !== undefined ? 'ipAddress' : 'cidrBlock';
    const raw = (e.ipAddress ?? e.cidrBlock)!;
    const cidrBlock = toCidrBlock(raw);
    if (!cidrBlock || (field === 'ipAddress' && raw.includes('/'))) {
      throw errors.invalidAttribute(field, `${raw} is not a valid ${field === 'ipAddress' ? 'IP address' : 'CIDR block'}`);
    }
    if ([...list, ...added].some((x) => x.cidrBlock === cidrBlock)) continue;
    added.push({ cidrBlock, ...(field === 'ipAddress' ? { ipAddress: raw } : {}), created });
  }
  return added;
}

/** The entry named by an address or a block (as the path carries it, decoded). */
export function findAccessListEntry(list: AccessListEntry[], value: string): AccessListEntry | undefined {
  const cidrBlock = toCidrBlock(value);
  return cidrBlock ? list.find((x) => x.cidrBlock === cidrBlock) : undefined;
}

export interface CachedCredential<D> {
  doc: D;
  principal: Principal;
}

/**
 * Credentials looked up on every request, kept in memory. Any change to API keys
 * or service accounts invalidates it (every command refreshes it on commit), so a role change applies
 * to the next request.
 */
export class CredentialCache {
  private keys = new Map<string, CachedCredential<ApiKeyDoc> | null>();
  private accounts = new Map<string, CachedCredential<ServiceAccountDoc> | null>();

  constructor(private readonly reader: Reader) {}

  invalidate(): void {
    this.keys.clear();
    this.accounts.clear();
  }

  async apiKey(publicKey: string): Promise<CachedCredential<ApiKeyDoc> | null> {
    let hit = this.keys.get(publicKey);
    if (hit === undefined) {
      const doc = await this.reader.getByName<ApiKeyDoc>(API_KEYS, null, publicKey);
      hit = doc ? { doc, principal: apiKeyPrincipal(doc) } : null;
      if (this.keys.size > 10_000) this.keys.clear();
      this.keys.set(publicKey, hit);
    }
    return hit;
  }

  async serviceAccount(clientId: string): Promise<CachedCredential<ServiceAccountDoc> | null> {
    let hit = this.accounts.get(clientId);
    if (hit === undefined) {
      const doc = await this.reader.get<ServiceAccountDoc>(SERVICE_ACCOUNTS, clientId);
      hit = doc ? { doc, principal: serviceAccountPrincipal(doc) } : null;
      if (this.accounts.size > 10_000) this.accounts.clear();
      this.accounts.set(clientId, hit);
    }
    return hit;
  }
}
