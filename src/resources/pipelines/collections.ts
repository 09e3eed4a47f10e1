// This resource's collections in the document store.
export const PIPELINES = 'pipelines';
export const PIPELINE_RUNS = 'pipelineRuns';
