import { API_KEYS } from '../../platform/credentials.js';
import type { Resource } from '../../platform/resource.js';
import { dropProjectAssignments } from './apiKeys.js';
import { EVENT_TYPES } from './events.js';
import { operations } from './operations.js';

export const apiKeys: Resource = {
  name: 'apiKeys',
  operations,
  collections: [API_KEYS],
  eventTypes: EVENT_TYPES,
  subscribes: [dropProjectAssignments],
};
