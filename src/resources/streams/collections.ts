// This resource's collections in the document store.
/** Stream processing workspaces (Atlas's "tenants"); parent = project, name unique. */
export const STREAM_WORKSPACES = 'streamWorkspaces';
/** Connections of a workspace; parent = `<groupId>/<workspace>`, name unique. */
export const STREAM_CONNECTIONS = 'streamConnections';
/** Processors of a workspace; parent = `<groupId>/<workspace>`, name unique. */
export const STREAM_PROCESSORS = 'streamProcessors';
/** PrivateLink connections for stream processing; parent = project. */
export const STREAM_PRIVATE_LINKS = 'streamPrivateLinks';
