// This resource's collections in the document store.
export const CLUSTER_DATABASES = 'clusterDatabases';
export const METRIC_OVERRIDES = 'metricOverrides';
export const SAMPLE_DATASET_LOADS = 'sampleDatasetLoads';
