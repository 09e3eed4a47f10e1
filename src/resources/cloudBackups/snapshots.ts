import type { Command } from '../../platform/command.js';
import { errors } from '../../platform/errors.js';
import { derivedBytes, derivedNumber } from '../../platform/derived.js';
import { newObjectId } from '../../platform/ids.js';
import { lastSlotBy, retainedAt, type FrequencyType } from '../../platform/sim/recurringSnapshots.js';
import type { Reader } from '../../platform/store/types.js';
import type { ClusterDoc } from '../clusters/model.js';
import { CLOUD_BACKUP_SNAPSHOTS } from './collections.js';
import { recordEvent } from './events.js';
import { checkRetention, checkSnapshotDelete } from './complianceRules.js';
import { addRetention, scheduleOf, type ScheduleDoc } from './policy.js';

// A cluster's snapshots: those of its current schedule are a function of the
// clock (computed in closed form when read, never stored), the rest are stored:
// on-demand ones, those earlier schedules took, and deletions or retention
// changes of scheduled ones. A jump of any length writes nothing.

const DAY = 24 * 3_600_000;

/** CLOUD_BACKUP_SNAPSHOTS: parent = cluster id. */
export interface SnapshotDoc {
  id: string;
  clusterId: string;
  createdAt: number;
  expiresAt: number;
  /** Absent for on-demand snapshots. */
  frequencyType?: FrequencyType;
  policyItems: string[];
  snapshotType: 'scheduled' | 'onDemand';
  description?: string;
  storageSizeBytes: number;
  /** A scheduled snapshot deleted before its expiry. */
  deleted?: boolean;
}

const hex = (...parts: string[]) => derivedBytes(parts, 'sha1').toString('hex');

/** Scheduled snapshot ids are derived from the cluster and the moment, so they are the same on every read. */
function scheduledId(clusterId: string, createdAt: number): string {
  return Math.floor(createdAt / 1000).toString(16).padStart(8, '0') + hex(clusterId, 'snapshot', String(createdAt)).slice(0, 16);
}

function sizeOf(clusterId: string, createdAt: number): number {
  return 50_000_000 + (derivedNumber([clusterId, String(createdAt)], 'sha1') % 450_000_000);
}

/** The snapshots the schedule has taken by `now` and still keeps, oldest first. */
export function scheduledAt(sched: ScheduleDoc, now: number): SnapshotDoc[] {
  if (sched.items.length === 0 || now <= sched.since) return [];
  const s = scheduleOf(sched);
  const ids = new Map(sched.items.map((i) => [i.frequencyType, i.id]));
  return retainedAt(s, now, lastSlotBy(s, sched.since) + 1).map((snap) => ({
    id: scheduledId(sched.id, snap.createdAt),
    clusterId: sched.id,
    createdAt: snap.createdAt,
    expiresAt: snap.expiresAt,
    frequencyType: snap.frequencyType,
    policyItems: snap.tiers.map((f) => ids.get(f)!),
    snapshotType: 'scheduled',
    storageSizeBytes: sizeOf(sched.id, snap.createdAt),
  }));
}

/** Every snapshot the cluster holds at `now`, newest first. */
export async function listSnapshots(r: Reader, sched: ScheduleDoc | undefined, clusterId: string, now: number): Promise<SnapshotDoc[]> {
  const stored = new Map((await r.list<SnapshotDoc>(CLOUD_BACKUP_SNAPSHOTS, clusterId)).items.map((s) => [s.id, s]));
  const all = new Map<string, SnapshotDoc>();
  for (const s of sched ? scheduledAt(sched, now) : []) all.set(s.id, stored.get(s.id) ?? s);
  for (const s of stored.values()) if (s.createdAt <= now) all.set(s.id, s);
  return [...all.values()].filter((s) => !s.deleted && s.expiresAt > now).sort((a, b) => b.createdAt - a.createdAt);
}

export async function getSnapshot(r: Reader, sched: ScheduleDoc | undefined, cluster: ClusterDoc, id: string, now: number): Promise<SnapshotDoc> {
  const stored = await r.get<SnapshotDoc>(CLOUD_BACKUP_SNAPSHOTS, id);
  if (stored && stored.clusterId === cluster.id && !stored.deleted && stored.expiresAt > now) return stored;
  if (!stored) {
    const found = (sched ? scheduledAt(sched, now) : []).find((s) => s.id === id);
    if (found) return found;
  }
  throw errors.snapshotNotFound(id, 'cluster', cluster.name);
}

/**
 * Stores what the outgoing schedule took and still keeps, so that a new policy
 * leaves them in place; with `reexpire`, the expiry of every scheduled snapshot
 * the cluster keeps follows the new policy's item of the same frequency.
 */
export async function freeze(cmd: Command, old: ScheduleDoc, next: ScheduleDoc | undefined, reexpire: boolean): Promise<void> {
  const stored = new Map((await cmd.tx.list<SnapshotDoc>(CLOUD_BACKUP_SNAPSHOTS, old.id)).items.map((s) => [s.id, s]));
  const kept = [...stored.values()].filter((s) => s.snapshotType === 'scheduled' && !s.deleted && s.expiresAt > cmd.now);
  for (const s of scheduledAt(old, cmd.now)) if (!stored.has(s.id)) kept.push(s);
  for (const s of kept) {
    const item = reexpire ? next?.items.find((i) => i.frequencyType === s.frequencyType) : undefined;
    if (!item && stored.has(s.id)) continue;
    if (item) s.expiresAt = addRetention(s.createdAt, item.retentionUnit, item.retentionValue);
    if (s.expiresAt > cmd.now) await cmd.tx.put(CLOUD_BACKUP_SNAPSHOTS, s.id, s, { parent: s.clusterId });
    else await cmd.tx.delete(CLOUD_BACKUP_SNAPSHOTS, s.id);
  }
}

const base = (cmd: Command, cluster: ClusterDoc, orgId: string) => ({ at: cmd.now, actor: cmd.actor, orgId, groupId: cluster.groupId, clusterName: cluster.name });

export async function takeSnapshot(cmd: Command, cluster: ClusterDoc, orgId: string, input: { description?: string; retentionInDays?: number }): Promise<SnapshotDoc> {
  const snap: SnapshotDoc = {
    id: newObjectId(cmd.now),
    clusterId: cluster.id,
    createdAt: cmd.now,
    // Atlas keeps an on-demand snapshot one day unless told otherwise.
    expiresAt: cmd.now + (input.retentionInDays ?? 1) * DAY,
    policyItems: [],
    snapshotType: 'onDemand',
    ...(input.description !== undefined ? { description: input.description } : {}),
    storageSizeBytes: sizeOf(cluster.id, cmd.now),
  };
  await cmd.tx.put(CLOUD_BACKUP_SNAPSHOTS, snap.id, snap, { parent: cluster.id });
  await recordEvent(cmd.tx, { ...base(cmd, cluster, orgId), type: 'CPS_ON_DEMAND_SNAPSHOT_REQUESTED', raw: { snapshotId: snap.id } });
  return snap;
}

export async function deleteSnapshot(cmd: Command, cluster: ClusterDoc, orgId: string, snap: SnapshotDoc): Promise<void> {
  await checkSnapshotDelete(cmd.tx, cluster.groupId, snap.id);
  if (snap.snapshotType === 'onDemand') await cmd.tx.delete(CLOUD_BACKUP_SNAPSHOTS, snap.id);
  // A scheduled one stays marked until its expiry, so the schedule does not bring it back.
  else await cmd.tx.put(CLOUD_BACKUP_SNAPSHOTS, snap.id, { ...snap, deleted: true }, { parent: cluster.id });
  await recordEvent(cmd.tx, { ...base(cmd, cluster, orgId), type: 'CPS_SNAPSHOT_DELETED_AUDIT', raw: { snapshotId: snap.id } });
}

/** A new retention counts from the snapshot's creation; one that has already run out is refused. */
export async function changeRetention(
  cmd: Command,
  cluster: ClusterDoc,
  orgId: string,
  snap: SnapshotDoc,
  input: { retentionUnit: string; retentionValue: number },
): Promise<SnapshotDoc> {
  if (!Number.isInteger(input.retentionValue) || input.retentionValue < 1) throw errors.invalidAttribute('retentionValue', 'must be at least 1');
  const expiresAt = addRetention(snap.createdAt, input.retentionUnit, input.retentionValue);
  if (expiresAt <= cmd.now) throw errors.invalidAttribute('retentionValue', 'the snapshot would already have expired');
  await checkRetention(cmd.tx, cluster.groupId, snap.id, snap.expiresAt, expiresAt);
  const next = { ...snap, expiresAt };
  await cmd.tx.put(CLOUD_BACKUP_SNAPSHOTS, next.id, next, { parent: cluster.id });
  await recordEvent(cmd.tx, { ...base(cmd, cluster, orgId), type: 'CPS_SNAPSHOT_RETENTION_MODIFIED_AUDIT', raw: { snapshotId: snap.id } });
  return next;
}
