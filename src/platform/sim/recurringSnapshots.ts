import type { Tx } from '../store/types.js';

// Snapshots Atlas takes on a fixed schedule (serverless instances every six
// hours, Flex clusters once a day, dedicated clusters by their backup policy).
// Each is queued at its slot, runs from half its duration, completes at its end,
// and goes at an expiry its owner decides. Everything here is closed form: what
// exists at a moment is a function of that moment, so catching up over any
// stretch of time costs what is retained at its end, never what was taken and
// expired on the way (a ten-year jump writes a handful of documents, not 14,600
// per owner).

/** Atlas's names of backup frequencies. */
export type FrequencyType = 'hourly' | 'daily' | 'weekly' | 'monthly' | 'yearly';

export type SnapshotPhase = 'queued' | 'inProgress' | 'completed';

/** A snapshot is queued when taken, in progress from half its duration, completed after it. */
export function phaseAt(createdAt: number, duration: number, now: number): SnapshotPhase {
  if (now < createdAt + Math.floor(duration / 2)) return 'queued';
  if (now < createdAt + duration) return 'inProgress';
  return 'completed';
}

/** When a snapshot's phase next changes after `now` (undefined once completed). */
export function nextPhaseChange(createdAt: number, duration: number, now: number): number | undefined {
  const half = createdAt + Math.floor(duration / 2);
  if (now < half) return half;
  if (now < createdAt + duration) return createdAt + duration;
  return undefined;
}

// ------------------------------------------------------------ schedules as data

/** One retention tier of a schedule: which slots it keeps and for how long. */
export interface SnapshotTier<F extends string = string> {
  /** Served as the snapshot's frequencyType. */
  frequencyType: F;
  /** Whether the slot taken at `t` (slot number `k`) belongs to this tier. */
  takes(t: number, k: number): boolean;
  /** When a snapshot of this tier taken at `t` is gone. */
  expires(t: number): number;
  /** At least as long as any snapshot of the tier lives (ms): bounds the slots looked at. */
  longest: number;
}

/**
 * A backup policy: slots every `interval` from `origin`; tiers shortest-kept
 * first. A slot is kept by every tier that takes it and is served with the
 * frequency of the last (longest-kept) one, as Atlas does.
 */
export interface SnapshotSchedule<F extends string = string> {
  origin: number;
  interval: number;
  tiers: readonly SnapshotTier<F>[];
}

export interface ScheduledSnapshot<F extends string = string> {
  slot: number;
  createdAt: number;
  frequencyType: F;
  /** Every tier that takes it, lowest first. */
  tiers: F[];
  expiresAt: number;
}

export function slotTime(s: SnapshotSchedule, slot: number): number {
  return s.origin + slot * s.interval;
}

/** The last slot taken by `t` (−1 before the first). */
export function lastSlotBy(s: SnapshotSchedule, t: number): number {
  return Math.floor((t - s.origin) / s.interval);
}

/** The snapshot slot `k` gives, or undefined when no tier takes it. */
export function snapshotOfSlot<F extends string>(s: SnapshotSchedule<F>, k: number): ScheduledSnapshot<F> | undefined {
  const createdAt = slotTime(s, k);
  const taking = s.tiers.filter((tier) => tier.takes(createdAt, k));
  const top = taking[taking.length - 1];
  if (!top) return undefined;
  return { slot: k, createdAt, frequencyType: top.frequencyType, tiers: taking.map((t) => t.frequencyType), expiresAt: top.expires(createdAt) };
}

/** The longest any snapshot of the schedule lives. */
export function longestRetention(s: SnapshotSchedule): number {
  return Math.max(0, ...s.tiers.map((t) => t.longest));
}

/**
 * The snapshots of slots `from`.. that exist at `now`, oldest first. Cost: the
 * slots within the longest retention, whatever the span since `from`.
 */
export function retainedAt<F extends string>(s: SnapshotSchedule<F>, now: number, from = 0): ScheduledSnapshot<F>[] {
  const last = lastSlotBy(s, now);
  const first = Math.max(from, 0, Math.ceil((now - longestRetention(s) - s.origin) / s.interval));
  const out: ScheduledSnapshot<F>[] = [];
  for (let k = first; k <= last; k++) {
    const snap = snapshotOfSlot(s, k);
    if (snap && snap.expiresAt > now) out.push(snap);
  }
  return out;
}

/** The first slot strictly after `t` that some tier takes (looks at most `limit` slots ahead). */
export function nextSlotAfter(s: SnapshotSchedule, t: number, limit = 10_000): number | undefined {
  for (let k = Math.max(0, lastSlotBy(s, t) + 1), n = 0; n < limit; k++, n++) {
    if (snapshotOfSlot(s, k)) return k;
  }
  return undefined;
}

// ------------------------------------------------------- stored snapshots of an owner

export interface RecurringSnapshot {
  id: string;
  slot: number;
  createdAt: number;
  status: SnapshotPhase | 'failed';
  expiresAt: number;
}

/** Whatever takes the snapshots: its id is their parent; `nextSlot` is the index of the next one (0 while not taking any). */
export interface SnapshotOwner {
  id: string;
  nextSlot: number;
}

export interface SnapshotPolicy<O extends SnapshotOwner, S extends RecurringSnapshot> {
  /** The collection holding the snapshots (parent = owner id). */
  collection: string;
  /** When the snapshot of a slot is taken (increasing with the slot). */
  slotTime(owner: O, slot: number): number;
  /**
   * The longest a snapshot of this owner lives (ms). Given, a pass is closed form:
   * slots older than this at the horizon are never looked at, and the owner hears
   * only of snapshots that exist after the pass. Left out, the owner hears of every
   * snapshot's start, completion and expiry since the last pass, at their own
   * moments (for families whose snapshots Atlas records events of); snapshots that
   * come and go within one pass are still never stored.
   */
  retention?(owner: O, duration: number): number;
  /** When a snapshot goes, under the owner's current settings. */
  expiry(owner: O, snap: S, duration: number): number;
  /** A new snapshot of a slot; the engine sets its status and expiry. */
  create(owner: O, slot: number, at: number): S;
  /** A snapshot that exists after the pass started running at `at` (record its event). */
  started?(tx: Tx, owner: O, snap: S, at: number): Promise<void>;
  /** Completion at `at` of a snapshot that exists after the pass: fill what completion decides (and record its event). */
  completed(tx: Tx, owner: O, snap: S, at: number): Promise<void>;
  /** A stored snapshot removed at its expiry. */
  expired?(tx: Tx, owner: O, snap: S, at: number): Promise<void>;
  /** Stores the owner after its `nextSlot` moved. */
  saveOwner(tx: Tx, owner: O): Promise<void>;
  /** Sets the owner's one timer for its next change. */
  scheduleNext(tx: Tx, owner: O, due: number): Promise<void>;
}

/** Brings a snapshot's phase to `now`, telling the owner of its start and completion once each; says whether it changed. */
async function bringTo<O extends SnapshotOwner, S extends RecurringSnapshot>(
  tx: Tx,
  policy: SnapshotPolicy<O, S>,
  owner: O,
  snap: S,
  duration: number,
  now: number,
): Promise<boolean> {
  if (snap.status === 'failed') return false;
  const phase = phaseAt(snap.createdAt, duration, now);
  if (phase === snap.status) return false;
  const wasQueued = snap.status === 'queued';
  snap.status = phase;
  if (wasQueued) await policy.started?.(tx, owner, snap, snap.createdAt + Math.floor(duration / 2));
  if (phase === 'completed') await policy.completed(tx, owner, snap, snap.createdAt + duration);
  return true;
}

/** The last slot from `from` on whose time is at or before `t` (from − 1 if none), by doubling then halving. */
function lastSlotAtOrBefore<O extends SnapshotOwner>(policy: SnapshotPolicy<O, RecurringSnapshot>, owner: O, from: number, t: number): number {
  if (policy.slotTime(owner, from) > t) return from - 1;
  let lo = from;
  let step = 1;
  while (policy.slotTime(owner, lo + step) <= t) {
    lo += step;
    step *= 2;
  }
  let hi = lo + step; // slotTime(hi) > t
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (policy.slotTime(owner, mid) <= t) lo = mid;
    else hi = mid;
  }
  return lo;
}

/**
 * Plays the owner's schedule forward to `horizon` in closed form: stored
 * snapshots move on or go; of the slots taken since the last pass, only those
 * that still exist at the horizon are created, with their phase at the horizon.
 * Then the owner's one timer waits for the next change.
 */
export async function advanceSnapshots<O extends SnapshotOwner, S extends RecurringSnapshot>(
  tx: Tx,
  policy: SnapshotPolicy<O, S>,
  owner: O,
  horizon: number,
  duration: number,
): Promise<void> {
  const live: S[] = [];
  for (const snap of (await tx.list<S>(policy.collection, owner.id)).items) {
    const expiresAt = policy.expiry(owner, snap, duration);
    if (expiresAt <= horizon) {
      await bringTo(tx, policy, owner, snap, duration, expiresAt);
      await tx.delete(policy.collection, snap.id);
      await policy.expired?.(tx, owner, snap, expiresAt);
      continue;
    }
    const moved = await bringTo(tx, policy, owner, snap, duration, horizon);
    if (moved || expiresAt !== snap.expiresAt) {
      snap.expiresAt = expiresAt;
      await tx.put(policy.collection, snap.id, snap, { parent: owner.id });
    }
    live.push(snap);
  }

  const last = lastSlotAtOrBefore(policy as SnapshotPolicy<O, RecurringSnapshot>, owner, owner.nextSlot, horizon);
  if (last >= owner.nextSlot) {
    let first = owner.nextSlot;
    const retention = policy.retention?.(owner, duration);
    if (retention !== undefined) first = Math.max(first, lastSlotAtOrBefore(policy as SnapshotPolicy<O, RecurringSnapshot>, owner, first, horizon - retention));
    for (let k = first; k <= last; k++) {
      const createdAt = policy.slotTime(owner, k);
      const snap = policy.create(owner, k, createdAt);
      snap.status = 'queued';
      snap.expiresAt = policy.expiry(owner, snap, duration);
      if (snap.expiresAt <= horizon) {
        if (retention === undefined) {
          await bringTo(tx, policy, owner, snap, duration, snap.expiresAt);
          await policy.expired?.(tx, owner, snap, snap.expiresAt);
        }
        continue;
      }
      await bringTo(tx, policy, owner, snap, duration, horizon);
      await tx.put(policy.collection, snap.id, snap, { parent: owner.id });
      live.push(snap);
    }
    owner.nextSlot = last + 1;
    await policy.saveOwner(tx, owner);
  }

  let next = policy.slotTime(owner, owner.nextSlot);
  for (const snap of live) next = Math.min(next, nextPhaseChange(snap.createdAt, duration, horizon) ?? snap.expiresAt);
  await policy.scheduleNext(tx, owner, next);
}
