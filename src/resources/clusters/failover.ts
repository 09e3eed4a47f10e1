import type { Command } from '../../platform/command.js';
import { defineLifecycle } from '../../platform/sim/lifecycle.js';
import { PROJECTS } from '../../platform/tenancy.js';
import { clusterToChange } from './clusters.js';
import { CLUSTERS } from './collections.js';
import { recordEvent } from './events.js';
import { clusterErrors, clusterEvent, isTenant, saveCluster, type ClusterDoc } from './model.js';
import { syncClusterProcesses } from './processes.js';

// Test failover (restartPrimaries): every shard's primary steps down and another
// electable member of the shard is elected after `cluster.failover`; the processes'
// typeName shows the new primary. Until then the cluster's change status is PENDING.

const electable = (spec: ClusterDoc['replicationSpecs'][number]) => spec.regionConfigs.reduce((n, rc) => n + rc.electableSpecs.nodeCount, 0);

export const failoverLifecycle = defineLifecycle<ClusterDoc, 'elected'>({
  name: 'clusterFailover',
  load: ({ tx }, timer) => tx.get<ClusterDoc>(CLUSTERS, timer.ref),
  durations: { 'cluster.failover': 5000 },
  transitions: {
    elected: {
      duration: 'cluster.failover',
      records: [],
      run: async ({ tx, now }, c) => {
        if (!c.failoverPending) return;
        c.primaries = c.replicationSpecs.map((spec, s) => ((c.primaries?.[s] ?? 0) + 1) % Math.max(1, electable(spec)));
        delete c.failoverPending;
        await saveCluster(tx, c);
        if (c.stateName !== 'DELETING') await syncClusterProcesses(tx, c, now);
      },
    },
  },
});

export async function startTestFailover(cmd: Command, groupId: string, name: string): Promise<void> {
  const { tx, actor, now } = cmd;
  const { c } = await clusterToChange(tx, groupId, name);
  if (isTenant(c)) throw clusterErrors.restartUnavailable(c.name, 'shared-tier clusters have no test failover');
  if (c.paused) throw clusterErrors.restartUnavailable(c.name, 'the cluster is paused');
  if (c.stateName !== 'IDLE' || c.failoverPending) throw clusterErrors.restartUnavailable(c.name, 'the cluster has changes in progress');
  c.failoverPending = true;
  await saveCluster(tx, c);
  const project = await tx.get<{ orgId: string }>(PROJECTS, groupId);
  await recordEvent(tx, clusterEvent(c, 'TEST_FAILOVER_REQUESTED', actor, now, project!.orgId));
  await failoverLifecycle.start(cmd, 'elected', c.id);
}

/** PENDING while a change is in flight (creating, updating, a test failover), APPLIED otherwise. */
export const changeStatus = (c: ClusterDoc): 'PENDING' | 'APPLIED' => (c.stateName === 'IDLE' && !c.failoverPending ? 'APPLIED' : 'PENDING');

/** Shards scale on their own once their sizes differ; otherwise the cluster scales as one. */
export function autoScalingMode(c: ClusterDoc): 'INDEPENDENT_SHARD_SCALING' | 'CLUSTER_WIDE_SCALING' {
  const sizes = new Set(c.replicationSpecs.map((s) => s.regionConfigs[0]?.electableSpecs.instanceSize));
  return sizes.size > 1 ? 'INDEPENDENT_SHARD_SCALING' : 'CLUSTER_WIDE_SCALING';
}
