import { Type } from '@sinclair/typebox';
import { fromContract } from '../../platform/contract/index.js';
import { defineOperation } from '../../platform/http/operation.js';
import { ClusterNameParam, GroupIdParam, ObjectIdString } from '../../platform/schemas.js';
import { isoSeconds } from '../../platform/time.js';
import { getCluster } from '../clusters/clusters.js';
import {
  bucketNotFound,
  createBucket,
  deleteBucket,
  getBucket,
  getExportJob,
  listBuckets,
  listExportJobs,
  requestExport,
  updateBucket,
  type BucketRequest,
  type ExportBucketDoc,
  type ExportJobDoc,
} from './exports.js';
import { MANAGE, Params, READ } from './operations.js';

const TAG = 'Cloud Backups';
const BUCKETS = '/api/atlas/v2/groups/{groupId}/backup/exportBuckets';
const EXPORTS = '/api/atlas/v2/groups/{groupId}/clusters/{clusterName}/backup/exports';
const BucketParams = Type.Object({ groupId: GroupIdParam, exportBucketId: ObjectIdString('Unique 24-hexadecimal digit string that identifies the export bucket.') });
const ExportParams = Type.Object({ groupId: GroupIdParam, clusterName: ClusterNameParam, exportId: ObjectIdString('Unique 24-hexadecimal digit string that identifies the export job.') });
// The first version knew only S3 buckets: under it, other buckets are not there.
const LEGACY = '2023-01-01';
const servedIn = (version: string, b: ExportBucketDoc) => version !== LEGACY || b.cloudProvider === 'AWS';

function bucketView(b: ExportBucketDoc, link: (p: string) => string) {
  return {
    _id: b.id,
    bucketName: b.bucketName,
    cloudProvider: b.cloudProvider,
    ...(b.cloudProvider === 'AWS' ? { iamRoleId: b.roleId, region: 'US_EAST_1' } : { roleId: b.roleId }),
    ...(b.serviceUrl ? { serviceUrl: b.serviceUrl } : {}),
    ...(b.tenantId ? { tenantId: b.tenantId } : {}),
    links: [{ href: link(`/api/atlas/v2/groups/${b.groupId}/backup/exportBuckets/${b.id}`), rel: 'self' }],
    requirePrivateNetworking: b.requirePrivateNetworking,
  };
}

function exportView(j: ExportJobDoc, link: (p: string) => string) {
  const done = j.state === 'Successful';
  return {
    components: [],
    createdAt: isoSeconds(j.createdAt),
    customData: j.customData,
    exportBucketId: j.exportBucketId,
    // The emulator's clusters hold no collections of their own to count.
    exportStatus: { exportedCollections: done ? 1 : 0, totalCollections: 1 },
    ...(j.finishedAt !== undefined ? { finishedAt: isoSeconds(j.finishedAt) } : {}),
    id: j.id,
    links: [{ href: link(`/api/atlas/v2/groups/${j.groupId}/clusters/${j.clusterName}/backup/exports/${j.id}`), rel: 'self' }],
    prefix: j.prefix,
    snapshotId: j.snapshotId,
    state: j.state,
  };
}

export const exportOperations = [
  defineOperation({
    operationId: 'listGroupBackupExportBuckets',
    classicId: 'listExportBuckets',
    method: 'GET',
    path: BUCKETS,
    tag: TAG,
    summary: 'Return All Snapshot Export Buckets',
    access: READ,
    params: Type.Object({ groupId: GroupIdParam }),
    paginated: true,
    versions: fromContract('listGroupBackupExportBuckets'),
    async handler(ctx) {
      const all = (await listBuckets(ctx.store, ctx.params.groupId)).filter((b) => servedIn(ctx.version, b));
      return ctx.listAll(all, (b) => bucketView(b, ctx.link));
    },
  }),
  defineOperation({
    operationId: 'createGroupBackupExportBucket',
    classicId: 'createExportBucket',
    method: 'POST',
    path: BUCKETS,
    tag: TAG,
    summary: 'Create One Snapshot Export Bucket',
    access: MANAGE,
    params: Type.Object({ groupId: GroupIdParam }),
    versions: fromContract('createGroupBackupExportBucket'),
    async handler(ctx) {
      const body = ctx.body as BucketRequest;
      const b = await ctx.command((cmd) => createBucket(cmd, ctx.params.groupId, body));
      return bucketView(b, ctx.link);
    },
  }),
  defineOperation({
    operationId: 'getGroupBackupExportBucket',
    classicId: 'getExportBucket',
    method: 'GET',
    path: `${BUCKETS}/{exportBucketId}`,
    tag: TAG,
    summary: 'Return One Snapshot Export Bucket',
    access: READ,
    params: BucketParams,
    versions: fromContract('getGroupBackupExportBucket'),
    async handler(ctx) {
      const b = await getBucket(ctx.store, ctx.params.groupId, ctx.params.exportBucketId);
      if (!servedIn(ctx.version, b)) throw bucketNotFound(b.id);
      return bucketView(b, ctx.link);
    },
  }),
  defineOperation({
    operationId: 'updateGroupBackupExportBucket',
    classicId: 'updateExportBucket',
    method: 'PATCH',
    path: `${BUCKETS}/{exportBucketId}`,
    tag: TAG,
    summary: 'Update One Snapshot Export Bucket',
    access: MANAGE,
    params: BucketParams,
    // The contract answers this with the S3 bucket's schema, which requires iamRoleId;
    // an Azure bucket has none, so the requirement is lifted for it.
    versions: fromContract('updateGroupBackupExportBucket', { response: { required: ['_id', 'bucketName', 'cloudProvider'] } }),
    async handler(ctx) {
      const body = ctx.body as { requirePrivateNetworking: boolean };
      const b = await ctx.command((cmd) => updateBucket(cmd, ctx.params.groupId, ctx.params.exportBucketId, body.requirePrivateNetworking));
      return bucketView(b, ctx.link);
    },
  }),
  defineOperation({
    operationId: 'deleteGroupBackupExportBucket',
    classicId: 'deleteExportBucket',
    method: 'DELETE',
    path: `${BUCKETS}/{exportBucketId}`,
    tag: TAG,
    summary: 'Delete One Snapshot Export Bucket',
    access: MANAGE,
    params: BucketParams,
    versions: fromContract('deleteGroupBackupExportBucket'),
    async handler(ctx) {
      await ctx.command((cmd) => deleteBucket(cmd, ctx.params.groupId, ctx.params.exportBucketId));
    },
  }),
  defineOperation({
    operationId: 'listGroupClusterBackupExports',
    classicId: 'listBackupExports',
    method: 'GET',
    path: EXPORTS,
    tag: TAG,
    summary: 'Return All Snapshot Export Jobs',
    access: READ,
    params: Params,
    paginated: true,
    versions: fromContract('listGroupClusterBackupExports'),
    async handler(ctx) {
      const cluster = await getCluster(ctx.store, ctx.params.groupId, ctx.params.clusterName);
      return ctx.listAll(await listExportJobs(ctx.store, cluster), (j) => exportView(j, ctx.link));
    },
  }),
  defineOperation({
    operationId: 'createGroupClusterBackupExport',
    classicId: 'createBackupExport',
    method: 'POST',
    path: EXPORTS,
    tag: TAG,
    summary: 'Create One Snapshot Export Job',
    access: MANAGE,
    params: Params,
    versions: fromContract('createGroupClusterBackupExport'),
    async handler(ctx) {
      const body = ctx.body as { snapshotId: string; exportBucketId: string; customData?: { key?: string; value?: string }[] };
      const job = await ctx.command(async (cmd) => requestExport(cmd, await getCluster(cmd.tx, ctx.params.groupId, ctx.params.clusterName), body));
      return exportView(job, ctx.link);
    },
  }),
  defineOperation({
    operationId: 'getGroupClusterBackupExport',
    classicId: 'getBackupExport',
    method: 'GET',
    path: `${EXPORTS}/{exportId}`,
    tag: TAG,
    summary: 'Return One Snapshot Export Job',
    access: READ,
    params: ExportParams,
    versions: fromContract('getGroupClusterBackupExport'),
    async handler(ctx) {
      const cluster = await getCluster(ctx.store, ctx.params.groupId, ctx.params.clusterName);
      return exportView(await getExportJob(ctx.store, cluster, ctx.params.exportId), ctx.link);
    },
  }),
];
