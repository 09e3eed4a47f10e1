import type { Command } from '../../platform/command.js';
import { ApiError, errors } from '../../platform/errors.js';
import { newObjectId } from '../../platform/ids.js';
import { defineLifecycle } from '../../platform/sim/lifecycle.js';
import { phaseAt } from '../../platform/sim/recurringSnapshots.js';
import type { Reader } from '../../platform/store/types.js';
import { ORGS } from '../../platform/tenancy.js';
import type { ClusterDoc } from '../clusters/model.js';
import { setFeatureUsage, usableRole, type Provider } from '../cloudProviderAccess/roles.js';
import { getProject } from '../projects/projects.js';
import { CLOUD_BACKUP_EXPORT_BUCKETS, CLOUD_BACKUP_EXPORT_JOBS } from './collections.js';
import { recordEvent } from './events.js';
import { SNAPSHOT_STEP } from './policy.js';
import { currentSchedule, scheduleFor } from './schedule.js';
import { getSnapshot } from './snapshots.js';

// Export buckets (an S3 bucket through an authorized AWS role, an Azure blob
// container through an Azure service principal) and snapshot exports into them,
// which the clock moves from Queued through InProgress to Successful.

const FEATURE = 'EXPORT_SNAPSHOT';

/** CLOUD_BACKUP_EXPORT_BUCKETS: parent = groupId. */
export interface ExportBucketDoc {
  id: string;
  groupId: string;
  cloudProvider: Provider;
  bucketName: string;
  roleId: string;
  serviceUrl?: string;
  tenantId?: string;
  requirePrivateNetworking: boolean;
}

export interface BucketRequest {
  cloudProvider: Provider;
  bucketName?: string;
  iamRoleId?: string;
  roleId?: string;
  serviceUrl?: string;
  requirePrivateNetworking?: boolean;
}

export type ExportState = 'Queued' | 'InProgress' | 'Successful' | 'Cancelled' | 'Failed';

/** CLOUD_BACKUP_EXPORT_JOBS: parent = groupId (a bucket's jobs are found by project). */
export interface ExportJobDoc {
  id: string;
  clusterId: string;
  groupId: string;
  clusterName: string;
  exportBucketId: string;
  snapshotId: string;
  customData: { key?: string; value?: string }[];
  prefix: string;
  state: ExportState;
  createdAt: number;
  finishedAt?: number;
}

export const bucketNotFound = (id: string) =>
  new ApiError(404, 'BACKUP_EXPORT_BUCKET_NOT_FOUND', `No export bucket with ID ${id} exists.`, [id]);
export const exportJobNotFound = (id: string) => new ApiError(404, 'EXPORT_JOB_NOT_FOUND', `No export job with ID ${id} exists.`, [id]);

export async function getBucket(r: Reader, groupId: string, id: string): Promise<ExportBucketDoc> {
  const b = await r.get<ExportBucketDoc>(CLOUD_BACKUP_EXPORT_BUCKETS, id);
  if (!b || b.groupId !== groupId) throw bucketNotFound(id);
  return b;
}

export async function listBuckets(r: Reader, groupId: string): Promise<ExportBucketDoc[]> {
  return (await r.list<ExportBucketDoc>(CLOUD_BACKUP_EXPORT_BUCKETS, groupId)).items;
}

export async function createBucket(cmd: Command, groupId: string, req: BucketRequest): Promise<ExportBucketDoc> {
  await getProject(cmd.tx, groupId);
  const aws = req.cloudProvider === 'AWS';
  const roleField = aws ? 'iamRoleId' : 'roleId';
  const roleId = aws ? req.iamRoleId : req.roleId;
  if (!req.bucketName) throw errors.missingAttribute('bucketName');
  if (!roleId) throw errors.missingAttribute(roleField);
  if (req.cloudProvider === 'AZURE' && !req.serviceUrl) throw errors.missingAttribute('serviceUrl');
  if (req.serviceUrl !== undefined && !/^https:\/\/[a-z0-9]+\.blob\.core\.windows\.net\/?$/.test(req.serviceUrl))
    throw errors.invalidAttribute('serviceUrl', 'an Azure Blob Storage account URL');
  const role = await usableRole(cmd.tx, groupId, roleId, req.cloudProvider);
  const bucket: ExportBucketDoc = {
    id: newObjectId(cmd.now),
    groupId,
    cloudProvider: req.cloudProvider,
    bucketName: req.bucketName,
    roleId,
    ...(req.serviceUrl ? { serviceUrl: req.serviceUrl } : {}),
    ...(role.tenantId ? { tenantId: role.tenantId } : {}),
    requirePrivateNetworking: req.requirePrivateNetworking ?? false,
  };
  await cmd.tx.put(CLOUD_BACKUP_EXPORT_BUCKETS, bucket.id, bucket, { parent: groupId });
  await setFeatureUsage(cmd.tx, role, FEATURE, { exportBucketId: bucket.id, groupId }, true);
  return bucket;
}

export async function updateBucket(cmd: Command, groupId: string, id: string, requirePrivateNetworking: boolean): Promise<ExportBucketDoc> {
  const b = await getBucket(cmd.tx, groupId, id);
  b.requirePrivateNetworking = requirePrivateNetworking;
  await cmd.tx.put(CLOUD_BACKUP_EXPORT_BUCKETS, b.id, b, { parent: groupId });
  return b;
}

/** A bucket an export is still writing to stays. */
export async function deleteBucket(cmd: Command, groupId: string, id: string): Promise<void> {
  const b = await getBucket(cmd.tx, groupId, id);
  const jobs = (await cmd.tx.list<ExportJobDoc>(CLOUD_BACKUP_EXPORT_JOBS, groupId)).items;
  if (jobs.some((j) => j.exportBucketId === id && (j.state === 'Queued' || j.state === 'InProgress'))) throw new ApiError(400, 'EXPORT_BUCKET_IN_USE', `Export bucket ${id} is in use by a running export.`, [id]);
  await cmd.tx.delete(CLOUD_BACKUP_EXPORT_BUCKETS, id);
  const role = await usableRole(cmd.tx, groupId, b.roleId, b.cloudProvider).catch(() => undefined);
  if (role) await setFeatureUsage(cmd.tx, role, FEATURE, { exportBucketId: b.id, groupId }, false);
}

async function advanceExport(cmd: Command, job: ExportJobDoc): Promise<void> {
  if (job.state === 'InProgress') await exportLifecycle.start(cmd, 'finish', job.id);
  else {
    job.finishedAt = cmd.now;
    const project = await getProject(cmd.tx, job.groupId);
    await recordEvent(cmd.tx, { type: 'CPS_EXPORT_SUCCESSFUL', at: cmd.now, actor: cmd.actor, orgId: project.orgId, groupId: job.groupId, clusterName: job.clusterName, raw: { exportJobId: job.id } });
  }
  await cmd.tx.put(CLOUD_BACKUP_EXPORT_JOBS, job.id, job, { parent: job.groupId });
}

export const exportLifecycle = defineLifecycle<ExportJobDoc, 'start' | 'finish'>({
  name: 'cloudBackupExport',
  load: ({ tx }, timer) => tx.get<ExportJobDoc>(CLOUD_BACKUP_EXPORT_JOBS, timer.ref),
  state: { get: (j) => j.state, set: (j, s) => (j.state = s as ExportState) },
  states: ['Queued', 'InProgress', 'Successful', 'Cancelled', 'Failed'],
  durations: { 'cloudBackup.exportQueue': 60_000, 'cloudBackup.export': 10 * 60_000 },
  transitions: {
    start: { duration: 'cloudBackup.exportQueue', from: ['Queued'], to: 'InProgress', run: advanceExport },
    finish: { duration: 'cloudBackup.export', from: ['InProgress'], to: 'Successful', records: ['CPS_EXPORT_SUCCESSFUL'], run: advanceExport },
  },
});

const day = (t: number) => new Date(t).toISOString().slice(0, 10);

export async function requestExport(
  cmd: Command,
  cluster: ClusterDoc,
  input: { snapshotId: string; exportBucketId: string; customData?: { key?: string; value?: string }[] },
): Promise<ExportJobDoc> {
  const sched = await scheduleFor(cmd.tx, cluster);
  await getBucket(cmd.tx, cluster.groupId, input.exportBucketId);
  const snap = await getSnapshot(cmd.tx, await currentSchedule(cmd.tx, cluster), cluster, input.snapshotId, cmd.now);
  if (phaseAt(snap.createdAt, cmd.effects.duration(SNAPSHOT_STEP), cmd.now) !== 'completed')
    throw errors.invalidAttribute('snapshotId', 'the snapshot has not completed');
  const project = await getProject(cmd.tx, cluster.groupId);
  const org = await cmd.tx.get<{ name: string }>(ORGS, project.orgId);
  const [orgPart, groupPart] = sched.useOrgAndGroupNamesInExportPrefix ? [org?.name ?? project.orgId, project.name] : [project.orgId, project.id];
  const job: ExportJobDoc = {
    id: newObjectId(cmd.now),
    clusterId: cluster.id,
    groupId: cluster.groupId,
    clusterName: cluster.name,
    exportBucketId: input.exportBucketId,
    snapshotId: snap.id,
    customData: input.customData ?? [],
    prefix: `/exported_snapshots/${orgPart}/${groupPart}/${cluster.name}/${day(snap.createdAt)}/${Math.floor(cmd.now / 1000)}`,
    state: 'Queued',
    createdAt: cmd.now,
  };
  await cmd.tx.put(CLOUD_BACKUP_EXPORT_JOBS, job.id, job, { parent: cluster.groupId });
  await exportLifecycle.start(cmd, 'start', job.id);
  return job;
}

export async function getExportJob(r: Reader, cluster: ClusterDoc, id: string): Promise<ExportJobDoc> {
  const j = await r.get<ExportJobDoc>(CLOUD_BACKUP_EXPORT_JOBS, id);
  if (!j || j.clusterId !== cluster.id) throw exportJobNotFound(id);
  return j;
}

export async function listExportJobs(r: Reader, cluster: ClusterDoc): Promise<ExportJobDoc[]> {
  return (await r.list<ExportJobDoc>(CLOUD_BACKUP_EXPORT_JOBS, cluster.groupId)).items.filter((j) => j.clusterId === cluster.id).sort((a, b) => b.createdAt - a.createdAt);
}
