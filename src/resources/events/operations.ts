import { Type, type TObject } from '@sinclair/typebox';
import { eventFilters, getFeedEvent, type EventFilterInput, type Feed } from './feed.js';
import { defineOperation, type OperationContext } from '../../platform/http/operation.js';
import type { StoredEvent } from '../../platform/store/types.js';
import { CLUSTER_NAME_PATTERN, DateTime, GroupIdParam, Links, ObjectIdString, OrgIdParam, Paginated } from '../../platform/schemas.js';
import { storePage } from '../../platform/paging.js';

const REMOTE_ADDRESS_PATTERN =
  '^((25[0-5]|(2[0-4]|1\\d|[1-9]|)\\d)(\\.(?!$)|$)){4}|([0-9a-f]{1,4}:){7}[0-9a-f]{1,4}$';
const HEX24 = '^([a-f0-9]{24})$';
const id = (description: string) => Type.Optional(Type.String({ pattern: HEX24, description }));

const Raw = Type.Unsafe<Record<string, unknown>>({
  type: 'object',
  additionalProperties: true,
  description:
    'Additional meta information captured about this event, sent only with includeRaw=true: _t, cid, cre, description, gn, id, orgId, orgName, severity, and keys particular to the event type (such as alertConfigId).',
});

// Top-level keys an event may carry besides the common ones. Type-specific keys
// must be declared here to be served.
const eventProperties = {
  alertConfigId: id('Alert configuration related to the event.'),
  alertId: id('Alert related to the event.'),
  apiKeyId: id('API key that triggered the event. Never sent together with userId.'),
  clusterName: Type.Optional(Type.String({ description: 'Cluster the event concerns.' })),
  created: DateTime('Date and time when this event occurred, in UTC.'),
  dbUserUsername: Type.Optional(Type.String({ description: 'Database user created, changed or deleted.' })),
  endpointId: Type.Optional(Type.String({ description: 'Endpoint the event concerns.' })),
  eventTypeName: Type.String({ description: 'Unique identifier of the event type.' }),
  groupId: id('Project in which the event occurred.'),
  hostname: Type.Optional(Type.String()),
  id: Type.String({ pattern: HEX24, description: 'Unique identifier of the event.' }),
  isGlobalAdmin: Type.Optional(Type.Boolean({ description: 'Whether a MongoDB employee triggered the event.' })),
  links: Links,
  orgId: id('Organization to which the event applies.'),
  port: Type.Optional(Type.Integer()),
  providerEndpointId: Type.Optional(Type.String()),
  publicKey: Type.Optional(Type.String({ description: 'Public part of the API key that triggered the event.' })),
  raw: Type.Optional(Raw),
  remoteAddress: Type.Optional(
    Type.String({ pattern: REMOTE_ADDRESS_PATTERN, description: 'IPv4 or IPv6 address the change came from.' }),
  ),
  replicaSetName: Type.Optional(Type.String()),
  resourceId: Type.Optional(Type.String()),
  resourceType: Type.Optional(Type.String()),
  shardName: Type.Optional(Type.String()),
  targetPublicKey: Type.Optional(Type.String({ description: 'Public part of the API key the event targets.' })),
  targetUsername: Type.Optional(Type.String()),
  teamId: id('Team the event concerns.'),
  userId: id('Console user who triggered the event. Never sent together with apiKeyId.'),
  username: Type.Optional(
    Type.String({ description: 'Who triggered the event: a console user, or a service account by its client id.' }),
  ),
  whitelistEntry: Type.Optional(Type.String()),
};

const ProjectEvent = Type.Object(eventProperties, { additionalProperties: false, title: 'EventViewForNdsGroup' });
const OrgEvent = Type.Object(eventProperties, { additionalProperties: false, title: 'EventViewForOrg' });

const IncludeRaw = Type.Boolean({
  default: false,
  description: 'Whether to include the raw document, with additional meta information about the event.',
});

const eventTypeList = (description: string) =>
  Type.Array(Type.String({ description: 'An event type name this server records.' }), { description });

const dateBound = (description: string) => Type.String({ description: `${description} ISO 8601, UTC; inclusive.` });

const OrgEventsQuery = Type.Object({
  eventType: Type.Optional(eventTypeList('Event types to return (any of them).')),
  includeRaw: IncludeRaw,
  maxDate: Type.Optional(dateBound('Date and time from when MongoDB Cloud stops returning events.')),
  minDate: Type.Optional(dateBound('Date and time from when MongoDB Cloud starts returning events.')),
});

const ProjectEventsQuery = Type.Object({
  ...OrgEventsQuery.properties,
  clusterNames: Type.Optional(
    Type.Array(
      Type.String({ pattern: CLUSTER_NAME_PATTERN, maxLength: 64, description: 'Human-readable label that identifies the cluster.' }),
    ),
  ),
  excludedEventType: Type.Optional(eventTypeList('Event types to leave out.')),
});

const EventQuery = Type.Object({ includeRaw: IncludeRaw });

const eventIdParam = ObjectIdString('Unique 24-hexadecimal digit string that identifies the event.');

function eventView(e: StoredEvent, self: string, includeRaw: boolean): Record<string, unknown> {
  const { raw, ...rest } = e.data;
  return { ...rest, ...(includeRaw ? { raw } : {}), links: [{ href: self, rel: 'self' }] };
}

type Ctx = OperationContext<TObject, TObject>;

async function listFeed(ctx: Ctx, feed: Feed, base: string) {
  const query = ctx.query as unknown as EventFilterInput & { includeRaw: boolean };
  const page = await ctx.services.store.queryEvents({
    feed,
    ...eventFilters(query, ctx.services.eventTypes),
    ...storePage(ctx.page),
    includeCount: ctx.page.includeCount,
  });
  const views = page.items.map((e) => eventView(e, ctx.link(`${base}/${e.id}`), query.includeRaw));
  // Without a count, the total only has to tell whether a next page exists.
  const total = ctx.page.includeCount ? page.total : ctx.page.offset + views.length + (page.more ? 1 : 0);
  return ctx.list(views, total);
}

export const operations = [
  defineOperation({
    operationId: 'listGroupEvents',
    classicId: 'listProjectEvents',
    method: 'GET',
    path: '/api/atlas/v2/groups/{groupId}/events',
    tag: 'Events',
    summary: 'Return Events from One Project',
    access: { scope: 'project', role: 'GROUP_READ_ONLY' },
    params: Type.Object({ groupId: GroupIdParam }),
    query: ProjectEventsQuery,
    paginated: true,
    versions: { '2023-01-01': { response: Paginated(ProjectEvent, 'GroupPaginatedEventView') } },
    async handler(ctx) {
      const { groupId } = ctx.params;
      return listFeed(ctx, { groupId }, `/api/atlas/v2/groups/${groupId}/events`);
    },
  }),
  defineOperation({
    operationId: 'getGroupEvent',
    classicId: 'getProjectEvent',
    method: 'GET',
    path: '/api/atlas/v2/groups/{groupId}/events/{eventId}',
    tag: 'Events',
    summary: 'Return One Event from One Project',
    access: { scope: 'project', role: 'GROUP_READ_ONLY' },
    params: Type.Object({ groupId: GroupIdParam, eventId: eventIdParam }),
    query: EventQuery,
    versions: { '2023-01-01': { response: ProjectEvent } },
    async handler(ctx) {
      const { groupId, eventId } = ctx.params;
      const e = await getFeedEvent(ctx.services.store, { groupId }, eventId);
      return eventView(e, ctx.link(`/api/atlas/v2/groups/${groupId}/events/${e.id}`), ctx.query.includeRaw);
    },
  }),
  defineOperation({
    operationId: 'listOrgEvents',
    classicId: 'listOrganizationEvents',
    method: 'GET',
    path: '/api/atlas/v2/orgs/{orgId}/events',
    tag: 'Events',
    summary: 'Return Events from One Organization',
    access: { scope: 'org', role: 'ORG_MEMBER' },
    params: Type.Object({ orgId: OrgIdParam }),
    query: OrgEventsQuery,
    paginated: true,
    versions: { '2023-01-01': { response: Paginated(OrgEvent, 'OrgPaginatedEventView') } },
    async handler(ctx) {
      const { orgId } = ctx.params;
      return listFeed(ctx, { orgId }, `/api/atlas/v2/orgs/${orgId}/events`);
    },
  }),
  defineOperation({
    operationId: 'getOrgEvent',
    classicId: 'getOrganizationEvent',
    method: 'GET',
    path: '/api/atlas/v2/orgs/{orgId}/events/{eventId}',
    tag: 'Events',
    summary: 'Return One Event from One Organization',
    access: { scope: 'org', role: 'ORG_MEMBER' },
    params: Type.Object({ orgId: OrgIdParam, eventId: eventIdParam }),
    query: EventQuery,
    versions: { '2023-01-01': { response: OrgEvent } },
    async handler(ctx) {
      const { orgId, eventId } = ctx.params;
      const e = await getFeedEvent(ctx.services.store, { orgId }, eventId);
      return eventView(e, ctx.link(`/api/atlas/v2/orgs/${orgId}/events/${e.id}`), ctx.query.includeRaw);
    },
  }),
];
