import { ApiError } from '../../platform/errors.js';
import type { Reader } from '../../platform/store/types.js';
import { CLOUD_BACKUP_COMPLIANCE } from './collections.js';
import { nominalDays, type PolicyItem } from './policy.js';

// What a project's backup compliance policy forbids, checked by the rules it
// constrains (schedules, snapshots, turning backup off).

export interface ComplianceDoc {
  groupId: string;
  authorizedEmail: string;
  authorizedUserFirstName?: string;
  authorizedUserLastName?: string;
  copyProtectionEnabled: boolean;
  encryptionAtRestEnabled: boolean;
  pitEnabled: boolean;
  restoreWindowDays?: number;
  scheduledPolicyItems: PolicyItem[];
  onDemandPolicyItem?: PolicyItem;
  updatedDate: number;
  updatedUser?: string;
  /** Set once MongoDB approves turning it off (a control endpoint plays that part). */
  deletable: boolean;
}

const refused = (code: string, detail: string, params: unknown[] = []) => new ApiError(400, code, detail, params);

export async function complianceOf(r: Reader, groupId: string): Promise<ComplianceDoc | undefined> {
  return r.get<ComplianceDoc>(CLOUD_BACKUP_COMPLIANCE, groupId);
}

/** The items that fall short of the policy's: a frequency it requires missing, or kept less long. */
export function shortOf(required: PolicyItem[], items: Pick<PolicyItem, 'frequencyType' | 'frequencyInterval' | 'retentionUnit' | 'retentionValue'>[]): PolicyItem[] {
  return required.filter((req) => {
    const have = items.find((i) => i.frequencyType === req.frequencyType);
    return !have || nominalDays(have.retentionUnit, have.retentionValue) < nominalDays(req.retentionUnit, req.retentionValue);
  });
}

export async function checkSchedule(r: Reader, groupId: string, items: PolicyItem[], restoreWindowDays: number): Promise<void> {
  const policy = await complianceOf(r, groupId);
  if (!policy) return;
  const short = shortOf(policy.scheduledPolicyItems, items);
  if (short.length)
    throw refused(
      'BACKUP_POLICY_DOES_NOT_MEET_COMPLIANCE_POLICY',
      `The backup policy does not meet the project's backup compliance policy for ${short.map((i) => i.frequencyType).join(', ')} snapshots.`,
      short.map((i) => i.frequencyType),
    );
  if (policy.restoreWindowDays !== undefined && restoreWindowDays < policy.restoreWindowDays)
    throw refused('BACKUP_POLICY_DOES_NOT_MEET_COMPLIANCE_POLICY', `The restore window must be at least ${policy.restoreWindowDays} days.`, ['restoreWindowDays']);
}

export async function checkSnapshotDelete(r: Reader, groupId: string, snapshotId: string): Promise<void> {
  if (await complianceOf(r, groupId))
    throw refused('CANNOT_DELETE_SNAPSHOT_WITH_BACKUP_COMPLIANCE_POLICY', `Snapshot ${snapshotId} cannot be deleted before it expires under the backup compliance policy.`, [snapshotId]);
}

export async function checkRetention(r: Reader, groupId: string, snapshotId: string, before: number, after: number): Promise<void> {
  if (after < before && (await complianceOf(r, groupId)))
    throw refused('CANNOT_DECREASE_SNAPSHOT_RETENTION_WITH_BACKUP_COMPLIANCE_POLICY', `The retention of snapshot ${snapshotId} cannot be shortened under the backup compliance policy.`, [snapshotId]);
}

export async function checkBackupOff(r: Reader, groupId: string, clusterName: string): Promise<void> {
  if (await complianceOf(r, groupId))
    throw refused('CANNOT_DISABLE_BACKUP_WITH_BACKUP_COMPLIANCE_POLICY', `Backup of cluster ${clusterName} cannot be turned off under the backup compliance policy.`, [clusterName]);
}
