// This resource's collections in the document store.
export const FLEX_CLUSTERS = 'flexClusters';
export const FLEX_SNAPSHOTS = 'flexSnapshots';
export const FLEX_RESTORE_JOBS = 'flexRestoreJobs';
