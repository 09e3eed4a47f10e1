import { HookPoint } from '../../platform/hooks.js';
import type { ProjectDoc } from './model.js';

// Moments of a project's life that resources hanging off projects act on.

/** In the create transaction (e.g. default alert configurations). */
export const projectCreated = new HookPoint<ProjectDoc>('project.created');
/** Before a delete; a subscriber may throw an ApiError to refuse it. */
export const projectDeleting = new HookPoint<ProjectDoc>('project.deleting');
/** In the delete transaction, to drop what belonged to the project. */
export const projectDeleted = new HookPoint<ProjectDoc>('project.deleted');
