import { Type, type Static } from '@sinclair/typebox';
import {
  ALERT_EVENT_TYPES,
  MATCHER_FIELD_NAMES,
  MATCHER_OPERATORS,
  NOTIFICATION_TYPES,
  SEVERITIES,
  THRESHOLD_OPERATORS,
  THRESHOLD_UNITS,
  createAlertConfig,
  deleteAlertConfig,
  getAlertConfig,
  listAlertConfigs,
  redactNotification,
  replaceAlertConfig,
  toggleAlertConfig,
  type AlertConfigDoc,
  type AlertConfigInput,
} from './alertConfigs.js';
import { defineOperation, Reply } from '../../platform/http/operation.js';
import { DateTime, GroupIdParam, Links, ObjectIdString, Paginated, StringEnum } from '../../platform/schemas.js';
import { storePage } from '../../platform/paging.js';

const Matcher = Type.Object(
  {
    fieldName: StringEnum(MATCHER_FIELD_NAMES, { description: 'One of listAlertConfigurationMatchersFieldNames.' }),
    operator: StringEnum(MATCHER_OPERATORS),
    value: Type.String(),
  },
  { additionalProperties: false, title: 'StreamsMatcher' },
);

const thresholdProps = {
  operator: Type.Optional(StringEnum(THRESHOLD_OPERATORS)),
  threshold: Type.Optional(Type.Number()),
  units: Type.Optional(StringEnum(THRESHOLD_UNITS)),
};

const Threshold = Type.Object(thresholdProps, { additionalProperties: false, title: 'AlertThreshold' });

const MetricThreshold = Type.Object(
  {
    metricName: Type.String({ pattern: '^[A-Z0-9_]+$', description: 'Measurement the alert compares.' }),
    mode: Type.Optional(StringEnum(['AVERAGE'] as const)),
    ...thresholdProps,
  },
  { additionalProperties: false, title: 'AlertMetricThreshold' },
);

// Atlas keeps these minutes as 32-bit ints; larger numbers would come back as 1e+300, which typed clients cannot read.
const INT32_MAX = 2_147_483_647;

const notificationProps = {
  apiToken: Type.Optional(Type.String()),
  channelName: Type.Optional(Type.String()),
  datadogApiKey: Type.Optional(Type.String()),
  datadogRegion: Type.Optional(StringEnum(['US', 'EU', 'US3', 'US5', 'AP1', 'US1_FED'] as const)),
  delayMin: Type.Optional(Type.Integer({ minimum: 0, maximum: INT32_MAX })),
  emailAddress: Type.Optional(Type.String()),
  emailEnabled: Type.Optional(Type.Boolean()),
  integrationId: Type.Optional(ObjectIdString()),
  intervalMin: Type.Optional(Type.Integer({ maximum: INT32_MAX, description: 'Minutes between reminders; at least 5.' })),
  microsoftTeamsWebhookUrl: Type.Optional(Type.String()),
  mobileNumber: Type.Optional(Type.String()),
  notificationToken: Type.Optional(Type.String()),
  notifierId: Type.Optional(ObjectIdString()),
  opsGenieApiKey: Type.Optional(Type.String()),
  opsGenieRegion: Type.Optional(StringEnum(['US', 'EU'] as const)),
  region: Type.Optional(StringEnum(['US', 'EU'] as const)),
  roles: Type.Optional(Type.Array(Type.String())),
  roomName: Type.Optional(Type.String()),
  serviceKey: Type.Optional(Type.String()),
  smsEnabled: Type.Optional(Type.Boolean()),
  teamId: Type.Optional(ObjectIdString()),
  teamName: Type.Optional(Type.String()),
  typeName: StringEnum(NOTIFICATION_TYPES),
  username: Type.Optional(Type.String()),
  victorOpsApiKey: Type.Optional(Type.String()),
  victorOpsRoutingKey: Type.Optional(Type.String()),
  webhookSecret: Type.Optional(Type.String()),
  webhookUrl: Type.Optional(Type.String()),
};

const NotificationIn = Type.Object(notificationProps, {
  additionalProperties: false,
  title: 'AlertsNotificationRootForGroup',
});

// As served: every notification has its notifierId.
const NotificationOut = Type.Object(
  {
    ...notificationProps,
    notifierId: Type.String(),
  },
  { title: 'AlertsNotificationRootForGroup' },
);

const AlertConfigBody = Type.Object(
  {
    enabled: Type.Optional(Type.Boolean({ default: false })),
    eventTypeName: StringEnum(ALERT_EVENT_TYPES),
    matchers: Type.Optional(Type.Array(Matcher)),
    metricThreshold: Type.Optional(MetricThreshold),
    notifications: Type.Optional(Type.Array(NotificationIn)),
    severityOverride: Type.Optional(StringEnum(SEVERITIES)),
    threshold: Type.Optional(Threshold),
    // Read-only fields a client may send back from a read; ignored.
    created: Type.Optional(Type.String()),
    groupId: Type.Optional(Type.String()),
    id: Type.Optional(Type.String()),
    links: Type.Optional(Type.Array(Type.Unknown())),
    updated: Type.Optional(Type.String()),
  },
  { additionalProperties: false, title: 'GroupAlertsConfig' },
);

const GroupAlertsConfig = Type.Object(
  {
    created: DateTime(),
    enabled: Type.Boolean(),
    eventTypeName: Type.String(),
    groupId: Type.String(),
    id: Type.String(),
    links: Links,
    matchers: Type.Array(Matcher),
    metricThreshold: Type.Optional(MetricThreshold),
    notifications: Type.Array(NotificationOut),
    severityOverride: Type.Optional(Type.String()),
    threshold: Type.Optional(Threshold),
    updated: DateTime(),
  },
  { title: 'GroupAlertsConfig' },
);

const ToggleBody = Type.Object(
  { enabled: Type.Boolean({ description: 'Whether the alert configuration is enabled.' }) },
  { additionalProperties: false, title: 'AlertsToggle' },
);

const AlertConfigIdParam = ObjectIdString('Unique 24-hexadecimal digit string that identifies the alert configuration.');
const groupParams = Type.Object({ groupId: GroupIdParam });
const configParams = Type.Object({ groupId: GroupIdParam, alertConfigId: AlertConfigIdParam });

const selfPath = (d: AlertConfigDoc) => `/api/atlas/v2/groups/${d.groupId}/alertConfigs/${d.id}`;

function view(link: (p: string) => string, d: AlertConfigDoc): Static<typeof GroupAlertsConfig> {
  return {
    created: d.created,
    enabled: d.enabled,
    eventTypeName: d.eventTypeName,
    groupId: d.groupId,
    id: d.id,
    links: [
      { href: link(selfPath(d)), rel: 'self' },
      { href: link(`${selfPath(d)}/alerts`), rel: 'https://cloud.mongodb.com/alerts' },
    ],
    matchers: d.matchers as Static<typeof Matcher>[],
    metricThreshold: d.metricThreshold as Static<typeof MetricThreshold> | undefined,
    notifications: d.notifications.map(redactNotification) as Static<typeof NotificationOut>[],
    severityOverride: d.severityOverride,
    threshold: d.threshold as Static<typeof Threshold> | undefined,
    updated: d.updated,
  };
}

function input(body: unknown): AlertConfigInput {
  const { created: _c, groupId: _g, id: _i, links: _l, updated: _u, ...rest } = body as Static<typeof AlertConfigBody>;
  return rest;
}

export const operations = [
  defineOperation({
    operationId: 'listAlertConfigMatcherFieldNames',
    classicId: 'listAlertConfigurationMatchersFieldNames',
    method: 'GET',
    path: '/api/atlas/v2/alertConfigs/matchers/fieldNames',
    tag: 'Alert Configurations',
    summary: 'Return All Alert Configuration Matchers Field Names',
    access: { scope: 'any' },
    versions: {
      '2023-01-01': { response: Type.Array(StringEnum(MATCHER_FIELD_NAMES), { title: 'MatcherFieldNames' }) },
    },
    async handler() {
      return [...MATCHER_FIELD_NAMES];
    },
  }),
  defineOperation({
    operationId: 'listGroupAlertConfigs',
    classicId: 'listAlertConfigurations',
    method: 'GET',
    path: '/api/atlas/v2/groups/{groupId}/alertConfigs',
    tag: 'Alert Configurations',
    summary: 'Return All Alert Configurations for One Project',
    access: { scope: 'project', role: 'GROUP_READ_ONLY' },
    params: groupParams,
    paginated: true,
    versions: { '2023-01-01': { response: Paginated(GroupAlertsConfig, 'PaginatedAlertConfigView') } },
    async handler(ctx) {
      const { items, total } = await listAlertConfigs(ctx.services.store, ctx.params.groupId, storePage(ctx.page));
      return ctx.list(items.map((d) => view(ctx.link, d)), total);
    },
  }),
  defineOperation({
    operationId: 'createGroupAlertConfig',
    classicId: 'createAlertConfiguration',
    method: 'POST',
    path: '/api/atlas/v2/groups/{groupId}/alertConfigs',
    tag: 'Alert Configurations',
    summary: 'Create One Alert Configuration in One Project',
    access: { scope: 'project', role: 'GROUP_OWNER' },
    params: groupParams,
    versions: { '2023-01-01': { body: AlertConfigBody, bodyRequired: true, response: GroupAlertsConfig, status: 201 } },
    async handler(ctx) {
      const doc = await ctx.services.store.write((tx) =>
        createAlertConfig(tx, ctx.params.groupId, input(ctx.body), ctx.actor, ctx.now),
      );
      return new Reply(201, view(ctx.link, doc), { Location: ctx.link(selfPath(doc)) });
    },
  }),
  defineOperation({
    operationId: 'getGroupAlertConfig',
    classicId: 'getAlertConfiguration',
    method: 'GET',
    path: '/api/atlas/v2/groups/{groupId}/alertConfigs/{alertConfigId}',
    tag: 'Alert Configurations',
    summary: 'Return One Alert Configuration from One Project',
    access: { scope: 'project', role: 'GROUP_READ_ONLY' },
    params: configParams,
    versions: { '2023-01-01': { response: GroupAlertsConfig } },
    async handler(ctx) {
      return view(ctx.link, await getAlertConfig(ctx.services.store, ctx.params.groupId, ctx.params.alertConfigId));
    },
  }),
  defineOperation({
    operationId: 'updateGroupAlertConfig',
    classicId: 'updateAlertConfiguration',
    method: 'PUT',
    path: '/api/atlas/v2/groups/{groupId}/alertConfigs/{alertConfigId}',
    tag: 'Alert Configurations',
    summary: 'Update One Alert Configuration for One Project',
    access: { scope: 'project', role: 'GROUP_OWNER' },
    params: configParams,
    versions: { '2023-01-01': { body: AlertConfigBody, bodyRequired: true, response: GroupAlertsConfig } },
    async handler(ctx) {
      const doc = await ctx.services.store.write((tx) =>
        replaceAlertConfig(tx, ctx.params.groupId, ctx.params.alertConfigId, input(ctx.body), ctx.actor, ctx.now),
      );
      return view(ctx.link, doc);
    },
  }),
  defineOperation({
    operationId: 'toggleGroupAlertConfig',
    classicId: 'toggleAlertConfiguration',
    method: 'PATCH',
    path: '/api/atlas/v2/groups/{groupId}/alertConfigs/{alertConfigId}',
    tag: 'Alert Configurations',
    summary: 'Toggle One State of One Alert Configuration in One Project',
    access: { scope: 'project', role: 'GROUP_OWNER' },
    params: configParams,
    versions: { '2023-01-01': { body: ToggleBody, bodyRequired: true, response: GroupAlertsConfig } },
    async handler(ctx) {
      const { enabled } = ctx.body as Static<typeof ToggleBody>;
      const doc = await ctx.services.store.write((tx) =>
        toggleAlertConfig(tx, ctx.params.groupId, ctx.params.alertConfigId, enabled, ctx.actor, ctx.now),
      );
      return view(ctx.link, doc);
    },
  }),
  defineOperation({
    operationId: 'deleteGroupAlertConfig',
    classicId: 'deleteAlertConfiguration',
    method: 'DELETE',
    path: '/api/atlas/v2/groups/{groupId}/alertConfigs/{alertConfigId}',
    tag: 'Alert Configurations',
    summary: 'Remove One Alert Configuration from One Project',
    access: { scope: 'project', role: 'GROUP_OWNER' },
    params: configParams,
    versions: { '2023-01-01': { status: 204 } },
    async handler(ctx) {
      await ctx.services.store.write((tx) =>
        deleteAlertConfig(tx, ctx.params.groupId, ctx.params.alertConfigId, ctx.actor, ctx.now),
      );
    },
  }),
];
