import { eventRecorder, groupEvent } from '../../platform/events.js';

// The events this resource records: the feed's filters accept their names, and raw takes its _t, severity and description here.
export const EVENT_TYPES = {
  MONGODB_ROLE_ADDED: groupEvent('NDS_AUDIT', 'Custom database role was added'),
  MONGODB_ROLE_UPDATED: groupEvent('NDS_AUDIT', 'Custom database role was updated'),
  MONGODB_ROLE_DELETED: groupEvent('NDS_AUDIT', 'Custom database role was deleted'),
};

export const recordEvent = eventRecorder(EVENT_TYPES);
