import type { Command } from '../../platform/command.js';
import { defineLifecycle } from '../../platform/sim/lifecycle.js';
import { PROJECTS } from '../../platform/tenancy.js';
import { CLUSTERS } from './collections.js';
import { recordEvent } from './events.js';
import { clusterDeleted } from './hooks.js';
import { clusterEvent, saveCluster, type ClusterDoc, type ClusterState } from './model.js';
import { removeClusterProcesses, syncClusterProcesses } from './processes.js';

interface Subject {
  c: ClusterDoc;
  orgId: string;
}

function takePauseChange(c: ClusterDoc): 'CLUSTER_PAUSED' | 'CLUSTER_RESUMED' | undefined {
  const change = c.pauseChange;
  delete c.pauseChange;
  return change === undefined ? undefined : change === 'PAUSED' ? 'CLUSTER_PAUSED' : 'CLUSTER_RESUMED';
}

/** The cluster reaches IDLE: its processes match its description, a pause or resume asked on the way is reported. */
async function settleIdle(cmd: Command, { c, orgId }: Subject, type: 'CLUSTER_READY' | 'CLUSTER_UPDATE_COMPLETED'): Promise<void> {
  const { tx, now } = cmd;
  await syncClusterProcesses(tx, c, now);
  const pause = takePauseChange(c);
  await saveCluster(tx, c);
  await recordEvent(tx, clusterEvent(c, type, cmd.actor, now, orgId));
  if (pause) await recordEvent(tx, clusterEvent(c, pause, cmd.actor, now, orgId));
}

/**
 * CREATING → IDLE ⇄ UPDATING, any → DELETING → gone; an FCV pin lifts itself at
 * its expiration date through an update.
 */
export const clusterLifecycle = defineLifecycle<Subject, 'ready' | 'updated' | 'deleted' | 'fcvPinExpired'>({
  name: 'cluster',
  async load({ tx }, timer) {
    const c = await tx.get<ClusterDoc>(CLUSTERS, timer.ref);
    const project = c && (await tx.get<{ orgId: string }>(PROJECTS, c.groupId));
    return c && project ? { c, orgId: project.orgId } : undefined;
  },
  state: { get: (s) => s.c.stateName, set: (s, state) => (s.c.stateName = state as ClusterState) },
  states: ['CREATING', 'IDLE', 'UPDATING', 'DELETING'],
  durations: { 'cluster.create': 3000, 'cluster.update': 2000, 'cluster.delete': 2000 },
  transitions: {
    ready: {
      duration: 'cluster.create',
      from: ['CREATING'],
      to: 'IDLE',
      records: ['CLUSTER_READY', 'CLUSTER_PAUSED', 'CLUSTER_RESUMED'],
      timerId: null,
      run: async (cmd, s) => {
        s.c.provisioned = true;
        await settleIdle(cmd, s, 'CLUSTER_READY');
      },
    },
    updated: {
      duration: 'cluster.update',
      from: ['UPDATING'],
      to: 'IDLE',
      records: ['CLUSTER_UPDATE_COMPLETED', 'CLUSTER_PAUSED', 'CLUSTER_RESUMED'],
      // A later change replaces the pending completion: IDLE once the last change applied.
      timerId: (ref) => `${ref}:update`,
      run: (cmd, s) => settleIdle(cmd, s, 'CLUSTER_UPDATE_COMPLETED'),
    },
    deleted: {
      duration: 'cluster.delete',
      from: ['DELETING'],
      records: ['CLUSTER_DELETED'],
      timerId: null,
      run: async (cmd, { c, orgId }) => {
        const { tx, now } = cmd;
        await removeClusterProcesses(tx, c.groupId, c.name);
        await tx.delete(CLUSTERS, c.id);
        await clusterDeleted.run(tx, { groupId: c.groupId, name: c.name, id: c.id }, now);
        await recordEvent(tx, clusterEvent(c, 'CLUSTER_DELETED', cmd.actor, now, orgId));
      },
    },
    fcvPinExpired: {
      from: ['CREATING', 'IDLE', 'UPDATING'],
      records: ['FCV_UNPINNED', 'CLUSTER_UPDATE_SUBMITTED'],
      timerId: (ref) => `${ref}:fcvPin`,
      run: async (cmd, { c, orgId }) => {
        if (!c.fcvPin || c.fcvPin.expirationDate > cmd.now) return;
        delete c.fcvPin;
        await recordEvent(cmd.tx, clusterEvent(c, 'FCV_UNPINNED', cmd.actor, cmd.now, orgId));
        await beginUpdate(cmd, c, orgId);
        await saveCluster(cmd.tx, c);
      },
    },
  },
});

/** Puts the cluster through UPDATING; the completion timer of an earlier change is replaced. */
export async function beginUpdate(
  cmd: Command,
  c: ClusterDoc,
  orgId: string,
  submitted: 'CLUSTER_UPDATE_SUBMITTED' | null = 'CLUSTER_UPDATE_SUBMITTED',
): Promise<void> {
  // A change that records its own submission event passes null.
  if (submitted) await recordEvent(cmd.tx, clusterEvent(c, submitted, cmd.actor, cmd.now, orgId));
  // A cluster still being created takes the change into its creation.
  if (c.stateName === 'CREATING') return;
  c.stateName = 'UPDATING';
  await clusterLifecycle.start(cmd, 'updated', c.id);
}
