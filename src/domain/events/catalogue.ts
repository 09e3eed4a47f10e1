// Every event type this API records, in one place: the listing filters accept
// exactly these names, and `raw` takes its `_t`, severity and description here.

export type Severity = 'INFO' | 'WARNING' | 'ERROR' | 'CRITICAL';

export interface EventType {
  /** Atlas's event class, served as raw._t. */
  t: string;
  severity: Severity;
  description: string;
  /** Org-level events have no project. */
  scope: 'group' | 'org';
}

const g = (t: string, description: string, severity: Severity = 'INFO'): EventType => ({
  t,
  severity,
  description,
  scope: 'group',
});
const o = (t: string, description: string, severity: Severity = 'INFO'): EventType => ({
  t,
  severity,
  description,
  scope: 'org',
});

export const EVENT_TYPES = {
  // Projects
  GROUP_CREATED: o('GROUP_AUDIT', 'Project was created'),
  GROUP_DELETED: o('GROUP_AUDIT', 'Project was deleted'),
  GROUP_NAME_CHANGED: g('GROUP_AUDIT', 'Project name was changed'),
  GROUP_TAGS_MODIFIED: g('GROUP_AUDIT', 'Project tags were modified'),
  // Organization API keys and service accounts
  API_KEY_CREATED: o('API_USER_AUDIT', 'API key was created'),
  API_KEY_DELETED: o('API_USER_AUDIT', 'API key was deleted'),
  API_KEY_DESCRIPTION_CHANGED: o('API_USER_AUDIT', 'API key description was changed'),
  API_KEY_ROLES_CHANGED: o('API_USER_AUDIT', 'API key roles were changed'),
  API_KEY_ACCESS_LIST_ENTRY_ADDED: o('API_USER_AUDIT', 'API key access list entry was added'),
  API_KEY_ACCESS_LIST_ENTRY_DELETED: o('API_USER_AUDIT', 'API key access list entry was deleted'),
  API_KEY_ADDED_TO_GROUP: g('API_USER_AUDIT', 'API key was added to the project'),
  API_KEY_REMOVED_FROM_GROUP: g('API_USER_AUDIT', 'API key was removed from the project'),
  SERVICE_ACCOUNT_CREATED: o('SERVICE_ACCOUNT_AUDIT', 'Service account was created'),
  SERVICE_ACCOUNT_DELETED: o('SERVICE_ACCOUNT_AUDIT', 'Service account was deleted'),
  SERVICE_ACCOUNT_DETAILS_CHANGED: o('SERVICE_ACCOUNT_AUDIT', 'Service account details were changed'),
  SERVICE_ACCOUNT_ROLES_CHANGED: o('SERVICE_ACCOUNT_AUDIT', 'Service account roles were changed'),
  SERVICE_ACCOUNT_SECRET_ADDED: o('SERVICE_ACCOUNT_AUDIT', 'Service account secret was added'),
  SERVICE_ACCOUNT_SECRET_DELETED: o('SERVICE_ACCOUNT_AUDIT', 'Service account secret was deleted'),
  SERVICE_ACCOUNT_ADDED_TO_GROUP: g('SERVICE_ACCOUNT_AUDIT', 'Service account was added to the project'),
  SERVICE_ACCOUNT_REMOVED_FROM_GROUP: g('SERVICE_ACCOUNT_AUDIT', 'Service account was removed from the project'),
  SERVICE_ACCOUNT_ACCESS_LIST_ENTRY_ADDED: o('SERVICE_ACCOUNT_AUDIT', 'Service account access list entry was added'),
  SERVICE_ACCOUNT_ACCESS_LIST_ENTRY_DELETED: o('SERVICE_ACCOUNT_AUDIT', 'Service account access list entry was deleted'),
  // Clusters
  CLUSTER_CREATED: g('CLUSTER_AUDIT', 'Cluster was created'),
  CLUSTER_READY: g('CLUSTER_AUDIT', 'Cluster is ready'),
  CLUSTER_UPDATE_SUBMITTED: g('CLUSTER_AUDIT', 'Cluster configuration update was submitted'),
  CLUSTER_UPDATE_STARTED: g('CLUSTER_AUDIT', 'Cluster configuration update started'),
  CLUSTER_UPDATE_COMPLETED: g('CLUSTER_AUDIT', 'Cluster configuration update completed'),
  CLUSTER_DELETE_SUBMITTED: g('CLUSTER_AUDIT', 'Cluster delete was submitted'),
  CLUSTER_DELETED: g('CLUSTER_AUDIT', 'Cluster was deleted'),
  CLUSTER_PAUSED: g('CLUSTER_AUDIT', 'Cluster was paused'),
  CLUSTER_RESUMED: g('CLUSTER_AUDIT', 'Cluster was resumed'),
  EMPLOYEE_ACCESS_GRANTED: g('CLUSTER_AUDIT', 'MongoDB employee access was granted'),
  EMPLOYEE_ACCESS_REVOKED: g('CLUSTER_AUDIT', 'MongoDB employee access was revoked'),
  FCV_PINNED: g('CLUSTER_AUDIT', 'Feature compatibility version was pinned'),
  FCV_PIN_EXPIRATION_DATE_UPDATED: g('CLUSTER_AUDIT', 'Feature compatibility version pin expiration date was updated'),
  FCV_UNPINNED: g('CLUSTER_AUDIT', 'Feature compatibility version was unpinned'),
  SAMPLE_DATASET_LOAD_REQUESTED: g('CLUSTER_AUDIT', 'Sample dataset load was requested'),
  SAMPLE_DATASET_LOAD_COMPLETED: g('CLUSTER_AUDIT', 'Sample dataset load completed'),
  // Serverless instances
  SERVERLESS_INSTANCE_CREATED: g('SERVERLESS_AUDIT', 'Serverless instance was created'),
  SERVERLESS_INSTANCE_READY: g('SERVERLESS_AUDIT', 'Serverless instance is ready'),
  SERVERLESS_INSTANCE_UPDATE_SUBMITTED: g('SERVERLESS_AUDIT', 'Serverless instance update was submitted'),
  SERVERLESS_INSTANCE_UPDATE_COMPLETED: g('SERVERLESS_AUDIT', 'Serverless instance update completed'),
  SERVERLESS_INSTANCE_DELETE_SUBMITTED: g('SERVERLESS_AUDIT', 'Serverless instance delete was submitted'),
  SERVERLESS_INSTANCE_DELETED: g('SERVERLESS_AUDIT', 'Serverless instance was deleted'),
  SERVERLESS_SNAPSHOT_COMPLETED: g('SERVERLESS_AUDIT', 'Serverless instance snapshot completed'),
  // Project settings
  AUDIT_LOG_CONFIGURATION_UPDATED: g('NDS_AUDIT', 'Auditing configuration was updated'),
  MANAGED_SLOW_MS_ENABLED: g('NDS_AUDIT', 'Managed slow operation threshold was enabled'),
  MANAGED_SLOW_MS_DISABLED: g('NDS_AUDIT', 'Managed slow operation threshold was disabled'),
  ALERT_CONFIG_ADDED_AUDIT: g('ALERT_CONFIG_AUDIT', 'Alert configuration was added'),
  ALERT_CONFIG_CHANGED_AUDIT: g('ALERT_CONFIG_AUDIT', 'Alert configuration was changed'),
  ALERT_CONFIG_DELETED_AUDIT: g('ALERT_CONFIG_AUDIT', 'Alert configuration was deleted'),
  ALERT_CONFIG_ENABLED_AUDIT: g('ALERT_CONFIG_AUDIT', 'Alert configuration was enabled'),
  ALERT_CONFIG_DISABLED_AUDIT: g('ALERT_CONFIG_AUDIT', 'Alert configuration was disabled'),
  // Data Lake pipelines
  INGESTION_PIPELINE_CREATED: g('DATA_LAKE_AUDIT', 'Ingestion pipeline was created'),
  INGESTION_PIPELINE_UPDATED: g('DATA_LAKE_AUDIT', 'Ingestion pipeline was updated'),
  INGESTION_PIPELINE_DELETED: g('DATA_LAKE_AUDIT', 'Ingestion pipeline was deleted'),
  INGESTION_PIPELINE_PAUSED: g('DATA_LAKE_AUDIT', 'Ingestion pipeline was paused'),
  INGESTION_PIPELINE_RESUMED: g('DATA_LAKE_AUDIT', 'Ingestion pipeline was resumed'),
  INGESTION_PIPELINE_RUN_STARTED: g('DATA_LAKE_AUDIT', 'Ingestion pipeline run started'),
  INGESTION_PIPELINE_RUN_COMPLETED: g('DATA_LAKE_AUDIT', 'Ingestion pipeline run completed'),
  INGESTION_PIPELINE_DATASET_DELETED: g('DATA_LAKE_AUDIT', 'Ingestion pipeline dataset was deleted'),
  // Private networking
  PRIVATE_ENDPOINT_SERVICE_CREATED: g('NDS_AUDIT', 'Private endpoint service was created'),
  PRIVATE_ENDPOINT_SERVICE_READY: g('NDS_AUDIT', 'Private endpoint service is available'),
  PRIVATE_ENDPOINT_SERVICE_FAILED: g('NDS_AUDIT', 'Private endpoint service failed', 'ERROR'),
  PRIVATE_ENDPOINT_SERVICE_DELETED: g('NDS_AUDIT', 'Private endpoint service was deleted'),
  PRIVATE_NETWORK_ENDPOINT_ENTRY_ADDED: g('NDS_AUDIT', 'Private network endpoint was added'),
  PRIVATE_NETWORK_ENDPOINT_ENTRY_REMOVED: g('NDS_AUDIT', 'Private network endpoint was removed'),
} as const satisfies Record<string, EventType>;

export type EventTypeName = keyof typeof EVENT_TYPES;

export const EVENT_TYPE_NAMES = Object.keys(EVENT_TYPES) as EventTypeName[];

export function isEventTypeName(name: string): name is EventTypeName {
  return Object.prototype.hasOwnProperty.call(EVENT_TYPES, name);
}
