import type { Resource } from '../../platform/resource.js';
import { ORGS } from '../../platform/tenancy.js';
import { adminOperations } from './adminOperations.js';
import { ORG_SETTINGS } from './collections.js';
import { EVENT_TYPES } from './events.js';
import { operations } from './operations.js';

export const organizations: Resource = {
  name: 'organizations',
  operations: [...operations, ...adminOperations],
  collections: [ORGS, ORG_SETTINGS],
  eventTypes: EVENT_TYPES,
};
