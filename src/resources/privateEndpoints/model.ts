import { derivedBytes } from '../../platform/derived.js';
import { ApiError } from '../../platform/errors.js';
import type { Reader, Tx } from '../../platform/store/types.js';
import type { CloudProvider } from '../clusters/regions.js';
import { PRIVATE_ENDPOINTS, PRIVATE_ENDPOINT_SERVICES } from './collections.js';

// Private endpoint services (one per provider and region in a project) and the
// interface endpoints users attach to them, each moving through its own
// lifecycle on the emulator clock.

export type ServiceStatus = 'INITIATING' | 'AVAILABLE' | 'FAILED' | 'DELETING';
export type EndpointStatus = 'INITIATING' | 'AVAILABLE' | 'FAILED' | 'DELETING';

export interface EndpointServiceDoc {
  id: string;
  groupId: string;
  orgId: string;
  cloudProvider: CloudProvider;
  /** Atlas's region name (US_EAST_1). */
  regionName: string;
  /** The provider's region name (us-east-1), which the generated names carry. */
  nativeRegion: string;
  /** GCP only: one service attachment instead of six. */
  portMappingEnabled: boolean;
  status: ServiceStatus;
  errorMessage: string | null;
  /** Set once provisioning succeeded; the provider's names exist from then on, deleting included. */
  provisioned: boolean;
  created: string;
}

export interface GcpForwardingRule {
  endpointName: string;
  ipAddress: string;
}

export interface PrivateEndpointDoc {
  id: string;
  /** What the user named it by: the AWS vpce id, the Azure resource id, the GCP endpoint group name. */
  endpointId: string;
  serviceId: string;
  groupId: string;
  orgId: string;
  cloudProvider: CloudProvider;
  status: EndpointStatus;
  errorMessage: string | null;
  deleteRequested: boolean;
  privateEndpointIPAddress?: string;
  gcpProjectId?: string;
  endpoints?: GcpForwardingRule[];
  created: string;
}

/** Faults armed through the control endpoints (taken with cmd.effects.takeFault): the next provisioning of that kind fails with this message. */
export const FAULTS = {
  service: 'privateEndpointService',
  endpoint: 'privateEndpoint',
} as const;

export interface ProvisioningFault {
  /** Reported as errorMessage; a message naming the resource when absent. */
  errorMessage?: string;
}


export const privateEndpointErrors = {
  serviceNotFound: (id: string) =>
    new ApiError(404, 'PRIVATE_ENDPOINT_SERVICE_NOT_FOUND', `Private endpoint service ${id} not found.`, [id]),
  alreadyExistsForRegion: (provider: CloudProvider, region: string) =>
    new ApiError(
      409,
      'PRIVATE_ENDPOINT_SERVICE_ALREADY_EXISTS_FOR_REGION',
      `A private endpoint service already exists for ${provider} region ${region}.`,
      [provider, region],
    ),
  endpointNotFound: (endpointId: string, serviceId: string) =>
    new ApiError(
      404,
      'PRIVATE_ENDPOINT_NOT_FOUND',
      `Private endpoint ${endpointId} not found in private endpoint service ${serviceId}.`,
      [endpointId, serviceId],
    ),
  endpointAlreadyExists: (endpointId: string, serviceId: string) =>
    new ApiError(
      409,
      'PRIVATE_ENDPOINT_ALREADY_EXISTS',
      `Private endpoint ${endpointId} already exists in private endpoint service ${serviceId}.`,
      [endpointId, serviceId],
    ),
  serviceNotAvailable: (serviceId: string, status: ServiceStatus) =>
    new ApiError(
      409,
      'PRIVATE_ENDPOINT_SERVICE_NOT_AVAILABLE',
      `Private endpoint service ${serviceId} is ${status}; endpoints can be added once it is AVAILABLE.`,
      [serviceId, status],
    ),
};

// ---- names the cloud provider would hand out, derived from the service id so they never change

function derivedHex(seed: string, length: number): string {
  return derivedBytes(seed).toString('hex').slice(0, length);
}

function derivedToken(seed: string, length: number): string {
  const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';
  const bytes = Buffer.concat([derivedBytes(seed), derivedBytes(`${seed}#`)]);
  let out = '';
  for (let i = 0; i < length; i++) out += alphabet[bytes[i]! % alphabet.length];
  return out;
}

function derivedUuid(seed: string): string {
  const h = derivedHex(seed, 32);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** com.amazonaws.vpce.<region>.vpce-svc-<17 hex> */
export function awsEndpointServiceName(s: EndpointServiceDoc): string {
  return `com.amazonaws.vpce.${s.nativeRegion}.vpce-svc-${derivedHex(`aws:${s.id}`, 17)}`;
}

export function azurePrivateLinkServiceName(s: EndpointServiceDoc): string {
  return `pls_${s.id}`;
}

export function azurePrivateLinkServiceResourceId(s: EndpointServiceDoc): string {
  const subscription = derivedUuid(`azure-subscription:${s.id}`);
  const group = `rg_${s.id}_${derivedToken(`azure-rg:${s.id}`, 8)}`;
  return `/subscriptions/${subscription}/resourceGroups/${group}/providers/Microsoft.Network/privateLinkServices/${azurePrivateLinkServiceName(s)}`;
}

export function gcpServiceAttachmentNames(s: EndpointServiceDoc): string[] {
  const project = `p-${derivedToken(`gcp-project:${s.id}`, 20)}`;
  const count = s.portMappingEnabled ? 1 : 6;
  return Array.from(
    { length: count },
    (_, i) => `projects/${project}/regions/${s.nativeRegion}/serviceAttachments/sa-${s.nativeRegion}-${s.groupId}-${i}`,
  );
}

/** The Azure connection name Atlas reports: subscription, resource group and endpoint name of the user's endpoint. */
export function azureConnectionName(resourceId: string): string {
  const m = /^\/subscriptions\/([^/]+)\/resource[gG]roups\/([^/]+)\/providers\/Microsoft\.Network\/privateEndpoints\/([^/]+)$/.exec(
    resourceId,
  );
  return m ? `${m[1]}%2F${m[2]}%2F${m[3]}` : resourceId;
}

// ---- endpoint services

export async function getEndpointService(
  r: Reader,
  groupId: string,
  provider: CloudProvider,
  id: string,
): Promise<EndpointServiceDoc> {
  const s = await r.get<EndpointServiceDoc>(PRIVATE_ENDPOINT_SERVICES, id);
  // A service of another provider is as absent as no service at all.
  if (!s || s.groupId !== groupId || s.cloudProvider !== provider) throw privateEndpointErrors.serviceNotFound(id);
  return s;
}

export async function listEndpointServices(
  r: Reader,
  groupId: string,
  provider: CloudProvider,
): Promise<EndpointServiceDoc[]> {
  const { items } = await r.list<EndpointServiceDoc>(PRIVATE_ENDPOINT_SERVICES, groupId);
  return items.filter((s) => s.cloudProvider === provider);
}

export async function listServiceEndpoints(r: Reader, serviceId: string): Promise<PrivateEndpointDoc[]> {
  return (await r.list<PrivateEndpointDoc>(PRIVATE_ENDPOINTS, serviceId)).items;
}

export const regionKey = (provider: CloudProvider, regionName: string) => `${provider}:${regionName}`;

export async function saveService(tx: Tx, s: EndpointServiceDoc): Promise<void> {
  await tx.put(PRIVATE_ENDPOINT_SERVICES, s.id, s, {
    parent: s.groupId,
    name: regionKey(s.cloudProvider, s.regionName),
  });
}

export async function saveEndpoint(tx: Tx, e: PrivateEndpointDoc): Promise<void> {
  await tx.put(PRIVATE_ENDPOINTS, e.id, e, { parent: e.serviceId, name: e.endpointId });
}

