import type { Command } from '../../platform/command.js';
import { errors } from '../../platform/errors.js';
import { newObjectId } from '../../platform/ids.js';
import type { Reader } from '../../platform/store/types.js';
import { isoSeconds } from '../../platform/time.js';
import { getProject } from '../projects/projects.js';
import { findRegion, type CloudProvider } from '../clusters/regions.js';
import { PRIVATE_ENDPOINTS, PRIVATE_ENDPOINT_SERVICES } from './collections.js';
import { recordEvent } from './events.js';
import { requestEndpointRemoval, scheduleProvisioning, startServiceRemoval } from './lifecycle.js';
import {
  getEndpointService,
  privateEndpointErrors,
  regionKey,
  saveEndpoint,
  saveService,
  type EndpointServiceDoc,
  type GcpForwardingRule,
  type PrivateEndpointDoc,
} from './model.js';

export * from './model.js';

export interface NewEndpointService {
  providerName: CloudProvider;
  region: string;
  portMappingEnabled?: boolean;
}

export async function createEndpointService(cmd: Command, groupId: string, input: NewEndpointService): Promise<EndpointServiceDoc> {
  const { tx, actor, now: at } = cmd;
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
    cmd,
    'service',
    service.id,
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

export async function deleteEndpointService(cmd: Command, groupId: string, provider: CloudProvider, id: string): Promise<void> {
  const service = await getEndpointService(cmd.tx, groupId, provider, id);
  if (service.status !== 'DELETING') await startServiceRemoval(cmd, service);
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
  cmd: Command,
  groupId: string,
  provider: CloudProvider,
  serviceId: string,
  input: NewPrivateEndpoint,
): Promise<PrivateEndpointDoc> {
  const { tx, actor, now: at } = cmd;
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
    cmd,
    'endpoint',
    endpoint.id,
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
  cmd: Command,
  groupId: string,
  provider: CloudProvider,
  serviceId: string,
  endpointId: string,
): Promise<void> {
  const e = await getPrivateEndpoint(cmd.tx, groupId, provider, serviceId, endpointId);
  if (e.status === 'DELETING') return;
  await requestEndpointRemoval(cmd, e, cmd.now + cmd.effects.duration('privateEndpoint.delete'));
}

