import type { Page, Reader, Tx } from '../../platform/store/types.js';
import { ALERT_CONFIGS } from './collections.js';
import { ApiError, errors } from '../../platform/errors.js';
import type { Actor } from '../../platform/events.js';
import { recordEvent, EVENT_TYPES } from './events.js';
import { getProject } from '../projects/projects.js';
import { ORG_ROLES, PROJECT_ROLES } from '../../platform/roles.js';
import { isoSeconds } from '../../platform/time.js';
import { newObjectId } from '../../platform/ids.js';
import {
  METRIC_EVENT_TYPES,
  type Matcher,
  type Notification,
  type AlertConfigInput,
  type AlertConfigDoc,
} from './model.js';

export * from './model.js';

type EventName = keyof typeof EVENT_TYPES;

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

export function build(
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

export async function put(tx: Tx, doc: AlertConfigDoc): Promise<void> {
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
