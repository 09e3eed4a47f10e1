import { errors } from '../../platform/errors.js';
import { derivedBytes, derivedNumber } from '../../platform/derived.js';
import type { FrequencyType, SnapshotSchedule, SnapshotTier } from '../../platform/sim/recurringSnapshots.js';
import type { ClusterDoc } from '../clusters/model.js';

// A dedicated cluster's backup policy as data, and the snapshot schedule it
// describes for the one recurring-snapshot engine.

/** The lifecycle setting of how long a snapshot takes (queued, then in progress from half of it). */
export const SNAPSHOT_STEP = 'cloudBackup.snapshot';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

export type RetentionUnit = 'days' | 'weeks' | 'months' | 'years';

export interface PolicyItem {
  id: string;
  frequencyType: FrequencyType;
  frequencyInterval: number;
  retentionUnit: RetentionUnit;
  retentionValue: number;
}

/** CLOUD_BACKUP_SCHEDULES: id = cluster id, parent = groupId. */
export interface ScheduleDoc {
  id: string;
  groupId: string;
  clusterName: string;
  policyId: string;
  items: PolicyItem[];
  referenceHourOfDay: number;
  referenceMinuteOfHour: number;
  restoreWindowDays: number;
  useOrgAndGroupNamesInExportPrefix: boolean;
  autoExportEnabled: boolean;
  /** When this policy took effect: its first snapshot is the first slot after it. */
  since: number;
}

/** Most frequent first: the order retention must not shrink in. */
export const FREQUENCIES: readonly FrequencyType[] = ['hourly', 'daily', 'weekly', 'monthly', 'yearly'];

const INTERVALS: Record<FrequencyType, readonly number[]> = {
  hourly: [1, 2, 4, 6, 8, 12],
  daily: [1],
  weekly: [1, 2, 3, 4, 5, 6, 7],
  monthly: [...Array.from({ length: 28 }, (_, i) => i + 1), 40],
  yearly: Array.from({ length: 12 }, (_, i) => i + 1),
};

const hex = (...parts: string[]) => derivedBytes(parts, 'sha1').toString('hex');

export const itemId = (clusterId: string, f: string, salt = '') => hex(clusterId, 'policyItem', f, salt).slice(0, 24);

/**
 * Atlas's default policy when backup is turned on: every six hours kept 7 days,
 * daily kept 7 days, Saturday's kept 4 weeks, the month's last day's kept 12
 * months; the reference time is fixed per cluster.
 */
export function defaultSchedule(cluster: Pick<ClusterDoc, 'id' | 'groupId' | 'name' | 'createDate'>): ScheduleDoc {
  const item = (frequencyType: FrequencyType, frequencyInterval: number, retentionUnit: RetentionUnit, retentionValue: number): PolicyItem => ({
    id: itemId(cluster.id, frequencyType),
    frequencyType,
    frequencyInterval,
    retentionUnit,
    retentionValue,
  });
  const created = Date.parse(cluster.createDate);
  return {
    id: cluster.id,
    groupId: cluster.groupId,
    clusterName: cluster.name,
    policyId: hex(cluster.id, 'policy').slice(0, 24),
    items: [item('hourly', 6, 'days', 7), item('daily', 1, 'days', 7), item('weekly', 6, 'weeks', 4), item('monthly', 40, 'months', 12)],
    referenceHourOfDay: derivedNumber([cluster.id, 'hour'], 'sha1') % 24,
    referenceMinuteOfHour: derivedNumber([cluster.id, 'minute'], 'sha1') % 60,
    restoreWindowDays: 7,
    useOrgAndGroupNamesInExportPrefix: false,
    autoExportEnabled: false,
    since: Number.isNaN(created) ? 0 : created,
  };
}

/** The moment `value` `unit`s after `at` (calendar months and years). */
export function addRetention(at: number, unit: string, value: number): number {
  switch (unit.toLowerCase()) {
    case 'days':
      return at + value * DAY;
    case 'weeks':
      return at + value * 7 * DAY;
    default: {
      const d = new Date(at);
      if (unit.toLowerCase() === 'years') d.setUTCFullYear(d.getUTCFullYear() + value);
      else d.setUTCMonth(d.getUTCMonth() + value);
      return d.getTime();
    }
  }
}

/** The longest a retention can last, for comparing items and bounding the slots looked at. */
export function retentionSpan(unit: string, value: number): number {
  const per = { days: DAY, weeks: 7 * DAY, months: 31 * DAY, years: 366 * DAY }[unit.toLowerCase() as RetentionUnit] ?? DAY;
  return per * value;
}

/** A retention in nominal days (months of 30, years of 365), for comparing items as Atlas words them. */
export function nominalDays(unit: string, value: number): number {
  return ({ days: 1, weeks: 7, months: 30, years: 365 }[unit as RetentionUnit] ?? 1) * value;
}

/** Atlas's rules for a policy's items: one per frequency, allowed intervals, retention not shrinking with frequency. */
export function validateItems(items: Omit<PolicyItem, 'id'>[]): void {
  const seen = new Set<string>();
  for (const it of items) {
    const f = it.frequencyType as string;
    if (f === 'ondemand' || !FREQUENCIES.includes(it.frequencyType)) throw errors.invalidAttribute('policies.policyItems.frequencyType', `${f} cannot be scheduled`);
    if (seen.has(f)) throw errors.invalidAttribute('policies.policyItems.frequencyType', `more than one ${f} policy item`);
    seen.add(f);
    if (!INTERVALS[it.frequencyType].includes(it.frequencyInterval))
      throw errors.invalidAttribute('policies.policyItems.frequencyInterval', `${it.frequencyInterval} is not a ${f} interval`);
    if (!Number.isInteger(it.retentionValue) || it.retentionValue < 1)
      throw errors.invalidAttribute('policies.policyItems.retentionValue', 'must be at least 1');
    if (f === 'hourly' && it.retentionUnit !== 'days') throw errors.invalidAttribute('policies.policyItems.retentionUnit', 'hourly snapshots are kept for days');
  }
  const ordered = [...items].sort((a, b) => FREQUENCIES.indexOf(a.frequencyType) - FREQUENCIES.indexOf(b.frequencyType));
  for (let i = 1; i < ordered.length; i++) {
    const prev = ordered[i - 1]!;
    const cur = ordered[i]!;
    if (nominalDays(cur.retentionUnit, cur.retentionValue) < nominalDays(prev.retentionUnit, prev.retentionValue))
      throw errors.invalidAttribute(
        'policies.policyItems.retentionValue',
        `the ${cur.frequencyType} retention must not be shorter than the ${prev.frequencyType} retention`,
      );
  }
}

const isoWeekday = (t: number) => new Date(t).getUTCDay() || 7;

function takes(item: PolicyItem, origin: number): (t: number) => boolean {
  const atReference = (t: number) => (t - origin) % DAY === 0;
  switch (item.frequencyType) {
    case 'hourly':
      return () => true;
    case 'daily':
      return atReference;
    case 'weekly':
      return (t) => atReference(t) && isoWeekday(t) === item.frequencyInterval;
    case 'monthly':
      return (t) =>
        atReference(t) && (item.frequencyInterval === 40 ? new Date(t + DAY).getUTCDate() === 1 : new Date(t).getUTCDate() === item.frequencyInterval);
    case 'yearly':
      return (t) => atReference(t) && new Date(t).getUTCDate() === 1 && new Date(t).getUTCMonth() + 1 === item.frequencyInterval;
  }
}

/**
 * The policy as a slot grid with retention tiers: slots every hourly interval
 * (or every day) from the reference time; the daily, weekly, monthly and yearly
 * items keep the slot at the reference time of their day.
 */
export function scheduleOf(doc: ScheduleDoc): SnapshotSchedule<FrequencyType> {
  const hourly = doc.items.find((i) => i.frequencyType === 'hourly');
  const day = new Date(doc.since);
  // The reference time on the day before the policy took effect, so that slot 0 is never after `since`.
  const origin = Date.UTC(day.getUTCFullYear(), day.getUTCMonth(), day.getUTCDate() - 1, doc.referenceHourOfDay, doc.referenceMinuteOfHour);
  const tiers: SnapshotTier<FrequencyType>[] = FREQUENCIES.flatMap((f) => {
    const item = doc.items.find((i) => i.frequencyType === f);
    if (!item) return [];
    return [{ frequencyType: f, takes: takes(item, origin), expires: (t: number) => addRetention(t, item.retentionUnit, item.retentionValue), longest: retentionSpan(item.retentionUnit, item.retentionValue) }];
  });
  return { origin, interval: hourly ? hourly.frequencyInterval * HOUR : DAY, tiers };
}
