import type { Resource } from '../../platform/resource.js';
import { operations as certOperations } from './certOperations.js';
import { DATABASE_USERS, USER_CERTS, USER_SECURITY } from './collections.js';
import { EVENT_TYPES } from './events.js';
import { operations } from './operations.js';
import { operations as securityOperations } from './securityOperations.js';
import { dropDeletedRole, dropProjectUsers, registerUserExpiry } from './users.js';

export const databaseUsers: Resource = {
  name: 'databaseUsers',
  operations: [...operations, ...certOperations, ...securityOperations],
  collections: [DATABASE_USERS, USER_CERTS, USER_SECURITY],
  eventTypes: EVENT_TYPES,
  timers: registerUserExpiry,
  subscribes: [dropDeletedRole, dropProjectUsers],
};
