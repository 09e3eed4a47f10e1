import { deploymentLookup, ownDeployments } from '../../platform/deployments.js';
import { on } from '../../platform/hooks.js';
import type { Resource } from '../../platform/resource.js';
import { defineLifecycle } from '../../platform/sim/lifecycle.js';
import type { Reader, Timer } from '../../platform/store/types.js';
import { clusterSummaries, type ClusterSummary } from '../clusters/hooks.js';
import { backupOperations } from './backupOperations.js';
import { onRestoreTimer, onSnapshotTimer, startSnapshots } from './backups.js';
import { FLEX_CLUSTERS, FLEX_RESTORE_JOBS, FLEX_SNAPSHOTS } from './collections.js';
import { flexBackupDownloads } from './control.js';
import { EVENT_TYPES } from './events.js';
import { flexRuntime, listFlex, onFlexDeleted, onFlexReady, onFlexUpdated } from './flex.js';
import { operations } from './operations.js';

/**
 * What the clock does to a Flex cluster (its rules in flex.ts and backups.ts load
 * their own documents): creation, change and deletion complete, daily snapshots
 * are taken (caught up to the present in one pass), restores finish.
 */
const flexLifecycle = defineLifecycle<Timer, 'ready' | 'updated' | 'deleted' | 'snapshots' | 'restore'>({
  name: 'flex',
  load: async (_cmd, timer) => timer,
  durations: {
    'flex.create': 3000,
    'flex.update': 2000,
    'flex.delete': 2000,
    'flex.upgrade': 3000,
    'flex.snapshot': 2000,
    'flex.restore': 3000,
  },
  transitions: {
    ready: { duration: 'flex.create', run: ({ tx, effects }, t) => onFlexReady(tx, t.ref, t.due, (f) => startSnapshots(tx, flexRuntime(effects), f, t.due)) },
    updated: { duration: 'flex.update', run: ({ tx, effects }, t) => onFlexUpdated(tx, t.ref, t.due, (f) => startSnapshots(tx, flexRuntime(effects), f, t.due)) },
    deleted: { duration: 'flex.delete', run: ({ tx }, t) => onFlexDeleted(tx, t.ref, t.due) },
    snapshots: { run: ({ tx, effects }, t) => onSnapshotTimer(tx, flexRuntime(effects), t.ref, effects.present()) },
    restore: { duration: 'flex.restore', run: ({ tx }, t) => onRestoreTimer(tx, t.id, t.due) },
  },
});

/** Atlas lists Flex clusters among a project's clusters in the all-projects view. */
async function flexSummaries(r: Reader, q: { groupId: string; summaries: ClusterSummary[] }): Promise<void> {
  for (const f of await listFlex(r, q.groupId)) {
    q.summaries.push({
      alertCount: 0,
      authEnabled: true,
      availability: f.stateName === 'IDLE' || f.stateName === 'UPDATING' ? 'available' : 'unavailable',
      backupEnabled: true,
      clusterId: f.id,
      dataSizeBytes: 0,
      name: f.name,
      nodeCount: 3,
      sslEnabled: true,
      type: 'REPLICA_SET',
      versions: [f.mongoDBVersion],
    });
  }
}

export const flexClusters: Resource = {
  name: 'flexClusters',
  operations: [...operations, ...backupOperations],
  collections: [FLEX_CLUSTERS, FLEX_SNAPSHOTS, FLEX_RESTORE_JOBS],
  eventTypes: EVENT_TYPES,
  lifecycles: [flexLifecycle],
  subscribes: [on(deploymentLookup, ownDeployments('flex', FLEX_CLUSTERS)), on(clusterSummaries, flexSummaries)],
  control: flexBackupDownloads,
};
