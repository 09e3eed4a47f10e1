// This resource's collections in the document store.
/** Network peering containers (one VPC, VNet or VPC network per provider and region). */
export const CONTAINERS = 'networkContainers';
/** Network peering connections between a container and a customer network. */
export const PEERS = 'networkPeers';
