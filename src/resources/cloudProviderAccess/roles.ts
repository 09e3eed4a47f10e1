import { randomUUID } from 'node:crypto';
import { ApiError, errors } from '../../platform/errors.js';
import type { Actor } from '../../platform/events.js';
import { newObjectId, randomToken } from '../../platform/ids.js';
import type { Reader, Tx } from '../../platform/store/types.js';
import { isoSeconds } from '../../platform/time.js';
import { getProject } from '../projects/projects.js';
import { CLOUD_PROVIDER_ROLES } from './collections.js';
import { recordEvent } from './events.js';

// Cloud provider access: the identities Atlas uses to reach a customer's cloud
// account (export buckets, encryption keys). AWS roles are created by Atlas with
// its account and an external id, then authorized with the customer's role ARN;
// Azure service principals are registered as given; a Google Cloud service
// account is made by Atlas for the project.

export type Provider = 'AWS' | 'AZURE' | 'GCP';

export interface CloudRoleDoc {
  id: string;
  groupId: string;
  providerName: Provider;
  createdDate: number;
  /** AWS */
  atlasAWSAccountArn?: string;
  atlasAssumedRoleExternalId?: string;
  iamAssumedRoleArn?: string;
  authorizedDate?: number;
  /** AZURE */
  atlasAzureAppId?: string;
  servicePrincipalId?: string;
  tenantId?: string;
  lastUpdatedDate?: number;
  /** GCP */
  gcpServiceAccountForAtlas?: string;
  /** Features using the role: { featureType, featureId }. */
  featureUsages: { featureType: string; featureId?: unknown }[];
}

const AWS_ROLE_ARN = /^arn:aws(-[a-z]+)?:iam::\d{12}:role\/[\w+=,.@/-]{1,512}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const EVENT = { AWS: 'AWS_IAM_ROLE', AZURE: 'AZURE_SERVICE_PRINCIPAL', GCP: 'GCP_SERVICE_ACCOUNT' } as const;

export const roleNotFound = (roleId: string) =>
  new ApiError(404, 'CLOUD_PROVIDER_ACCESS_ROLE_NOT_FOUND', `No cloud provider access role with ID ${roleId} exists.`, [roleId]);

export async function getRole(r: Reader, groupId: string, roleId: string): Promise<CloudRoleDoc> {
  const role = await r.get<CloudRoleDoc>(CLOUD_PROVIDER_ROLES, roleId);
  if (!role || role.groupId !== groupId) throw roleNotFound(roleId);
  return role;
}

export async function listRoles(r: Reader, groupId: string): Promise<CloudRoleDoc[]> {
  await getProject(r, groupId);
  return (await r.list<CloudRoleDoc>(CLOUD_PROVIDER_ROLES, groupId)).items;
}

async function save(tx: Tx, role: CloudRoleDoc): Promise<void> {
  await tx.put(CLOUD_PROVIDER_ROLES, role.id, role, { parent: role.groupId });
}

async function record(tx: Tx, role: CloudRoleDoc, change: 'ADDED' | 'UPDATED' | 'DELETED', orgId: string, actor: Actor, at: number) {
  const type = `CLOUD_PROVIDER_ACCESS_${EVENT[role.providerName]}_${change}` as const;
  await recordEvent(tx, { type, at, actor, orgId, groupId: role.groupId, raw: { roleId: role.id } });
}

export interface NewRole {
  providerName: Provider;
  atlasAzureAppId?: string;
  servicePrincipalId?: string;
  tenantId?: string;
}

export async function createRole(tx: Tx, groupId: string, input: NewRole, actor: Actor, at: number): Promise<CloudRoleDoc> {
  const project = await getProject(tx, groupId);
  const role: CloudRoleDoc = { id: newObjectId(at), groupId, providerName: input.providerName, createdDate: at, featureUsages: [] };
  if (input.providerName === 'AWS') {
    // Atlas's own account, stable per project, and a fresh external id the customer's trust policy names.
    role.atlasAWSAccountArn = `arn:aws:iam::${String(parseInt(groupId.slice(-10), 16) % 1e12).padStart(12, '0')}:root`;
    role.atlasAssumedRoleExternalId = randomUUID();
  } else if (input.providerName === 'AZURE') {
    for (const k of ['atlasAzureAppId', 'servicePrincipalId', 'tenantId'] as const) {
      if (!input[k]) throw errors.missingAttribute(k);
      if (!UUID.test(input[k]!)) throw errors.invalidAttribute(k, 'a UUID');
    }
    const taken = (await listRoles(tx, groupId)).some(
      (r) => r.providerName === 'AZURE' && r.atlasAzureAppId === input.atlasAzureAppId && r.servicePrincipalId === input.servicePrincipalId && r.tenantId === input.tenantId,
    );
    if (taken) throw new ApiError(409, 'CLOUD_PROVIDER_ACCESS_ROLE_ALREADY_EXISTS', 'This Azure service principal is already registered in the project.', [groupId]);
    Object.assign(role, { atlasAzureAppId: input.atlasAzureAppId, servicePrincipalId: input.servicePrincipalId, tenantId: input.tenantId, lastUpdatedDate: at });
  } else {
    role.gcpServiceAccountForAtlas = `mongodb-atlas-${randomToken(16)}@p-${randomToken(24)}.iam.gserviceaccount.com`;
  }
  await save(tx, role);
  await record(tx, role, 'ADDED', project.orgId, actor, at);
  return role;
}

/** AWS: the customer's role ARN Atlas assumes from now on. Azure and Google Cloud need no authorization step. */
export async function authorizeRole(
  tx: Tx,
  groupId: string,
  roleId: string,
  input: { providerName: Provider; iamAssumedRoleArn?: string },
  actor: Actor,
  at: number,
): Promise<CloudRoleDoc> {
  const project = await getProject(tx, groupId);
  const role = await getRole(tx, groupId, roleId);
  if (input.providerName !== role.providerName) throw errors.invalidAttribute('providerName', `the role belongs to ${role.providerName}`);
  if (role.providerName === 'AWS') {
    if (!input.iamAssumedRoleArn) throw errors.missingAttribute('iamAssumedRoleArn');
    if (!AWS_ROLE_ARN.test(input.iamAssumedRoleArn)) throw errors.invalidAttribute('iamAssumedRoleArn', 'an IAM role ARN');
    role.iamAssumedRoleArn = input.iamAssumedRoleArn;
    role.authorizedDate = at;
  }
  await save(tx, role);
  await record(tx, role, 'UPDATED', project.orgId, actor, at);
  return role;
}

export async function deauthorizeRole(tx: Tx, groupId: string, provider: string, roleId: string, actor: Actor, at: number): Promise<void> {
  const project = await getProject(tx, groupId);
  const role = await getRole(tx, groupId, roleId);
  if (role.providerName !== provider) throw roleNotFound(roleId);
  if (role.featureUsages.length) {
    throw new ApiError(409, 'CLOUD_PROVIDER_ACCESS_ROLE_IN_USE', `Role ${roleId} is in use by ${role.featureUsages.map((f) => f.featureType).join(', ')}.`, [roleId]);
  }
  await tx.delete(CLOUD_PROVIDER_ROLES, roleId);
  await record(tx, role, 'DELETED', project.orgId, actor, at);
}

/** An AWS role ready for use (authorized), or Atlas's error; for features that assume a role. */
export async function usableRole(r: Reader, groupId: string, roleId: string, provider: Provider): Promise<CloudRoleDoc> {
  const role = await getRole(r, groupId, roleId);
  if (role.providerName !== provider) throw errors.invalidAttribute('roleId', `not a ${provider} role`);
  if (provider === 'AWS' && !role.iamAssumedRoleArn) {
    throw new ApiError(400, 'CLOUD_PROVIDER_ACCESS_ROLE_NOT_AUTHORIZED', `Role ${roleId} is not authorized yet.`, [roleId]);
  }
  return role;
}

/** Marks (or unmarks) a role as used by a feature, so that it cannot be deauthorized while in use. */
export async function setFeatureUsage(tx: Tx, role: CloudRoleDoc, featureType: string, featureId: unknown, used: boolean): Promise<void> {
  role.featureUsages = role.featureUsages.filter((f) => f.featureType !== featureType || JSON.stringify(f.featureId) !== JSON.stringify(featureId));
  if (used) role.featureUsages.push({ featureType, featureId });
  await save(tx, role);
}

export function roleView(role: CloudRoleDoc) {
  const common = { createdDate: isoSeconds(role.createdDate), featureUsages: role.featureUsages, providerName: role.providerName };
  if (role.providerName === 'AWS') {
    return {
      ...common,
      atlasAWSAccountArn: role.atlasAWSAccountArn,
      atlasAssumedRoleExternalId: role.atlasAssumedRoleExternalId,
      authorizedDate: role.authorizedDate === undefined ? undefined : isoSeconds(role.authorizedDate),
      iamAssumedRoleArn: role.iamAssumedRoleArn,
      roleId: role.id,
    };
  }
  if (role.providerName === 'AZURE') {
    return {
      ...common,
      _id: role.id,
      atlasAzureAppId: role.atlasAzureAppId,
      lastUpdatedDate: isoSeconds(role.lastUpdatedDate ?? role.createdDate),
      servicePrincipalId: role.servicePrincipalId,
      tenantId: role.tenantId,
    };
  }
  return { ...common, gcpServiceAccountForAtlas: role.gcpServiceAccountForAtlas, roleId: role.id, status: 'COMPLETE' };
}
