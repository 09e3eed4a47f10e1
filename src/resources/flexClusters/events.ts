import { eventRecorder, groupEvent } from '../../platform/events.js';
import { EVENT_TYPES as CLUSTER_EVENT_TYPES } from '../clusters/events.js';

// Atlas records a Flex cluster's lifecycle with the cluster events; the cluster
// family declares those. These are the ones only this family records.
export const EVENT_TYPES = {
  FREE_UPGRADE_STARTED: groupEvent('CLUSTER_AUDIT', 'Free cluster upgrade started'),
  FLEX_UPGRADE_STARTED: groupEvent('CLUSTER_AUDIT', 'Flex cluster upgrade started'),
  TENANT_SNAPSHOT_STARTED_AUDIT: groupEvent('TENANT_BACKUP_AUDIT', 'Snapshot started'),
  TENANT_SNAPSHOT_COMPLETED_AUDIT: groupEvent('TENANT_BACKUP_AUDIT', 'Snapshot completed'),
  TENANT_SNAPSHOT_DELETED_AUDIT: groupEvent('TENANT_BACKUP_AUDIT', 'Snapshot deleted'),
  TENANT_SNAPSHOT_DOWNLOAD_REQUESTED_AUDIT: groupEvent('TENANT_BACKUP_AUDIT', 'Snapshot download requested'),
  TENANT_RESTORE_REQUESTED_AUDIT: groupEvent('TENANT_BACKUP_AUDIT', 'Restore requested'),
  TENANT_RESTORE_COMPLETED_AUDIT: groupEvent('TENANT_BACKUP_AUDIT', 'Restore completed'),
};

const SHARED = {
  CLUSTER_CREATED: CLUSTER_EVENT_TYPES.CLUSTER_CREATED,
  CLUSTER_READY: CLUSTER_EVENT_TYPES.CLUSTER_READY,
  CLUSTER_UPDATE_SUBMITTED: CLUSTER_EVENT_TYPES.CLUSTER_UPDATE_SUBMITTED,
  CLUSTER_UPDATE_COMPLETED: CLUSTER_EVENT_TYPES.CLUSTER_UPDATE_COMPLETED,
  CLUSTER_DELETE_SUBMITTED: CLUSTER_EVENT_TYPES.CLUSTER_DELETE_SUBMITTED,
  CLUSTER_DELETED: CLUSTER_EVENT_TYPES.CLUSTER_DELETED,
};

export type FlexEventName = keyof typeof EVENT_TYPES | keyof typeof SHARED;

export const recordEvent = eventRecorder({ ...SHARED, ...EVENT_TYPES });
