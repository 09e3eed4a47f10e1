import { eventRecorder, groupEvent, orgEvent } from '../../platform/events.js';

// The events this resource records: the feed's filters accept their names, and raw takes its _t, severity and description here.
export const EVENT_TYPES = {
  GROUP_CREATED: orgEvent('GROUP_AUDIT', 'Project was created'),
  GROUP_DELETED: orgEvent('GROUP_AUDIT', 'Project was deleted'),
  GROUP_NAME_CHANGED: groupEvent('GROUP_AUDIT', 'Project name was changed'),
  GROUP_TAGS_MODIFIED: groupEvent('GROUP_AUDIT', 'Project tags were modified'),
};

export const recordEvent = eventRecorder(EVENT_TYPES);
