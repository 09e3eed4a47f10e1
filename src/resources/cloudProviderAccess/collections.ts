// This resource's collections in the document store.
/** Roles (AWS IAM roles, Azure service principals, Google Cloud service accounts), parent = project. */
export const CLOUD_PROVIDER_ROLES = 'cloudProviderRoles';
