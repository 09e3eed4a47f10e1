import { eventRecorder, groupEvent } from '../../platform/events.js';

// The events this resource records: the feed's filters accept their names, and raw takes its _t, severity and description here.
export const EVENT_TYPES = {
  PRIVATE_ENDPOINT_SERVICE_CREATED: groupEvent('NDS_AUDIT', 'Private endpoint service was created'),
  PRIVATE_ENDPOINT_SERVICE_READY: groupEvent('NDS_AUDIT', 'Private endpoint service is available'),
  PRIVATE_ENDPOINT_SERVICE_FAILED: groupEvent('NDS_AUDIT', 'Private endpoint service failed', 'ERROR'),
  PRIVATE_ENDPOINT_SERVICE_DELETED: groupEvent('NDS_AUDIT', 'Private endpoint service was deleted'),
  PRIVATE_NETWORK_ENDPOINT_ENTRY_ADDED: groupEvent('NDS_AUDIT', 'Private network endpoint was added'),
  PRIVATE_NETWORK_ENDPOINT_ENTRY_REMOVED: groupEvent('NDS_AUDIT', 'Private network endpoint was removed'),
};

export const recordEvent = eventRecorder(EVENT_TYPES);
