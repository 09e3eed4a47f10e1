import type { EventQuery, Reader, StoredEvent } from '../../platform/store/types.js';
import { ApiError, errors } from '../../platform/errors.js';
import { parseIsoDate } from '../../platform/time.js';

// Reading the recorded events: a project's feed holds every event of the project;
// an organization's feed holds its org-level events (API keys, service accounts,
// projects created or deleted), including those that also name a project.

export type Feed = EventQuery['feed'];

export interface EventFilterInput {
  eventType?: string[];
  excludedEventType?: string[];
  clusterNames?: string[];
  minDate?: string;
  maxDate?: string;
}

export type EventFilters = Pick<EventQuery, 'eventTypes' | 'excludedEventTypes' | 'clusterNames' | 'minDate' | 'maxDate'>;

const eventNotFound = (id: string) => new ApiError(404, 'EVENT_NOT_FOUND', `No event with ID ${id} exists.`, [id]);

function eventTypes(values: string[] | undefined, field: string, known: ReadonlyMap<string, unknown>): string[] | undefined {
  if (!values?.length) return undefined;
  for (const v of values) if (!known.has(v)) throw errors.invalidEnumValue(v, field);
  return values;
}

function date(value: string | undefined, field: string): number | undefined {
  if (value === undefined) return undefined;
  const ms = parseIsoDate(value);
  if (ms === undefined) throw errors.invalidQueryParameter(field, `${value} is not an ISO 8601 date and time`);
  return ms;
}

/** The listing's filters, checked: known event type names, ISO 8601 dates (both bounds inclusive). */
export function eventFilters(input: EventFilterInput, known: ReadonlyMap<string, unknown>): EventFilters {
  return {
    eventTypes: eventTypes(input.eventType, 'eventType', known),
    excludedEventTypes: eventTypes(input.excludedEventType, 'excludedEventType', known),
    clusterNames: input.clusterNames?.length ? input.clusterNames : undefined,
    minDate: date(input.minDate, 'minDate'),
    maxDate: date(input.maxDate, 'maxDate'),
  };
}

function inFeed(e: StoredEvent, feed: Feed): boolean {
  return 'groupId' in feed ? e.groupId === feed.groupId : e.orgLevel && e.orgId === feed.orgId;
}

/** One event of the feed; another feed's event is as unknown as a missing one. */
export async function getFeedEvent(r: Reader, feed: Feed, eventId: string): Promise<StoredEvent> {
  const e = await r.getEvent(eventId);
  if (!e || !inFeed(e, feed)) throw eventNotFound(eventId);
  return e;
}
