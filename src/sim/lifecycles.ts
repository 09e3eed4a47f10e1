import { registerClusterLifecycles } from '../resources/clusters/clusters.js';
import { registerServerlessLifecycle } from '../resources/serverless/serverless.js';
import { registerPipelineLifecycles } from '../resources/pipelines/pipelines.js';
import { registerPrivateEndpointLifecycles } from '../resources/privateEndpoints/privateEndpoints.js';
import { registerSampleDataTimers } from '../resources/monitoring/sampleData.js';
import type { Services } from '../platform/services.js';

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
