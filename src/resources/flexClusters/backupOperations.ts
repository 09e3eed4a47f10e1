import { Type } from '@sinclair/typebox';
import { fromContract } from '../../platform/contract/index.js';
import { defineOperation } from '../../platform/http/operation.js';
import { ClusterNameParam, GroupIdParam, ObjectIdString } from '../../platform/schemas.js';
import { requireProjectRole } from '../../platform/roles.js';
import { getProject } from '../projects/projects.js';
import {
  getRestoreJob,
  getSnapshot,
  listRestoreJobs,
  listSnapshots,
  requestDownload,
  requestRestore,
  type RestoreRequest,
} from './backups.js';
import { flexRuntime, getFlex } from './flex.js';
import { restoreJobView, snapshotView } from './views.js';

const Params = Type.Object({ groupId: GroupIdParam, name: ClusterNameParam });

// Managing Flex backups (downloads, restores) takes the Project Owner role; reading them, Project Read Only.
export const backupOperations = [
  defineOperation({
    operationId: 'listGroupFlexClusterBackupSnapshots',
    classicId: 'listFlexBackups',
    method: 'GET',
    path: '/api/atlas/v2/groups/{groupId}/flexClusters/{name}/backup/snapshots',
    tag: 'Flex Snapshots',
    summary: 'Return All Snapshots of One Flex Cluster',
    access: { scope: 'project', role: 'GROUP_READ_ONLY' },
    params: Params,
    paginated: true,
    versions: fromContract('listGroupFlexClusterBackupSnapshots'),
    async handler(ctx) {
      const f = await getFlex(ctx.services.store, ctx.params.groupId, ctx.params.name);
      const duration = ctx.services.lifecycle('flex.snapshot');
      return ctx.listAll(await listSnapshots(ctx.services.store, f), (s) => snapshotView(f, s, duration, ctx.link));
    },
  }),
  defineOperation({
    operationId: 'getGroupFlexClusterBackupSnapshot',
    classicId: 'getFlexBackup',
    method: 'GET',
    path: '/api/atlas/v2/groups/{groupId}/flexClusters/{name}/backup/snapshots/{snapshotId}',
    tag: 'Flex Snapshots',
    summary: 'Return One Snapshot of One Flex Cluster',
    access: { scope: 'project', role: 'GROUP_READ_ONLY' },
    params: Type.Object({ groupId: GroupIdParam, name: ClusterNameParam, snapshotId: ObjectIdString('Unique 24-hexadecimal digit string that identifies the snapshot.') }),
    versions: fromContract('getGroupFlexClusterBackupSnapshot'),
    async handler(ctx) {
      const f = await getFlex(ctx.services.store, ctx.params.groupId, ctx.params.name);
      const snap = await getSnapshot(ctx.services.store, f, ctx.params.snapshotId);
      return snapshotView(f, snap, ctx.services.lifecycle('flex.snapshot'), ctx.link);
    },
  }),
  defineOperation({
    operationId: 'downloadGroupFlexClusterBackup',
    classicId: 'downloadFlexBackup',
    method: 'POST',
    path: '/api/atlas/v2/groups/{groupId}/flexClusters/{name}/backup/download',
    tag: 'Flex Snapshots',
    summary: 'Download One Flex Cluster Snapshot',
    access: { scope: 'project', role: 'GROUP_OWNER' },
    params: Params,
    versions: fromContract('downloadGroupFlexClusterBackup'),
    async handler(ctx) {
      const job = await ctx.services.store.write(async (tx) => {
        const f = await getFlex(tx, ctx.params.groupId, ctx.params.name);
        return { f, job: await requestDownload(tx, flexRuntime(ctx.services), f, (ctx.body as { snapshotId: string }).snapshotId, ctx.actor, ctx.now) };
      });
      return restoreJobView(job.f, job.job, ctx.link);
    },
  }),
  defineOperation({
    operationId: 'listGroupFlexClusterBackupRestoreJobs',
    classicId: 'listFlexBackupRestoreJobs',
    method: 'GET',
    path: '/api/atlas/v2/groups/{groupId}/flexClusters/{name}/backup/restoreJobs',
    tag: 'Flex Restore Jobs',
    summary: 'Return All Restore Jobs for One Flex Cluster',
    access: { scope: 'project', role: 'GROUP_READ_ONLY' },
    params: Params,
    paginated: true,
    versions: fromContract('listGroupFlexClusterBackupRestoreJobs'),
    async handler(ctx) {
      const f = await getFlex(ctx.services.store, ctx.params.groupId, ctx.params.name);
      return ctx.listAll(await listRestoreJobs(ctx.services.store, f), (j) => restoreJobView(f, j, ctx.link));
    },
  }),
  defineOperation({
    operationId: 'createGroupFlexClusterBackupRestoreJob',
    classicId: 'createFlexBackupRestoreJob',
    method: 'POST',
    path: '/api/atlas/v2/groups/{groupId}/flexClusters/{name}/backup/restoreJobs',
    tag: 'Flex Restore Jobs',
    summary: 'Restore One Snapshot of One Flex Cluster',
    access: { scope: 'project', role: 'GROUP_OWNER' },
    params: Params,
    versions: fromContract('createGroupFlexClusterBackupRestoreJob'),
    async handler(ctx) {
      const body = ctx.body as RestoreRequest;
      // Restoring into another project overwrites a cluster there: the caller must own that project too.
      if (body.targetProjectId !== undefined && body.targetProjectId !== ctx.params.groupId) {
        const target = await getProject(ctx.services.store, body.targetProjectId);
        requireProjectRole(ctx.principal, target.id, target.orgId, 'GROUP_OWNER');
      }
      const out = await ctx.services.store.write(async (tx) => {
        const f = await getFlex(tx, ctx.params.groupId, ctx.params.name);
        return { f, job: await requestRestore(tx, flexRuntime(ctx.services), f, body, ctx.actor, ctx.now) };
      });
      return restoreJobView(out.f, out.job, ctx.link);
    },
  }),
  defineOperation({
    operationId: 'getGroupFlexClusterBackupRestoreJob',
    classicId: 'getFlexBackupRestoreJob',
    method: 'GET',
    path: '/api/atlas/v2/groups/{groupId}/flexClusters/{name}/backup/restoreJobs/{restoreJobId}',
    tag: 'Flex Restore Jobs',
    summary: 'Return One Restore Job for One Flex Cluster',
    access: { scope: 'project', role: 'GROUP_READ_ONLY' },
    params: Type.Object({ groupId: GroupIdParam, name: ClusterNameParam, restoreJobId: ObjectIdString('Unique 24-hexadecimal digit string that identifies the restore job.') }),
    versions: fromContract('getGroupFlexClusterBackupRestoreJob'),
    async handler(ctx) {
      const f = await getFlex(ctx.services.store, ctx.params.groupId, ctx.params.name);
      return restoreJobView(f, await getRestoreJob(ctx.services.store, f, ctx.params.restoreJobId), ctx.link);
    },
  }),
];
