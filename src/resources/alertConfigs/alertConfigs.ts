import type { Page, Reader, Tx } from '../../platform/store/types.js';
import { ALERT_CONFIGS } from './collections.js';
import { ApiError, errors } from '../../platform/errors.js';
import { type Actor, type EventInput } from '../../platform/events.js';
import { recordEvent, EVENT_TYPES } from './events.js';

type EventName = keyof typeof EVENT_TYPES;
import { on } from '../../platform/hooks.js';
import { projectCreated, projectDeleted } from '../projects/hooks.js';
import { newObjectId } from '../../platform/ids.js';
import { getProject, type ProjectDoc } from '../projects/projects.js';
import { ORG_ROLES, PROJECT_ROLES } from '../../platform/roles.js';
import { isoSeconds } from '../../platform/time.js';

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
const METRIC_EVENT_TYPES = [
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

const alertConfigNotFound = (id: string, groupId: string) =>
  new ApiError(404, 'ALERT_CONFIG_NOT_FOUND', `No alert configuration with ID ${id} exists in group ${groupId}.`, [
    id,
    groupId,
  ]);

// Atlas's own codes for alert configurations it refuses (MongoDB's API error code table).
const refuse = (code: string, detail: string) => new ApiError(400, code, detail);
const alertErrors = {
  missingMetricThreshold: () =>
    refuse('MISSING_METRIC_THRESHOLD', 'A metric threshold must be specified for host metric alerts.'),
  metricThresholdPresent: () =>
    refuse('METRIC_THRESHOLD_PRESENT', 'The metric threshold should only be specific for host metric alerts.'),
  missingNotifications: () =>
    refuse('MISSING_NOTIFICATIONS', 'At least one notification must be specified for an alert configuration.'),
  // "internal" (sic) is Atlas's wording.
  intervalOutOfRange: () =>
    refuse('NOTIFICATION_INTERVAL_OUT_OF_RANGE', 'Notifications must have an internal of at least 5 minutes.'),
  emailOrSmsRequired: (typeName: 'GROUP' | 'USER') =>
    refuse(
      `EMAIL_OR_SMS_REQUIRED_FOR_${typeName}_NOTIFICATION`,
      `Email and/or SMS must be enabled for ${typeName.toLowerCase()} notifications.`,
    ),
  missingRoles: () => refuse('MISSING_ROLES_FOR_GROUP_NOTIFICATION', 'Group notifications cannot specify an empty list of roles.'),
  tooManyGroupNotifications: () =>
    refuse('TOO_MANY_GROUP_NOTIFICATIONS', 'At most one group notification can be specified for an alert configuration.'),
  invalidEmail: () => refuse('INVALID_EMAIL_ADDRESS', 'An invalid email address was specified.'),
};

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

// What each notification type cannot do without.
const REQUIRED_BY_TYPE: Partial<Record<string, (keyof Notification)[]>> = {
  DATADOG: ['datadogApiKey'],
  EMAIL: ['emailAddress'],
  HIP_CHAT: ['notificationToken', 'roomName'],
  MICROSOFT_TEAMS: ['microsoftTeamsWebhookUrl'],
  OPS_GENIE: ['opsGenieApiKey'],
  PAGER_DUTY: ['serviceKey'],
  SLACK: ['apiToken', 'channelName'],
  SMS: ['mobileNumber'],
  TEAM: ['teamId'],
  USER: ['username'],
  VICTOR_OPS: ['victorOpsApiKey'],
};

// Atlas serves these keys partly hidden; a PUT that sends back the hidden form keeps the stored value.
const PARTLY_HIDDEN: (keyof Notification)[] = [
  'apiToken',
  'datadogApiKey',
  'microsoftTeamsWebhookUrl',
  'notificationToken',
  'opsGenieApiKey',
  'serviceKey',
  'victorOpsApiKey',
  'victorOpsRoutingKey',
  'webhookUrl',
];
const FULLY_HIDDEN: (keyof Notification)[] = ['webhookSecret'];

// These services pace their own reminders, so Atlas keeps no interval for them.
const SELF_PACED = new Set(['PAGER_DUTY', 'OPS_GENIE', 'VICTOR_OPS']);
const USER_ADDRESSED = new Set(['GROUP', 'ORG', 'USER']);

function hidePartly(value: string): string {
  const keep = Math.min(4, Math.floor(value.length / 4));
  return '*'.repeat(value.length - keep) + value.slice(value.length - keep);
}

function hideFully(value: string): string {
  return '*'.repeat(value.length);
}

/** A notification as Atlas serves it: credentials hidden. */
export function redactNotification(n: Notification): Notification {
  const out: Record<string, unknown> = { ...n };
  for (const k of PARTLY_HIDDEN) if (typeof n[k] === 'string') out[k] = hidePartly(n[k] as string);
  for (const k of FULLY_HIDDEN) if (typeof n[k] === 'string') out[k] = hideFully(n[k] as string);
  return out as unknown as Notification;
}

function checkMatchers(matchers: Matcher[]): void {
  // fieldName and operator are enums of the request schema; what is left is the pattern itself.
  matchers.forEach((m, i) => {
    if (m.operator === 'REGEX') {
      try {
        new RegExp(m.value);
      } catch {
        throw errors.invalidAttribute(`matchers.${i}.value`, 'is not a valid regular expression');
      }
    }
  });
}

function normalizeNotification(n: Notification, i: number, previous: Notification[], at: number): Notification {
  for (const key of REQUIRED_BY_TYPE[n.typeName] ?? []) {
    const v = n[key];
    if (v === undefined || v === '') throw errors.missingAttribute(`notifications.${i}.${key}`);
  }
  if (n.intervalMin !== undefined && n.intervalMin < 5) throw alertErrors.intervalOutOfRange();
  if (n.emailAddress !== undefined && !EMAIL.test(n.emailAddress)) throw alertErrors.invalidEmail();
  if ((n.typeName === 'GROUP' || n.typeName === 'USER') && !n.emailEnabled && !n.smsEnabled) {
    throw alertErrors.emailOrSmsRequired(n.typeName);
  }
  if (n.typeName === 'GROUP' && n.roles?.length === 0) throw alertErrors.missingRoles();
  if (n.roles !== undefined) {
    const allowed: readonly string[] =
      n.typeName === 'GROUP' ? PROJECT_ROLES : n.typeName === 'ORG' ? ORG_ROLES : [];
    if (allowed.length === 0) throw errors.invalidAttribute(`notifications.${i}.roles`, `does not apply to ${n.typeName}`);
    for (const r of n.roles) if (!allowed.includes(r)) throw errors.invalidEnumValue(r, `notifications.${i}.roles`);
  }
  const out: Notification = { ...n, delayMin: n.delayMin ?? 0 };
  if (SELF_PACED.has(n.typeName)) delete out.intervalMin;
  else out.intervalMin = n.intervalMin ?? 60;
  if (USER_ADDRESSED.has(n.typeName)) {
    out.emailEnabled = n.emailEnabled ?? false;
    out.smsEnabled = n.smsEnabled ?? false;
  }
  if (n.typeName === 'PAGER_DUTY') out.region = n.region ?? 'US';
  if (n.typeName === 'DATADOG') out.datadogRegion = n.datadogRegion ?? 'US';
  if (n.typeName === 'OPS_GENIE') out.opsGenieRegion = n.opsGenieRegion ?? 'US';

  const same = n.notifierId ? previous.find((p) => p.notifierId === n.notifierId && p.typeName === n.typeName) : undefined;
  if (same) {
    // A client that read the configuration sends the hidden credentials back as they were served.
    const served = redactNotification(same);
    for (const k of [...PARTLY_HIDDEN, ...FULLY_HIDDEN]) {
      if (out[k] !== undefined && out[k] === served[k]) (out as unknown as Record<string, unknown>)[k] = same[k];
    }
  } else {
    out.notifierId = newObjectId(at);
  }
  return out;
}

function build(
  input: AlertConfigInput,
  base: { id: string; groupId: string; created: string; previous: Notification[] },
  at: number,
): AlertConfigDoc {
  const isMetric = (METRIC_EVENT_TYPES as readonly string[]).includes(input.eventTypeName);
  if (isMetric && !input.metricThreshold) throw alertErrors.missingMetricThreshold();
  if (!isMetric && input.metricThreshold) throw alertErrors.metricThresholdPresent();
  const notifications = input.notifications ?? [];
  if (notifications.length === 0) throw alertErrors.missingNotifications();
  if (notifications.filter((n) => n.typeName === 'GROUP').length > 1) throw alertErrors.tooManyGroupNotifications();
  const matchers = input.matchers ?? [];
  checkMatchers(matchers);
  const doc: AlertConfigDoc = {
    id: base.id,
    groupId: base.groupId,
    created: base.created,
    updated: isoSeconds(at),
    enabled: input.enabled ?? false,
    eventTypeName: input.eventTypeName,
    matchers,
    notifications: notifications.map((n, i) => normalizeNotification(n, i, base.previous, at)),
  };
  if (input.metricThreshold) doc.metricThreshold = { mode: 'AVERAGE', ...input.metricThreshold };
  if (input.threshold) doc.threshold = input.threshold;
  if (input.severityOverride) doc.severityOverride = input.severityOverride;
  return doc;
}

async function put(tx: Tx, doc: AlertConfigDoc): Promise<void> {
  await tx.put(ALERT_CONFIGS, doc.id, doc, { parent: doc.groupId, name: null });
}

export async function getAlertConfig(r: Reader, groupId: string, id: string): Promise<AlertConfigDoc> {
  const doc = await r.get<AlertConfigDoc>(ALERT_CONFIGS, id);
  if (!doc || doc.groupId !== groupId) throw alertConfigNotFound(id, groupId);
  return doc;
}

export async function listAlertConfigs(r: Reader, groupId: string, page: Page) {
  return r.list<AlertConfigDoc>(ALERT_CONFIGS, groupId, page);
}

// Every change to a configuration is audited the same way: the project and the configuration's id,
// served at the top and in raw (as the reference's raw document shows it).
async function recordAudit(
  tx: Tx,
  type: EventName,
  project: { id: string; orgId: string },
  alertConfigId: string,
  actor: Actor,
  at: number,
): Promise<void> {
  await recordEvent(tx, {
    type,
    at,
    actor,
    orgId: project.orgId,
    groupId: project.id,
    fields: { alertConfigId },
    raw: { alertConfigId },
  });
}

export async function createAlertConfig(
  tx: Tx,
  groupId: string,
  input: AlertConfigInput,
  actor: Actor,
  at: number,
): Promise<AlertConfigDoc> {
  const project = await getProject(tx, groupId);
  const doc = build(input, { id: newObjectId(at), groupId, created: isoSeconds(at), previous: [] }, at);
  await put(tx, doc);
  await recordAudit(tx, 'ALERT_CONFIG_ADDED_AUDIT', project, doc.id, actor, at);
  return doc;
}

const comparable = (d: AlertConfigDoc) => JSON.stringify({ ...d, updated: null });

/** Replaces a configuration (PUT): what the body leaves out takes its default. */
export async function replaceAlertConfig(
  tx: Tx,
  groupId: string,
  id: string,
  input: AlertConfigInput,
  actor: Actor,
  at: number,
): Promise<AlertConfigDoc> {
  const project = await getProject(tx, groupId);
  const old = await getAlertConfig(tx, groupId, id);
  const doc = build(input, { id, groupId, created: old.created, previous: old.notifications }, at);
  if (comparable(doc) === comparable(old)) return old;
  await put(tx, doc);
  await recordAudit(tx, 'ALERT_CONFIG_CHANGED_AUDIT', project, id, actor, at);
  return doc;
}

export async function toggleAlertConfig(
  tx: Tx,
  groupId: string,
  id: string,
  enabled: boolean,
  actor: Actor,
  at: number,
): Promise<AlertConfigDoc> {
  const project = await getProject(tx, groupId);
  const doc = await getAlertConfig(tx, groupId, id);
  if (doc.enabled === enabled) return doc;
  doc.enabled = enabled;
  doc.updated = isoSeconds(at);
  await put(tx, doc);
  await recordAudit(tx, enabled ? 'ALERT_CONFIG_ENABLED_AUDIT' : 'ALERT_CONFIG_DISABLED_AUDIT', project, id, actor, at);
  return doc;
}

export async function deleteAlertConfig(tx: Tx, groupId: string, id: string, actor: Actor, at: number): Promise<void> {
  const project = await getProject(tx, groupId);
  await getAlertConfig(tx, groupId, id);
  await tx.delete(ALERT_CONFIGS, id);
  await recordAudit(tx, 'ALERT_CONFIG_DELETED_AUDIT', project, id, actor, at);
}

const ownersByEmail = (delayMin: number): Notification => ({
  typeName: 'GROUP',
  roles: ['GROUP_OWNER'],
  emailEnabled: true,
  smsEnabled: false,
  intervalMin: 60,
  delayMin,
});

const metric = (metricName: string, threshold: number): MetricThreshold => ({
  metricName,
  mode: 'AVERAGE',
  operator: 'GREATER_THAN',
  threshold,
  units: 'RAW',
});

/**
 * The alerts Atlas sets up in a new project unless it is created with
 * withDefaultAlertsSettings=false: the database and host conditions of its
 * default set (organization-level billing alerts live elsewhere).
 */
const DEFAULT_ALERT_CONFIGS: AlertConfigInput[] = [
  {
    eventTypeName: 'REPLICATION_OPLOG_WINDOW_RUNNING_OUT',
    threshold: { operator: 'LESS_THAN', threshold: 1, units: 'HOURS' },
    notifications: [ownersByEmail(0)],
  },
  { eventTypeName: 'NO_PRIMARY', notifications: [ownersByEmail(15)] },
  { eventTypeName: 'CLUSTER_MONGOS_IS_MISSING', notifications: [ownersByEmail(15)] },
  {
    eventTypeName: 'OUTSIDE_METRIC_THRESHOLD',
    metricThreshold: metric('CONNECTIONS_PERCENT', 80),
    notifications: [ownersByEmail(0)],
  },
  {
    eventTypeName: 'OUTSIDE_METRIC_THRESHOLD',
    metricThreshold: metric('DISK_PARTITION_SPACE_USED_DATA', 90),
    notifications: [ownersByEmail(0)],
  },
  {
    eventTypeName: 'OUTSIDE_METRIC_THRESHOLD',
    metricThreshold: metric('QUERY_TARGETING_SCANNED_OBJECTS_PER_RETURNED', 1000),
    notifications: [ownersByEmail(10)],
  },
  {
    eventTypeName: 'OUTSIDE_METRIC_THRESHOLD',
    metricThreshold: metric('NORMALIZED_SYSTEM_CPU_USER', 95),
    notifications: [ownersByEmail(0)],
  },
  { eventTypeName: 'HOST_HAS_INDEX_SUGGESTIONS', notifications: [ownersByEmail(10)] },
  { eventTypeName: 'HOST_NOT_ENOUGH_DISK_SPACE', notifications: [ownersByEmail(0)] },
  { eventTypeName: 'JOINED_GROUP', notifications: [ownersByEmail(0)] },
];

// The defaults are part of creating the project (its GROUP_CREATED event), so
// they record no alert configuration events of their own.
async function createDefaults(tx: Tx, project: ProjectDoc, at: number): Promise<void> {
  if (project.withDefaultAlertsSettings === false) return;
  for (const input of DEFAULT_ALERT_CONFIGS) {
    const doc = build(
      { ...input, enabled: true },
      { id: newObjectId(at), groupId: project.id, created: isoSeconds(at), previous: [] },
      at,
    );
    await put(tx, doc);
  }
}

export const createDefaultsForNewProject = on(projectCreated, createDefaults);
export const dropProjectAlertConfigs = on(projectDeleted, async (tx, project) => {
  await tx.deleteChildren(ALERT_CONFIGS, project.id);
});
