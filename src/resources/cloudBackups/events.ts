import { eventRecorder, groupEvent } from '../../platform/events.js';

// The events Atlas records for a cluster's cloud backups (none per scheduled snapshot: see docs/backups.md).
export const EVENT_TYPES = {
  CPS_SNAPSHOT_SCHEDULE_UPDATED_AUDIT: groupEvent('CPS_BACKUP_AUDIT', 'Backup schedule was updated'),
  CPS_ON_DEMAND_SNAPSHOT_REQUESTED: groupEvent('CPS_BACKUP', 'On-demand snapshot was requested'),
  CPS_SNAPSHOT_DELETED_AUDIT: groupEvent('CPS_BACKUP_AUDIT', 'Snapshot was deleted'),
  CPS_SNAPSHOT_RETENTION_MODIFIED_AUDIT: groupEvent('CPS_BACKUP_AUDIT', 'Snapshot retention was modified'),
  CPS_RESTORE_REQUESTED_AUDIT: groupEvent('CPS_BACKUP_AUDIT', 'Restore was requested'),
  CPS_RESTORE_SUCCESSFUL: groupEvent('CPS_BACKUP', 'Restore completed'),
  CPS_EXPORT_SUCCESSFUL: groupEvent('CPS_BACKUP', 'Snapshot export completed'),
  CPS_DATA_PROTECTION_ENABLED: groupEvent('CPS_BACKUP_AUDIT', 'Backup compliance policy was enabled'),
  CPS_DATA_PROTECTION_UPDATED: groupEvent('CPS_BACKUP_AUDIT', 'Backup compliance policy was updated'),
  CPS_DATA_PROTECTION_APPROVED_FOR_DISABLEMENT: groupEvent('CPS_BACKUP_AUDIT', 'Backup compliance policy was approved for disablement'),
  CPS_DATA_PROTECTION_DISABLED: groupEvent('CPS_BACKUP_AUDIT', 'Backup compliance policy was disabled'),
};

export const recordEvent = eventRecorder(EVENT_TYPES);
