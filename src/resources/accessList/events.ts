import { eventRecorder, groupEvent } from '../../platform/events.js';

// The events this resource records: the feed's filters accept their names, and raw takes its _t, severity and description here.
export const EVENT_TYPES = {
  NETWORK_PERMISSION_ENTRY_ADDED: groupEvent('NDS_AUDIT', 'Network permission entry was added'),
  NETWORK_PERMISSION_ENTRY_UPDATED: groupEvent('NDS_AUDIT', 'Network permission entry was updated'),
  NETWORK_PERMISSION_ENTRY_REMOVED: groupEvent('NDS_AUDIT', 'Network permission entry was removed'),
};

export const recordEvent = eventRecorder(EVENT_TYPES);
