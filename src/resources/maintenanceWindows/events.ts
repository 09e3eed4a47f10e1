import { eventRecorder, groupEvent } from '../../platform/events.js';

// The events this resource records: the feed's filters accept their names, and raw takes its _t, severity and description here.
export const EVENT_TYPES = {
  ATLAS_MAINTENANCE_WINDOW_ADDED: groupEvent('NDS_AUDIT', 'Maintenance window was added'),
  ATLAS_MAINTENANCE_WINDOW_MODIFIED: groupEvent('NDS_AUDIT', 'Maintenance window was modified'),
  ATLAS_MAINTENANCE_WINDOW_REMOVED: groupEvent('NDS_AUDIT', 'Maintenance window was removed'),
  ATLAS_MAINTENANCE_PROTECTED_HOURS_CREATED: groupEvent('NDS_AUDIT', 'Protected hours were created'),
  ATLAS_MAINTENANCE_PROTECTED_HOURS_MODIFIED: groupEvent('NDS_AUDIT', 'Protected hours were modified'),
  ATLAS_MAINTENANCE_PROTECTED_HOURS_REMOVED: groupEvent('NDS_AUDIT', 'Protected hours were removed'),
  ATLAS_MAINTENANCE_START_ASAP: groupEvent('NDS_AUDIT', 'Maintenance was set to start as soon as possible'),
  ATLAS_MAINTENANCE_DEFERRED: groupEvent('NDS_AUDIT', 'Maintenance was deferred'),
  ATLAS_MAINTENANCE_AUTO_DEFER_ENABLED: groupEvent('NDS_AUDIT', 'Maintenance auto-deferral was enabled'),
  ATLAS_MAINTENANCE_AUTO_DEFER_DISABLED: groupEvent('NDS_AUDIT', 'Maintenance auto-deferral was disabled'),
  PROJECT_SCHEDULED_MAINTENANCE: groupEvent('NDS_AUDIT', 'Scheduled maintenance ran in the project'),
};

export const recordEvent = eventRecorder(EVENT_TYPES);
