import { REVOKED_TOKENS, SERVICE_ACCOUNTS } from '../../platform/credentials.js';
import type { Resource } from '../../platform/resource.js';
import { EVENT_TYPES } from './events.js';
import { operations } from './operations.js';
import { dropProjectAssignments } from './serviceAccounts.js';

export const serviceAccounts: Resource = {
  name: 'serviceAccounts',
  operations,
  collections: [SERVICE_ACCOUNTS, REVOKED_TOKENS],
  eventTypes: EVENT_TYPES,
  subscribes: [dropProjectAssignments],
};
