// This resource's collections in the document store.
export const CUSTOM_DB_ROLES = 'customDbRoles';
