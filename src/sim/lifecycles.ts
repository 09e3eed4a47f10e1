import { registerClusterLifecycles } from '../domain/clusters.js';
import { registerServerlessLifecycle } from '../domain/serverless.js';
import { registerPipelineLifecycles } from '../domain/pipelines.js';
import { registerPrivateEndpointLifecycles } from '../domain/privateEndpoints.js';
import { registerSampleDataTimers } from '../domain/monitoring/sampleData.js';
import type { Services } from '../services.js';

// Each resource module that runs on the clock registers its timer handlers here.
type LifecycleModule = (services: Services) => void;

const MODULES: LifecycleModule[] = [
  registerClusterLifecycles,
  registerServerlessLifecycle,
  registerPipelineLifecycles,
  registerPrivateEndpointLifecycles,
  registerSampleDataTimers,
];

export function registerLifecycles(services: Services): void {
  for (const register of MODULES) register(services);
}
