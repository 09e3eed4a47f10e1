// Recurring snapshots in closed form. A backup schedule takes a snapshot on a
// fixed grid of slots (every `interval` from `origin`); each retention tier
// selects some slots and keeps them for a while. What exists at any moment is a
// function of that moment alone, so catching up over any stretch of time costs
// what is retained at its end, never what was taken and expired on the way.

/** Atlas's names of backup frequencies. */
export type FrequencyType = 'hourly' | 'daily' | 'weekly' | 'monthly' | 'yearly';

/** One retention tier: which slots it keeps and for how long. */
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

export interface SnapshotSchedule<F extends string = string> {
  origin: number;
  interval: number;
  /**
   * Tiers, shortest-kept first. A slot is kept by every tier that takes it and is
   * served with the frequency of the last one (the longest kept), as Atlas does.
   */
  tiers: readonly SnapshotTier<F>[];
}

export interface ScheduledSnapshot<F extends string = string> {
  slot: number;
  createdAt: number;
  /** The frequency it is kept under, and every tier that takes it (lowest first). */
  frequencyType: F;
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

/**
 * The snapshots of slots `from`..(last slot by `now`) that still exist at `now`,
 * oldest first. Cost: the slots within the longest retention, whatever the span.
 */
export function retainedAt<F extends string>(s: SnapshotSchedule<F>, now: number, from = 0): ScheduledSnapshot<F>[] {
  const last = lastSlotBy(s, now);
  const longest = Math.max(0, ...s.tiers.map((t) => t.longest));
  const first = Math.max(from, Math.ceil((now - longest - s.origin) / s.interval));
  const out: ScheduledSnapshot<F>[] = [];
  for (let k = first; k <= last; k++) {
    const snap = snapshotOfSlot(s, k);
    if (snap && snap.expiresAt > now) out.push(snap);
  }
  return out;
}

/** The first slot strictly after `t` that some tier takes (scans at most `limit` slots). */
export function nextSlotAfter(s: SnapshotSchedule, t: number, limit = 10_000): number | undefined {
  for (let k = Math.max(0, lastSlotBy(s, t) + 1), n = 0; n < limit; k++, n++) {
    if (snapshotOfSlot(s, k)) return k;
  }
  return undefined;
}

export type SnapshotStatus = 'queued' | 'inProgress' | 'completed';

/** A snapshot is queued when taken, in progress from half its duration, completed after it. */
export function statusAt(createdAt: number, duration: number, now: number): SnapshotStatus {
  if (now < createdAt + Math.floor(duration / 2)) return 'queued';
  if (now < createdAt + duration) return 'inProgress';
  return 'completed';
}

/** When a snapshot's status next changes after `now` (undefined once completed). */
export function nextStatusChange(createdAt: number, duration: number, now: number): number | undefined {
  const half = createdAt + Math.floor(duration / 2);
  if (now < half) return half;
  if (now < createdAt + duration) return createdAt + duration;
  return undefined;
}
