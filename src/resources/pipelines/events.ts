import { eventRecorder, groupEvent } from '../../platform/events.js';

// The events this resource records: the feed's filters accept their names, and raw takes its _t, severity and description here.
export const EVENT_TYPES = {
  INGESTION_PIPELINE_CREATED: groupEvent('DATA_LAKE_AUDIT', 'Ingestion pipeline was created'),
  INGESTION_PIPELINE_UPDATED: groupEvent('DATA_LAKE_AUDIT', 'Ingestion pipeline was updated'),
  INGESTION_PIPELINE_DELETED: groupEvent('DATA_LAKE_AUDIT', 'Ingestion pipeline was deleted'),
  INGESTION_PIPELINE_PAUSED: groupEvent('DATA_LAKE_AUDIT', 'Ingestion pipeline was paused'),
  INGESTION_PIPELINE_RESUMED: groupEvent('DATA_LAKE_AUDIT', 'Ingestion pipeline was resumed'),
  INGESTION_PIPELINE_RUN_STARTED: groupEvent('DATA_LAKE_AUDIT', 'Ingestion pipeline run started'),
  INGESTION_PIPELINE_RUN_COMPLETED: groupEvent('DATA_LAKE_AUDIT', 'Ingestion pipeline run completed'),
  INGESTION_PIPELINE_DATASET_DELETED: groupEvent('DATA_LAKE_AUDIT', 'Ingestion pipeline dataset was deleted'),
};

export const recordEvent = eventRecorder(EVENT_TYPES);
