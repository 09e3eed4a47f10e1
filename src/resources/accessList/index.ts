import type { Resource } from '../../platform/resource.js';
import { defineLifecycle } from '../../platform/sim/lifecycle.js';
import type { Timer } from '../../platform/store/types.js';
import { ACTIVATION_STEP, dropProjectAccessList, expireEntry } from './accessList.js';
import { ACCESS_LIST } from './collections.js';
import { EVENT_TYPES } from './events.js';
import { operations } from './operations.js';

export const accessList: Resource = {
  name: 'accessList',
  operations,
  collections: [ACCESS_LIST],
  eventTypes: EVENT_TYPES,
  lifecycles: [
    // An entry is PENDING for the activation step (read off its activeAt), and a temporary one expires.
    defineLifecycle<Timer, 'expire'>({
      name: 'accessList',
      load: async (_cmd, timer) => timer,
      durations: { [ACTIVATION_STEP]: 3000 },
      transitions: { expire: { records: ['NETWORK_PERMISSION_ENTRY_REMOVED'], run: ({ tx }, t) => expireEntry(tx, t) } },
    }),
  ],
  subscribes: [dropProjectAccessList],
};
