import type { Tx } from './store/types.js';
import { newObjectId } from './ids.js';
import { isoSeconds } from './time.js';
import { ORGS, PROJECTS } from './tenancy.js';

/** Who caused a change: a credential with the address it called from, or the emulator itself. */
export type Actor =
  | { kind: 'apiKey'; apiKeyId: string; publicKey: string; remoteAddress: string }
  | { kind: 'serviceAccount'; clientId: string; remoteAddress: string }
  | { kind: 'system' };

export const SYSTEM: Actor = { kind: 'system' };

export type Severity = 'INFO' | 'WARNING' | 'ERROR' | 'CRITICAL';

/** What the feed serves of an event type besides its name; each resource declares its own in events.ts. */
export interface EventType {
  /** Atlas's event class, served as raw._t. */
  t: string;
  severity: Severity;
  description: string;
  /** Org-level events have no project. */
  scope: 'group' | 'org';
}

export const groupEvent = (t: string, description: string, severity: Severity = 'INFO'): EventType => ({
  t,
  severity,
  description,
  scope: 'group',
});

export const orgEvent = (t: string, description: string, severity: Severity = 'INFO'): EventType => ({
  t,
  severity,
  description,
  scope: 'org',
});

export interface EventInput<Name extends string = string> {
  type: Name;
  /** Emulated time of the change (a timer's due time for lifecycle steps). */
  at: number;
  actor: Actor;
  orgId: string;
  groupId?: string | null;
  clusterName?: string;
  /** Type-specific top-level fields of the served event (e.g. alertConfigId). */
  fields?: Record<string, unknown>;
  /** Type-specific keys of `raw`. */
  raw?: Record<string, unknown>;
}

/**
 * The address as Atlas writes it: IPv4 dotted, IPv6 as eight uncompressed groups
 * (the pattern of remoteAddress admits no `::`), IPv4-mapped IPv6 as IPv4.
 */
export function atlasAddress(address: string): string {
  const ip = address.replace(/%.*$/, '').toLowerCase();
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(ip);
  if (mapped) return mapped[1]!;
  if (!ip.includes(':')) return ip;
  const [head, tail] = ip.split('::') as [string, string | undefined];
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  // An embedded IPv4 tail (::a.b.c.d) is two groups.
  const last = right.length ? right : left;
  const v4 = /^(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(last[last.length - 1] ?? '');
  if (v4) {
    const [a, b, c, d] = v4.slice(1).map(Number) as [number, number, number, number];
    last.splice(last.length - 1, 1, ((a << 8) | b).toString(16), ((c << 8) | d).toString(16));
  }
  const fill = tail === undefined ? [] : Array.from({ length: Math.max(0, 8 - left.length - right.length) }, () => '0');
  return [...left, ...fill, ...right].map((g) => parseInt(g || '0', 16).toString(16)).join(':');
}

/**
 * Who did it, as the event shows it: an API key by its id and public key; a
 * service account by its client id in `username` (Atlas lists service-account
 * actions under the account's client id, never with apiKeyId or userId).
 */
function actorFields(actor: Actor): Record<string, unknown> {
  switch (actor.kind) {
    case 'apiKey':
      return { apiKeyId: actor.apiKeyId, publicKey: actor.publicKey, remoteAddress: atlasAddress(actor.remoteAddress) };
    case 'serviceAccount':
      return { remoteAddress: atlasAddress(actor.remoteAddress), username: actor.clientId };
    case 'system':
      return {};
  }
}

/** Keys in Atlas's (alphabetical) order, so that bodies are served as stored. */
function sorted(o: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(o).sort()) out[k] = o[k];
  return out;
}

/**
 * Records one event inside the caller's transaction, so that the change and its
 * event land together. The stored body is what the events API serves, without
 * links (they depend on the host asked) and with raw (served on request).
 */
async function writeEvent(tx: Tx, type: EventType, input: EventInput): Promise<string> {
  const id = newObjectId(input.at);
  const groupId = type.scope === 'group' || input.groupId ? (input.groupId ?? null) : null;
  const org = await tx.get<{ name: string }>(ORGS, input.orgId);
  const group = groupId ? await tx.get<{ name: string }>(PROJECTS, groupId) : undefined;
  const created = isoSeconds(input.at);
  const data: Record<string, unknown> = sorted({
    ...actorFields(input.actor),
    ...(input.clusterName !== undefined ? { clusterName: input.clusterName } : {}),
    created,
    eventTypeName: input.type,
    ...(groupId ? { groupId } : {}),
    id,
    isGlobalAdmin: false,
    orgId: input.orgId,
    ...input.fields,
    raw: sorted({
      _t: type.t,
      ...(groupId ? { cid: groupId } : {}),
      cre: created,
      description: type.description,
      ...(group ? { gn: group.name } : {}),
      id,
      orgId: input.orgId,
      ...(org ? { orgName: org.name } : {}),
      severity: type.severity,
      ...input.raw,
    }),
  });
  await tx.appendEvent({
    id,
    created: Math.floor(input.at / 1000) * 1000,
    eventTypeName: input.type,
    groupId,
    orgId: input.orgId,
    clusterName: input.clusterName ?? null,
    orgLevel: type.scope === 'org',
    data,
  });
  return id;
}

/** A resource's typed recorder: only the names it declares compile. */
export function eventRecorder<T extends Record<string, EventType>>(types: T) {
  return (tx: Tx, input: EventInput<keyof T & string>): Promise<string> => writeEvent(tx, types[input.type]!, input);
}
