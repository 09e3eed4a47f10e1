import type { Services } from '../services.js';
import { registerPrivateEndpointLifecycles } from '../domain/privateEndpoints.js';

// Each resource module that runs on the clock registers its timer handlers here.
type LifecycleModule = (services: Services) => void;

const MODULES: LifecycleModule[] = [
  registerPrivateEndpointLifecycles,
];

export function registerLifecycles(services: Services): void {
  for (const register of MODULES) register(services);
}
