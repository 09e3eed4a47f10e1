import type { Resource } from '../../platform/resource.js';
import { PIPELINE_RUNS, PIPELINES } from './collections.js';
import { EVENT_TYPES } from './events.js';
import { operations } from './operations.js';
import { dropProjectPipelines, refuseDeletingReadCluster } from './pipelines.js';
import { pipelineLifecycle, pipelineRunLifecycle } from './runs.js';

export const pipelines: Resource = {
  name: 'pipelines',
  operations,
  collections: [PIPELINES, PIPELINE_RUNS],
  eventTypes: EVENT_TYPES,
  lifecycles: [pipelineRunLifecycle, pipelineLifecycle],
  subscribes: [refuseDeletingReadCluster, dropProjectPipelines],
};
