import { objectIdTime } from '../../platform/ids.js';
import { derivedBytes, derivedNumber } from '../../platform/derived.js';
import {
  nextSlotAfter,
  retainedAt,
  snapshotOfSlot,
  type FrequencyType,
  type SnapshotSchedule,
} from '../../platform/sim/recurringSnapshots.js';
import type { SourceClusterDoc } from './model.js';

// The source cluster's backup schedule and the snapshots it holds, in closed form
// on the shared snapshot engine (cluster backup policies are not served here, so
// the cluster follows Atlas's default policy).

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const SNAPSHOT_EVERY = 6 * HOUR;

export type PolicyFrequency = Exclude<FrequencyType, 'yearly'>;

export interface PolicyItem {
  id: string;
  frequencyInterval: number;
  frequencyType: PolicyFrequency;
  retentionUnit: 'days' | 'weeks' | 'months';
  retentionValue: number;
}

export interface Snapshot {
  id: string;
  createdAt: number;
  expiresAt: number;
  /** The highest policy item the snapshot serves. */
  frequencyType: PolicyFrequency;
  policyItemIds: string[];
  storageSizeBytes: number;
}

const hex = (...parts: string[]) => derivedBytes(parts, 'sha1').toString('hex');

/**
 * Atlas's default backup policy for a dedicated cluster: a snapshot every six
 * hours kept 7 days, a daily one kept 7 days, Saturday's kept 4 weeks and the
 * month's last day's kept 12 months. Ids are derived from the cluster so that
 * they stay the same between calls and restarts.
 */
export function backupPolicy(cluster: SourceClusterDoc): PolicyItem[] {
  const id = (t: PolicyFrequency) => hex(cluster.id, 'policy', t).slice(0, 24);
  return [
    { id: id('hourly'), frequencyInterval: 6, frequencyType: 'hourly', retentionUnit: 'days', retentionValue: 7 },
    { id: id('daily'), frequencyInterval: 1, frequencyType: 'daily', retentionUnit: 'days', retentionValue: 7 },
    { id: id('weekly'), frequencyInterval: 6, frequencyType: 'weekly', retentionUnit: 'weeks', retentionValue: 4 },
    { id: id('monthly'), frequencyInterval: 40, frequencyType: 'monthly', retentionUnit: 'months', retentionValue: 12 },
  ];
}

export function addRetention(at: number, unit: string, value: number): number {
  switch (unit.toLowerCase()) {
    case 'days':
      return at + value * DAY;
    case 'weeks':
      return at + value * 7 * DAY;
    default: {
      const d = new Date(at);
      d.setUTCMonth(d.getUTCMonth() + value);
      return d.getTime();
    }
  }
}

function clusterCreated(cluster: SourceClusterDoc): number {
  const fromDoc = cluster.createDate ? Date.parse(cluster.createDate) : NaN;
  if (!Number.isNaN(fromDoc)) return fromDoc;
  return objectIdTime(cluster.id);
}

/** The first snapshot of a UTC day (or the cluster's first) is also the daily one. */
function startsDay(t: number, k: number): boolean {
  return k === 0 || new Date(t - SNAPSHOT_EVERY).getUTCDate() !== new Date(t).getUTCDate();
}

/**
 * The policy as a snapshot schedule: every slot is an hourly snapshot; the first
 * of a UTC day is also the daily one, and that one is also the weekly one on
 * Saturdays and the monthly one on a month's last day.
 */
function schedule(cluster: SourceClusterDoc): SnapshotSchedule<PolicyFrequency> {
  const items = new Map(backupPolicy(cluster).map((p) => [p.frequencyType, p]));
  const expires = (f: PolicyFrequency) => (t: number) => {
    const item = items.get(f)!;
    return addRetention(t, item.retentionUnit, item.retentionValue);
  };
  return {
    origin: clusterCreated(cluster),
    interval: SNAPSHOT_EVERY,
    tiers: [
      { frequencyType: 'hourly', takes: () => true, expires: expires('hourly'), longest: 7 * DAY },
      { frequencyType: 'daily', takes: startsDay, expires: expires('daily'), longest: 7 * DAY },
      { frequencyType: 'weekly', takes: (t, k) => startsDay(t, k) && new Date(t).getUTCDay() === 6, expires: expires('weekly'), longest: 28 * DAY },
      {
        frequencyType: 'monthly',
        takes: (t, k) => startsDay(t, k) && new Date(t + DAY).getUTCDate() === 1,
        expires: expires('monthly'),
        longest: 367 * DAY,
      },
    ],
  };
}

/** The scheduled snapshots the cluster holds at `now`, newest first. */
export function snapshotsAt(cluster: SourceClusterDoc, now: number): Snapshot[] {
  const sched = schedule(cluster);
  if (now < sched.origin) return [];
  const policy = new Map(backupPolicy(cluster).map((p) => [p.frequencyType, p.id]));
  return retainedAt(sched, now)
    .reverse()
    .map((s) => {
      const seconds = Math.floor(s.createdAt / 1000).toString(16).padStart(8, '0');
      return {
        id: seconds + hex(cluster.id, 'snapshot', String(s.createdAt)).slice(0, 16),
        createdAt: s.createdAt,
        expiresAt: s.expiresAt,
        frequencyType: s.frequencyType,
        policyItemIds: s.tiers.map((f) => policy.get(f)!),
        storageSizeBytes: 50_000_000 + (derivedNumber([cluster.id, String(s.createdAt)], 'sha1') % 450_000_000),
      };
    });
}

/** When the cluster next takes a snapshot for this policy item, strictly after `after`. */
export function nextSnapshotOf(cluster: SourceClusterDoc, policyItemId: string, after: number): number | undefined {
  const item = backupPolicy(cluster).find((p) => p.id === policyItemId);
  if (!item) return undefined;
  const sched = schedule(cluster);
  // A monthly snapshot comes at most 31 days later: 124 six-hour slots.
  let t = after;
  for (let i = 0; i < 130; i++) {
    const k = nextSlotAfter(sched, t);
    if (k === undefined) return undefined;
    const snap = snapshotOfSlot(sched, k)!;
    if (snap.tiers.includes(item.frequencyType)) return snap.createdAt;
    t = snap.createdAt;
  }
  return undefined;
}
