// This resource's collections in the document store.
/** One document per project and integration type. */
export const INTEGRATIONS = 'integrations';
