import type { Command } from '../../platform/command.js';
import { ApiError, errors } from '../../platform/errors.js';
import { SYSTEM } from '../../platform/events.js';
import type { Reader, Tx } from '../../platform/store/types.js';
import { listClusters } from '../clusters/clusters.js';
import { getProject } from '../projects/projects.js';
import { CLOUD_BACKUP_COMPLIANCE, CLOUD_BACKUP_SCHEDULES, CLOUD_BACKUP_SNAPSHOTS } from './collections.js';
import { checkBackupOff, complianceOf, shortOf, type ComplianceDoc } from './complianceRules.js';
import { recordEvent } from './events.js';
import { defaultSchedule, itemId, nominalDays, validateItems, type PolicyItem, type RetentionUnit } from './policy.js';
import { replace, scheduleFor } from './schedule.js';

// A project's backup compliance policy: the least every cluster's backups must
// keep. Once on, it can only be tightened; turning it off takes MongoDB's approval.

type ItemInput = Omit<PolicyItem, 'id'>;
export interface ComplianceInput {
  authorizedEmail: string;
  authorizedUserFirstName?: string;
  authorizedUserLastName?: string;
  copyProtectionEnabled?: boolean;
  encryptionAtRestEnabled?: boolean;
  pitEnabled?: boolean;
  restoreWindowDays?: number;
  scheduledPolicyItems?: ItemInput[];
  onDemandPolicyItem?: ItemInput;
  projectId?: string;
}

export const complianceNotFound = (groupId: string) =>
  new ApiError(404, 'BACKUP_COMPLIANCE_POLICY_NOT_FOUND', `No backup compliance policy exists for project ${groupId}.`, [groupId]);
const weakening = (what: string) =>
  new ApiError(400, 'BACKUP_COMPLIANCE_POLICY_CANNOT_BE_WEAKENED', `The backup compliance policy cannot be weakened (${what}).`, [what]);

export async function getCompliance(r: Reader, groupId: string): Promise<ComplianceDoc> {
  await getProject(r, groupId);
  const p = await complianceOf(r, groupId);
  if (!p) throw complianceNotFound(groupId);
  return p;
}

function refuseWeakening(old: ComplianceDoc, next: ComplianceDoc): void {
  for (const flag of ['copyProtectionEnabled', 'encryptionAtRestEnabled', 'pitEnabled'] as const) if (old[flag] && !next[flag]) throw weakening(flag);
  if ((old.restoreWindowDays ?? 0) > (next.restoreWindowDays ?? 0)) throw weakening('restoreWindowDays');
  if (shortOf(old.scheduledPolicyItems, next.scheduledPolicyItems).length) throw weakening('scheduledPolicyItems');
  const od = old.onDemandPolicyItem;
  if (od && (!next.onDemandPolicyItem || nominalDays(next.onDemandPolicyItem.retentionUnit, next.onDemandPolicyItem.retentionValue) < nominalDays(od.retentionUnit, od.retentionValue)))
    throw weakening('onDemandPolicyItem');
}

/** Raises each backed-up cluster's schedule to the policy, or refuses when told not to overwrite. */
async function applyToClusters(cmd: Command, p: ComplianceDoc, orgId: string, overwrite: boolean): Promise<void> {
  for (const cluster of await listClusters(cmd.tx, p.groupId)) {
    if (!cluster.backupEnabled) continue;
    const sched = await scheduleFor(cmd.tx, cluster);
    const short = shortOf(p.scheduledPolicyItems, sched.items);
    const window = Math.max(sched.restoreWindowDays, p.restoreWindowDays ?? 0);
    if (!short.length && window === sched.restoreWindowDays) continue;
    if (!overwrite)
      throw new ApiError(400, 'BACKUP_POLICY_DOES_NOT_MEET_COMPLIANCE_POLICY', `The backup policy of cluster ${cluster.name} does not meet the backup compliance policy.`, [cluster.name]);
    const items = [...sched.items.filter((i) => !short.some((s) => s.frequencyType === i.frequencyType)), ...short.map((s) => ({ ...s, id: itemId(cluster.id, s.frequencyType, String(cmd.now)) }))];
    await replace(cmd, cluster, orgId, sched, { ...sched, items, restoreWindowDays: window }, false, false);
  }
}

export async function updateCompliance(cmd: Command, groupId: string, input: ComplianceInput, overwrite: boolean, who?: string): Promise<ComplianceDoc> {
  const project = await getProject(cmd.tx, groupId);
  if (input.projectId !== undefined && input.projectId !== groupId) throw errors.invalidAttribute('projectId', 'not this project');
  const scheduled = input.scheduledPolicyItems ?? [];
  validateItems(scheduled);
  const od = input.onDemandPolicyItem;
  if (od && ((od.frequencyType as string) !== 'ondemand' || od.retentionValue < 1)) throw errors.invalidAttribute('onDemandPolicyItem', 'an on-demand item kept at least one unit');
  if (input.restoreWindowDays !== undefined && (input.restoreWindowDays < 1 || input.restoreWindowDays > 365)) throw errors.invalidAttribute('restoreWindowDays', 'between 1 and 365');
  const old = await complianceOf(cmd.tx, groupId);
  const id = (f: string) => itemId(groupId, `compliance:${f}`);
  const next: ComplianceDoc = {
    groupId,
    authorizedEmail: input.authorizedEmail,
    ...(input.authorizedUserFirstName !== undefined ? { authorizedUserFirstName: input.authorizedUserFirstName } : {}),
    ...(input.authorizedUserLastName !== undefined ? { authorizedUserLastName: input.authorizedUserLastName } : {}),
    copyProtectionEnabled: input.copyProtectionEnabled ?? false,
    encryptionAtRestEnabled: input.encryptionAtRestEnabled ?? false,
    pitEnabled: input.pitEnabled ?? false,
    ...(input.restoreWindowDays !== undefined ? { restoreWindowDays: input.restoreWindowDays } : {}),
    scheduledPolicyItems: scheduled.map((i) => ({ ...i, id: id(i.frequencyType), retentionUnit: i.retentionUnit as RetentionUnit })),
    ...(od ? { onDemandPolicyItem: { ...od, id: id('ondemand') } } : {}),
    updatedDate: cmd.now,
    ...(who ? { updatedUser: who } : {}),
    deletable: false,
  };
  if (old) refuseWeakening(old, next);
  await cmd.tx.put(CLOUD_BACKUP_COMPLIANCE, groupId, next, { parent: groupId });
  await applyToClusters(cmd, next, project.orgId, overwrite);
  await recordEvent(cmd.tx, { type: old ? 'CPS_DATA_PROTECTION_UPDATED' : 'CPS_DATA_PROTECTION_ENABLED', at: cmd.now, actor: cmd.actor, orgId: project.orgId, groupId });
  return next;
}

/** Turns the policy off, once MongoDB has approved it. */
export async function disableCompliance(cmd: Command, groupId: string): Promise<void> {
  const p = await getCompliance(cmd.tx, groupId);
  if (!p.deletable)
    throw new ApiError(400, 'BACKUP_COMPLIANCE_POLICY_DISABLEMENT_NOT_APPROVED', `Disabling the backup compliance policy of project ${groupId} has not been approved.`, [groupId]);
  const project = await getProject(cmd.tx, groupId);
  await cmd.tx.delete(CLOUD_BACKUP_COMPLIANCE, groupId);
  await recordEvent(cmd.tx, { type: 'CPS_DATA_PROTECTION_DISABLED', at: cmd.now, actor: cmd.actor, orgId: project.orgId, groupId });
}

/** MongoDB's approval of turning the policy off (the system acts). */
export async function approveDisablement(tx: Tx, groupId: string, at: number): Promise<ComplianceDoc> {
  const p = await getCompliance(tx, groupId);
  const project = await getProject(tx, groupId);
  p.deletable = true;
  await tx.put(CLOUD_BACKUP_COMPLIANCE, groupId, p, { parent: groupId });
  await recordEvent(tx, { type: 'CPS_DATA_PROTECTION_APPROVED_FOR_DISABLEMENT', at, actor: SYSTEM, orgId: project.orgId, groupId });
  return p;
}

/**
 * Backup turned on starts Atlas's default policy from that moment; turned off
 * (which the compliance policy forbids), the cluster's schedule and snapshots go.
 */
export async function onBackupChanging(tx: Tx, c: { groupId: string; name: string; id: string; createDate: string; backupEnabled: boolean }, at: number): Promise<void> {
  if (!c.backupEnabled) {
    await checkBackupOff(tx, c.groupId, c.name);
    await tx.delete(CLOUD_BACKUP_SCHEDULES, c.id);
    await tx.deleteChildren(CLOUD_BACKUP_SNAPSHOTS, c.id);
    return;
  }
  const sched = defaultSchedule(c);
  await tx.put(CLOUD_BACKUP_SCHEDULES, c.id, { ...sched, since: at }, { parent: c.groupId });
}
