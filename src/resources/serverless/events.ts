import { eventRecorder, groupEvent } from '../../platform/events.js';

// The events this resource records: the feed's filters accept their names, and raw takes its _t, severity and description here.
export const EVENT_TYPES = {
  SERVERLESS_INSTANCE_CREATED: groupEvent('SERVERLESS_AUDIT', 'Serverless instance was created'),
  SERVERLESS_INSTANCE_READY: groupEvent('SERVERLESS_AUDIT', 'Serverless instance is ready'),
  SERVERLESS_INSTANCE_UPDATE_SUBMITTED: groupEvent('SERVERLESS_AUDIT', 'Serverless instance update was submitted'),
  SERVERLESS_INSTANCE_UPDATE_COMPLETED: groupEvent('SERVERLESS_AUDIT', 'Serverless instance update completed'),
  SERVERLESS_INSTANCE_DELETE_SUBMITTED: groupEvent('SERVERLESS_AUDIT', 'Serverless instance delete was submitted'),
  SERVERLESS_INSTANCE_DELETED: groupEvent('SERVERLESS_AUDIT', 'Serverless instance was deleted'),
};

export const recordEvent = eventRecorder(EVENT_TYPES);
