import { ApiError, errors } from '../../platform/errors.js';
import type { Actor } from '../../platform/events.js';
import type { Reader, Tx } from '../../platform/store/types.js';
import { getProject } from '../projects/projects.js';
import { CLUSTERS } from '../clusters/collections.js';
import { SERVERLESS_INSTANCES } from '../serverless/collections.js';
import { GROUP_LIMITS } from './collections.js';
import { recordEvent } from './events.js';

// Project limits: Atlas's defaults, what a project changed, and the check the
// resources that count against a limit make before they grow.

interface LimitSpec {
  defaultLimit: number;
  maximumLimit: number;
}

// Atlas's published service limits for a project (the emulator's choice where none is published).
export const LIMITS: Record<string, LimitSpec> = {
  'atlas.project.security.databaseAccess.users': { defaultLimit: 100, maximumLimit: 1000 },
  'atlas.project.deployment.clusters': { defaultLimit: 25, maximumLimit: 100 },
  'atlas.project.deployment.serverlessMTMs': { defaultLimit: 25, maximumLimit: 100 },
  'atlas.project.security.databaseAccess.customRoles': { defaultLimit: 100, maximumLimit: 1400 },
  'atlas.project.security.networkAccess.entries': { defaultLimit: 200, maximumLimit: 1000 },
  'atlas.project.security.networkAccess.crossRegionEntries': { defaultLimit: 40, maximumLimit: 1000 },
  'atlas.project.deployment.nodesPerPrivateLinkRegion': { defaultLimit: 50, maximumLimit: 90 },
  'dataFederation.bytesProcessed.query': { defaultLimit: -1, maximumLimit: -1 },
  'dataFederation.bytesProcessed.daily': { defaultLimit: -1, maximumLimit: -1 },
  'dataFederation.bytesProcessed.weekly': { defaultLimit: -1, maximumLimit: -1 },
  'dataFederation.bytesProcessed.monthly': { defaultLimit: -1, maximumLimit: -1 },
  'atlas.project.deployment.privateServiceConnectionsPerRegionGroup': { defaultLimit: 50, maximumLimit: 100 },
  'atlas.project.deployment.privateServiceConnectionsSubnetMask': { defaultLimit: 27, maximumLimit: 27 },
  'atlas.project.deployment.salesSoldM0s': { defaultLimit: 1, maximumLimit: 100 },
};

/** How much of a limit a project uses, for the limits whose resources the emulator serves. */
const USAGE: Record<string, (r: Reader, groupId: string) => Promise<number>> = {
  'atlas.project.deployment.clusters': (r, groupId) => r.count(CLUSTERS, groupId),
  'atlas.project.deployment.serverlessMTMs': (r, groupId) => r.count(SERVERLESS_INSTANCES, groupId),
};

async function overrides(r: Reader, groupId: string): Promise<Record<string, number>> {
  return (await r.get<{ values: Record<string, number> }>(GROUP_LIMITS, groupId))?.values ?? {};
}

export async function limitValue(r: Reader, groupId: string, name: string): Promise<number> {
  return (await overrides(r, groupId))[name] ?? LIMITS[name]!.defaultLimit;
}

export async function limitView(r: Reader, groupId: string, name: string) {
  const spec = LIMITS[name];
  if (!spec) throw errors.invalidPathParameter('limitName');
  const counter = USAGE[name];
  return {
    ...(counter ? { currentUsage: await counter(r, groupId) } : {}),
    defaultLimit: spec.defaultLimit,
    maximumLimit: spec.maximumLimit,
    name,
    value: await limitValue(r, groupId, name),
  };
}

export async function listLimits(r: Reader, groupId: string) {
  await getProject(r, groupId);
  return Promise.all(Object.keys(LIMITS).map((name) => limitView(r, groupId, name)));
}

export async function setLimit(tx: Tx, groupId: string, name: string, value: number | undefined, actor: Actor, at: number) {
  const project = await getProject(tx, groupId);
  const spec = LIMITS[name];
  if (!spec) throw errors.invalidPathParameter('limitName');
  const values = await overrides(tx, groupId);
  if (value === undefined) delete values[name];
  else {
    if (spec.maximumLimit >= 0 && (value < 1 || value > spec.maximumLimit)) {
      throw errors.invalidAttribute('value', `from 1 to ${spec.maximumLimit}`);
    }
    const counter = USAGE[name];
    if (counter && value < (await counter(tx, groupId))) {
      throw new ApiError(400, 'LIMIT_BELOW_CURRENT_USAGE', `The limit ${name} cannot be set below the current usage.`, [name]);
    }
    values[name] = value;
  }
  await tx.put(GROUP_LIMITS, groupId, { values }, { parent: groupId });
  await recordEvent(tx, { type: 'PROJECT_LIMIT_UPDATED', at, actor, orgId: project.orgId, groupId, raw: { limitName: name, value: value ?? spec.defaultLimit } });
  return limitView(tx, groupId, name);
}

/** Refuses growth past a limit: `usage` is what the project would hold after the change. */
export async function enforceLimit(r: Reader, groupId: string, name: string, usage: number): Promise<void> {
  const value = await limitValue(r, groupId, name);
  if (value >= 0 && usage > value) {
    throw new ApiError(400, 'LIMIT_EXCEEDED', `The project has reached its limit ${name} of ${value}.`, [name, value]);
  }
}
