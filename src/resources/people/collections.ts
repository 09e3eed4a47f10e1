// This resource's collections in the document store.
/** MongoDB Cloud users, across organizations; unique by username. */
export const CLOUD_USERS = 'cloudUsers';
/** One per user and organization: roles, project roles, and the invitation while pending. */
export const ORG_MEMBERSHIPS = 'orgMemberships';
/** Teams of an organization, unique by name within it. */
export const TEAMS = 'teams';
