import { eventRecorder, groupEvent } from '../../platform/events.js';

// The events this resource records: the feed's filters accept their names, and raw takes its _t, severity and description here.
export const EVENT_TYPES = {
  SAMPLE_DATASET_LOAD_REQUESTED: groupEvent('CLUSTER_AUDIT', 'Sample dataset load was requested'),
  SAMPLE_DATASET_LOAD_COMPLETED: groupEvent('CLUSTER_AUDIT', 'Sample dataset load completed'),
};

export const recordEvent = eventRecorder(EVENT_TYPES);
