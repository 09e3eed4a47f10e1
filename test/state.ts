import { ORGS, PROJECTS } from '../src/platform/tenancy.js';
import type { Reader, StoredEvent } from '../src/platform/store/types.js';

// What the durability, reset and bad-input tests read straight from the store:
// whether a change left events behind. Kept in one place because the event
// query's shape belongs to the events module.

/** Entries in every feed (an event in both its project's and its organization's feed counts twice). */
export async function eventCount(store: Reader): Promise<number> {
  let total = 0;
  const feeds = [
    ...(await store.list<{ id: string }>(ORGS, undefined)).items.map((o) => ({ orgId: o.id })),
    ...(await store.list<{ id: string }>(PROJECTS, undefined)).items.map((p) => ({ groupId: p.id })),
  ];
  for (const feed of feeds) total += (await store.queryEvents({ feed, offset: 0, limit: 1, includeCount: true })).total;
  return total;
}

/** A project's events, newest first. */
export async function projectEvents(store: Reader, groupId: string): Promise<StoredEvent[]> {
  return (await store.queryEvents({ feed: { groupId }, offset: 0, limit: 100, includeCount: false })).items;
}
