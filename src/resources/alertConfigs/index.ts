import type { Resource } from '../../platform/resource.js';
import { createDefaultsForNewProject, dropProjectAlertConfigs } from './defaults.js';
import { ALERT_CONFIGS } from './collections.js';
import { EVENT_TYPES } from './events.js';
import { operations } from './operations.js';

export const alertConfigs: Resource = {
  name: 'alertConfigs',
  operations,
  collections: [ALERT_CONFIGS],
  eventTypes: EVENT_TYPES,
  subscribes: [createDefaultsForNewProject, dropProjectAlertConfigs],
};
