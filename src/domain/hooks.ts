import type { Tx } from '../store/types.js';
import type { ProjectDoc } from './projects.js';

// Other resources hang off projects; they register here instead of the project
// code knowing each of them.
type ProjectHook = (tx: Tx, project: ProjectDoc, at: number) => Promise<void>;

export const projectHooks = {
  /** Runs in the create transaction (e.g. default alert configurations). */
  onCreate: [] as ProjectHook[],
  /** May throw an ApiError to refuse the delete (e.g. resources still running). */
  beforeDelete: [] as ProjectHook[],
  /** Runs in the delete transaction to drop what belonged to the project. */
  onDelete: [] as ProjectHook[],
};
