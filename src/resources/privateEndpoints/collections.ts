// This resource's collections in the document store.
export const PRIVATE_ENDPOINT_SERVICES = 'privateEndpointServices';
export const PRIVATE_ENDPOINTS = 'privateEndpoints';
