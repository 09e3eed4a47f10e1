import { on } from '../../platform/hooks.js';
import type { Resource } from '../../platform/resource.js';
import { projectDeleted } from '../projects/hooks.js';
import { INTEGRATIONS } from './collections.js';
import { operations } from './operations.js';

export const integrations: Resource = {
  name: 'integrations',
  operations,
  collections: [INTEGRATIONS],
  eventTypes: {},
  subscribes: [on(projectDeleted, (tx, project) => tx.deleteChildren(INTEGRATIONS, project.id).then(() => undefined))],
};
