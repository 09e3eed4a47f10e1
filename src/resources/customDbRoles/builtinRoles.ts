import { ApiError } from '../../platform/errors.js';

// The database roles Atlas lets users hold, and where each may be granted.

/** Built-in roles Atlas grants; the others MongoDB has are refused as restricted. */
export const BUILT_IN_ROLES = [
  'atlasAdmin',
  'backup',
  'clusterMonitor',
  'dbAdmin',
  'dbAdminAnyDatabase',
  'enableSharding',
  'read',
  'readAnyDatabase',
  'readWrite',
  'readWriteAnyDatabase',
] as const;

// Cluster-wide roles: they exist only in the admin database.
const ADMIN_ONLY = new Set([
  'atlasAdmin',
  'backup',
  'clusterMonitor',
  'dbAdminAnyDatabase',
  'enableSharding',
  'readAnyDatabase',
  'readWriteAnyDatabase',
]);

// MongoDB roles Atlas keeps to itself.
const RESTRICTED = new Set([
  '__system',
  'clusterAdmin',
  'clusterManager',
  'dbOwner',
  'hostManager',
  'restore',
  'root',
  'userAdmin',
  'userAdminAnyDatabase',
  'directShardOperations',
  'searchCoordinator',
]);

/** Roles granted on one collection: only the plain read and write roles. */
const COLLECTION_ROLES = new Set(['read', 'readWrite']);

export const isBuiltInRole = (name: string) => (BUILT_IN_ROLES as readonly string[]).includes(name);
export const isRestrictedRole = (name: string) => RESTRICTED.has(name);
export const isAdminOnlyRole = (name: string) => ADMIN_ONLY.has(name);
export const takesCollection = (name: string) => COLLECTION_ROLES.has(name);

export const roleErrors = {
  invalidRole: (role: string, db: string) =>
    new ApiError(400, 'ATLAS_INVALID_ROLE', `The specified role ${role}@${db} does not exist.`, [role, db]),
  invalidRoleDatabase: (role: string, db: string) =>
    new ApiError(400, 'ATLAS_INVALID_ROLE_DATABASE', `The specified role ${role} only exists for database ${db}.`, [role, db]),
  restrictedRole: (role: string, db: string) =>
    new ApiError(400, 'ATLAS_RESTRICTED_ROLE', `The specified role ${role}@${db} is restricted.`, [role, db]),
  restrictedCollection: (collection: string, role: string, db: string) =>
    new ApiError(
      400,
      'ATLAS_RESTRICTED_COLLECTION',
      `The specified collection ${collection} for the role ${role}@${db} is restricted.`,
      [collection, role, db],
    ),
};
