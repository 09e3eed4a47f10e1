import type { Resource } from '../../platform/resource.js';
import { operations as certOperations } from './certOperations.js';
import { DATABASE_USERS, USER_CERTS, USER_SECURITY } from './collections.js';
import { EVENT_TYPES } from './events.js';
import { operations } from './operations.js';
import { operations as securityOperations } from './securityOperations.js';
import { dropDeletedRole, dropProjectUsers, expireUser } from './users.js';
import { defineLifecycle } from '../../platform/sim/lifecycle.js';
import type { Timer } from '../../platform/store/types.js';

export const databaseUsers: Resource = {
  name: 'databaseUsers',
  operations: [...operations, ...certOperations, ...securityOperations],
  collections: [DATABASE_USERS, USER_CERTS, USER_SECURITY],
  eventTypes: EVENT_TYPES,
  lifecycles: [
    // A temporary user goes when the clock passes its deleteAfterDate.
    defineLifecycle<Timer, 'expire'>({
      name: 'databaseUser',
      load: async (_cmd, timer) => timer,
      transitions: { expire: { records: ['MONGODB_USER_DELETED'], run: ({ tx }, t) => expireUser(tx, t) } },
    }),
  ],
  subscribes: [dropDeletedRole, dropProjectUsers],
};
