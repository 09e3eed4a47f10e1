import { eventRecorder, orgEvent } from '../../platform/events.js';

// The events this resource records: the feed's filters accept their names, and raw takes its _t, severity and description here.
export const EVENT_TYPES = {
  ORG_CREATED: orgEvent('ORG_AUDIT', 'Organization was created'),
  ORG_RENAMED: orgEvent('ORG_AUDIT', 'Organization was renamed'),
  SECURITY_CONTACT_MODIFIED: orgEvent('ORG_AUDIT', 'Security contact was modified'),
  OPERATIONS_CONTACT_MODIFIED: orgEvent('ORG_AUDIT', 'Operations contact was modified'),
  CUSTOM_SESSION_TIMEOUT_MODIFIED: orgEvent('ORG_AUDIT', 'Custom session timeout was modified'),
};

export const recordEvent = eventRecorder(EVENT_TYPES);
