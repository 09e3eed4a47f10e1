import { HookPoint } from '../../platform/hooks.js';
import type { Reader } from '../../platform/store/types.js';

/** What other resources need to know of a cluster. */
export interface ClusterRef {
  groupId: string;
  name: string;
  /** The cluster's id, for what is kept by id rather than by name (its backups). */
  id?: string;
}

/** In the delete-request transaction; a subscriber may throw an ApiError to refuse (e.g. a pipeline reads from it). */
export const clusterDeleting = new HookPoint<ClusterRef>('cluster.deleting');
/** In the transaction that finally removes the cluster. */
export const clusterDeleted = new HookPoint<ClusterRef>('cluster.deleted');

/** In the update transaction, when a change turns the cluster's backup on or off; a subscriber may throw an ApiError to refuse. */
export const clusterBackupChanging = new HookPoint<ClusterRef & { id: string; createDate: string; backupEnabled: boolean }>('cluster.backupChanging');

/** One line of the all-projects cluster list (listClusterDetails). */
export interface ClusterSummary {
  alertCount: number;
  authEnabled: boolean;
  availability: 'available' | 'dead' | 'unavailable' | 'warning';
  backupEnabled: boolean;
  clusterId: string;
  dataSizeBytes: number;
  name: string;
  nodeCount: number;
  sslEnabled: boolean;
  type: 'REPLICA_SET' | 'SHARDED_CLUSTER';
  versions: string[];
}

/** Deployments other families serve that Atlas lists among a project's clusters in the all-projects view. */
export const clusterSummaries = new HookPoint<{ groupId: string; summaries: ClusterSummary[] }, Reader>('cluster.summaries');

/** Where a dedicated cluster runs, whenever it is created or its regions change (networks follow it). */
export const clusterPlaced = new HookPoint<{ groupId: string; regions: { providerName: string; regionName: string }[] }>('cluster.placed');
