import type { Reader, StoredEvent } from '../src/store/types.js';

// What the durability, reset and bad-input tests read straight from the store:
// whether a change left events behind. Kept in one place because the event
// query's shape belongs to the events module.

/** Every event stored, whatever it belongs to. */
export async function eventCount(store: Reader): Promise<number> {
  return (await store.queryEvents({ offset: 0, limit: 1, includeCount: true })).total;
}

/** A project's events, newest first. */
export async function projectEvents(store: Reader, groupId: string): Promise<StoredEvent[]> {
  return (await store.queryEvents({ groupId, offset: 0, limit: 100, includeCount: false })).items;
}
