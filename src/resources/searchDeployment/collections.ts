// This resource's collections in the document store.
/** Search nodes of a cluster, one document per cluster; parent = project. */
export const SEARCH_DEPLOYMENTS = 'searchDeployments';
