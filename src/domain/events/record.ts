import type { Tx } from '../../store/types.js';
import { newObjectId } from '../ids.js';
import { isoSeconds } from '../time.js';
import { EVENT_TYPES, type EventTypeName } from './catalogue.js';
import { COLLECTIONS } from '../collections.js';

/** Who caused a change: a credential with the address it called from, or the emulator itself. */
export type Actor =
  | { kind: 'apiKey'; apiKeyId: string; publicKey: string; remoteAddress: string }
  | { kind: 'serviceAccount'; clientId: string; remoteAddress: string }
  | { kind: 'system' };

export const SYSTEM: Actor = { kind: 'system' };

export interface EventInput {
  type: EventTypeName;
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

function actorFields(actor: Actor): Record<string, unknown> {
  switch (actor.kind) {
    case 'apiKey':
      return { apiKeyId: actor.apiKeyId, publicKey: actor.publicKey, remoteAddress: actor.remoteAddress };
    case 'serviceAccount':
      return { username: actor.clientId, remoteAddress: actor.remoteAddress };
    case 'system':
      return {};
  }
}

/**
 * Records one event inside the caller's transaction, so that the change and its
 * event land together. The stored body is what the events API serves, without
 * links (they depend on the host asked) and with raw (served on request).
 */
export async function recordEvent(tx: Tx, input: EventInput): Promise<string> {
  const type = EVENT_TYPES[input.type];
  const id = newObjectId(input.at);
  const groupId = type.scope === 'group' || input.groupId ? (input.groupId ?? null) : null;
  const org = await tx.get<{ name: string }>(COLLECTIONS.orgs, input.orgId);
  const group = groupId ? await tx.get<{ name: string }>(COLLECTIONS.projects, groupId) : undefined;
  const created = isoSeconds(input.at);
  const data: Record<string, unknown> = {
    ...actorFields(input.actor),
    ...(input.clusterName !== undefined ? { clusterName: input.clusterName } : {}),
    created,
    eventTypeName: input.type,
    ...(groupId ? { groupId } : {}),
    id,
    isGlobalAdmin: false,
    orgId: input.orgId,
    ...input.fields,
    raw: {
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
    },
  };
  await tx.appendEvent({
    id,
    created: Math.floor(input.at / 1000) * 1000,
    eventTypeName: input.type,
    groupId,
    orgId: input.orgId,
    clusterName: input.clusterName ?? null,
    data,
  });
  return id;
}
