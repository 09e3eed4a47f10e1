// This resource's collections in the document store.
export const SERVERLESS_INSTANCES = 'serverlessInstances';
export const SERVERLESS_SNAPSHOTS = 'serverlessSnapshots';
