import type { Reader } from '../../platform/store/types.js';
import { ApiError, errors } from '../../platform/errors.js';
import { deploymentKind } from '../../platform/deployments.js';
import { isAdminOnlyRole, isBuiltInRole, isRestrictedRole, roleErrors, takesCollection } from '../customDbRoles/builtinRoles.js';
import { findCustomRole } from '../customDbRoles/customRoles.js';

// Atlas's rules for a database user: one way to authenticate, the database
// that way lives in, the username form it takes, and the roles and scopes granted.

export type AuthKind = 'SCRAM' | 'X509_MANAGED' | 'X509_CUSTOMER' | 'AWS_USER' | 'AWS_ROLE' | 'LDAP_USER' | 'LDAP_GROUP' | 'OIDC_GROUP' | 'OIDC_USER';

export interface AuthTypes {
  awsIAMType: 'NONE' | 'USER' | 'ROLE';
  ldapAuthType: 'NONE' | 'GROUP' | 'USER';
  oidcAuthType: 'NONE' | 'IDP_GROUP' | 'USER';
  x509Type: 'NONE' | 'CUSTOMER' | 'MANAGED';
}

export interface UserRole {
  roleName: string;
  databaseName: string;
  collectionName?: string;
}

export interface UserScope {
  name: string;
  type: 'CLUSTER' | 'DATA_LAKE' | 'STREAM';
}

const invalidAuth = (why: string) => new ApiError(400, 'ATLAS_INVALID_AUTH_SETTINGS', `Invalid authentication settings. ${why}.`, [why]);

/** The one way this user authenticates; Atlas refuses more than one. */
export function authKind(t: AuthTypes): AuthKind {
  const set = [
    t.x509Type !== 'NONE' && 'X.509',
    t.ldapAuthType !== 'NONE' && 'LDAP',
    t.awsIAMType !== 'NONE' && 'AWS IAM',
    t.oidcAuthType !== 'NONE' && 'OIDC',
  ].filter((x): x is string => Boolean(x));
  if (set.length > 1) {
    if (set[0] === 'X.509' && set[1] === 'LDAP') {
      throw new ApiError(400, 'ATLAS_X509_USER_CANNOT_USE_LDAP', 'Users cannot be configured for X.509 and LDAP authentication.');
    }
    throw invalidAuth(`Users cannot be configured for ${set.join(' and ')} authentication`);
  }
  if (t.x509Type !== 'NONE') return t.x509Type === 'MANAGED' ? 'X509_MANAGED' : 'X509_CUSTOMER';
  if (t.ldapAuthType !== 'NONE') return t.ldapAuthType === 'USER' ? 'LDAP_USER' : 'LDAP_GROUP';
  if (t.awsIAMType !== 'NONE') return t.awsIAMType === 'USER' ? 'AWS_USER' : 'AWS_ROLE';
  if (t.oidcAuthType !== 'NONE') return t.oidcAuthType === 'USER' ? 'OIDC_USER' : 'OIDC_GROUP';
  return 'SCRAM';
}

// SCRAM users, LDAP groups and OIDC IdP groups live in admin; every other kind is external.
const IN_ADMIN: Partial<Record<AuthKind, string>> = {
  SCRAM: 'SCRAM users',
  LDAP_GROUP: 'LDAP groups',
  OIDC_GROUP: 'OIDC IdP groups',
};

export function checkDatabase(kind: AuthKind, databaseName: string): void {
  const admin = IN_ADMIN[kind];
  if (admin && databaseName !== 'admin') {
    throw new ApiError(400, 'DATABASE_NAME_INVALID_ADMIN', `Database name invalid. ${admin} can only be created on the admin database.`, [admin]);
  }
  if (!admin && databaseName !== '$external') {
    throw new ApiError(
      400,
      'DATABASE_NAME_INVALID_EXTERNAL',
      'Database name invalid. Externally authenticated users can only be created on the $external database.',
    );
  }
}

// RFC 2253: attribute=value pairs separated by commas, escapes allowed in values.
const DN = /^[A-Za-z][A-Za-z0-9-]*=(?:[^,=+\\]|\\.)+(?:\s*[,+]\s*[A-Za-z][A-Za-z0-9-]*=(?:[^,=+\\]|\\.)+)*$/;
const AWS_ARN = { AWS_USER: /^arn:aws(-[a-z]+)*:iam::\d{12}:user\/[\w+=,.@/-]+$/, AWS_ROLE: /^arn:aws(-[a-z]+)*:iam::\d{12}:role\/[\w+=,.@/-]+$/ };
const OIDC_NAME = /^[a-f0-9]{24}\/.+$/;

const invalidUsername = (username: string) =>
  new ApiError(400, 'ATLAS_INVALID_USERNAME', `The specified username ${username} is not valid for an Atlas database user.`, [username]);

export function checkUsername(kind: AuthKind, username: string): void {
  switch (kind) {
    case 'SCRAM':
      if (username.trim() === '' || username !== username.trim()) {
        throw new ApiError(400, 'INVALID_MONGODB_USERNAME', `The username ${username} is not a valid MongoDB login.`, [username]);
      }
      return;
    case 'X509_MANAGED':
      // A plain name, or CN=<name> with no other attribute: the certificate's subject is CN=<name>.
      if (username === '' || (/[=,+]/.test(username) && !/^CN=[^=,+]+$/.test(username))) {
        throw new ApiError(
          400,
          'ATLAS_MANAGED_X509_NAME_INVALID',
          `The username ${username} is invalid for Atlas-managed X.509 user auth. These usernames must take the form CN=<username> with no additional OIDs.`,
          [username],
        );
      }
      return;
    case 'X509_CUSTOMER':
    case 'LDAP_USER':
    case 'LDAP_GROUP':
      if (!DN.test(username)) {
        throw new ApiError(
          400,
          'ATLAS_INVALID_LDAP_NAME',
          `The distinguished name specified in the username field, ${username}, is not valid according to RFC 2253.`,
          [username],
        );
      }
      return;
    case 'AWS_USER':
    case 'AWS_ROLE':
      if (!AWS_ARN[kind].test(username)) throw invalidUsername(username);
      return;
    case 'OIDC_GROUP':
    case 'OIDC_USER':
      if (!OIDC_NAME.test(username)) throw invalidUsername(username);
      return;
  }
}

/** Only SCRAM users have passwords, and they must. */
export function checkPassword(kind: AuthKind, password: string | undefined, creating: boolean): void {
  if (kind === 'SCRAM') {
    if (creating && password === undefined) throw errors.missingAttribute('password');
    return;
  }
  if (password === undefined) return;
  if (kind === 'X509_MANAGED' || kind === 'X509_CUSTOMER') {
    throw new ApiError(400, 'ATLAS_X509_USER_CANNOT_USE_SCRAM', 'Users cannot be configured for SCRAM and X.509 authentication.');
  }
  throw invalidAuth('Only SCRAM users have a password');
}

export async function checkRoles(r: Reader, groupId: string, username: string, roles: UserRole[]): Promise<UserRole[]> {
  const seen = new Set<string>();
  const out: UserRole[] = [];
  for (const role of roles) {
    const { roleName, databaseName, collectionName } = role;
    const where = `${roleName}@${databaseName}${collectionName ? `.${collectionName}` : ''}`;
    if (seen.has(where)) {
      throw new ApiError(400, 'DUPLICATE_DATABASE_ROLES', `Duplicate database roles specified for user ${username}: ${where}.`, [username, where]);
    }
    seen.add(where);
    if (isRestrictedRole(roleName)) throw roleErrors.restrictedRole(roleName, databaseName);
    if (isBuiltInRole(roleName)) {
      if (isAdminOnlyRole(roleName) && databaseName !== 'admin') throw roleErrors.invalidRoleDatabase(roleName, 'admin');
      if (databaseName === '') throw roleErrors.invalidRole(roleName, databaseName);
    } else if (await findCustomRole(r, groupId, roleName)) {
      if (databaseName !== 'admin') throw roleErrors.invalidRoleDatabase(roleName, 'admin');
    } else {
      throw roleErrors.invalidRole(roleName, databaseName);
    }
    if (collectionName !== undefined && collectionName !== '') {
      if (!takesCollection(roleName)) throw errors.invalidAttribute('roles.collectionName', `${roleName} is granted on whole databases only`);
      if (collectionName.startsWith('system.')) throw roleErrors.restrictedCollection(collectionName, roleName, databaseName);
      out.push({ roleName, databaseName, collectionName });
    } else out.push({ roleName, databaseName });
  }
  return out;
}

const scopeMissing = (s: UserScope, groupId: string) =>
  s.type === 'CLUSTER'
    ? new ApiError(404, 'CLUSTER_NOT_FOUND', `No cluster named ${s.name} exists in group ${groupId}.`, [s.name, groupId])
    : s.type === 'DATA_LAKE'
      ? new ApiError(404, 'DATA_LAKE_TENANT_NOT_FOUND_FOR_NAME', `Data Lake tenant for project ${groupId} and name ${s.name} not found.`, [groupId, s.name])
      : errors.resourceNotFound(`stream instance ${s.name}`);

/** Scopes name deployments of the project (clusters of any kind, serverless instances); this server runs no data lakes or stream instances. */
export async function checkScopes(r: Reader, groupId: string, scopes: UserScope[]): Promise<UserScope[]> {
  const out = new Map<string, UserScope>();
  for (const s of scopes) {
    const exists = s.type === 'CLUSTER' && (await deploymentKind(r, groupId, s.name)) !== undefined;
    if (!exists) throw scopeMissing(s, groupId);
    out.set(`${s.type}:${s.name}`, { name: s.name, type: s.type });
  }
  return [...out.values()];
}
