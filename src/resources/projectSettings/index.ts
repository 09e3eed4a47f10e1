import type { Resource } from '../../platform/resource.js';
import { adminOperations } from './adminOperations.js';
import { GROUP_LIMITS, GROUP_SETTINGS, PROJECT_SETTINGS } from './collections.js';
import { EVENT_TYPES } from './events.js';
import { operations } from './operations.js';
import { dropProjectSettings } from './projectSettings.js';

export const projectSettings: Resource = {
  name: 'projectSettings',
  operations: [...operations, ...adminOperations],
  collections: [PROJECT_SETTINGS, GROUP_SETTINGS, GROUP_LIMITS],
  eventTypes: EVENT_TYPES,
  subscribes: [dropProjectSettings],
};
