import type { Tx } from '../store/types.js';

/**
 * Snapshots Atlas takes on a fixed schedule (serverless instances every six
 * hours, Flex clusters once a day): each is queued at its slot, runs from half
 * its duration, completes at its end, and goes at an expiry its owner decides.
 * The engine plays an owner's schedule forward in one transaction; the owner's
 * family says when slots fall, what a new snapshot holds, what completion and
 * expiry record, and where the snapshots live.
 */

export type SnapshotPhase = 'queued' | 'inProgress' | 'completed';

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
  /** When the snapshot of a slot is taken. */
  slotTime(owner: O, slot: number): number;
  /** When a snapshot goes, under the owner's current settings. */
  expiry(owner: O, snap: S, duration: number): number;
  /** A new snapshot of a slot; the engine sets its status and expiry. */
  create(owner: O, slot: number, at: number): S;
  /** The snapshot starts running at `at`. */
  started?(tx: Tx, owner: O, snap: S, at: number): Promise<void>;
  /** Completion at `at`: fill what completion decides and record its event. */
  completed(tx: Tx, owner: O, snap: S, at: number): Promise<void>;
  /** A completed snapshot removed at its expiry. */
  expired?(tx: Tx, owner: O, snap: S, at: number): Promise<void>;
  /** Stores the owner after its `nextSlot` moved. */
  saveOwner(tx: Tx, owner: O): Promise<void>;
  /** Sets the owner's one timer for its next change. */
  scheduleNext(tx: Tx, owner: O, due: number): Promise<void>;
}

/** The moment a snapshot next changes (status or removal). */
function nextChange(snap: RecurringSnapshot, duration: number): number {
  if (snap.status === 'queued') return snap.createdAt + Math.floor(duration / 2);
  if (snap.status === 'inProgress') return snap.createdAt + duration;
  return snap.expiresAt;
}

/**
 * Plays the owner's schedule forward to `horizon`: every slot taken, every status
 * change and every expiry at its own moment, in time order, with events stamped
 * accordingly, then schedules the next change. One pass covers any stretch of
 * time, so a jump of weeks writes only the snapshots that outlive it.
 */
export async function advanceSnapshots<O extends SnapshotOwner, S extends RecurringSnapshot>(
  tx: Tx,
  policy: SnapshotPolicy<O, S>,
  owner: O,
  horizon: number,
  duration: number,
): Promise<void> {
  const stored = (await tx.list<S>(policy.collection, owner.id)).items;
  const live = new Map(stored.map((s) => [s.id, s]));
  const existed = new Set(live.keys());
  const dirty = new Set<string>();

  for (const snap of live.values()) {
    const expiresAt = policy.expiry(owner, snap, duration);
    if (expiresAt !== snap.expiresAt) {
      snap.expiresAt = expiresAt;
      dirty.add(snap.id);
    }
  }

  const startSlot = owner.nextSlot;
  for (;;) {
    let t = policy.slotTime(owner, owner.nextSlot);
    for (const snap of live.values()) t = Math.min(t, nextChange(snap, duration));
    if (t > horizon) break;

    for (const snap of [...live.values()].sort((a, b) => a.slot - b.slot)) {
      if (snap.status === 'queued' && nextChange(snap, duration) <= t) {
        snap.status = 'inProgress';
        dirty.add(snap.id);
        await policy.started?.(tx, owner, snap, t);
      }
      if (snap.status === 'inProgress' && nextChange(snap, duration) <= t) {
        snap.status = 'completed';
        dirty.add(snap.id);
        await policy.completed(tx, owner, snap, t);
      }
    }
    for (const snap of [...live.values()]) {
      if (snap.status === 'completed' && snap.expiresAt <= t) {
        live.delete(snap.id);
        dirty.delete(snap.id);
        await policy.expired?.(tx, owner, snap, t);
      }
    }
    if (policy.slotTime(owner, owner.nextSlot) <= t) {
      const slot = owner.nextSlot++;
      const snap = policy.create(owner, slot, policy.slotTime(owner, slot));
      snap.status = 'queued';
      snap.expiresAt = policy.expiry(owner, snap, duration);
      live.set(snap.id, snap);
      dirty.add(snap.id);
    }
  }

  for (const id of existed) if (!live.has(id)) await tx.delete(policy.collection, id);
  const written = [...dirty].map((id) => live.get(id)!).sort((a, b) => a.slot - b.slot);
  for (const snap of written) await tx.put(policy.collection, snap.id, snap, { parent: owner.id });
  if (owner.nextSlot !== startSlot) await policy.saveOwner(tx, owner);

  let next = policy.slotTime(owner, owner.nextSlot);
  for (const snap of live.values()) next = Math.min(next, nextChange(snap, duration));
  await policy.scheduleNext(tx, owner, next);
}
