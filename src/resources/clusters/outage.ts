import type { Command } from '../../platform/command.js';
import { ApiError, errors } from '../../platform/errors.js';
import { newObjectId } from '../../platform/ids.js';
import { defineLifecycle } from '../../platform/sim/lifecycle.js';
import type { Reader } from '../../platform/store/types.js';
import { PROJECTS } from '../../platform/tenancy.js';
import { isoSeconds } from '../../platform/time.js';
import { clusterToChange, getCluster } from './clusters.js';
import { CLUSTERS, OUTAGE_SIMULATIONS } from './collections.js';
import { recordEvent } from './events.js';
import { clusterEvent, isTenant, saveCluster, type ClusterDoc } from './model.js';
import { nodeRegions, syncClusterProcesses } from './processes.js';

// Regional outage simulation: the chosen regions' nodes go down once the
// simulation reaches SIMULATING (their processes stop reporting, and a shard whose
// primary was there elects one elsewhere), and come back when it is ended or
// expires. START_REQUESTED → STARTING → SIMULATING → RECOVERY_REQUESTED →
// RECOVERING → COMPLETE, each step after `outageSimulation.step`.

type State = 'START_REQUESTED' | 'STARTING' | 'SIMULATING' | 'RECOVERY_REQUESTED' | 'RECOVERING' | 'COMPLETE';
interface Filter { cloudProvider: string; regionName: string; type: 'REGION' }

export interface OutageDoc {
  id: string;
  groupId: string;
  clusterName: string;
  clusterId: string;
  outageFilters: Filter[];
  startRequestDate: number;
  expirationDate: number;
  state: State;
}

const LIFETIME = 3 * 86_400_000;
const notFound = (name: string) => new ApiError(404, 'CLUSTER_OUTAGE_SIMULATION_NOT_FOUND', `No outage simulation exists for cluster ${name}.`, [name]);
const refused = (code: string, detail: string, name: string) => new ApiError(400, code, detail, [name]);

export async function getOutage(r: Reader, groupId: string, name: string): Promise<OutageDoc> {
  const c = await getCluster(r, groupId, name);
  const o = await r.getByName<OutageDoc>(OUTAGE_SIMULATIONS, groupId, c.name);
  if (!o) throw notFound(c.name);
  return o;
}

const down = (o: { outageFilters: Filter[] }, r: { providerName: string; regionName: string }) =>
  o.outageFilters.some((f) => f.cloudProvider === r.providerName && f.regionName === r.regionName);

export async function startOutage(cmd: Command, groupId: string, name: string, filters: Filter[] | undefined): Promise<OutageDoc> {
  const { tx, now } = cmd;
  const { c } = await clusterToChange(tx, groupId, name);
  if (!filters || filters.length === 0) throw errors.missingAttribute('outageFilters');
  if (isTenant(c) || c.paused || c.stateName !== 'IDLE') {
    throw refused('CLUSTER_OUTAGE_SIMULATION_NOT_ALLOWED', `Cluster ${c.name} must be a running dedicated cluster with no changes in progress.`, c.name);
  }
  const previous = await tx.getByName<OutageDoc>(OUTAGE_SIMULATIONS, groupId, c.name);
  if (previous && previous.state !== 'COMPLETE') {
    throw new ApiError(409, 'CLUSTER_OUTAGE_SIMULATION_ALREADY_EXISTS', `An outage simulation of cluster ${c.name} is already under way.`, [c.name]);
  }
  const regions = c.replicationSpecs.flatMap((s) => s.regionConfigs.map((rc) => `${rc.providerName}/${rc.regionName}`));
  for (const f of filters) {
    if (f.type !== undefined && f.type !== 'REGION') throw errors.invalidAttribute('outageFilters.type', 'only REGION outages are simulated');
    if (!regions.includes(`${f.cloudProvider}/${f.regionName}`)) throw errors.invalidAttribute('outageFilters', `cluster ${c.name} has no nodes in ${f.cloudProvider} ${f.regionName}`);
  }
  const o = { outageFilters: filters.map((f) => ({ cloudProvider: f.cloudProvider, regionName: f.regionName, type: 'REGION' as const })) };
  for (const spec of c.replicationSpecs) {
    const electable = nodeRegions(spec).filter((n) => n.electable);
    const left = electable.filter((n) => !down(o, n)).length;
    if (left * 2 <= electable.length) {
      throw refused('CLUSTER_OUTAGE_SIMULATION_MAJORITY_LOSS', `Simulating this outage would leave cluster ${c.name} without a majority of electable nodes.`, c.name);
    }
  }
  const doc: OutageDoc = {
    id: newObjectId(now), groupId, clusterName: c.name, clusterId: c.id, ...o,
    startRequestDate: now, expirationDate: now + LIFETIME, state: 'START_REQUESTED',
  };
  if (previous) await tx.delete(OUTAGE_SIMULATIONS, previous.id);
  await tx.put(OUTAGE_SIMULATIONS, doc.id, doc, { parent: groupId, name: c.name });
  await outageLifecycle.start(cmd, 'starting', doc.id);
  await outageLifecycle.start(cmd, 'expired', doc.id, { due: doc.expirationDate });
  return doc;
}

export async function endOutage(cmd: Command, groupId: string, name: string): Promise<OutageDoc> {
  const o = await getOutage(cmd.tx, groupId, name);
  if (o.state !== 'SIMULATING') throw refused('CLUSTER_OUTAGE_SIMULATION_NOT_SIMULATING', `The outage simulation of cluster ${o.clusterName} is ${o.state}; only a running simulation can be ended.`, o.clusterName);
  await requestRecovery(cmd, o);
  return o;
}

async function requestRecovery(cmd: Command, o: OutageDoc): Promise<void> {
  o.state = 'RECOVERY_REQUESTED';
  await cmd.tx.put(OUTAGE_SIMULATIONS, o.id, o, { parent: o.groupId, name: o.clusterName });
  await record(cmd, o, 'CLUSTER_REGIONAL_OUTAGE_SIMULATION_END_REQUESTED');
  await outageLifecycle.start(cmd, 'recovering', o.id);
}

async function record(cmd: Command, o: OutageDoc, type: 'CLUSTER_REGIONAL_OUTAGE_SIMULATION_STARTED' | 'CLUSTER_REGIONAL_OUTAGE_SIMULATION_END_REQUESTED' | 'CLUSTER_REGIONAL_OUTAGE_SIMULATION_COMPLETED') {
  const c = await cmd.tx.get<ClusterDoc>(CLUSTERS, o.clusterId);
  const project = await cmd.tx.get<{ orgId: string }>(PROJECTS, o.groupId);
  if (c && project) await recordEvent(cmd.tx, { ...clusterEvent(c, type, cmd.actor, cmd.now, project.orgId), raw: { outageFilters: o.outageFilters } });
}

/** Puts the cluster's nodes in the outage regions down (or back up), electing primaries outside them. */
async function applyOutage(cmd: Command, o: OutageDoc, active: boolean): Promise<void> {
  const c = await cmd.tx.get<ClusterDoc>(CLUSTERS, o.clusterId);
  if (!c) return;
  if (active) {
    c.outage = { regions: o.outageFilters.map((f) => ({ providerName: f.cloudProvider, regionName: f.regionName })), since: isoSeconds(cmd.now) };
    c.primaries = c.replicationSpecs.map((spec, s) => {
      const nodes = nodeRegions(spec);
      const current = c.primaries?.[s] ?? 0;
      return nodes[current] && !down(o, nodes[current]!) ? current : nodes.findIndex((n) => n.electable && !down(o, n));
    });
  } else delete c.outage;
  await saveCluster(cmd.tx, c);
  await syncClusterProcesses(cmd.tx, c, cmd.now);
}

const save = (cmd: Command, o: OutageDoc) => cmd.tx.put(OUTAGE_SIMULATIONS, o.id, o, { parent: o.groupId, name: o.clusterName });

export const outageLifecycle = defineLifecycle<OutageDoc, 'starting' | 'simulating' | 'recovering' | 'complete' | 'expired'>({
  name: 'outageSimulation',
  load: ({ tx }, timer) => tx.get<OutageDoc>(OUTAGE_SIMULATIONS, timer.ref),
  state: { get: (o) => o.state, set: (o, s) => (o.state = s as State) },
  states: ['START_REQUESTED', 'STARTING', 'SIMULATING', 'RECOVERY_REQUESTED', 'RECOVERING', 'COMPLETE'],
  durations: { 'outageSimulation.step': 2000 },
  transitions: {
    starting: { duration: 'outageSimulation.step', from: ['START_REQUESTED'], to: 'STARTING', run: async (cmd, o) => { await save(cmd, o); await outageLifecycle.start(cmd, 'simulating', o.id); } },
    simulating: {
      duration: 'outageSimulation.step', from: ['STARTING'], to: 'SIMULATING', records: ['CLUSTER_REGIONAL_OUTAGE_SIMULATION_STARTED'],
      run: async (cmd, o) => { await save(cmd, o); await applyOutage(cmd, o, true); await record(cmd, o, 'CLUSTER_REGIONAL_OUTAGE_SIMULATION_STARTED'); },
    },
    recovering: { duration: 'outageSimulation.step', from: ['RECOVERY_REQUESTED'], to: 'RECOVERING', run: async (cmd, o) => { await save(cmd, o); await outageLifecycle.start(cmd, 'complete', o.id); } },
    complete: {
      duration: 'outageSimulation.step', from: ['RECOVERING'], to: 'COMPLETE', records: ['CLUSTER_REGIONAL_OUTAGE_SIMULATION_COMPLETED'],
      run: async (cmd, o) => { await save(cmd, o); await applyOutage(cmd, o, false); await record(cmd, o, 'CLUSTER_REGIONAL_OUTAGE_SIMULATION_COMPLETED'); },
    },
    // Atlas ends a simulation left running at its expiration date.
    expired: { from: ['SIMULATING'], records: ['CLUSTER_REGIONAL_OUTAGE_SIMULATION_END_REQUESTED'], timerId: (ref) => `${ref}:expiry`, run: requestRecovery },
  },
});

export function outageView(o: OutageDoc) {
  return {
    clusterName: o.clusterName, expirationDate: isoSeconds(o.expirationDate), groupId: o.groupId, id: o.id,
    outageFilters: o.outageFilters, startRequestDate: isoSeconds(o.startRequestDate), state: o.state,
  };
}
