import type { Tx } from '../../platform/store/types.js';
import { on } from '../../platform/hooks.js';
import { newObjectId } from '../../platform/ids.js';
import { isoSeconds } from '../../platform/time.js';
import { projectCreated, projectDeleted } from '../projects/hooks.js';
import type { ProjectDoc } from '../projects/model.js';
import { build, put } from './alertConfigs.js';
import { ALERT_CONFIGS } from './collections.js';
import {
  type MetricThreshold,
  type Notification,
  type AlertConfigInput,
} from './model.js';

// The alert configurations every new project starts with (unless its creator opts out).

const ownersByEmail = (delayMin: number): Notification => ({
  typeName: 'GROUP',
  roles: ['GROUP_OWNER'],
  emailEnabled: true,
  smsEnabled: false,
  intervalMin: 60,
  delayMin,
});

const metric = (metricName: string, threshold: number): MetricThreshold => ({
  metricName,
  mode: 'AVERAGE',
  operator: 'GREATER_THAN',
  threshold,
  units: 'RAW',
});

/**
 * The alerts Atlas sets up in a new project unless it is created with
 * withDefaultAlertsSettings=false: the database and host conditions of its
 * default set (organization-level billing alerts live elsewhere).
 */
const DEFAULT_ALERT_CONFIGS: AlertConfigInput[] = [
  {
    eventTypeName: 'REPLICATION_OPLOG_WINDOW_RUNNING_OUT',
    threshold: { operator: 'LESS_THAN', threshold: 1, units: 'HOURS' },
    notifications: [ownersByEmail(0)],
  },
  { eventTypeName: 'NO_PRIMARY', notifications: [ownersByEmail(15)] },
  { eventTypeName: 'CLUSTER_MONGOS_IS_MISSING', notifications: [ownersByEmail(15)] },
  {
    eventTypeName: 'OUTSIDE_METRIC_THRESHOLD',
    metricThreshold: metric('CONNECTIONS_PERCENT', 80),
    notifications: [ownersByEmail(0)],
  },
  {
    eventTypeName: 'OUTSIDE_METRIC_THRESHOLD',
    metricThreshold: metric('DISK_PARTITION_SPACE_USED_DATA', 90),
    notifications: [ownersByEmail(0)],
  },
  {
    eventTypeName: 'OUTSIDE_METRIC_THRESHOLD',
    metricThreshold: metric('QUERY_TARGETING_SCANNED_OBJECTS_PER_RETURNED', 1000),
    notifications: [ownersByEmail(10)],
  },
  {
    eventTypeName: 'OUTSIDE_METRIC_THRESHOLD',
    metricThreshold: metric('NORMALIZED_SYSTEM_CPU_USER', 95),
    notifications: [ownersByEmail(0)],
  },
  { eventTypeName: 'HOST_HAS_INDEX_SUGGESTIONS', notifications: [ownersByEmail(10)] },
  { eventTypeName: 'HOST_NOT_ENOUGH_DISK_SPACE', notifications: [ownersByEmail(0)] },
  { eventTypeName: 'JOINED_GROUP', notifications: [ownersByEmail(0)] },
];

// The defaults are part of creating the project (its GROUP_CREATED event), so
// they record no alert configuration events of their own.
async function createDefaults(tx: Tx, project: ProjectDoc, at: number): Promise<void> {
  if (project.withDefaultAlertsSettings === false) return;
  for (const input of DEFAULT_ALERT_CONFIGS) {
    const doc = build(
      { ...input, enabled: true },
      { id: newObjectId(at), groupId: project.id, created: isoSeconds(at), previous: [] },
      at,
    );
    await put(tx, doc);
  }
}

export const createDefaultsForNewProject = on(projectCreated, createDefaults);
export const dropProjectAlertConfigs = on(projectDeleted, async (tx, project) => {
  await tx.deleteChildren(ALERT_CONFIGS, project.id);
});
