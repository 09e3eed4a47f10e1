import { eventRecorder, groupEvent } from '../../platform/events.js';

// The events this resource records: the feed's filters accept their names, and raw takes its _t, severity and description here.
export const EVENT_TYPES = {
  CLUSTER_CREATED: groupEvent('CLUSTER_AUDIT', 'Cluster was created'),
  CLUSTER_READY: groupEvent('CLUSTER_AUDIT', 'Cluster is ready'),
  CLUSTER_UPDATE_SUBMITTED: groupEvent('CLUSTER_AUDIT', 'Cluster configuration update was submitted'),
  CLUSTER_UPDATE_STARTED: groupEvent('CLUSTER_AUDIT', 'Cluster configuration update started'),
  CLUSTER_PROCESS_ARGS_UPDATE_SUBMITTED: groupEvent('CLUSTER_AUDIT', 'Cluster advanced configuration update was submitted'),
  CLUSTER_REGIONAL_OUTAGE_SIMULATION_STARTED: groupEvent('CLUSTER_AUDIT', 'Regional outage simulation started'),
  CLUSTER_REGIONAL_OUTAGE_SIMULATION_END_REQUESTED: groupEvent('CLUSTER_AUDIT', 'Regional outage simulation end was requested'),
  CLUSTER_REGIONAL_OUTAGE_SIMULATION_COMPLETED: groupEvent('CLUSTER_AUDIT', 'Regional outage simulation completed'),
  TEST_FAILOVER_REQUESTED: groupEvent('CLUSTER_AUDIT', 'Test failover was requested'),
  CLUSTER_UPDATE_COMPLETED: groupEvent('CLUSTER_AUDIT', 'Cluster configuration update completed'),
  CLUSTER_DELETE_SUBMITTED: groupEvent('CLUSTER_AUDIT', 'Cluster delete was submitted'),
  CLUSTER_DELETED: groupEvent('CLUSTER_AUDIT', 'Cluster was deleted'),
  CLUSTER_PAUSED: groupEvent('CLUSTER_AUDIT', 'Cluster was paused'),
  CLUSTER_RESUMED: groupEvent('CLUSTER_AUDIT', 'Cluster was resumed'),
  EMPLOYEE_ACCESS_GRANTED: groupEvent('CLUSTER_AUDIT', 'MongoDB employee access was granted'),
  EMPLOYEE_ACCESS_REVOKED: groupEvent('CLUSTER_AUDIT', 'MongoDB employee access was revoked'),
  FCV_PINNED: groupEvent('CLUSTER_AUDIT', 'Feature compatibility version was pinned'),
  FCV_PIN_EXPIRATION_DATE_UPDATED: groupEvent('CLUSTER_AUDIT', 'Feature compatibility version pin expiration date was updated'),
  FCV_UNPINNED: groupEvent('CLUSTER_AUDIT', 'Feature compatibility version was unpinned'),
};

export const recordEvent = eventRecorder(EVENT_TYPES);
