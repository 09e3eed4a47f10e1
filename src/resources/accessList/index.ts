import type { Resource } from '../../platform/resource.js';
import { ACTIVATION_STEP, dropProjectAccessList, registerAccessListExpiry } from './accessList.js';
import { ACCESS_LIST } from './collections.js';
import { EVENT_TYPES } from './events.js';
import { operations } from './operations.js';

export const accessList: Resource = {
  name: 'accessList',
  operations,
  collections: [ACCESS_LIST],
  eventTypes: EVENT_TYPES,
  lifecycleSteps: { [ACTIVATION_STEP]: 3000 },
  timers: registerAccessListExpiry,
  subscribes: [dropProjectAccessList],
};
