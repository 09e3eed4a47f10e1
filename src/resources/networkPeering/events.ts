import { eventRecorder, groupEvent } from '../../platform/events.js';

// The events this resource records: the feed's filters accept their names, and raw takes its _t, severity and description here.
export const EVENT_TYPES = {
  CONTAINER_DELETED: groupEvent('NDS_AUDIT', 'Network peering container was deleted'),
  PEER_CREATED: groupEvent('VPC_PEERING', 'AWS VPC peering connection was created'),
  PEER_UPDATED: groupEvent('VPC_PEERING', 'AWS VPC peering connection was updated'),
  PEER_DELETED: groupEvent('VPC_PEERING', 'AWS VPC peering connection was deleted'),
  AZURE_PEER_CREATED: groupEvent('VPC_PEERING', 'Azure VNet peering connection was created'),
  AZURE_PEER_UPDATED: groupEvent('VPC_PEERING', 'Azure VNet peering connection was updated'),
  AZURE_PEER_ACTIVE: groupEvent('VPC_PEERING', 'Azure VNet peering connection is active'),
  AZURE_PEER_DELETED: groupEvent('VPC_PEERING', 'Azure VNet peering connection was deleted'),
  GCP_PEER_CREATED: groupEvent('VPC_PEERING', 'Google Cloud network peering connection was created'),
  GCP_PEER_UPDATED: groupEvent('VPC_PEERING', 'Google Cloud network peering connection was updated'),
  GCP_PEER_ACTIVE: groupEvent('VPC_PEERING', 'Google Cloud network peering connection is active'),
  GCP_PEER_DELETED: groupEvent('VPC_PEERING', 'Google Cloud network peering connection was deleted'),
};

export const recordEvent = eventRecorder(EVENT_TYPES);
