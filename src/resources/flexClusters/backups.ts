import type { Reader, Tx } from '../../platform/store/types.js';
import { ApiError, errors } from '../../platform/errors.js';
import { SYSTEM, type Actor } from '../../platform/events.js';
import { newObjectId } from '../../platform/ids.js';
import { advanceSnapshots, type RecurringSnapshot, type SnapshotPolicy } from '../../platform/sim/recurringSnapshots.js';
import { deploymentKind } from '../../platform/deployments.js';
import { clusterErrors, findCluster } from '../clusters/clusters.js';
import { FLEX_CLUSTERS, FLEX_RESTORE_JOBS, FLEX_SNAPSHOTS } from './collections.js';
import { recordEvent } from './events.js';
import { flexEvent, TIMERS, type FlexDoc, type FlexRuntime } from './flex.js';

// Flex backups as Atlas keeps them: one snapshot a day, the first 24 hours
// after the cluster came up, the last eight kept; restores and downloads are
// jobs that move through their states on the clock.

const DAY = 86_400_000;
/** Atlas keeps the last eight daily snapshots. */
export const KEPT_SNAPSHOTS = 8;
/** How long a download link stays valid once the archive is ready. */
const DOWNLOAD_LINK_MS = 4 * 3_600_000;

/** FLEX_SNAPSHOTS, parent = Flex cluster id. */
export interface FlexSnapshotDoc extends RecurringSnapshot {
  groupId: string;
  clusterId: string;
  mongoDBVersion: string;
  /** Completion moment, set when it completes. */
  finishedAt?: number;
}

export type RestoreStatus = 'QUEUED' | 'RUNNING' | 'COMPLETED';

/** FLEX_RESTORE_JOBS, parent = the source Flex cluster's id. */
export interface RestoreJobDoc {
  id: string;
  groupId: string;
  clusterId: string;
  instanceName: string;
  snapshotId: string;
  snapshotFinishedAt: number;
  deliveryType: 'RESTORE' | 'DOWNLOAD';
  targetProjectId?: string;
  targetDeploymentItemName?: string;
  status: RestoreStatus;
  scheduledAt: number;
  finishedAt?: number;
}

const slotTime = (f: FlexDoc, slot: number) => f.created + slot * DAY;

/** The daily schedule, played by the one recurring-snapshot engine. */
function snapshotPolicy(rt: FlexRuntime): SnapshotPolicy<FlexDoc, FlexSnapshotDoc> {
  return {
    collection: FLEX_SNAPSHOTS,
    slotTime,
    // A snapshot goes when the eighth one after it has completed, so eight completed ones remain.
    expiry: (f, snap, duration) => slotTime(f, snap.slot + KEPT_SNAPSHOTS) + duration,
    create: (f, slot, createdAt) => ({
      id: newObjectId(createdAt),
      groupId: f.groupId,
      clusterId: f.id,
      mongoDBVersion: f.mongoDBVersion,
      slot,
      createdAt,
      status: 'queued',
      expiresAt: 0,
    }),
    async started(tx, f, snap, at) {
      await recordEvent(tx, { ...flexEvent(f, 'TENANT_SNAPSHOT_STARTED_AUDIT', SYSTEM, at), raw: { snapshotId: snap.id } });
    },
    async completed(tx, f, snap, at) {
      snap.finishedAt = at;
      await recordEvent(tx, { ...flexEvent(f, 'TENANT_SNAPSHOT_COMPLETED_AUDIT', SYSTEM, at), raw: { snapshotId: snap.id } });
    },
    async expired(tx, f, snap, at) {
      await recordEvent(tx, { ...flexEvent(f, 'TENANT_SNAPSHOT_DELETED_AUDIT', SYSTEM, at), raw: { snapshotId: snap.id } });
    },
    saveOwner: (tx, f) => tx.put(FLEX_CLUSTERS, f.id, f, { parent: f.groupId, name: f.name }),
    scheduleNext: (tx, f, due) => rt.schedule(tx, TIMERS.snapshots, f.id, due, `${TIMERS.snapshots}:${f.id}`),
  };
}

/** The schedule starts with the cluster up: the first snapshot is taken a day after its origin. */
export async function startSnapshots(tx: Tx, rt: FlexRuntime, f: FlexDoc, at: number): Promise<void> {
  f.nextSlot = Math.max(1, Math.ceil((at - f.created) / DAY));
  await tx.put(FLEX_CLUSTERS, f.id, f, { parent: f.groupId, name: f.name });
  await advanceSnapshots(tx, snapshotPolicy(rt), f, at, rt.step('flex.snapshot'));
}

/** Catches a cluster's snapshots up to `horizon` (nothing else changes them between its timers). */
export async function onSnapshotTimer(tx: Tx, rt: FlexRuntime, id: string, horizon: number): Promise<void> {
  const f = await tx.get<FlexDoc>(FLEX_CLUSTERS, id);
  if (!f || f.stateName === 'DELETING' || f.nextSlot === 0) return;
  await advanceSnapshots(tx, snapshotPolicy(rt), f, horizon, rt.step('flex.snapshot'));
}

/** Snapshots of a cluster, newest first. */
export async function listSnapshots(r: Reader, f: FlexDoc): Promise<FlexSnapshotDoc[]> {
  const { items } = await r.list<FlexSnapshotDoc>(FLEX_SNAPSHOTS, f.id);
  return items.sort((a, b) => b.createdAt - a.createdAt);
}

export async function getSnapshot(r: Reader, f: FlexDoc, snapshotId: string): Promise<FlexSnapshotDoc> {
  const snap = await r.get<FlexSnapshotDoc>(FLEX_SNAPSHOTS, snapshotId);
  if (!snap || snap.clusterId !== f.id) throw errors.snapshotNotFound(snapshotId, 'cluster', f.name);
  return snap;
}

/** When the snapshot started running and finished, as far as it has. */
export function snapshotTimes(snap: FlexSnapshotDoc, duration: number): { startedAt?: number; finishedAt?: number } {
  return {
    startedAt: snap.status === 'queued' ? undefined : snap.createdAt + Math.floor(duration / 2),
    finishedAt: snap.status === 'completed' ? (snap.finishedAt ?? snap.createdAt + duration) : undefined,
  };
}

async function completedSnapshot(r: Reader, f: FlexDoc, snapshotId: string): Promise<FlexSnapshotDoc> {
  const snap = await getSnapshot(r, f, snapshotId);
  if (snap.status !== 'completed') throw errors.invalidAttribute('snapshotId', 'the snapshot has not completed');
  return snap;
}

async function startJob(tx: Tx, rt: FlexRuntime, job: RestoreJobDoc): Promise<void> {
  await tx.put(FLEX_RESTORE_JOBS, job.id, job, { parent: job.clusterId });
  const duration = rt.step('flex.restore');
  await rt.schedule(tx, TIMERS.restore, job.clusterId, job.scheduledAt + Math.floor(duration / 2), `${TIMERS.restore}:${job.id}:run`);
  await rt.schedule(tx, TIMERS.restore, job.clusterId, job.scheduledAt + duration, `${TIMERS.restore}:${job.id}:done`);
}

export interface RestoreRequest {
  snapshotId: string;
  targetDeploymentItemName: string;
  targetProjectId?: string;
}

/**
 * Restores a completed snapshot into a replica set of the target project: a Flex
 * cluster or a dedicated replica set (Atlas restores Flex snapshots to replica sets only).
 */
export async function requestRestore(
  tx: Tx,
  rt: FlexRuntime,
  f: FlexDoc,
  input: RestoreRequest,
  actor: Actor,
  at: number,
): Promise<RestoreJobDoc> {
  const snap = await completedSnapshot(tx, f, input.snapshotId);
  const targetProject = input.targetProjectId ?? f.groupId;
  const target = input.targetDeploymentItemName;
  const flexTarget = await tx.getByName<FlexDoc>(FLEX_CLUSTERS, targetProject, target);
  if (flexTarget?.stateName === 'DELETING') throw clusterErrors.alreadyDeleting(target);
  if (!flexTarget) {
    const cluster = await findCluster(tx, targetProject, target);
    if (!cluster) {
      if (await deploymentKind(tx, targetProject, target)) throw errors.invalidAttribute('targetDeploymentItemName', 'snapshots restore to clusters only');
      throw clusterErrors.notFound(target, targetProject);
    }
    if (cluster.stateName === 'DELETING') throw clusterErrors.alreadyDeleting(target);
    if (cluster.clusterType !== 'REPLICASET') {
      throw errors.invalidAttribute('targetDeploymentItemName', 'Flex snapshots restore to replica sets only');
    }
  }
  const job: RestoreJobDoc = {
    id: newObjectId(at),
    groupId: f.groupId,
    clusterId: f.id,
    instanceName: f.name,
    snapshotId: snap.id,
    snapshotFinishedAt: snap.finishedAt ?? snap.createdAt,
    deliveryType: 'RESTORE',
    targetProjectId: targetProject,
    targetDeploymentItemName: target,
    status: 'QUEUED',
    scheduledAt: at,
  };
  await startJob(tx, rt, job);
  await recordEvent(tx, { ...flexEvent(f, 'TENANT_RESTORE_REQUESTED_AUDIT', actor, at), raw: { snapshotId: snap.id, restoreJobId: job.id } });
  return job;
}

/** A download is a restore job delivered as an archive behind a link. */
export async function requestDownload(tx: Tx, rt: FlexRuntime, f: FlexDoc, snapshotId: string, actor: Actor, at: number): Promise<RestoreJobDoc> {
  const snap = await completedSnapshot(tx, f, snapshotId);
  const job: RestoreJobDoc = {
    id: newObjectId(at),
    groupId: f.groupId,
    clusterId: f.id,
    instanceName: f.name,
    snapshotId: snap.id,
    snapshotFinishedAt: snap.finishedAt ?? snap.createdAt,
    deliveryType: 'DOWNLOAD',
    status: 'QUEUED',
    scheduledAt: at,
  };
  await startJob(tx, rt, job);
  await recordEvent(tx, {
    ...flexEvent(f, 'TENANT_SNAPSHOT_DOWNLOAD_REQUESTED_AUDIT', actor, at),
    raw: { snapshotId: snap.id, restoreJobId: job.id },
  });
  return job;
}

/** A job's next state at its timer: running from half its duration, done at its end. */
export async function onRestoreTimer(tx: Tx, timerId: string, at: number): Promise<void> {
  const [, jobId, step] = timerId.split(':');
  const job = await tx.get<RestoreJobDoc>(FLEX_RESTORE_JOBS, jobId ?? '');
  if (!job || job.status === 'COMPLETED') return;
  if (step === 'run') {
    job.status = 'RUNNING';
  } else {
    job.status = 'COMPLETED';
    job.finishedAt = at;
    const f = await tx.get<FlexDoc>(FLEX_CLUSTERS, job.clusterId);
    if (f) await recordEvent(tx, { ...flexEvent(f, 'TENANT_RESTORE_COMPLETED_AUDIT', SYSTEM, at), raw: { restoreJobId: job.id } });
  }
  await tx.put(FLEX_RESTORE_JOBS, job.id, job, { parent: job.clusterId });
}

export async function listRestoreJobs(r: Reader, f: FlexDoc): Promise<RestoreJobDoc[]> {
  const { items } = await r.list<RestoreJobDoc>(FLEX_RESTORE_JOBS, f.id);
  return items.sort((a, b) => b.scheduledAt - a.scheduledAt);
}

export async function getRestoreJob(r: Reader, f: FlexDoc, jobId: string): Promise<RestoreJobDoc> {
  const job = await r.get<RestoreJobDoc>(FLEX_RESTORE_JOBS, jobId);
  if (!job || job.clusterId !== f.id) {
    throw new ApiError(404, 'RESTORE_JOB_NOT_FOUND', `No restore job with ID ${jobId} exists for cluster ${f.name}.`, [jobId, f.name]);
  }
  return job;
}

/** A download link lasts a few hours after the archive is ready. */
export function downloadExpiry(job: RestoreJobDoc): number | undefined {
  return job.deliveryType === 'DOWNLOAD' && job.finishedAt !== undefined ? job.finishedAt + DOWNLOAD_LINK_MS : undefined;
}
