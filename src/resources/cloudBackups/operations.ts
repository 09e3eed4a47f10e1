import { Type } from '@sinclair/typebox';
import { contractQuery, fromContract } from '../../platform/contract/index.js';
import { defineOperation } from '../../platform/http/operation.js';
import { ClusterNameParam, GroupIdParam, ObjectIdString } from '../../platform/schemas.js';
import { getCluster } from '../clusters/clusters.js';
import { getProject } from '../projects/projects.js';
import { SNAPSHOT_STEP } from './policy.js';
import { currentSchedule, deleteAllItems, scheduleFor, updateSchedule, type ScheduleChanges } from './schedule.js';
import { changeRetention, deleteSnapshot, getSnapshot, listSnapshots, takeSnapshot } from './snapshots.js';
import { scheduleView, snapshotView } from './views.js';

const TAG = 'Cloud Backups';
const BASE = '/api/atlas/v2/groups/{groupId}/clusters/{clusterName}/backup';

export const Params = Type.Object({ groupId: GroupIdParam, clusterName: ClusterNameParam });
const SnapshotParams = Type.Object({
  groupId: GroupIdParam,
  clusterName: ClusterNameParam,
  snapshotId: ObjectIdString('Unique 24-hexadecimal digit string that identifies the snapshot.'),
});

export const READ = { scope: 'project', role: 'GROUP_READ_ONLY' } as const;
export const MANAGE = { scope: 'project', role: 'GROUP_BACKUP_MANAGER' } as const;

export const operations = [
  defineOperation({
    operationId: 'getGroupClusterBackupSchedule',
    classicId: 'getBackupSchedule',
    method: 'GET',
    path: `${BASE}/schedule`,
    tag: TAG,
    summary: 'Return One Cloud Backup Schedule',
    access: READ,
    params: Params,
    versions: fromContract('getGroupClusterBackupSchedule'),
    async handler(ctx) {
      const cluster = await getCluster(ctx.store, ctx.params.groupId, ctx.params.clusterName);
      return scheduleView(cluster, await scheduleFor(ctx.store, cluster), ctx.now, ctx.link);
    },
  }),
  defineOperation({
    operationId: 'updateGroupClusterBackupSchedule',
    classicId: 'updateBackupSchedule',
    method: 'PATCH',
    path: `${BASE}/schedule`,
    tag: TAG,
    summary: 'Update Cloud Backup Schedule for One Cluster',
    access: MANAGE,
    params: Params,
    versions: fromContract('updateGroupClusterBackupSchedule'),
    async handler(ctx) {
      const body = ctx.body as ScheduleChanges;
      const { cluster, s } = await ctx.command(async (cmd) => {
        const cluster = await getCluster(cmd.tx, ctx.params.groupId, ctx.params.clusterName);
        const project = await getProject(cmd.tx, cluster.groupId);
        return { cluster, s: await updateSchedule(cmd, cluster, project.orgId, body) };
      });
      return scheduleView(cluster, s, ctx.now, ctx.link);
    },
  }),
  defineOperation({
    operationId: 'deleteGroupClusterBackupSchedule',
    classicId: 'deleteAllBackupSchedules',
    method: 'DELETE',
    path: `${BASE}/schedule`,
    tag: TAG,
    summary: 'Remove All Cloud Backup Schedules',
    access: MANAGE,
    params: Params,
    versions: fromContract('deleteGroupClusterBackupSchedule'),
    async handler(ctx) {
      const { cluster, s } = await ctx.command(async (cmd) => {
        const cluster = await getCluster(cmd.tx, ctx.params.groupId, ctx.params.clusterName);
        const project = await getProject(cmd.tx, cluster.groupId);
        return { cluster, s: await deleteAllItems(cmd, cluster, project.orgId) };
      });
      return scheduleView(cluster, s, ctx.now, ctx.link);
    },
  }),
  defineOperation({
    operationId: 'listGroupClusterBackupSnapshots',
    classicId: 'listReplicaSetBackups',
    method: 'GET',
    path: `${BASE}/snapshots`,
    tag: TAG,
    summary: 'Return All Replica Set Cloud Backups',
    access: READ,
    params: Params,
    query: contractQuery('listGroupClusterBackupSnapshots'),
    paginated: true,
    versions: fromContract('listGroupClusterBackupSnapshots'),
    async handler(ctx) {
      const cluster = await getCluster(ctx.store, ctx.params.groupId, ctx.params.clusterName);
      const snaps = await listSnapshots(ctx.store, await currentSchedule(ctx.store, cluster), cluster.id, ctx.now);
      const duration = ctx.duration(SNAPSHOT_STEP);
      return ctx.listAll(snaps, (s) => snapshotView(cluster, s, duration, ctx.now, ctx.link));
    },
  }),
  defineOperation({
    operationId: 'takeGroupClusterBackupSnapshots',
    classicId: 'takeSnapshot',
    method: 'POST',
    path: `${BASE}/snapshots`,
    tag: TAG,
    summary: 'Take One On-Demand Snapshot',
    access: MANAGE,
    params: Params,
    versions: fromContract('takeGroupClusterBackupSnapshots'),
    async handler(ctx) {
      const body = ctx.body as { description?: string; retentionInDays?: number };
      const { cluster, snap } = await ctx.command(async (cmd) => {
        const cluster = await getCluster(cmd.tx, ctx.params.groupId, ctx.params.clusterName);
        await scheduleFor(cmd.tx, cluster);
        const project = await getProject(cmd.tx, cluster.groupId);
        return { cluster, snap: await takeSnapshot(cmd, cluster, project.orgId, body) };
      });
      return snapshotView(cluster, snap, ctx.duration(SNAPSHOT_STEP), ctx.now, ctx.link);
    },
  }),
  defineOperation({
    operationId: 'getGroupClusterBackupSnapshot',
    classicId: 'getReplicaSetBackup',
    method: 'GET',
    path: `${BASE}/snapshots/{snapshotId}`,
    tag: TAG,
    summary: 'Return One Replica Set Cloud Backup',
    access: READ,
    params: SnapshotParams,
    versions: fromContract('getGroupClusterBackupSnapshot'),
    async handler(ctx) {
      const cluster = await getCluster(ctx.store, ctx.params.groupId, ctx.params.clusterName);
      const snap = await getSnapshot(ctx.store, await currentSchedule(ctx.store, cluster), cluster, ctx.params.snapshotId, ctx.now);
      return snapshotView(cluster, snap, ctx.duration(SNAPSHOT_STEP), ctx.now, ctx.link);
    },
  }),
  defineOperation({
    operationId: 'updateGroupClusterBackupSnapshot',
    classicId: 'updateSnapshotRetention',
    method: 'PATCH',
    path: `${BASE}/snapshots/{snapshotId}`,
    tag: TAG,
    summary: 'Change Expiration Date for One Cloud Backup',
    access: MANAGE,
    params: SnapshotParams,
    versions: fromContract('updateGroupClusterBackupSnapshot'),
    async handler(ctx) {
      const body = ctx.body as { retentionUnit: string; retentionValue: number };
      const { cluster, snap } = await ctx.command(async (cmd) => {
        const cluster = await getCluster(cmd.tx, ctx.params.groupId, ctx.params.clusterName);
        const project = await getProject(cmd.tx, cluster.groupId);
        const found = await getSnapshot(cmd.tx, await currentSchedule(cmd.tx, cluster), cluster, ctx.params.snapshotId, cmd.now);
        return { cluster, snap: await changeRetention(cmd, cluster, project.orgId, found, body) };
      });
      return snapshotView(cluster, snap, ctx.duration(SNAPSHOT_STEP), ctx.now, ctx.link);
    },
  }),
  defineOperation({
    operationId: 'deleteGroupClusterBackupSnapshot',
    classicId: 'deleteReplicaSetBackup',
    method: 'DELETE',
    path: `${BASE}/snapshots/{snapshotId}`,
    tag: TAG,
    summary: 'Remove One Replica Set Cloud Backup',
    access: MANAGE,
    params: SnapshotParams,
    versions: fromContract('deleteGroupClusterBackupSnapshot'),
    async handler(ctx) {
      await ctx.command(async (cmd) => {
        const cluster = await getCluster(cmd.tx, ctx.params.groupId, ctx.params.clusterName);
        const project = await getProject(cmd.tx, cluster.groupId);
        const found = await getSnapshot(cmd.tx, await currentSchedule(cmd.tx, cluster), cluster, ctx.params.snapshotId, cmd.now);
        await deleteSnapshot(cmd, cluster, project.orgId, found);
      });
    },
  }),
];
