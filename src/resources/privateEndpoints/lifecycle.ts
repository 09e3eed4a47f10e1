import type { Command } from '../../platform/command.js';
import { on } from '../../platform/hooks.js';
import { defineLifecycle } from '../../platform/sim/lifecycle.js';
import type { Timer, Tx } from '../../platform/store/types.js';
import { projectDeleted } from '../projects/hooks.js';
import { PRIVATE_ENDPOINTS, PRIVATE_ENDPOINT_SERVICES } from './collections.js';
import { recordEvent } from './events.js';
import {
  FAULTS,
  listServiceEndpoints,
  saveEndpoint,
  saveService,
  type EndpointServiceDoc,
  type EndpointStatus,
  type PrivateEndpointDoc,
  type ProvisioningFault,
  type ServiceStatus,
} from './model.js';

// What the clock does to endpoint services and endpoints: provisioning ends
// (or fails, with an armed fault), removal completes.

/**
 * Schedules the step that ends provisioning. An armed fault of `faultKey` is
 * taken (it applies to one provisioning only) and makes that step fail with its
 * message, or with `failure` when it gives none.
 */
export async function scheduleProvisioning(
  cmd: Command,
  subject: 'service' | 'endpoint',
  ref: string,
  failure: string,
): Promise<void> {
  const fault = cmd.effects.takeFault<ProvisioningFault>(FAULTS[subject]);
  const data = fault ? { errorMessage: fault.errorMessage ?? failure } : {};
  if (subject === 'service') await serviceLifecycle.start(cmd, 'provisioned', ref, { data });
  else await endpointLifecycle.start(cmd, 'provisioned', ref, { data });
}

export async function requestEndpointRemoval(cmd: Command, e: PrivateEndpointDoc, due: number): Promise<void> {
  const { tx, actor, now: at } = cmd;
  e.status = 'DELETING';
  e.deleteRequested = true;
  await saveEndpoint(tx, e);
  await cmd.effects.cancel(e.id);
  await endpointLifecycle.start(cmd, 'removed', e.id, { due });
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
export async function startServiceRemoval(cmd: Command, service: EndpointServiceDoc): Promise<void> {
  const { tx, actor, now: at } = cmd;
  const due = at + cmd.effects.duration('privateEndpointService.delete');
  for (const e of await listServiceEndpoints(tx, service.id)) {
    if (e.status !== 'DELETING') await requestEndpointRemoval(cmd, e, due);
  }
  service.status = 'DELETING';
  await saveService(tx, service);
  await cmd.effects.cancel(service.id);
  await serviceLifecycle.start(cmd, 'removed', service.id, { due });
  await recordEvent(tx, {
    type: 'PRIVATE_ENDPOINT_SERVICE_DELETED',
    at,
    actor,
    orgId: service.orgId,
    groupId: service.groupId,
    raw: { endpointServiceId: service.id, cloudProvider: service.cloudProvider, regionName: service.regionName },
  });
}


const failureMessage = (timer: Timer): string | undefined =>
  typeof timer.data.errorMessage === 'string' ? timer.data.errorMessage : undefined;

async function serviceProvisioned(cmd: Command, s: EndpointServiceDoc, timer: Timer): Promise<void> {
  const { tx } = cmd;
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
    at: cmd.now,
    actor: cmd.actor,
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

export async function removeEndpoint(tx: Tx, id: string): Promise<void> {
  await tx.cancelTimers(id);
  await tx.delete(PRIVATE_ENDPOINTS, id);
}

/** Removes a service with its endpoints and anything either had pending. */
export async function removeService(tx: Tx, id: string): Promise<void> {
  for (const e of await listServiceEndpoints(tx, id)) await removeEndpoint(tx, e.id);
  await tx.cancelTimers(id);
  await tx.delete(PRIVATE_ENDPOINT_SERVICES, id);
}



async function endpointProvisioned(cmd: Command, e: PrivateEndpointDoc, timer: Timer): Promise<void> {
  const failure = failureMessage(timer);
  e.status = failure === undefined ? 'AVAILABLE' : 'FAILED';
  e.errorMessage = failure ?? null;
  await saveEndpoint(cmd.tx, e);
}

/**
 * Atlas documents that removing the last private endpoint of a service removes
 * the service too; operators of the Atlas Kubernetes operator observed it for
 * AWS only, so only AWS services follow their last endpoint.
 */
async function endpointRemoved(cmd: Command, e: PrivateEndpointDoc): Promise<void> {
  const { tx } = cmd;
  await removeEndpoint(tx, e.id);
  if (e.cloudProvider !== 'AWS') return;
  const service = await tx.get<EndpointServiceDoc>(PRIVATE_ENDPOINT_SERVICES, e.serviceId);
  if (!service || service.status === 'DELETING') return;
  if ((await tx.count(PRIVATE_ENDPOINTS, service.id)) === 0) {
    await startServiceRemoval(cmd, service);
  }
}


/** INITIATING → AVAILABLE (or FAILED with an armed fault); DELETING → gone. */
export const serviceLifecycle = defineLifecycle<EndpointServiceDoc, 'provisioned' | 'removed'>({
  name: 'privateEndpointService',
  load: ({ tx }, timer) => tx.get<EndpointServiceDoc>(PRIVATE_ENDPOINT_SERVICES, timer.ref),
  state: { get: (s) => s.status, set: (s, status) => (s.status = status as ServiceStatus) },
  states: ['INITIATING', 'AVAILABLE', 'FAILED', 'DELETING'],
  durations: { 'privateEndpointService.create': 3000, 'privateEndpointService.delete': 2000 },
  transitions: {
    provisioned: {
      duration: 'privateEndpointService.create',
      from: ['INITIATING'],
      records: ['PRIVATE_ENDPOINT_SERVICE_READY', 'PRIVATE_ENDPOINT_SERVICE_FAILED'],
      run: serviceProvisioned,
    },
    removed: { duration: 'privateEndpointService.delete', records: [], run: (cmd, s) => removeService(cmd.tx, s.id) },
  },
});

/**
 * INITIATING → AVAILABLE (or FAILED with an armed fault); DELETING → gone, and
 * with it an AWS service whose last endpoint it was.
 */
export const endpointLifecycle = defineLifecycle<PrivateEndpointDoc, 'provisioned' | 'removed'>({
  name: 'privateEndpoint',
  load: ({ tx }, timer) => tx.get<PrivateEndpointDoc>(PRIVATE_ENDPOINTS, timer.ref),
  state: { get: (e) => e.status, set: (e, status) => (e.status = status as EndpointStatus) },
  states: ['INITIATING', 'AVAILABLE', 'FAILED', 'DELETING'],
  durations: { 'privateEndpoint.create': 3000, 'privateEndpoint.delete': 2000 },
  transitions: {
    provisioned: { duration: 'privateEndpoint.create', from: ['INITIATING'], records: [], run: endpointProvisioned },
    removed: { duration: 'privateEndpoint.delete', records: ['PRIVATE_ENDPOINT_SERVICE_DELETED'], run: endpointRemoved },
  },
});

// A deleted project takes its endpoint services and their endpoints along.
export const dropProjectServices = on(projectDeleted, async (tx, project) => {
  const { items } = await tx.list<EndpointServiceDoc>(PRIVATE_ENDPOINT_SERVICES, project.id);
  for (const s of items) await removeService(tx, s.id);
});
