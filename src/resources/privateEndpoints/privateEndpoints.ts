import { createHash } from 'node:crypto';
import type { Services } from '../../platform/services.js';
import type { Reader, Timer, Tx } from '../../platform/store/types.js';
import { PRIVATE_ENDPOINTS, PRIVATE_ENDPOINT_SERVICES } from './collections.js';
import { ApiError, errors } from '../../platform/errors.js';
import { SYSTEM, type Actor } from '../../platform/events.js';
import { recordEvent } from './events.js';
import { on } from '../../platform/hooks.js';
import { projectDeleted } from '../projects/hooks.js';
import { newObjectId } from '../../platform/ids.js';
import { getProject } from '../projects/projects.js';
import { findRegion, type CloudProvider } from '../clusters/regions.js';
import { isoSeconds } from '../../platform/time.js';

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

const TIMERS = {
  serviceProvisioned: 'privateEndpointService.provisioned',
  serviceRemoved: 'privateEndpointService.removed',
  endpointProvisioned: 'privateEndpoint.provisioned',
  endpointRemoved: 'privateEndpoint.removed',
} as const;

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

function digest(seed: string): Buffer {
  return createHash('sha256').update(seed).digest();
}

function derivedHex(seed: string, length: number): string {
  return digest(seed).toString('hex').slice(0, length);
}

function derivedToken(seed: string, length: number): string {
  const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';
  const bytes = Buffer.concat([digest(seed), digest(`${seed}#`)]);
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

const regionKey = (provider: CloudProvider, regionName: string) => `${provider}:${regionName}`;

async function saveService(tx: Tx, s: EndpointServiceDoc): Promise<void> {
  await tx.put(PRIVATE_ENDPOINT_SERVICES, s.id, s, {
    parent: s.groupId,
    name: regionKey(s.cloudProvider, s.regionName),
  });
}

async function saveEndpoint(tx: Tx, e: PrivateEndpointDoc): Promise<void> {
  await tx.put(PRIVATE_ENDPOINTS, e.id, e, { parent: e.serviceId, name: e.endpointId });
}

/**
 * Schedules the step that ends provisioning. A fault rule that chose this call
 * (failProvisioning) makes that step fail with its message, or with `failure`
 * when it gives none.
 */
async function scheduleProvisioning(
  tx: Tx,
  services: Services,
  timer: { kind: string; ref: string; due: number },
  failure: string,
): Promise<void> {
  const fault = services.faults.takeProvisioningFailure();
  await services.scheduler.schedule(tx, {
    id: `${timer.kind}:${timer.ref}`,
    ...timer,
    data: fault ? { errorMessage: fault.errorMessage ?? failure } : {},
  });
}

export interface NewEndpointService {
  providerName: CloudProvider;
  region: string;
  portMappingEnabled?: boolean;
}

export async function createEndpointService(
  tx: Tx,
  services: Services,
  groupId: string,
  input: NewEndpointService,
  actor: Actor,
  at: number,
): Promise<EndpointServiceDoc> {
  const project = await getProject(tx, groupId);
  const region = findRegion(input.providerName, input.region);
  if (!region) throw errors.invalidAttribute('region', `${input.region} is not a ${input.providerName} region`);
  if (input.portMappingEnabled && input.providerName !== 'GCP') {
    throw errors.invalidAttribute('portMappingEnabled', 'port mapping applies to GCP endpoint services only');
  }
  if (await tx.getByName(PRIVATE_ENDPOINT_SERVICES, groupId, regionKey(input.providerName, region.atlas))) {
    throw privateEndpointErrors.alreadyExistsForRegion(input.providerName, region.atlas);
  }
  const service: EndpointServiceDoc = {
    id: newObjectId(at),
    groupId,
    orgId: project.orgId,
    cloudProvider: input.providerName,
    regionName: region.atlas,
    nativeRegion: region.native,
    portMappingEnabled: input.portMappingEnabled ?? false,
    status: 'INITIATING',
    errorMessage: null,
    provisioned: false,
    created: isoSeconds(at),
  };
  await saveService(tx, service);
  await scheduleProvisioning(
    tx,
    services,
    { kind: TIMERS.serviceProvisioned, ref: service.id, due: at + services.lifecycle('privateEndpointService.create') },
    `Failed to provision the ${service.cloudProvider} private endpoint service in ${service.regionName}.`,
  );
  await recordEvent(tx, {
    type: 'PRIVATE_ENDPOINT_SERVICE_CREATED',
    at,
    actor,
    orgId: service.orgId,
    groupId,
    raw: { endpointServiceId: service.id, cloudProvider: service.cloudProvider, regionName: service.regionName },
  });
  return service;
}

async function requestEndpointRemoval(
  tx: Tx,
  services: Services,
  e: PrivateEndpointDoc,
  actor: Actor,
  at: number,
  due: number,
): Promise<void> {
  e.status = 'DELETING';
  e.deleteRequested = true;
  await saveEndpoint(tx, e);
  await tx.cancelTimers(e.id);
  await services.scheduler.schedule(tx, {
    id: `${TIMERS.endpointRemoved}:${e.id}`,
    kind: TIMERS.endpointRemoved,
    ref: e.id,
    due,
  });
  await recordEvent(tx, {
    type: 'PRIVATE_NETWORK_ENDPOINT_ENTRY_REMOVED',
    at,
    actor,
    orgId: e.orgId,
    groupId: e.groupId,
    raw: { endpointServiceId: e.serviceId, cloudProvider: e.cloudProvider, endpointId: e.endpointId },
  });
}

/**
 * Starts removing a service. Its interface endpoints go with it: they are
 * marked for deletion and disappear no later than the service.
 */
async function startServiceRemoval(
  tx: Tx,
  services: Services,
  service: EndpointServiceDoc,
  actor: Actor,
  at: number,
): Promise<void> {
  const due = at + services.lifecycle('privateEndpointService.delete');
  for (const e of await listServiceEndpoints(tx, service.id)) {
    if (e.status !== 'DELETING') await requestEndpointRemoval(tx, services, e, actor, at, due);
  }
  service.status = 'DELETING';
  await saveService(tx, service);
  await tx.cancelTimers(service.id);
  await services.scheduler.schedule(tx, {
    id: `${TIMERS.serviceRemoved}:${service.id}`,
    kind: TIMERS.serviceRemoved,
    ref: service.id,
    due,
  });
  await recordEvent(tx, {
    type: 'PRIVATE_ENDPOINT_SERVICE_DELETED',
    at,
    actor,
    orgId: service.orgId,
    groupId: service.groupId,
    raw: { endpointServiceId: service.id, cloudProvider: service.cloudProvider, regionName: service.regionName },
  });
}

export async function deleteEndpointService(
  tx: Tx,
  services: Services,
  groupId: string,
  provider: CloudProvider,
  id: string,
  actor: Actor,
  at: number,
): Promise<void> {
  const service = await getEndpointService(tx, groupId, provider, id);
  if (service.status !== 'DELETING') await startServiceRemoval(tx, services, service, actor, at);
}

// ---- interface endpoints

export interface NewPrivateEndpoint {
  cloudProvider?: CloudProvider;
  id?: string;
  privateEndpointIPAddress?: string;
  endpointGroupName?: string;
  gcpProjectId?: string;
  endpoints?: GcpForwardingRule[];
}

// Which body fields each provider takes, and which of them it requires.
type EndpointField = keyof NewPrivateEndpoint;
const ENDPOINT_FIELDS: Record<CloudProvider, { required: EndpointField[]; optional: EndpointField[] }> = {
  AWS: { required: ['id'], optional: [] },
  AZURE: { required: ['id', 'privateEndpointIPAddress'], optional: [] },
  GCP: { required: ['endpointGroupName', 'gcpProjectId'], optional: ['endpoints'] },
};

const ENDPOINT_ID_SHAPES = {
  AWS: /^vpce-[0-9a-f]{17}$/,
  AZURE:
    /^\/subscriptions\/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\/resource[gG]roups\/[-\w._()]+\/providers\/Microsoft\.Network\/privateEndpoints\/[-\w._()]+$/,
};

/** The name a new endpoint is known by, once the body suits the path's provider. */
function checkEndpointInput(provider: CloudProvider, input: NewPrivateEndpoint): string {
  if (input.cloudProvider !== undefined && input.cloudProvider !== provider) {
    throw errors.invalidAttribute('cloudProvider', `must match the path's cloud provider ${provider}`);
  }
  const { required, optional } = ENDPOINT_FIELDS[provider];
  for (const key of Object.keys(input) as EndpointField[]) {
    if (key !== 'cloudProvider' && !required.includes(key) && !optional.includes(key)) {
      throw errors.invalidAttribute(key, `does not apply to ${provider} private endpoints`);
    }
  }
  for (const key of required) if (input[key] === undefined) throw errors.missingAttribute(key);
  const shape = provider === 'GCP' ? undefined : ENDPOINT_ID_SHAPES[provider];
  if (shape && !shape.test(input.id!)) throw errors.invalidAttribute('id', `is not a ${provider} private endpoint id`);
  return provider === 'GCP' ? input.endpointGroupName! : input.id!;
}

export async function getPrivateEndpoint(
  r: Reader,
  groupId: string,
  provider: CloudProvider,
  serviceId: string,
  endpointId: string,
): Promise<PrivateEndpointDoc> {
  // AWS and Azure endpoints are named by ids of a known shape; GCP endpoint groups by any name.
  const shape = provider === 'GCP' ? undefined : ENDPOINT_ID_SHAPES[provider];
  if (shape && !shape.test(endpointId)) throw errors.invalidPathParameter('endpointId');
  await getEndpointService(r, groupId, provider, serviceId);
  const e = await r.getByName<PrivateEndpointDoc>(PRIVATE_ENDPOINTS, serviceId, endpointId);
  if (!e) throw privateEndpointErrors.endpointNotFound(endpointId, serviceId);
  return e;
}

export async function createPrivateEndpoint(
  tx: Tx,
  services: Services,
  groupId: string,
  provider: CloudProvider,
  serviceId: string,
  input: NewPrivateEndpoint,
  actor: Actor,
  at: number,
): Promise<PrivateEndpointDoc> {
  const service = await getEndpointService(tx, groupId, provider, serviceId);
  const endpointId = checkEndpointInput(provider, input);
  if (service.status !== 'AVAILABLE') throw privateEndpointErrors.serviceNotAvailable(service.id, service.status);
  if (await tx.getByName(PRIVATE_ENDPOINTS, service.id, endpointId)) {
    throw privateEndpointErrors.endpointAlreadyExists(endpointId, service.id);
  }
  const endpoint: PrivateEndpointDoc = {
    id: newObjectId(at),
    endpointId,
    serviceId: service.id,
    groupId,
    orgId: service.orgId,
    cloudProvider: provider,
    status: 'INITIATING',
    errorMessage: null,
    deleteRequested: false,
    ...(provider === 'AZURE' ? { privateEndpointIPAddress: input.privateEndpointIPAddress } : {}),
    ...(provider === 'GCP' ? { gcpProjectId: input.gcpProjectId, endpoints: input.endpoints ?? [] } : {}),
    created: isoSeconds(at),
  };
  await saveEndpoint(tx, endpoint);
  await scheduleProvisioning(
    tx,
    services,
    { kind: TIMERS.endpointProvisioned, ref: endpoint.id, due: at + services.lifecycle('privateEndpoint.create') },
    `Failed to connect ${provider} private endpoint ${endpointId} to private endpoint service ${service.id}.`,
  );
  await recordEvent(tx, {
    type: 'PRIVATE_NETWORK_ENDPOINT_ENTRY_ADDED',
    at,
    actor,
    orgId: endpoint.orgId,
    groupId,
    raw: { endpointServiceId: service.id, cloudProvider: provider, endpointId },
  });
  return endpoint;
}

export async function deletePrivateEndpoint(
  tx: Tx,
  services: Services,
  groupId: string,
  provider: CloudProvider,
  serviceId: string,
  endpointId: string,
  actor: Actor,
  at: number,
): Promise<void> {
  const e = await getPrivateEndpoint(tx, groupId, provider, serviceId, endpointId);
  if (e.status === 'DELETING') return;
  await requestEndpointRemoval(tx, services, e, actor, at, at + services.lifecycle('privateEndpoint.delete'));
}

// ---- lifecycle steps

const failureMessage = (timer: Timer): string | undefined =>
  typeof timer.data.errorMessage === 'string' ? timer.data.errorMessage : undefined;

async function serviceProvisioned(tx: Tx, timer: Timer): Promise<void> {
  const s = await tx.get<EndpointServiceDoc>(PRIVATE_ENDPOINT_SERVICES, timer.ref);
  if (!s || s.status !== 'INITIATING') return;
  const failure = failureMessage(timer);
  if (failure === undefined) {
    s.status = 'AVAILABLE';
    s.provisioned = true;
  } else {
    s.status = 'FAILED';
    s.errorMessage = failure;
  }
  await saveService(tx, s);
  await recordEvent(tx, {
    type: failure === undefined ? 'PRIVATE_ENDPOINT_SERVICE_READY' : 'PRIVATE_ENDPOINT_SERVICE_FAILED',
    at: timer.due,
    actor: SYSTEM,
    orgId: s.orgId,
    groupId: s.groupId,
    raw: {
      endpointServiceId: s.id,
      cloudProvider: s.cloudProvider,
      regionName: s.regionName,
      ...(failure === undefined ? {} : { errorMessage: failure }),
    },
  });
}

async function removeEndpoint(tx: Tx, id: string): Promise<void> {
  await tx.cancelTimers(id);
  await tx.delete(PRIVATE_ENDPOINTS, id);
}

/** Removes a service with its endpoints and anything either had pending. */
async function removeService(tx: Tx, id: string): Promise<void> {
  for (const e of await listServiceEndpoints(tx, id)) await removeEndpoint(tx, e.id);
  await tx.cancelTimers(id);
  await tx.delete(PRIVATE_ENDPOINT_SERVICES, id);
}

async function serviceRemoved(tx: Tx, timer: Timer): Promise<void> {
  if (await tx.get<EndpointServiceDoc>(PRIVATE_ENDPOINT_SERVICES, timer.ref)) await removeService(tx, timer.ref);
}

async function endpointProvisioned(tx: Tx, timer: Timer): Promise<void> {
  const e = await tx.get<PrivateEndpointDoc>(PRIVATE_ENDPOINTS, timer.ref);
  if (!e || e.status !== 'INITIATING') return;
  const failure = failureMessage(timer);
  e.status = failure === undefined ? 'AVAILABLE' : 'FAILED';
  e.errorMessage = failure ?? null;
  await saveEndpoint(tx, e);
}

/**
 * Atlas documents that removing the last private endpoint of a service removes
 * the service too; operators of the Atlas Kubernetes operator observed it for
 * AWS only, so only AWS services follow their last endpoint.
 */
async function endpointRemoved(tx: Tx, services: Services, timer: Timer): Promise<void> {
  const e = await tx.get<PrivateEndpointDoc>(PRIVATE_ENDPOINTS, timer.ref);
  await removeEndpoint(tx, timer.ref);
  if (!e || e.cloudProvider !== 'AWS') return;
  const service = await tx.get<EndpointServiceDoc>(PRIVATE_ENDPOINT_SERVICES, e.serviceId);
  if (!service || service.status === 'DELETING') return;
  if ((await tx.count(PRIVATE_ENDPOINTS, service.id)) === 0) {
    await startServiceRemoval(tx, services, service, SYSTEM, timer.due);
  }
}

export function registerPrivateEndpointLifecycles(services: Services): void {
  services.scheduler.on(TIMERS.serviceProvisioned, serviceProvisioned);
  services.scheduler.on(TIMERS.serviceRemoved, serviceRemoved);
  services.scheduler.on(TIMERS.endpointProvisioned, endpointProvisioned);
  services.scheduler.on(TIMERS.endpointRemoved, (tx, timer) => endpointRemoved(tx, services, timer));
}

// A deleted project takes its endpoint services and their endpoints along.
export const dropProjectServices = on(projectDeleted, async (tx, project) => {
  const { items } = await tx.list<EndpointServiceDoc>(PRIVATE_ENDPOINT_SERVICES, project.id);
  for (const s of items) await removeService(tx, s.id);
});
