import type { Command } from '../../platform/command.js';
import { ApiError, errors } from '../../platform/errors.js';
import { derivedBytes } from '../../platform/derived.js';
import { newObjectId } from '../../platform/ids.js';
import { defineLifecycle } from '../../platform/sim/lifecycle.js';
import { phaseAt } from '../../platform/sim/recurringSnapshots.js';
import type { Reader } from '../../platform/store/types.js';
import { getCluster } from '../clusters/clusters.js';
import { saveCluster, type ClusterDoc } from '../clusters/model.js';
import { getProject } from '../projects/projects.js';
import { CLUSTERS } from '../clusters/collections.js';
import { CLOUD_BACKUP_RESTORE_JOBS } from './collections.js';
import { SNAPSHOT_STEP } from './policy.js';
import { recordEvent } from './events.js';
import { currentSchedule, scheduleFor } from './schedule.js';
import { getSnapshot } from './snapshots.js';

// Restore jobs of a dedicated cluster: automated (a snapshot into a target
// cluster), point in time (the source's continuous backup into a target) and
// download (a link to the snapshot's files). The clock moves them on.

export type RestoreState = 'RUNNING' | 'FINISHED' | 'CANCELLED' | 'EXPIRED';

/** CLOUD_BACKUP_RESTORE_JOBS: parent = source cluster id. */
export interface RestoreJobDoc {
  id: string;
  clusterId: string;
  groupId: string;
  clusterName: string;
  deliveryType: 'automated' | 'download' | 'pointInTime';
  state: RestoreState;
  snapshotId?: string;
  targetGroupId?: string;
  targetClusterName?: string;
  pointInTimeUTCSeconds?: number;
  oplogTs?: number;
  oplogInc?: number;
  /** The moment of data restored (the snapshot's, or the point in time). */
  timestamp: number;
  createdAt: number;
  finishedAt?: number;
  expiresAt?: number;
  deliveryUrl: string[];
}

export interface RestoreRequest {
  deliveryType: 'automated' | 'download' | 'pointInTime';
  snapshotId?: string;
  targetGroupId?: string;
  targetClusterName?: string;
  pointInTimeUTCSeconds?: number;
  oplogTs?: number;
  oplogInc?: number;
}

export const restoreJobNotFound = (id: string, cluster: string) =>
  new ApiError(404, 'RESTORE_JOB_NOT_FOUND', `No restore job with ID ${id} exists for cluster ${cluster}.`, [id, cluster]);

const notCancellable = (id: string) =>
  new ApiError(400, 'CANNOT_CANCEL_RESTORE_JOB', `Restore job ${id} cannot be cancelled in its current state.`, [id]);

/** Marks the target cluster as being restored (UPDATING), or back to IDLE when the restore leaves it. */
async function markTarget(cmd: Command, job: RestoreJobDoc, restoring: boolean): Promise<void> {
  if (!job.targetGroupId || !job.targetClusterName) return;
  const target = await cmd.tx.getByName<ClusterDoc>(CLUSTERS, job.targetGroupId, job.targetClusterName);
  if (!target) return;
  if (restoring && target.stateName === 'IDLE') target.stateName = 'UPDATING';
  else if (!restoring && target.stateName === 'UPDATING') target.stateName = 'IDLE';
  else return;
  await saveCluster(cmd.tx, target);
}

async function finish(cmd: Command, job: RestoreJobDoc): Promise<void> {
  job.finishedAt = cmd.now;
  if (job.deliveryType === 'download') {
    const token = derivedBytes([job.id, 'download'], 'sha1').toString('hex');
    job.deliveryUrl = [`https://restore-${job.id}.${token.slice(0, 8)}.mongodb.net:27017/${token}/restore-${job.snapshotId}.tar.gz`];
    job.expiresAt = await restoreLifecycle.start(cmd, 'expire', job.id);
  } else await markTarget(cmd, job, false);
  await cmd.tx.put(CLOUD_BACKUP_RESTORE_JOBS, job.id, job, { parent: job.clusterId });
  const project = await getProject(cmd.tx, job.groupId);
  await recordEvent(cmd.tx, { type: 'CPS_RESTORE_SUCCESSFUL', at: cmd.now, actor: cmd.actor, orgId: project.orgId, groupId: job.groupId, clusterName: job.clusterName, raw: { restoreJobId: job.id } });
}

export const restoreLifecycle = defineLifecycle<RestoreJobDoc, 'finish' | 'expire'>({
  name: 'cloudBackupRestore',
  load: ({ tx }, timer) => tx.get<RestoreJobDoc>(CLOUD_BACKUP_RESTORE_JOBS, timer.ref),
  state: { get: (j) => j.state, set: (j, s) => (j.state = s as RestoreState) },
  states: ['RUNNING', 'FINISHED', 'CANCELLED', 'EXPIRED'],
  durations: { 'cloudBackup.restore': 5 * 60_000, 'cloudBackup.downloadLink': 4 * 3_600_000 },
  transitions: {
    finish: { duration: 'cloudBackup.restore', from: ['RUNNING'], to: 'FINISHED', records: ['CPS_RESTORE_SUCCESSFUL'], run: finish },
    expire: {
      duration: 'cloudBackup.downloadLink',
      from: ['FINISHED'],
      to: 'EXPIRED',
      run: async ({ tx }, job) => tx.put(CLOUD_BACKUP_RESTORE_JOBS, job.id, job, { parent: job.clusterId }),
    },
  },
});

function pointInTime(req: RestoreRequest): number | undefined {
  if (req.pointInTimeUTCSeconds !== undefined) return req.pointInTimeUTCSeconds * 1000;
  if (req.oplogTs !== undefined) {
    if (req.oplogInc === undefined) throw errors.missingAttribute('oplogInc');
    return req.oplogTs * 1000;
  }
  return undefined;
}

export async function requestRestore(cmd: Command, source: ClusterDoc, orgId: string, req: RestoreRequest): Promise<RestoreJobDoc> {
  const sched = await scheduleFor(cmd.tx, source);
  const job: RestoreJobDoc = {
    id: newObjectId(cmd.now),
    clusterId: source.id,
    groupId: source.groupId,
    clusterName: source.name,
    deliveryType: req.deliveryType,
    state: 'RUNNING',
    timestamp: cmd.now,
    createdAt: cmd.now,
    deliveryUrl: [],
  };
  if (req.deliveryType === 'pointInTime') {
    if (!source.pitEnabled) throw new ApiError(400, 'POINT_IN_TIME_RESTORE_NOT_ENABLED', `Continuous cloud backup is not enabled for cluster ${source.name}.`, [source.name]);
    const at = pointInTime(req);
    if (at === undefined) throw errors.missingAttribute('pointInTimeUTCSeconds');
    if (at > cmd.now || at < cmd.now - sched.restoreWindowDays * 86_400_000)
      throw errors.invalidAttribute(req.pointInTimeUTCSeconds !== undefined ? 'pointInTimeUTCSeconds' : 'oplogTs', 'outside the restore window');
    job.timestamp = at;
    Object.assign(job, req.pointInTimeUTCSeconds !== undefined ? { pointInTimeUTCSeconds: req.pointInTimeUTCSeconds } : { oplogTs: req.oplogTs, oplogInc: req.oplogInc });
  } else {
    if (!req.snapshotId) throw errors.missingAttribute('snapshotId');
    const snap = await getSnapshot(cmd.tx, await currentSchedule(cmd.tx, source), source, req.snapshotId, cmd.now);
    if (phaseAt(snap.createdAt, cmd.effects.duration(SNAPSHOT_STEP), cmd.now) !== 'completed')
      throw errors.invalidAttribute('snapshotId', 'the snapshot has not completed');
    job.snapshotId = snap.id;
    job.timestamp = snap.createdAt;
  }
  if (req.deliveryType !== 'download') {
    if (!req.targetGroupId) throw errors.missingAttribute('targetGroupId');
    if (!req.targetClusterName) throw errors.missingAttribute('targetClusterName');
    await getProject(cmd.tx, req.targetGroupId);
    const target = await getCluster(cmd.tx, req.targetGroupId, req.targetClusterName);
    if (target.stateName !== 'IDLE')
      throw new ApiError(409, 'CLUSTER_NOT_IDLE', `Cluster ${target.name} cannot be restored into while it is ${target.stateName}.`, [target.name]);
    job.targetGroupId = req.targetGroupId;
    job.targetClusterName = req.targetClusterName;
  }
  await cmd.tx.put(CLOUD_BACKUP_RESTORE_JOBS, job.id, job, { parent: source.id });
  await markTarget(cmd, job, true);
  await recordEvent(cmd.tx, { type: 'CPS_RESTORE_REQUESTED_AUDIT', at: cmd.now, actor: cmd.actor, orgId, groupId: source.groupId, clusterName: source.name, raw: { restoreJobId: job.id } });
  await restoreLifecycle.start(cmd, 'finish', job.id);
  return job;
}

export async function listRestoreJobs(r: Reader, source: ClusterDoc): Promise<RestoreJobDoc[]> {
  return (await r.list<RestoreJobDoc>(CLOUD_BACKUP_RESTORE_JOBS, source.id)).items.sort((a, b) => b.createdAt - a.createdAt);
}

export async function getRestoreJob(r: Reader, source: ClusterDoc, id: string): Promise<RestoreJobDoc> {
  const job = await r.get<RestoreJobDoc>(CLOUD_BACKUP_RESTORE_JOBS, id);
  if (!job || job.clusterId !== source.id) throw restoreJobNotFound(id, source.name);
  return job;
}

/** A running restore can be cancelled, and a download's link revoked until it expires; nothing else. */
export async function cancelRestoreJob(cmd: Command, source: ClusterDoc, id: string): Promise<void> {
  const job = await getRestoreJob(cmd.tx, source, id);
  const cancellable = job.state === 'RUNNING' || (job.deliveryType === 'download' && job.state === 'FINISHED');
  if (!cancellable) throw notCancellable(id);
  await restoreLifecycle.cancel(cmd, job.state === 'RUNNING' ? 'finish' : 'expire', job.id);
  if (job.state === 'RUNNING') await markTarget(cmd, job, false);
  job.state = 'CANCELLED';
  job.deliveryUrl = [];
  await cmd.tx.put(CLOUD_BACKUP_RESTORE_JOBS, job.id, job, { parent: job.clusterId });
}
