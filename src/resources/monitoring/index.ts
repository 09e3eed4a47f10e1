import type { Resource } from '../../platform/resource.js';
import { CLUSTER_DATABASES, METRIC_OVERRIDES, SAMPLE_DATASET_LOADS } from './collections.js';
import { monitoringControl } from './control.js';
import { EVENT_TYPES } from './events.js';
import { dropMonitoringOfDeletedCluster, operations } from './operations.js';
import { sampleLoadLifecycle } from './sampleData.js';

export const monitoring: Resource = {
  name: 'monitoring',
  operations,
  collections: [CLUSTER_DATABASES, METRIC_OVERRIDES, SAMPLE_DATASET_LOADS],
  eventTypes: EVENT_TYPES,
  lifecycles: [sampleLoadLifecycle],
  subscribes: [dropMonitoringOfDeletedCluster],
  control: monitoringControl,
};
