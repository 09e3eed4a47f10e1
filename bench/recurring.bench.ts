// The recurring-snapshot engine on its own: a year of hourly snapshots on 10
// clusters (Atlas's dedicated-cluster tiers: hourly kept 2 days, daily 7 days,
// weekly 4 weeks, monthly 12 months, yearly 1 year), played through the stored
// engine on the in-memory store in one pass per cluster, beside the baseline of
// the same schedule played one day at a time (365 passes per cluster).
import { MemoryStore } from '../src/platform/store/memory.js';
import {
  advanceSnapshots,
  type RecurringSnapshot,
  type SnapshotOwner,
  type SnapshotPolicy,
} from '../src/platform/sim/recurringSnapshots.js';
import { table } from './lib.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const CLUSTERS = 10;
const START = Date.UTC(2026, 0, 1);

interface Snap extends RecurringSnapshot {
  frequencyType: string;
}

/** Keep each slot as long as its longest tier says: hourly 2 days; the day's first 7 days, Saturday's 4 weeks, the month's first 12 months, the year's first a year. */
function expiry(t: number): number {
  const d = new Date(t);
  if (d.getUTCHours() !== 0) return t + 2 * DAY;
  if (d.getUTCMonth() === 0 && d.getUTCDate() === 1) return t + 366 * DAY;
  if (d.getUTCDate() === 1) return t + 365 * DAY;
  if (d.getUTCDay() === 6) return t + 28 * DAY;
  return t + 7 * DAY;
}

function policy(): SnapshotPolicy<SnapshotOwner, Snap> {
  return {
    collection: 'snapshots',
    slotTime: (_o, k) => START + k * HOUR,
    retention: () => 366 * DAY,
    expiry: (_o, s) => expiry(s.createdAt),
    create: (o, slot, at) => ({ id: `${o.id}:${slot}`, slot, createdAt: at, status: 'queued', expiresAt: 0, frequencyType: 'hourly' }),
    async completed() {},
    async saveOwner() {},
    async scheduleNext() {},
  };
}

async function play(step: number): Promise<{ ms: number; kept: number }> {
  const store = new MemoryStore();
  const owners = Array.from({ length: CLUSTERS }, (_, i) => ({ id: `cluster${i}`, nextSlot: 0 }));
  const t0 = performance.now();
  for (let at = START + step; at <= START + 365 * DAY; at += step) {
    for (const o of owners) await store.write((tx) => advanceSnapshots(tx, policy(), o, at, 60_000));
  }
  const ms = performance.now() - t0;
  const kept = await store.count('snapshots', undefined);
  await store.close();
  return { ms, kept };
}

const daily = await play(DAY);
const once = await play(365 * DAY);
table([
  ['a year of hourly snapshots, 10 clusters', 'ms', 'snapshots kept'],
  ['baseline: one pass a day (365 per cluster)', daily.ms, daily.kept],
  ['one pass (a one-year jump)', once.ms, once.kept],
]);
if (once.kept !== daily.kept) {
  console.log('MISMATCH: the jump and the daily passes keep different snapshots');
  process.exitCode = 1;
}
console.log(once.ms < 1000 ? 'within bound: under 1 s' : 'OUT OF BOUNDS: must take under 1 s');
