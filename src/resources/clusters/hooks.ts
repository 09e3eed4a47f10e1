import { HookPoint } from '../../platform/hooks.js';

/** What other resources need to know of a cluster. */
export interface ClusterRef {
  groupId: string;
  name: string;
}

/** In the delete-request transaction; a subscriber may throw an ApiError to refuse (e.g. a pipeline reads from it). */
export const clusterDeleting = new HookPoint<ClusterRef>('cluster.deleting');
/** In the transaction that finally removes the cluster. */
export const clusterDeleted = new HookPoint<ClusterRef>('cluster.deleted');
