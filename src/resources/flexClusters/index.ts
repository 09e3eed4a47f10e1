import { deploymentLookup, ownDeployments } from '../../platform/deployments.js';
import { on } from '../../platform/hooks.js';
import type { Resource } from '../../platform/resource.js';
import type { Services } from '../../platform/services.js';
import type { Reader } from '../../platform/store/types.js';
import { clusterSummaries, type ClusterSummary } from '../clusters/hooks.js';
import { backupOperations } from './backupOperations.js';
import { onRestoreTimer, onSnapshotTimer, startSnapshots } from './backups.js';
import { FLEX_CLUSTERS, FLEX_RESTORE_JOBS, FLEX_SNAPSHOTS } from './collections.js';
import { registerFlexBackupDownloads } from './control.js';
import { EVENT_TYPES } from './events.js';
import { flexRuntime, listFlex, onFlexDeleted, onFlexReady, onFlexUpdated, TIMERS } from './flex.js';
import { operations } from './operations.js';

function registerFlexLifecycles(services: Services): void {
  const rt = flexRuntime(services);
  services.scheduler.on(TIMERS.ready, (tx, t) => onFlexReady(tx, t.ref, t.due, (f) => startSnapshots(tx, rt, f, t.due)));
  services.scheduler.on(TIMERS.updated, (tx, t) => onFlexUpdated(tx, t.ref, t.due, (f) => startSnapshots(tx, rt, f, t.due)));
  services.scheduler.on(TIMERS.deleted, (tx, t) => onFlexDeleted(tx, t.ref, t.due));
  // Catches up to the present in one pass: the history is the same as step by step.
  services.scheduler.on(TIMERS.snapshots, (tx, t) => onSnapshotTimer(tx, rt, t.ref, Math.max(t.due, services.clock.now())));
  services.scheduler.on(TIMERS.restore, (tx, t) => onRestoreTimer(tx, t.id, t.due));
}

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
  lifecycleSteps: {
    'flex.create': 3000,
    'flex.update': 2000,
    'flex.delete': 2000,
    'flex.upgrade': 3000,
    'flex.snapshot': 2000,
    'flex.restore': 3000,
  },
  timers: registerFlexLifecycles,
  subscribes: [on(deploymentLookup, ownDeployments('flex', FLEX_CLUSTERS)), on(clusterSummaries, flexSummaries)],
  control: registerFlexBackupDownloads,
};
