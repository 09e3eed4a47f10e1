// This resource's collections in the document store.
/** Atlas Search and Vector Search indexes; parent = `<groupId>/<clusterName>`. */
export const SEARCH_INDEXES = 'searchIndexes';
