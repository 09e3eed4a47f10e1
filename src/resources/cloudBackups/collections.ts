/** One backup schedule per cluster (id = cluster id, parent = groupId). */
export const CLOUD_BACKUP_SCHEDULES = 'cloudBackupSchedules';
/**
 * Snapshots that are not a function of the current schedule (parent = cluster id):
 * on-demand ones, those a previous schedule took, and the deletions and retention
 * changes of scheduled ones.
 */
export const CLOUD_BACKUP_SNAPSHOTS = 'cloudBackupSnapshots';
/** Restore jobs (parent = source cluster id). */
export const CLOUD_BACKUP_RESTORE_JOBS = 'cloudBackupRestoreJobs';
/** Export buckets (parent = groupId). */
export const CLOUD_BACKUP_EXPORT_BUCKETS = 'cloudBackupExportBuckets';
/** Export jobs (parent = groupId). */
export const CLOUD_BACKUP_EXPORT_JOBS = 'cloudBackupExportJobs';
/** The backup compliance policy of a project (id = parent = groupId). */
export const CLOUD_BACKUP_COMPLIANCE = 'cloudBackupCompliancePolicies';
