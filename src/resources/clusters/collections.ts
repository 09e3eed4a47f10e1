// This resource's collections in the document store.
export const CLUSTERS = 'clusters';
export const PROCESSES = 'processes';
/** Each cluster's latest regional outage simulation (parent = groupId, name = cluster name). */
export const OUTAGE_SIMULATIONS = 'outageSimulations';
