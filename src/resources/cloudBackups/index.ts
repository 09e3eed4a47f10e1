import { on } from '../../platform/hooks.js';
import type { Resource } from '../../platform/resource.js';
import { defineLifecycle } from '../../platform/sim/lifecycle.js';
import type { Timer } from '../../platform/store/types.js';
import { clusterBackupChanging, clusterDeleted } from '../clusters/hooks.js';
import { CLOUD_BACKUP_COMPLIANCE, CLOUD_BACKUP_EXPORT_BUCKETS, CLOUD_BACKUP_EXPORT_JOBS, CLOUD_BACKUP_RESTORE_JOBS, CLOUD_BACKUP_SCHEDULES, CLOUD_BACKUP_SNAPSHOTS } from './collections.js';
import { EVENT_TYPES } from './events.js';
import { operations } from './operations.js';
import { SNAPSHOT_STEP } from './policy.js';
import { restoreLifecycle } from './restores.js';
import { restoreOperations } from './restoreOperations.js';
import { exportLifecycle } from './exports.js';
import { exportOperations } from './exportOperations.js';
import { projectDeleted } from '../projects/hooks.js';
import { onBackupChanging } from './compliance.js';
import { complianceControl, complianceOperations } from './complianceOperations.js';
import { shardedOperations } from './shardedOperations.js';

/**
 * Snapshot phases are read from the clock in closed form (no timers); the
 * lifecycle declares how long a snapshot takes, so that --lifecycle can set it.
 */
const snapshotLifecycle = defineLifecycle<Timer, never>({
  name: 'cloudBackup',
  load: async (_cmd, timer) => timer,
  durations: { [SNAPSHOT_STEP]: 60_000 },
  transitions: {},
});

export const cloudBackups: Resource = {
  name: 'cloudBackups',
  operations: [...operations, ...shardedOperations, ...restoreOperations, ...exportOperations, ...complianceOperations],
  collections: [CLOUD_BACKUP_SCHEDULES, CLOUD_BACKUP_SNAPSHOTS, CLOUD_BACKUP_RESTORE_JOBS, CLOUD_BACKUP_EXPORT_BUCKETS, CLOUD_BACKUP_EXPORT_JOBS, CLOUD_BACKUP_COMPLIANCE],
  eventTypes: EVENT_TYPES,
  lifecycles: [snapshotLifecycle, restoreLifecycle, exportLifecycle],
  control: complianceControl,
  subscribes: [
    on(clusterBackupChanging, onBackupChanging),
    // A deleted cluster's schedule and stored snapshots go with it (its scheduled ones are computed from them).
    on(clusterDeleted, async (tx, ref) => {
      if (!ref.id) return;
      await tx.delete(CLOUD_BACKUP_SCHEDULES, ref.id);
      await tx.deleteChildren(CLOUD_BACKUP_SNAPSHOTS, ref.id);
      await tx.deleteChildren(CLOUD_BACKUP_RESTORE_JOBS, ref.id);
    }),
    on(projectDeleted, async (tx, project) => {
      await tx.deleteChildren(CLOUD_BACKUP_EXPORT_BUCKETS, project.id);
      await tx.deleteChildren(CLOUD_BACKUP_EXPORT_JOBS, project.id);
      await tx.delete(CLOUD_BACKUP_COMPLIANCE, project.id);
    }),
  ],
};
