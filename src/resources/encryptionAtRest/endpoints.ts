import { ApiError, errors } from '../../platform/errors.js';
import type { Actor } from '../../platform/events.js';
import { newObjectId } from '../../platform/ids.js';
import type { Reader, Tx } from '../../platform/store/types.js';
import { getProject } from '../projects/projects.js';
import { EAR_PRIVATE_ENDPOINTS } from './collections.js';
import { recordEvent } from './events.js';

// Private endpoints from Atlas to a customer's key service (Azure Key Vault, AWS
// KMS). Atlas requests the endpoint (INITIATING), the customer approves it on
// their side (PENDING_ACCEPTANCE), then it is ACTIVE; nobody approves anything
// here, so each step passes on the clock. Deleting goes through DELETING.

export interface EarEndpointDoc {
  id: string;
  groupId: string;
  cloudProvider: 'AWS' | 'AZURE';
  regionName: string;
  status: 'INITIATING' | 'PENDING_ACCEPTANCE' | 'ACTIVE' | 'DELETING';
  privateEndpointConnectionName?: string;
}

export interface Scheduling {
  schedule(tx: Tx, req: { kind: string; ref: string; due: number }): Promise<void>;
  lifecycle(step: string): number;
}

export const TIMERS = { advance: 'earPrivateEndpoint.advance', deleted: 'earPrivateEndpoint.deleted' };
export const STEPS = { 'earPrivateEndpoint.create': 3000, 'earPrivateEndpoint.delete': 2000 };

const notFound = (id: string) =>
  new ApiError(404, 'ENCRYPTION_AT_REST_PRIVATE_ENDPOINT_NOT_FOUND', `No encryption at rest private endpoint with ID ${id} exists.`, [id]);

export async function getEndpoint(r: Reader, groupId: string, provider: string, id: string): Promise<EarEndpointDoc> {
  await getProject(r, groupId);
  const e = await r.get<EarEndpointDoc>(EAR_PRIVATE_ENDPOINTS, id);
  if (!e || e.groupId !== groupId || e.cloudProvider !== provider) throw notFound(id);
  return e;
}

export async function listEndpoints(r: Reader, groupId: string, provider: string): Promise<EarEndpointDoc[]> {
  await getProject(r, groupId);
  return (await r.list<EarEndpointDoc>(EAR_PRIVATE_ENDPOINTS, groupId)).items.filter((e) => e.cloudProvider === provider);
}

async function save(tx: Tx, e: EarEndpointDoc): Promise<void> {
  await tx.put(EAR_PRIVATE_ENDPOINTS, e.id, e, { parent: e.groupId });
}

export async function createEndpoint(
  tx: Tx,
  groupId: string,
  provider: 'AWS' | 'AZURE',
  regionName: string | undefined,
  actor: Actor,
  at: number,
  sched: Scheduling,
): Promise<EarEndpointDoc> {
  const project = await getProject(tx, groupId);
  if (!regionName) throw errors.missingAttribute('regionName');
  if ((await listEndpoints(tx, groupId, provider)).some((e) => e.regionName === regionName && e.status !== 'DELETING')) {
    throw new ApiError(409, 'ENCRYPTION_AT_REST_PRIVATE_ENDPOINT_ALREADY_EXISTS', `A private endpoint to the key service already exists in ${regionName}.`, [regionName]);
  }
  const e: EarEndpointDoc = { id: newObjectId(at), groupId, cloudProvider: provider, regionName, status: 'INITIATING' };
  if (provider === 'AZURE') e.privateEndpointConnectionName = `pe-ear-${e.id}`;
  await save(tx, e);
  await sched.schedule(tx, { kind: TIMERS.advance, ref: e.id, due: at + sched.lifecycle('earPrivateEndpoint.create') });
  await recordEvent(tx, { type: 'ENCRYPTION_AT_REST_PRIVATE_ENDPOINT_CREATED', at, actor, orgId: project.orgId, groupId, raw: { endpointId: e.id } });
  return e;
}

export async function deleteEndpoint(tx: Tx, groupId: string, provider: string, id: string, actor: Actor, at: number, sched: Scheduling) {
  const project = await getProject(tx, groupId);
  const e = await getEndpoint(tx, groupId, provider, id);
  if (e.status === 'DELETING') return;
  e.status = 'DELETING';
  await tx.cancelTimers(e.id);
  await save(tx, e);
  await sched.schedule(tx, { kind: TIMERS.deleted, ref: e.id, due: at + sched.lifecycle('earPrivateEndpoint.delete') });
  await recordEvent(tx, { type: 'ENCRYPTION_AT_REST_PRIVATE_ENDPOINT_DELETED', at, actor, orgId: project.orgId, groupId, raw: { endpointId: e.id } });
}

/** INITIATING -> PENDING_ACCEPTANCE -> ACTIVE, one creation step each. */
export async function onAdvance(tx: Tx, id: string, at: number, sched: Scheduling): Promise<void> {
  const e = await tx.get<EarEndpointDoc>(EAR_PRIVATE_ENDPOINTS, id);
  if (!e || e.status === 'DELETING' || e.status === 'ACTIVE') return;
  e.status = e.status === 'INITIATING' ? 'PENDING_ACCEPTANCE' : 'ACTIVE';
  await save(tx, e);
  if (e.status !== 'ACTIVE') await sched.schedule(tx, { kind: TIMERS.advance, ref: e.id, due: at + sched.lifecycle('earPrivateEndpoint.create') });
}

export async function onDeleted(tx: Tx, id: string): Promise<void> {
  await tx.delete(EAR_PRIVATE_ENDPOINTS, id);
}

export function endpointView(e: EarEndpointDoc) {
  return {
    cloudProvider: e.cloudProvider,
    id: e.id,
    privateEndpointConnectionName: e.privateEndpointConnectionName,
    regionName: e.regionName,
    status: e.status,
  };
}
