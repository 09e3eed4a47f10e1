import { createHash } from 'node:crypto';
import type { Command } from '../../platform/command.js';
import { newObjectId } from '../../platform/ids.js';
import {
  lastSlotBy,
  nextStatusChange,
  retainedAt,
  slotTime,
  statusAt,
  type SnapshotSchedule,
} from '../../platform/sim/snapshots.js';
import { SERVERLESS_SNAPSHOTS } from './collections.js';
import { putInstance, type FrequencyType, type ServerlessDoc, type SnapshotDoc } from './model.js';

// The snapshots Atlas takes of a serverless instance on a fixed schedule: every
// six hours from creation. Basic backup keeps the two newest snapshots;
// continuous backup keeps the six-hourly ones for its 72-hour restore window and
// one snapshot a day for 35 days.

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const SNAPSHOT_INTERVAL_MS = 6 * HOUR;
/** Continuous backup restores to any point in the last 72 hours, so the six-hourly snapshots stay that long. */
const CONTINUOUS_HOURLY_RETENTION_MS = 72 * HOUR;
const CONTINUOUS_DAILY_RETENTION_MS = 35 * DAY;
/** Every fourth six-hourly snapshot (one a day from creation) is the daily one. */
const SLOTS_PER_DAY = 4;

/**
 * The instance's schedule under its current backup option. Basic backup keeps the
 * two newest: a snapshot goes when the one two slots later has completed, so two
 * completed snapshots always remain.
 */
function schedule(inst: ServerlessDoc, duration: number): SnapshotSchedule<FrequencyType> {
  const basicKeep = 2 * SNAPSHOT_INTERVAL_MS + duration;
  const tiers = inst.continuousBackup
    ? [
        { frequencyType: 'hourly' as const, takes: () => true, expires: (t: number) => t + CONTINUOUS_HOURLY_RETENTION_MS, longest: CONTINUOUS_HOURLY_RETENTION_MS },
        {
          frequencyType: 'daily' as const,
          takes: (_t: number, k: number) => k % SLOTS_PER_DAY === 0,
          expires: (t: number) => t + CONTINUOUS_DAILY_RETENTION_MS,
          longest: CONTINUOUS_DAILY_RETENTION_MS,
        },
      ]
    : [{ frequencyType: 'hourly' as const, takes: () => true, expires: (t: number) => t + basicKeep, longest: basicKeep }];
  return { origin: inst.created, interval: SNAPSHOT_INTERVAL_MS, tiers };
}

/** When a stored snapshot goes under the current option: its own frequency's retention, else the schedule's. */
function expiryOf(sched: SnapshotSchedule<FrequencyType>, snap: SnapshotDoc): number {
  const tier = sched.tiers.find((t) => t.frequencyType === snap.frequencyType) ?? sched.tiers[0]!;
  return tier.expires(snap.createdAt);
}

/** The first slot the instance takes once it is up at `at` (the schedule keeps its origin at creation). */
export function firstSlotAfterReady(inst: ServerlessDoc, at: number): number {
  return Math.max(1, Math.ceil((at - inst.created) / SNAPSHOT_INTERVAL_MS));
}

/** The next scheduled snapshot, while the instance is taking them (or about to). */
export function nextBackupAt(inst: ServerlessDoc): number | undefined {
  if (inst.stateName === 'DELETING') return undefined;
  return inst.created + Math.max(inst.nextSlot, 1) * SNAPSHOT_INTERVAL_MS;
}

const EMPTY_INSTANCE_BYTES = 4 * 1024 * 1024;
const GROWTH_BYTES_PER_HOUR = 256 * 1024;

/** Snapshot size: a few MB of system data plus steady growth with age, with a little per-snapshot noise. */
function snapshotSize(inst: ServerlessDoc, slot: number, at: number): number {
  const hours = (at - inst.created) / HOUR;
  const noise = createHash('sha1').update(`${inst.id}:${slot}`).digest().readUInt16BE(0);
  return Math.round(EMPTY_INSTANCE_BYTES + GROWTH_BYTES_PER_HOUR * hours + noise);
}

/** Brings a snapshot's status (and, once completed, its size) to `now`; says whether anything changed. */
function bringTo(inst: ServerlessDoc, snap: SnapshotDoc, duration: number, now: number): boolean {
  const status = statusAt(snap.createdAt, duration, now);
  if (status === snap.status) return false;
  snap.status = status;
  if (status === 'completed') snap.storageSizeBytes = snapshotSize(inst, snap.slot, snap.createdAt + duration);
  return true;
}

/**
 * Brings the instance's snapshots to `horizon` in closed form: stored ones move
 * on or go, and of the slots taken since, only those still retained at the
 * horizon are written. A jump of years costs what remains, not what passed.
 * Returns when the snapshots next change.
 */
export async function advanceBackups(cmd: Command, inst: ServerlessDoc, horizon: number): Promise<number> {
  const { tx } = cmd;
  const duration = cmd.effects.duration('serverless.snapshot');
  const sched = schedule(inst, duration);
  const live: SnapshotDoc[] = [];
  for (const snap of (await tx.list<SnapshotDoc>(SERVERLESS_SNAPSHOTS, inst.id)).items) {
    const expiresAt = expiryOf(sched, snap);
    if (expiresAt <= horizon) {
      await tx.delete(SERVERLESS_SNAPSHOTS, snap.id);
      continue;
    }
    const moved = bringTo(inst, snap, duration, horizon);
    if (moved || expiresAt !== snap.expiresAt) {
      snap.expiresAt = expiresAt;
      await tx.put(SERVERLESS_SNAPSHOTS, snap.id, snap, { parent: inst.id });
    }
    live.push(snap);
  }
  const last = lastSlotBy(sched, horizon);
  if (last >= inst.nextSlot) {
    for (const s of retainedAt(sched, horizon, inst.nextSlot)) {
      const snap: SnapshotDoc = {
        id: newObjectId(s.createdAt),
        groupId: inst.groupId,
        instanceId: inst.id,
        instanceName: inst.name,
        slot: s.slot,
        createdAt: s.createdAt,
        status: 'queued',
        frequencyType: s.frequencyType,
        snapshotType: 'scheduled',
        mongodVersion: inst.mongoDBVersion,
        storageSizeBytes: 0,
        expiresAt: s.expiresAt,
      };
      bringTo(inst, snap, duration, horizon);
      await tx.put(SERVERLESS_SNAPSHOTS, snap.id, snap, { parent: inst.id });
      live.push(snap);
    }
    inst.nextSlot = last + 1;
    await putInstance(tx, inst);
  }
  let next = slotTime(sched, inst.nextSlot);
  for (const snap of live) next = Math.min(next, nextStatusChange(snap.createdAt, duration, horizon) ?? snap.expiresAt);
  return next;
}
