import type { Resource } from '../../platform/resource.js';
import { CUSTOM_DB_ROLES } from './collections.js';
import { dropProjectCustomRoles } from './customRoles.js';
import { EVENT_TYPES } from './events.js';
import { operations } from './operations.js';

export const customDbRoles: Resource = {
  name: 'customDbRoles',
  operations,
  collections: [CUSTOM_DB_ROLES],
  eventTypes: EVENT_TYPES,
  subscribes: [dropProjectCustomRoles],
};
