import { eventRecorder, groupEvent } from '../../platform/events.js';

// The events this resource records: the feed's filters accept their names, and raw takes its _t, severity and description here.
export const EVENT_TYPES = {
  AUDIT_LOG_CONFIGURATION_UPDATED: groupEvent('NDS_AUDIT', 'Auditing configuration was updated'),
  MANAGED_SLOW_MS_ENABLED: groupEvent('NDS_AUDIT', 'Managed slow operation threshold was enabled'),
  MANAGED_SLOW_MS_DISABLED: groupEvent('NDS_AUDIT', 'Managed slow operation threshold was disabled'),
  PROJECT_LIMIT_UPDATED: groupEvent('NDS_AUDIT', 'Project limit was updated'),
};

export const recordEvent = eventRecorder(EVENT_TYPES);
