import { eventRecorder, groupEvent } from '../../platform/events.js';

export const EVENT_TYPES = {
  STREAM_TENANT_CREATED: groupEvent('STREAMS_AUDIT', 'Stream processing workspace was created'),
  STREAM_TENANT_UPDATED: groupEvent('STREAMS_AUDIT', 'Stream processing workspace was updated'),
  STREAM_TENANT_DELETED: groupEvent('STREAMS_AUDIT', 'Stream processing workspace was deleted'),
  STREAM_TENANT_CONNECTION_CREATED: groupEvent('STREAMS_AUDIT', 'Stream processing connection was created'),
  STREAM_TENANT_CONNECTION_UPDATED: groupEvent('STREAMS_AUDIT', 'Stream processing connection was updated'),
  STREAM_TENANT_CONNECTION_DELETED: groupEvent('STREAMS_AUDIT', 'Stream processing connection was deleted'),
  STREAM_TENANT_AUDIT_LOGS: groupEvent('STREAMS_AUDIT', 'Stream processing audit logs were downloaded'),
  STREAM_PROCESSOR_CREATED: groupEvent('STREAMS_AUDIT', 'Stream processor was created'),
  STREAM_PROCESSOR_MODIFIED: groupEvent('STREAMS_AUDIT', 'Stream processor was modified'),
  STREAM_PROCESSOR_STARTED: groupEvent('STREAMS_AUDIT', 'Stream processor was started'),
  STREAM_PROCESSOR_STOPPED: groupEvent('STREAMS_AUDIT', 'Stream processor was stopped'),
  STREAM_PROCESSOR_DROPPED: groupEvent('STREAMS_AUDIT', 'Stream processor was dropped'),
};

export type StreamEvent = keyof typeof EVENT_TYPES;
export const recordEvent = eventRecorder(EVENT_TYPES);
