import type { Resource } from '../../platform/resource.js';
import { PROJECT_SETTINGS } from './collections.js';
import { EVENT_TYPES } from './events.js';
import { operations } from './operations.js';
import { dropProjectSettings } from './projectSettings.js';

export const projectSettings: Resource = {
  name: 'projectSettings',
  operations,
  collections: [PROJECT_SETTINGS],
  eventTypes: EVENT_TYPES,
  subscribes: [dropProjectSettings],
};
