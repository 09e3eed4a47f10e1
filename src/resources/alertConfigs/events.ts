import { eventRecorder, groupEvent } from '../../platform/events.js';

// The events this resource records: the feed's filters accept their names, and raw takes its _t, severity and description here.
export const EVENT_TYPES = {
  ALERT_CONFIG_ADDED_AUDIT: groupEvent('ALERT_CONFIG_AUDIT', 'Alert configuration was added'),
  ALERT_CONFIG_CHANGED_AUDIT: groupEvent('ALERT_CONFIG_AUDIT', 'Alert configuration was changed'),
  ALERT_CONFIG_DELETED_AUDIT: groupEvent('ALERT_CONFIG_AUDIT', 'Alert configuration was deleted'),
  ALERT_CONFIG_ENABLED_AUDIT: groupEvent('ALERT_CONFIG_AUDIT', 'Alert configuration was enabled'),
  ALERT_CONFIG_DISABLED_AUDIT: groupEvent('ALERT_CONFIG_AUDIT', 'Alert configuration was disabled'),
};

export const recordEvent = eventRecorder(EVENT_TYPES);
