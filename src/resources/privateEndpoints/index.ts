import type { Resource } from '../../platform/resource.js';
import { PRIVATE_ENDPOINT_SERVICES, PRIVATE_ENDPOINTS } from './collections.js';
import { privateEndpointControl } from './control.js';
import { EVENT_TYPES } from './events.js';
import { dropProjectServices, endpointLifecycle, serviceLifecycle } from './lifecycle.js';
import { operations } from './operations.js';

export const privateEndpoints: Resource = {
  name: 'privateEndpoints',
  operations,
  collections: [PRIVATE_ENDPOINT_SERVICES, PRIVATE_ENDPOINTS],
  eventTypes: EVENT_TYPES,
  lifecycles: [serviceLifecycle, endpointLifecycle],
  subscribes: [dropProjectServices],
  control: privateEndpointControl,
};
