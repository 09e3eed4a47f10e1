import { registerServerlessLifecycle } from '../domain/serverless.js';
import type { Services } from '../services.js';

// Each resource module that runs on the clock registers its timer handlers here.
type LifecycleModule = (services: Services) => void;

const MODULES: LifecycleModule[] = [registerServerlessLifecycle];

export function registerLifecycles(services: Services): void {
  for (const register of MODULES) register(services);
}
