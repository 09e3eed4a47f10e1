import { eventRecorder, groupEvent, orgEvent } from '../../platform/events.js';

// The events this resource records: the feed's filters accept their names, and raw takes its _t, severity and description here.
export const EVENT_TYPES = {
  API_KEY_CREATED: orgEvent('API_USER_AUDIT', 'API key was created'),
  API_KEY_DELETED: orgEvent('API_USER_AUDIT', 'API key was deleted'),
  API_KEY_DESCRIPTION_CHANGED: orgEvent('API_USER_AUDIT', 'API key description was changed'),
  API_KEY_ROLES_CHANGED: orgEvent('API_USER_AUDIT', 'API key roles were changed'),
  API_KEY_ACCESS_LIST_ENTRY_ADDED: orgEvent('API_USER_AUDIT', 'API key access list entry was added'),
  API_KEY_ACCESS_LIST_ENTRY_DELETED: orgEvent('API_USER_AUDIT', 'API key access list entry was deleted'),
  API_KEY_ADDED_TO_GROUP: groupEvent('API_USER_AUDIT', 'API key was added to the project'),
  API_KEY_REMOVED_FROM_GROUP: groupEvent('API_USER_AUDIT', 'API key was removed from the project'),
};

export const recordEvent = eventRecorder(EVENT_TYPES);
