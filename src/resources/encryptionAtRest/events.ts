import { eventRecorder, groupEvent } from '../../platform/events.js';

// The events this resource records: the feed's filters accept their names, and raw takes its _t, severity and description here.
export const EVENT_TYPES = {
  ENCRYPTION_AT_REST_CONFIGURATION_UPDATED: groupEvent('NDS_AUDIT', 'Encryption at rest configuration was updated'),
  ENCRYPTION_AT_REST_CONFIGURATION_VALIDATION_SUCCEEDED: groupEvent('NDS_AUDIT', 'Encryption at rest configuration was validated'),
  ENCRYPTION_AT_REST_PRIVATE_ENDPOINT_CREATED: groupEvent('NDS_AUDIT', 'Encryption at rest private endpoint was created'),
  ENCRYPTION_AT_REST_PRIVATE_ENDPOINT_DELETED: groupEvent('NDS_AUDIT', 'Encryption at rest private endpoint was deleted'),
};

export const recordEvent = eventRecorder(EVENT_TYPES);
