import type { Command } from '../../platform/command.js';
import { derivedBytes } from '../../platform/derived.js';
import { newObjectId } from '../../platform/ids.js';
import { advanceSnapshots, type SnapshotPolicy } from '../../platform/sim/recurringSnapshots.js';
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

/** When a snapshot goes under the instance's current backup option. */
function expiryFor(inst: ServerlessDoc, snap: Pick<SnapshotDoc, 'createdAt' | 'frequencyType'>, duration: number): number {
  // Basic backup keeps the two newest: a snapshot goes when the one two slots
  // later has completed, so two completed snapshots always remain.
  if (!inst.continuousBackup) return snap.createdAt + 2 * SNAPSHOT_INTERVAL_MS + duration;
  return snap.createdAt + (snap.frequencyType === 'daily' ? CONTINUOUS_DAILY_RETENTION_MS : CONTINUOUS_HOURLY_RETENTION_MS);
}

function frequencyFor(inst: ServerlessDoc, slot: number): FrequencyType {
  return inst.continuousBackup && slot % SLOTS_PER_DAY === 0 ? 'daily' : 'hourly';
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
  const noise = derivedBytes(`${inst.id}:${slot}`, 'sha1').readUInt16BE(0);
  return Math.round(EMPTY_INSTANCE_BYTES + GROWTH_BYTES_PER_HOUR * hours + noise);
}

/** The instance's schedule, played by the one recurring-snapshot engine. */
function snapshotPolicy(next: { due: number }): SnapshotPolicy<ServerlessDoc, SnapshotDoc> {
  return {
    collection: SERVERLESS_SNAPSHOTS,
    slotTime: (inst, slot) => inst.created + slot * SNAPSHOT_INTERVAL_MS,
    retention: (inst, duration) =>
      inst.continuousBackup ? CONTINUOUS_DAILY_RETENTION_MS : 2 * SNAPSHOT_INTERVAL_MS + duration,
    expiry: expiryFor,
    create: (inst, slot, createdAt) => ({
      id: newObjectId(createdAt),
      groupId: inst.groupId,
      instanceId: inst.id,
      instanceName: inst.name,
      slot,
      createdAt,
      status: 'queued',
      frequencyType: frequencyFor(inst, slot),
      snapshotType: 'scheduled',
      mongodVersion: inst.mongoDBVersion,
      storageSizeBytes: 0,
      expiresAt: 0,
    }),
    // Atlas records no event for a scheduled snapshot; completion fixes its size.
    async completed(_tx, inst, snap, at) {
      snap.storageSizeBytes = snapshotSize(inst, snap.slot, at);
    },
    saveOwner: putInstance,
    async scheduleNext(_tx, _inst, due) {
      next.due = due;
    },
  };
}

/**
 * Brings the instance's snapshots to `horizon`; a jump of years costs what
 * remains, not what passed. Returns when the snapshots next change.
 */
export async function advanceBackups(cmd: Command, inst: ServerlessDoc, horizon: number): Promise<number> {
  const next = { due: horizon };
  await advanceSnapshots(cmd.tx, snapshotPolicy(next), inst, horizon, cmd.effects.duration('serverless.snapshot'));
  return next.due;
}
