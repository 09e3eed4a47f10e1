import type { Command } from '../../platform/command.js';
import { ApiError, errors } from '../../platform/errors.js';
import type { FrequencyType } from '../../platform/sim/recurringSnapshots.js';
import type { Reader } from '../../platform/store/types.js';
import type { ClusterDoc } from '../clusters/model.js';
import { CLOUD_BACKUP_SCHEDULES } from './collections.js';
import { recordEvent } from './events.js';
import { defaultSchedule, itemId, validateItems, type PolicyItem, type RetentionUnit, type ScheduleDoc } from './policy.js';
import { freeze } from './snapshots.js';
import { checkSchedule } from './complianceRules.js';

/** What a schedule update may carry (read-only fields already removed). */
export interface ScheduleChanges {
  policies?: { id?: string; policyItems: { frequencyType: string; frequencyInterval: number; retentionUnit: string; retentionValue: number }[] }[];
  referenceHourOfDay?: number;
  referenceMinuteOfHour?: number;
  restoreWindowDays?: number;
  useOrgAndGroupNamesInExportPrefix?: boolean;
  autoExportEnabled?: boolean;
  updateSnapshots?: boolean;
  [other: string]: unknown;
}

export const backupNotEnabled = (name: string) =>
  new ApiError(400, 'CLUSTER_BACKUP_NOT_ENABLED', `Backup is not enabled for cluster ${name}.`, [name]);

/** The cluster's schedule: stored once changed, Atlas's default before; only while backup is on. */
export async function scheduleFor(r: Reader, cluster: ClusterDoc): Promise<ScheduleDoc> {
  if (!cluster.backupEnabled) throw backupNotEnabled(cluster.name);
  return (await r.get<ScheduleDoc>(CLOUD_BACKUP_SCHEDULES, cluster.id)) ?? defaultSchedule(cluster);
}

/** The schedule whose snapshots exist, if backup is on. */
export async function currentSchedule(r: Reader, cluster: ClusterDoc): Promise<ScheduleDoc | undefined> {
  return cluster.backupEnabled ? scheduleFor(r, cluster) : undefined;
}

function range(name: string, v: number | undefined, lo: number, hi: number): void {
  if (v !== undefined && (!Number.isInteger(v) || v < lo || v > hi)) throw errors.invalidAttribute(name, `must be between ${lo} and ${hi}`);
}

/** Puts a new policy in place (`checked`: held to the compliance policy, which the policy's own overwrite is not). */
export async function replace(cmd: Command, cluster: ClusterDoc, orgId: string, old: ScheduleDoc, next: ScheduleDoc, reexpire: boolean, checked = true): Promise<ScheduleDoc> {
  if (checked) await checkSchedule(cmd.tx, cluster.groupId, next.items, next.restoreWindowDays);
  // What the old policy took stays; the new one takes from now on.
  await freeze(cmd, old, next, reexpire);
  next.since = cmd.now;
  await cmd.tx.put(CLOUD_BACKUP_SCHEDULES, next.id, next, { parent: cluster.groupId });
  await recordEvent(cmd.tx, { type: 'CPS_SNAPSHOT_SCHEDULE_UPDATED_AUDIT', at: cmd.now, actor: cmd.actor, orgId, groupId: cluster.groupId, clusterName: cluster.name });
  return next;
}

export async function updateSchedule(cmd: Command, cluster: ClusterDoc, orgId: string, c: ScheduleChanges): Promise<ScheduleDoc> {
  const old = await scheduleFor(cmd.tx, cluster);
  range('referenceHourOfDay', c.referenceHourOfDay, 0, 23);
  range('referenceMinuteOfHour', c.referenceMinuteOfHour, 0, 59);
  range('restoreWindowDays', c.restoreWindowDays, 1, 365);
  const next: ScheduleDoc = { ...old, items: old.items.map((i) => ({ ...i })) };
  if (c.policies !== undefined) {
    if (c.policies.length !== 1) throw errors.invalidAttribute('policies', 'exactly one policy');
    const given = c.policies[0]!.policyItems as Omit<PolicyItem, 'id'>[];
    validateItems(given);
    // An item keeps its id while its frequency stays in the policy.
    next.items = given.map((i) => ({
      id: old.items.find((o) => o.frequencyType === i.frequencyType)?.id ?? itemId(cluster.id, i.frequencyType, String(cmd.now)),
      frequencyType: i.frequencyType as FrequencyType,
      frequencyInterval: i.frequencyInterval,
      retentionUnit: i.retentionUnit as RetentionUnit,
      retentionValue: i.retentionValue,
    }));
  }
  if (c.referenceHourOfDay !== undefined) next.referenceHourOfDay = c.referenceHourOfDay;
  if (c.referenceMinuteOfHour !== undefined) next.referenceMinuteOfHour = c.referenceMinuteOfHour;
  if (c.restoreWindowDays !== undefined) next.restoreWindowDays = c.restoreWindowDays;
  if (c.useOrgAndGroupNamesInExportPrefix !== undefined) next.useOrgAndGroupNamesInExportPrefix = c.useOrgAndGroupNamesInExportPrefix;
  if (c.autoExportEnabled !== undefined) next.autoExportEnabled = c.autoExportEnabled;
  return replace(cmd, cluster, orgId, old, next, c.updateSnapshots === true);
}

/** Removes every policy item: the cluster takes no more scheduled snapshots; those taken stay until they expire. */
export async function deleteAllItems(cmd: Command, cluster: ClusterDoc, orgId: string): Promise<ScheduleDoc> {
  const old = await scheduleFor(cmd.tx, cluster);
  return replace(cmd, cluster, orgId, old, { ...old, items: [] }, false);
}
