// What an alert configuration is: the values Atlas accepts and the stored shape.

/** The fields a matcher may name, exactly as listAlertConfigurationMatchersFieldNames serves them. */
export const MATCHER_FIELD_NAMES = [
  'CLUSTER_NAME',
  'HOSTNAME',
  'PORT',
  'HOSTNAME_AND_PORT',
  'APPLICATION_ID',
  'REPLICA_SET_NAME',
  'TYPE_NAME',
  'SHARD_NAME',
] as const;

export const MATCHER_OPERATORS = [
  'EQUALS',
  'NOT_EQUALS',
  'CONTAINS',
  'NOT_CONTAINS',
  'STARTS_WITH',
  'ENDS_WITH',
  'REGEX',
] as const;

/** Event types that compare a measurement, and so take a metricThreshold. */
export const METRIC_EVENT_TYPES = [
  'OUTSIDE_METRIC_THRESHOLD',
  'OUTSIDE_SERVERLESS_METRIC_THRESHOLD',
  'OUTSIDE_FLEX_METRIC_THRESHOLD',
  'OUTSIDE_STREAM_PROCESSOR_METRIC_THRESHOLD',
] as const;

/** The project alert conditions Atlas accepts, by the names its API uses. */
export const ALERT_EVENT_TYPES = [
  ...METRIC_EVENT_TYPES,
  // Hosts
  'HOST_DOWN',
  'HOST_RECOVERING',
  'HOST_ROLLBACK',
  'HOST_HAS_INDEX_SUGGESTIONS',
  'HOST_NOT_ENOUGH_DISK_SPACE',
  'HOST_MONGOT_CRASHING_OOM',
  'HOST_MONGOT_STOP_REPLICATION',
  'HOST_SSL_CERTIFICATE_STALE',
  'HOST_EXPOSED',
  'HOST_SECURITY_CHECKUP_NOT_MET',
  // Replica sets and clusters
  'NO_PRIMARY',
  'PRIMARY_ELECTED',
  'TOO_MANY_ELECTIONS',
  'REPLICATION_OPLOG_WINDOW_RUNNING_OUT',
  'TOO_FEW_HEALTHY_MEMBERS',
  'TOO_MANY_UNHEALTHY_MEMBERS',
  'MEMBER_ADDED',
  'MEMBER_REMOVED',
  'CONFIGURATION_CHANGED',
  'CLUSTER_MONGOS_IS_MISSING',
  'CLUSTER_AGENT_IN_CRASH_LOOP',
  // Auto-scaling
  'COMPUTE_AUTO_SCALE_INITIATED_BASE',
  'COMPUTE_AUTO_SCALE_INITIATED_ANALYTICS',
  'COMPUTE_AUTO_SCALE_SCALE_DOWN_FAIL_BASE',
  'COMPUTE_AUTO_SCALE_SCALE_DOWN_FAIL_ANALYTICS',
  'COMPUTE_AUTO_SCALE_MAX_INSTANCE_SIZE_FAIL_BASE',
  'COMPUTE_AUTO_SCALE_MAX_INSTANCE_SIZE_FAIL_ANALYTICS',
  'DISK_AUTO_SCALE_INITIATED',
  'DISK_AUTO_SCALE_MAX_DISK_SIZE_FAIL',
  // Cloud backup
  'CPS_SNAPSHOT_STARTED',
  'CPS_SNAPSHOT_SUCCESSFUL',
  'CPS_SNAPSHOT_FAILED',
  'CPS_SNAPSHOT_BEHIND',
  'CPS_CONCURRENT_SNAPSHOT_FAILED_WILL_RETRY',
  'CPS_SNAPSHOT_DOWNLOAD_REQUEST_FAILED',
  'CPS_RESTORE_SUCCESSFUL',
  'CPS_RESTORE_FAILED',
  'CPS_OPLOG_BEHIND',
  'CPS_COPY_SNAPSHOT_FAILED',
  'CPS_AUTO_EXPORT_FAILED',
  // Project, users and billing
  'JOINED_GROUP',
  'REMOVED_FROM_GROUP',
  'USER_ROLES_CHANGED_AUDIT',
  'USERS_WITHOUT_MULTI_FACTOR_AUTH',
  'CREDIT_CARD_ABOUT_TO_EXPIRE',
  'DAILY_BILL_OVER_THRESHOLD',
  'PENDING_INVOICE_OVER_THRESHOLD',
  // Encryption at rest
  'AWS_ENCRYPTION_KEY_NEEDS_ROTATION',
  'AZURE_ENCRYPTION_KEY_NEEDS_ROTATION',
  'GCP_ENCRYPTION_KEY_NEEDS_ROTATION',
  'AWS_ENCRYPTION_KEY_INVALID',
  'AZURE_ENCRYPTION_KEY_INVALID',
  'GCP_ENCRYPTION_KEY_INVALID',
  // Maintenance
  'MAINTENANCE_IN_ADVANCED',
  'MAINTENANCE_STARTED',
  'MAINTENANCE_NO_LONGER_NEEDED',
  'MAINTENANCE_AUTO_DEFERRED',
  // Atlas Search
  'FTS_INDEX_DELETION_FAILED',
  'FTS_INDEX_BUILD_COMPLETE',
  'FTS_INDEX_BUILD_FAILED',
  'FTS_INDEXES_RESTORE_FAILED',
  'FTS_INDEX_STALE',
  // App Services
  'TRIGGER_FAILURE',
  'TRIGGER_AUTO_RESUMED',
  'SYNC_FAILURE',
  'LOG_FORWARDER_FAILURE',
  'REQUEST_RATE_LIMIT',
  'DEPLOYMENT_FAILURE',
] as const;

export const NOTIFICATION_TYPES = [
  'DATADOG',
  'EMAIL',
  'GROUP',
  'HIP_CHAT',
  'MICROSOFT_TEAMS',
  'OPS_GENIE',
  'ORG',
  'PAGER_DUTY',
  'SLACK',
  'SMS',
  'TEAM',
  'USER',
  'VICTOR_OPS',
  'WEBHOOK',
] as const;

export const THRESHOLD_OPERATORS = ['GREATER_THAN', 'LESS_THAN'] as const;
export const SEVERITIES = ['INFO', 'WARNING', 'ERROR', 'CRITICAL'] as const;
export const THRESHOLD_UNITS = [
  'RAW',
  'BITS',
  'KILOBITS',
  'MEGABITS',
  'GIGABITS',
  'BYTES',
  'KILOBYTES',
  'MEGABYTES',
  'GIGABYTES',
  'TERABYTES',
  'PETABYTES',
  'MILLISECONDS',
  'SECONDS',
  'MINUTES',
  'HOURS',
  'DAYS',
  'THOUSAND',
  'MILLION',
  'BILLION',
  'MILLION_RPU',
  'MILLION_WPU',
] as const;

export interface Matcher {
  fieldName: string;
  operator: string;
  value: string;
}

export interface Threshold {
  operator?: string;
  threshold?: number;
  units?: string;
}

export interface MetricThreshold extends Threshold {
  metricName: string;
  mode?: string;
}

/** One notification target; which keys apply depends on typeName. */
export interface Notification {
  typeName: string;
  notifierId?: string;
  delayMin?: number;
  intervalMin?: number;
  emailEnabled?: boolean;
  smsEnabled?: boolean;
  roles?: string[];
  emailAddress?: string;
  mobileNumber?: string;
  username?: string;
  teamId?: string;
  teamName?: string;
  apiToken?: string;
  channelName?: string;
  serviceKey?: string;
  region?: string;
  datadogApiKey?: string;
  datadogRegion?: string;
  opsGenieApiKey?: string;
  opsGenieRegion?: string;
  victorOpsApiKey?: string;
  victorOpsRoutingKey?: string;
  microsoftTeamsWebhookUrl?: string;
  webhookUrl?: string;
  webhookSecret?: string;
  notificationToken?: string;
  roomName?: string;
  integrationId?: string;
}

export interface AlertConfigInput {
  enabled?: boolean;
  eventTypeName: string;
  matchers?: Matcher[];
  notifications?: Notification[];
  metricThreshold?: MetricThreshold;
  threshold?: Threshold;
  severityOverride?: string;
}

export interface AlertConfigDoc {
  id: string;
  groupId: string;
  created: string;
  updated: string;
  enabled: boolean;
  eventTypeName: string;
  matchers: Matcher[];
  notifications: Notification[];
  metricThreshold?: MetricThreshold;
  threshold?: Threshold;
  severityOverride?: string;
}
