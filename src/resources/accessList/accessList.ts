import type { Effects } from '../../platform/command.js';
import type { Reader, Timer, Tx } from '../../platform/store/types.js';
import { ApiError } from '../../platform/errors.js';
import { SYSTEM, type Actor } from '../../platform/events.js';
import { on } from '../../platform/hooks.js';
import { parseIsoDate } from '../../platform/time.js';
import { projectDeleted } from '../projects/hooks.js';
import { getProject } from '../projects/projects.js';
import { limitValue } from '../projectSettings/limits.js';
import { isReserved, parseAddress, parseBlock, SECURITY_GROUP } from './addresses.js';
import { ACCESS_LIST } from './collections.js';
import { recordEvent } from './events.js';

// The project's IP access list: addresses, CIDR blocks and AWS security groups
// that may reach the project's clusters.

export interface AccessEntryDoc {
  groupId: string;
  orgId: string;
  /** The block ("10.0.0.0/16", "192.0.2.1/32") or the security group id; unique per project. */
  value: string;
  kind: 'block' | 'securityGroup';
  /** Set when the block is one address. */
  ipAddress?: string;
  comment?: string;
  deleteAfter?: number;
  /** Emulated time from which the entry is ACTIVE on the project's clusters. */
  activeAt: number;
}

export interface EntryInput {
  awsSecurityGroup?: string;
  cidrBlock?: string;
  ipAddress?: string;
  comment?: string;
  deleteAfterDate?: string;
}

const MAX_COMMENT = 80;
export const EXPIRE_TIMER = 'accessList.expire';
export const ACTIVATION_STEP = 'accessList.activate';

const bad = (code: string, detail: string, parameters: unknown[] = []) => new ApiError(400, code, detail, parameters);

export const accessListErrors = {
  notFound: (entry: string, groupId: string) =>
    new ApiError(404, 'ATLAS_NETWORK_PERMISSION_ENTRY_NOT_FOUND', `IP Address ${entry} not on Atlas whitelist for group ${groupId}.`, [
      entry,
      groupId,
    ]),
  invalidAddress: (text: string) =>
    bad('INVALID_IP_ADDRESS_OR_CIDR_NOTATION', `The address ${text} must be in valid IP address or CIDR notation.`, [text]),
  invalidBlock: (text: string) => bad('INVALID_CIDR_BLOCK', `The cidr block ${text} must be in valid CIDR notation.`, [text]),
};

interface Normalized {
  value: string;
  kind: AccessEntryDoc['kind'];
  ipAddress?: string;
}

function normalize(e: EntryInput): Normalized {
  const given = (['awsSecurityGroup', 'cidrBlock', 'ipAddress'] as const).filter((k) => e[k] !== undefined);
  if (given.length === 0) {
    throw bad(
      'MISSING_ONE_OF_THREE_ATTRIBUTES',
      'Either the awsSecurityGroup attribute, the cidrBlock attribute, or the ipAddress attribute must be specified.',
      ['awsSecurityGroup', 'cidrBlock', 'ipAddress'],
    );
  }
  if (given.length > 1) {
    throw bad('MULTIPLE_VALUES_SPECIFIED_FOR_ONE_NETWORK_PERMISSION_ENTRY', 'Should not specify both the IP address and the CIDR block.');
  }
  if (e.awsSecurityGroup !== undefined) {
    if (!SECURITY_GROUP.test(e.awsSecurityGroup)) throw accessListErrors.invalidAddress(e.awsSecurityGroup);
    return { value: e.awsSecurityGroup, kind: 'securityGroup' };
  }
  if (e.ipAddress !== undefined) {
    const parsed = parseAddress(e.ipAddress);
    if (!parsed) throw accessListErrors.invalidAddress(e.ipAddress);
    const block = parseBlock(`${parsed.address}/${parsed.v6 ? 128 : 32}`)!;
    if (isReserved(block)) throw accessListErrors.invalidAddress(e.ipAddress);
    return { value: block.cidr, kind: 'block', ipAddress: parsed.address };
  }
  const block = parseBlock(e.cidrBlock!);
  if (!block || !block.canonical) throw accessListErrors.invalidBlock(e.cidrBlock!);
  if (isReserved(block)) throw accessListErrors.invalidAddress(e.cidrBlock!);
  const single = block.prefix === (block.v6 ? 128 : 32);
  return { value: block.cidr, kind: 'block', ...(single ? { ipAddress: block.address } : {}) };
}

/** The stored value an entry is known by in a path: an address, a block (decoded) or a security group. */
export function entryKey(text: string): string | undefined {
  if (SECURITY_GROUP.test(text)) return text;
  const address = parseAddress(text);
  if (address) return `${address.address}/${address.v6 ? 128 : 32}`;
  return parseBlock(text)?.cidr;
}

const docId = (groupId: string, value: string) => `${groupId}:${value}`;

export async function listEntries(r: Reader, groupId: string): Promise<AccessEntryDoc[]> {
  return (await r.list<AccessEntryDoc>(ACCESS_LIST, groupId)).items;
}

export async function getEntry(r: Reader, groupId: string, entryValue: string): Promise<AccessEntryDoc> {
  const key = entryKey(entryValue);
  const entry = key === undefined ? undefined : await r.getByName<AccessEntryDoc>(ACCESS_LIST, groupId, key);
  if (!entry) throw accessListErrors.notFound(entryValue, groupId);
  return entry;
}

export const entryStatus = (e: AccessEntryDoc, now: number): 'PENDING' | 'ACTIVE' => (now >= e.activeAt ? 'ACTIVE' : 'PENDING');

function expiry(text: string, kind: AccessEntryDoc['kind'], at: number): number {
  if (kind === 'securityGroup') {
    throw bad('NETWORK_PERMISSION_EXPIRATION_NOT_SUPPORTED', 'Expiration dates are only supported for IP addresses.');
  }
  const ms = parseIsoDate(text);
  if (ms === undefined) throw bad('INVALID_DATE_FORMAT', `An invalid date value ${text} was specified.`, [text]);
  if (ms <= at) throw bad('EXPIRATION_DATE_IN_PAST', 'The specified expiration date must be in the future.');
  return ms;
}

async function save(tx: Tx, effects: Effects, e: AccessEntryDoc): Promise<void> {
  const id = docId(e.groupId, e.value);
  await tx.put(ACCESS_LIST, id, e, { parent: e.groupId, name: e.value });
  await tx.cancelTimers(id, EXPIRE_TIMER);
  if (e.deleteAfter !== undefined) {
    await effects.schedule({ id: `${EXPIRE_TIMER}:${id}`, kind: EXPIRE_TIMER, ref: id, due: e.deleteAfter });
  }
}

/** Adds the entries; an entry already on the list keeps its place and takes the new comment and expiry. */
export async function addEntries(tx: Tx, effects: Effects, groupId: string, input: EntryInput[], actor: Actor, at: number): Promise<void> {
  const project = await getProject(tx, groupId);
  const planned = input.map((e) => {
    if (e.comment !== undefined && e.comment.length > MAX_COMMENT) {
      throw bad('INVALID_NETWORK_PERMISSION_COMMENT', `The comment ${e.comment} must be 80 characters or less.`, [e.comment]);
    }
    const n = normalize(e);
    return { ...n, input: e, deleteAfter: e.deleteAfterDate === undefined ? undefined : expiry(e.deleteAfterDate, n.kind, at) };
  });
  if (new Set(planned.map((p) => p.value)).size !== planned.length) {
    throw bad('DUPLICATE_ADDRESSES_IN_INPUT', 'Two or more of the IP addresses being added to the whitelist are the same.');
  }
  const existing = new Map((await listEntries(tx, groupId)).map((e) => [e.value, e]));
  const added = planned.filter((p) => !existing.has(p.value)).length;
  const limit = await limitValue(tx, groupId, 'atlas.project.security.networkAccess.entries');
  if (existing.size + added > limit) {
    throw new ApiError(403, 'ATLAS_NETWORK_PERMISSIONS_LIMIT_EXCEEDED', `Too many network permission entries. Only ${limit} entries are supported.`, [
      limit,
    ]);
  }
  for (const p of planned) {
    const before = existing.get(p.value);
    const entry: AccessEntryDoc = {
      groupId,
      orgId: project.orgId,
      value: p.value,
      kind: p.kind,
      ...(p.ipAddress !== undefined ? { ipAddress: p.ipAddress } : {}),
      ...(p.input.comment !== undefined ? { comment: p.input.comment } : before?.comment !== undefined ? { comment: before.comment } : {}),
      ...(p.deleteAfter !== undefined ? { deleteAfter: p.deleteAfter } : {}),
      activeAt: before?.activeAt ?? at + effects.duration(ACTIVATION_STEP),
    };
    await save(tx, effects, entry);
    await recordEvent(tx, {
      type: before ? 'NETWORK_PERMISSION_ENTRY_UPDATED' : 'NETWORK_PERMISSION_ENTRY_ADDED',
      at,
      actor,
      orgId: project.orgId,
      groupId,
      fields: { whitelistEntry: entry.value },
    });
  }
}

async function remove(tx: Tx, e: AccessEntryDoc, actor: Actor, at: number): Promise<void> {
  const id = docId(e.groupId, e.value);
  await tx.delete(ACCESS_LIST, id);
  await tx.cancelTimers(id);
  await recordEvent(tx, {
    type: 'NETWORK_PERMISSION_ENTRY_REMOVED',
    at,
    actor,
    orgId: e.orgId,
    groupId: e.groupId,
    fields: { whitelistEntry: e.value },
  });
}

export async function deleteEntry(tx: Tx, groupId: string, entryValue: string, actor: Actor, at: number): Promise<void> {
  await remove(tx, await getEntry(tx, groupId, entryValue), actor, at);
}

/** A temporary entry goes when the clock passes its deleteAfterDate. */
export async function expireEntry(tx: Tx, timer: Timer): Promise<void> {
  const entry = await tx.get<AccessEntryDoc>(ACCESS_LIST, timer.ref);
  if (entry && entry.deleteAfter === timer.due) await remove(tx, entry, SYSTEM, timer.due);
}

export const dropProjectAccessList = on(projectDeleted, async (tx, project) => {
  for (const e of await listEntries(tx, project.id)) await tx.cancelTimers(docId(e.groupId, e.value));
  await tx.deleteChildren(ACCESS_LIST, project.id);
});
