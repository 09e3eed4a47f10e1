// This resource's collections in the document store.
/** The project's key management configuration, one document per project once changed. */
export const ENCRYPTION_AT_REST = 'encryptionAtRest';
/** Private endpoints to a key service, parent = project. */
export const EAR_PRIVATE_ENDPOINTS = 'earPrivateEndpoints';
