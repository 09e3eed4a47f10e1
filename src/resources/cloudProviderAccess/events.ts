import { eventRecorder, groupEvent } from '../../platform/events.js';

// The events this resource records: the feed's filters accept their names, and raw takes its _t, severity and description here.
export const EVENT_TYPES = {
  CLOUD_PROVIDER_ACCESS_AWS_IAM_ROLE_ADDED: groupEvent('NDS_AUDIT', 'AWS IAM role was added'),
  CLOUD_PROVIDER_ACCESS_AWS_IAM_ROLE_UPDATED: groupEvent('NDS_AUDIT', 'AWS IAM role was authorized'),
  CLOUD_PROVIDER_ACCESS_AWS_IAM_ROLE_DELETED: groupEvent('NDS_AUDIT', 'AWS IAM role was deauthorized'),
  CLOUD_PROVIDER_ACCESS_AZURE_SERVICE_PRINCIPAL_ADDED: groupEvent('NDS_AUDIT', 'Azure service principal was added'),
  CLOUD_PROVIDER_ACCESS_AZURE_SERVICE_PRINCIPAL_UPDATED: groupEvent('NDS_AUDIT', 'Azure service principal was updated'),
  CLOUD_PROVIDER_ACCESS_AZURE_SERVICE_PRINCIPAL_DELETED: groupEvent('NDS_AUDIT', 'Azure service principal was deauthorized'),
  CLOUD_PROVIDER_ACCESS_GCP_SERVICE_ACCOUNT_ADDED: groupEvent('NDS_AUDIT', 'Google Cloud service account was added'),
  CLOUD_PROVIDER_ACCESS_GCP_SERVICE_ACCOUNT_UPDATED: groupEvent('NDS_AUDIT', 'Google Cloud service account was updated'),
  CLOUD_PROVIDER_ACCESS_GCP_SERVICE_ACCOUNT_DELETED: groupEvent('NDS_AUDIT', 'Google Cloud service account was deauthorized'),
};

export const recordEvent = eventRecorder(EVENT_TYPES);
