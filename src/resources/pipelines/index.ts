import type { Resource } from '../../platform/resource.js';
import { PIPELINE_RUNS, PIPELINES } from './collections.js';
import { EVENT_TYPES } from './events.js';
import { operations } from './operations.js';
import { dropProjectPipelines, refuseDeletingReadCluster, registerPipelineLifecycles } from './pipelines.js';

export const pipelines: Resource = {
  name: 'pipelines',
  operations,
  collections: [PIPELINES, PIPELINE_RUNS],
  eventTypes: EVENT_TYPES,
  lifecycleSteps: { 'pipeline.run': 5000 },
  timers: registerPipelineLifecycles,
  subscribes: [refuseDeletingReadCluster, dropProjectPipelines],
};
