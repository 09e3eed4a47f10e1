import { Type } from '@sinclair/typebox';
import { fromContract } from '../../platform/contract/index.js';
import { defineOperation } from '../../platform/http/operation.js';
import { ClusterNameParam, GroupIdParam, ObjectIdString } from '../../platform/schemas.js';
import { isoSeconds } from '../../platform/time.js';
import { getCluster } from '../clusters/clusters.js';
import type { ClusterDoc } from '../clusters/model.js';
import { getProject } from '../projects/projects.js';
import { MANAGE, Params, READ } from './operations.js';
import { cancelRestoreJob, getRestoreJob, listRestoreJobs, requestRestore, type RestoreJobDoc, type RestoreRequest } from './restores.js';

const TAG = 'Cloud Backups';
const BASE = '/api/atlas/v2/groups/{groupId}/clusters/{clusterName}/backup/restoreJobs';
const JobParams = Type.Object({
  groupId: GroupIdParam,
  clusterName: ClusterNameParam,
  restoreJobId: ObjectIdString('Unique 24-hexadecimal digit string that identifies the restore job.'),
});

function restoreJobView(c: ClusterDoc, j: RestoreJobDoc, link: (p: string) => string) {
  const self = `/api/atlas/v2/groups/${c.groupId}/clusters/${c.name}/backup/restoreJobs/${j.id}`;
  return {
    cancelled: j.state === 'CANCELLED',
    deliveryType: j.deliveryType,
    deliveryUrl: j.deliveryUrl,
    ...(j.deliveryType === 'pointInTime' ? { desiredTimestamp: { date: isoSeconds(j.timestamp) } } : {}),
    expired: j.state === 'EXPIRED',
    ...(j.expiresAt !== undefined ? { expiresAt: isoSeconds(j.expiresAt) } : {}),
    failed: false,
    ...(j.finishedAt !== undefined ? { finishedAt: isoSeconds(j.finishedAt) } : {}),
    id: j.id,
    links: [{ href: link(self), rel: 'self' }],
    ...(j.oplogTs !== undefined ? { oplogTs: j.oplogTs, oplogInc: j.oplogInc } : {}),
    ...(j.pointInTimeUTCSeconds !== undefined ? { pointInTimeUTCSeconds: j.pointInTimeUTCSeconds } : {}),
    ...(j.snapshotId ? { snapshotId: j.snapshotId } : {}),
    ...(j.targetClusterName ? { targetClusterName: j.targetClusterName, targetGroupId: j.targetGroupId } : {}),
    timestamp: isoSeconds(j.timestamp),
  };
}

export const restoreOperations = [
  defineOperation({
    operationId: 'listGroupClusterBackupRestoreJobs',
    classicId: 'listBackupRestoreJobs',
    method: 'GET',
    path: BASE,
    tag: TAG,
    summary: 'Return All Restore Jobs for One Cluster',
    access: READ,
    params: Params,
    paginated: true,
    versions: fromContract('listGroupClusterBackupRestoreJobs'),
    async handler(ctx) {
      const cluster = await getCluster(ctx.store, ctx.params.groupId, ctx.params.clusterName);
      return ctx.listAll(await listRestoreJobs(ctx.store, cluster), (j) => restoreJobView(cluster, j, ctx.link));
    },
  }),
  defineOperation({
    operationId: 'createGroupClusterBackupRestoreJob',
    classicId: 'createBackupRestoreJob',
    method: 'POST',
    path: BASE,
    tag: TAG,
    summary: 'Restore One Snapshot of One Cluster',
    access: MANAGE,
    params: Params,
    versions: fromContract('createGroupClusterBackupRestoreJob'),
    async handler(ctx) {
      const body = ctx.body as RestoreRequest;
      const { cluster, job } = await ctx.command(async (cmd) => {
        const cluster = await getCluster(cmd.tx, ctx.params.groupId, ctx.params.clusterName);
        const project = await getProject(cmd.tx, cluster.groupId);
        return { cluster, job: await requestRestore(cmd, cluster, project.orgId, body) };
      });
      return restoreJobView(cluster, job, ctx.link);
    },
  }),
  defineOperation({
    operationId: 'getGroupClusterBackupRestoreJob',
    classicId: 'getBackupRestoreJob',
    method: 'GET',
    path: `${BASE}/{restoreJobId}`,
    tag: TAG,
    summary: 'Return One Restore Job for One Cluster',
    access: READ,
    params: JobParams,
    versions: fromContract('getGroupClusterBackupRestoreJob'),
    async handler(ctx) {
      const cluster = await getCluster(ctx.store, ctx.params.groupId, ctx.params.clusterName);
      return restoreJobView(cluster, await getRestoreJob(ctx.store, cluster, ctx.params.restoreJobId), ctx.link);
    },
  }),
  defineOperation({
    operationId: 'cancelGroupClusterBackupRestoreJob',
    classicId: 'cancelBackupRestoreJob',
    method: 'DELETE',
    path: `${BASE}/{restoreJobId}`,
    tag: TAG,
    summary: 'Cancel One Restore Job of One Cluster',
    access: MANAGE,
    params: JobParams,
    versions: fromContract('cancelGroupClusterBackupRestoreJob'),
    async handler(ctx) {
      await ctx.command(async (cmd) => {
        const cluster = await getCluster(cmd.tx, ctx.params.groupId, ctx.params.clusterName);
        await cancelRestoreJob(cmd, cluster, ctx.params.restoreJobId);
      });
    },
  }),
];
