import { eventRecorder, groupEvent } from '../../platform/events.js';

// The events this resource records: the feed's filters accept their names.
export const EVENT_TYPES = {
  FTS_INDEX_CREATED: groupEvent('FTS_INDEX_AUDIT', 'Search index was created'),
  FTS_INDEX_UPDATED: groupEvent('FTS_INDEX_AUDIT', 'Search index was updated'),
  FTS_INDEX_DELETED: groupEvent('FTS_INDEX_AUDIT', 'Search index was deleted'),
  FTS_INDEX_BUILD_COMPLETE: groupEvent('FTS_INDEX_AUDIT', 'Search index build completed'),
};

export const recordEvent = eventRecorder(EVENT_TYPES);
