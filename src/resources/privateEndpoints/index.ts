import type { Resource } from '../../platform/resource.js';
import { PRIVATE_ENDPOINT_SERVICES, PRIVATE_ENDPOINTS } from './collections.js';
import { privateEndpointControl } from './control.js';
import { EVENT_TYPES } from './events.js';
import { operations } from './operations.js';
import { dropProjectServices, registerPrivateEndpointLifecycles } from './privateEndpoints.js';

export const privateEndpoints: Resource = {
  name: 'privateEndpoints',
  operations,
  collections: [PRIVATE_ENDPOINT_SERVICES, PRIVATE_ENDPOINTS],
  eventTypes: EVENT_TYPES,
  lifecycleSteps: {
    'privateEndpointService.create': 3000,
    'privateEndpointService.delete': 2000,
    'privateEndpoint.create': 3000,
    'privateEndpoint.delete': 2000,
  },
  timers: registerPrivateEndpointLifecycles,
  subscribes: [dropProjectServices],
  control: privateEndpointControl,
};
