// Collection names in the document store, in one place so that modules that
// look into each other's resources (a project delete counting clusters) agree.
export const COLLECTIONS = {
  orgs: 'orgs',
  projects: 'projects',
  apiKeys: 'apiKeys',
  serviceAccounts: 'serviceAccounts',
  revokedTokens: 'revokedTokens',
  clusters: 'clusters',
  serverlessInstances: 'serverlessInstances',
  serverlessSnapshots: 'serverlessSnapshots',
  processes: 'processes',
  projectSettings: 'projectSettings',
  alertConfigs: 'alertConfigs',
  pipelines: 'pipelines',
  pipelineRuns: 'pipelineRuns',
  privateEndpointServices: 'privateEndpointServices',
  privateEndpoints: 'privateEndpoints',
  clusterDatabases: 'clusterDatabases',
  metricOverrides: 'metricOverrides',
  sampleDatasetLoads: 'sampleDatasetLoads',
} as const;
