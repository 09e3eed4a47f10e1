import { ApiError } from '../../platform/errors.js';
import type { Tx } from '../../platform/store/types.js';
import { CONTAINERS, PEERS } from './collections.js';

export type Provider = 'AWS' | 'AZURE' | 'GCP';

export interface ContainerDoc {
  id: string;
  groupId: string;
  providerName: Provider;
  atlasCidrBlock: string;
  /** AWS and Azure: the one region; GCP: none (one container serves every region it lists). */
  regionName?: string;
  regions?: string[];
  provisioned: boolean;
  /** Provider-side names, given when the container is first provisioned. */
  vpcId?: string;
  azureSubscriptionId?: string;
  vnetName?: string;
  gcpProjectId?: string;
  networkName?: string;
}

export type PeerStatus =
  | 'INITIATING' | 'PENDING_ACCEPTANCE' | 'FINALIZING' | 'AVAILABLE' | 'TERMINATING'
  | 'ADDING_PEER' | 'WAITING_FOR_USER' | 'DELETING';

export interface PeerDoc {
  id: string;
  groupId: string;
  containerId: string;
  providerName: Provider;
  status: PeerStatus;
  // AWS
  accepterRegionName?: string;
  awsAccountId?: string;
  routeTableCidrBlock?: string;
  vpcId?: string;
  connectionId?: string;
  // Azure
  azureDirectoryId?: string;
  azureSubscriptionId?: string;
  resourceGroupName?: string;
  vnetName?: string;
  // GCP
  gcpProjectId?: string;
  networkName?: string;
}

export const networkErrors = {
  containerNotFound: (id: string) => new ApiError(404, 'CLOUD_PROVIDER_CONTAINER_NOT_FOUND', `No container with ID ${id} exists.`, [id]),
  peerNotFound: (id: string) => new ApiError(404, 'PEER_NOT_FOUND', `No peer with ID ${id} exists.`, [id]),
  containerExists: (provider: string, region: string) =>
    new ApiError(409, 'CONTAINER_ALREADY_EXISTS', `A container already exists for ${provider} in ${region}.`, [provider, region]),
  containerInUse: (id: string) =>
    new ApiError(409, 'CONTAINERS_IN_USE', `Container ${id} is in use by clusters or network peering connections and cannot be changed or deleted.`, [id]),
  invalidCidr: (cidr: string, why: string) => new ApiError(400, 'INVALID_CIDR_BLOCK', `Invalid CIDR block ${cidr}: ${why}.`, [cidr]),
  cidrOverlap: (cidr: string, other: string) =>
    new ApiError(409, 'CIDR_BLOCK_OVERLAPS', `CIDR block ${cidr} overlaps the CIDR block ${other} of another container in this project.`, [cidr, other]),
  providerMismatch: (provider: string, containerId: string) =>
    new ApiError(400, 'CLOUD_PROVIDER_MISMATCH', `Container ${containerId} does not belong to provider ${provider}.`, [provider, containerId]),
  peerExists: (id: string) => new ApiError(409, 'PEER_ALREADY_EXISTS', `Peer ${id} already connects this container to the same network.`, [id]),
  peerDeleting: (id: string) => new ApiError(409, 'PEER_ALREADY_REQUESTED_DELETION', `Peer ${id} has already been requested for deletion.`, [id]),
};

export const saveContainer = (tx: Tx, c: ContainerDoc) => tx.put(CONTAINERS, c.id, c, { parent: c.groupId });
export const savePeer = (tx: Tx, p: PeerDoc) => tx.put(PEERS, p.id, p, { parent: p.groupId });
