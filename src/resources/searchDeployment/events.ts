import { eventRecorder, groupEvent } from '../../platform/events.js';

export const EVENT_TYPES = {
  SEARCH_DEPLOYMENT_CREATED: groupEvent('NDS_AUDIT', 'Search nodes were created'),
  SEARCH_DEPLOYMENT_UPDATED: groupEvent('NDS_AUDIT', 'Search nodes were updated'),
  SEARCH_DEPLOYMENT_DELETED: groupEvent('NDS_AUDIT', 'Search nodes were deleted'),
};

export const recordEvent = eventRecorder(EVENT_TYPES);
