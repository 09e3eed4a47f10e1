import { isoSeconds } from '../../platform/time.js';
import { nextSlotAfter, phaseAt, slotTime } from '../../platform/sim/recurringSnapshots.js';
import type { ClusterDoc } from '../clusters/model.js';
import { scheduleOf, type ScheduleDoc } from './policy.js';
import type { SnapshotDoc } from './snapshots.js';

type Link = (path: string) => string;

const clusterPath = (c: { groupId: string; name: string }) => `/api/atlas/v2/groups/${c.groupId}/clusters/${c.name}`;

export function scheduleView(cluster: ClusterDoc, s: ScheduleDoc, now: number, link: Link) {
  const sched = scheduleOf(s);
  const next = s.items.length ? nextSlotAfter(sched, Math.max(now, s.since)) : undefined;
  return {
    autoExportEnabled: s.autoExportEnabled,
    clusterId: cluster.id,
    clusterName: cluster.name,
    copySettings: [],
    extraRetentionSettings: [],
    links: [{ href: link(`${clusterPath(cluster)}/backup/schedule`), rel: 'self' }],
    ...(next !== undefined ? { nextSnapshot: isoSeconds(slotTime(sched, next)) } : {}),
    policies: [{ id: s.policyId, policyItems: s.items.map((i) => ({ ...i })) }],
    referenceHourOfDay: s.referenceHourOfDay,
    referenceMinuteOfHour: s.referenceMinuteOfHour,
    restoreWindowDays: s.restoreWindowDays,
    useOrgAndGroupNamesInExportPrefix: s.useOrgAndGroupNamesInExportPrefix,
  };
}

export const isSharded = (c: ClusterDoc) => c.clusterType === 'SHARDED' || c.clusterType === 'GEOSHARDED';

export function snapshotView(cluster: ClusterDoc, s: SnapshotDoc, duration: number, now: number, link: Link) {
  return {
    cloudProvider: cluster.replicationSpecs[0]?.regionConfigs[0]?.providerName ?? 'AWS',
    copyRegions: [],
    createdAt: isoSeconds(s.createdAt),
    ...(s.description !== undefined ? { description: s.description } : {}),
    expiresAt: isoSeconds(s.expiresAt),
    ...(s.frequencyType ? { frequencyType: s.frequencyType } : {}),
    id: s.id,
    links: [{ href: link(`${clusterPath(cluster)}/backup/snapshots/${s.id}`), rel: 'self' }],
    mongodVersion: cluster.mongoDBVersion,
    policyItems: s.policyItems,
    ...(isSharded(cluster) ? {} : { replicaSetName: `atlas-${cluster.replicaSetToken}-shard-0` }),
    snapshotType: s.snapshotType,
    status: phaseAt(s.createdAt, duration, now),
    storageSizeBytes: s.storageSizeBytes,
    type: isSharded(cluster) ? 'shardedCluster' : 'replicaSet',
  };
}
