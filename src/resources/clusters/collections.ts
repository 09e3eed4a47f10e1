// This resource's collections in the document store.
export const CLUSTERS = 'clusters';
export const PROCESSES = 'processes';
