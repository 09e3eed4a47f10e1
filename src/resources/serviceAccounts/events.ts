import { eventRecorder, groupEvent, orgEvent } from '../../platform/events.js';

// The events this resource records: the feed's filters accept their names, and raw takes its _t, severity and description here.
export const EVENT_TYPES = {
  SERVICE_ACCOUNT_CREATED: orgEvent('SERVICE_ACCOUNT_AUDIT', 'Service account was created'),
  SERVICE_ACCOUNT_DELETED: orgEvent('SERVICE_ACCOUNT_AUDIT', 'Service account was deleted'),
  SERVICE_ACCOUNT_DETAILS_CHANGED: orgEvent('SERVICE_ACCOUNT_AUDIT', 'Service account details were changed'),
  SERVICE_ACCOUNT_ROLES_CHANGED: orgEvent('SERVICE_ACCOUNT_AUDIT', 'Service account roles were changed'),
  SERVICE_ACCOUNT_SECRET_ADDED: orgEvent('SERVICE_ACCOUNT_AUDIT', 'Service account secret was added'),
  SERVICE_ACCOUNT_SECRET_DELETED: orgEvent('SERVICE_ACCOUNT_AUDIT', 'Service account secret was deleted'),
  SERVICE_ACCOUNT_ADDED_TO_GROUP: groupEvent('SERVICE_ACCOUNT_AUDIT', 'Service account was added to the project'),
  SERVICE_ACCOUNT_REMOVED_FROM_GROUP: groupEvent('SERVICE_ACCOUNT_AUDIT', 'Service account was removed from the project'),
  SERVICE_ACCOUNT_ACCESS_LIST_ENTRY_ADDED: orgEvent('SERVICE_ACCOUNT_AUDIT', 'Service account access list entry was added'),
  SERVICE_ACCOUNT_ACCESS_LIST_ENTRY_DELETED: orgEvent('SERVICE_ACCOUNT_AUDIT', 'Service account access list entry was deleted'),
};

export const recordEvent = eventRecorder(EVENT_TYPES);
