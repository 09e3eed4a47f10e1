import { on } from '../../platform/hooks.js';
import type { Resource } from '../../platform/resource.js';
import { projectDeleted } from '../projects/hooks.js';
import { CLOUD_PROVIDER_ROLES } from './collections.js';
import { EVENT_TYPES } from './events.js';
import { operations } from './operations.js';

export const cloudProviderAccess: Resource = {
  name: 'cloudProviderAccess',
  operations,
  collections: [CLOUD_PROVIDER_ROLES],
  eventTypes: EVENT_TYPES,
  subscribes: [on(projectDeleted, (tx, project) => tx.deleteChildren(CLOUD_PROVIDER_ROLES, project.id).then(() => undefined))],
};
