import { eventRecorder, groupEvent } from '../../platform/events.js';

// The events this resource records: the feed's filters accept their names, and raw takes its _t, severity and description here.
export const EVENT_TYPES = {
  MONGODB_USER_ADDED: groupEvent('NDS_AUDIT', 'Database user was added'),
  MONGODB_USER_UPDATED: groupEvent('NDS_AUDIT', 'Database user was updated'),
  MONGODB_USER_DELETED: groupEvent('NDS_AUDIT', 'Database user was deleted'),
  MONGODB_USER_X509_CERT_CREATED: groupEvent('NDS_AUDIT', 'X.509 certificate was created for a database user'),
  USER_SECURITY_SETTINGS_UPDATED: groupEvent('NDS_AUDIT', 'Database user security settings were updated'),
};

export const recordEvent = eventRecorder(EVENT_TYPES);
