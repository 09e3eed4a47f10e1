import type { Tx } from '../platform/store/types.js';
import type { ProjectDoc } from '../resources/projects/projects.js';

// Resources that hang off others register here, so that the owner's code does
// not need to know each of them.
type ProjectHook = (tx: Tx, project: ProjectDoc, at: number) => Promise<void>;

export const projectHooks = {
  /** Runs in the create transaction (e.g. default alert configurations). */
  onCreate: [] as ProjectHook[],
  /** May throw an ApiError to refuse the delete (e.g. resources still running). */
  beforeDelete: [] as ProjectHook[],
  /** Runs in the delete transaction to drop what belonged to the project. */
  onDelete: [] as ProjectHook[],
};

/** What other modules need to know of a cluster (see COLLECTIONS.clusters). */
export interface ClusterRef {
  groupId: string;
  name: string;
}

type ClusterHook = (tx: Tx, cluster: ClusterRef, at: number) => Promise<void>;

export const clusterHooks = {
  /** Runs in the delete-request transaction; may throw an ApiError to refuse (e.g. a pipeline reads from it). */
  beforeDelete: [] as ClusterHook[],
  /** Runs in the transaction that finally removes the cluster. */
  onDeleted: [] as ClusterHook[],
};
