// This resource's collections in the document store.
export const DATABASE_USERS = 'databaseUsers';
/** Atlas-managed X.509 certificates of users (parent: the user's key). */
export const USER_CERTS = 'databaseUserCerts';
/** Each project's certificate authority for managed X.509 users, and its customer CA settings. */
export const USER_SECURITY = 'databaseUserSecurity';
