import type { Command } from '../../platform/command.js';
import { defineLifecycle } from '../../platform/sim/lifecycle.js';
import { CLUSTERS } from '../clusters/collections.js';
import { SAMPLE_DATASET_LOADS } from './collections.js';
import { ApiError } from '../../platform/errors.js';
import { recordEvent } from './events.js';
import { newObjectId } from '../../platform/ids.js';
import { isoSeconds } from '../../platform/time.js';
import { putDatabase, SAMPLE_DATASETS, storedDatabases } from './databases.js';
import { clusterErrors, type ClusterDoc } from '../clusters/model.js';
import { alignUp, BUCKET, hashUnit } from './series.js';

export interface SampleLoadDoc {
  _id: string;
  clusterName: string;
  groupId: string;
  orgId: string;
  createDate: string;
  completeDate: string | null;
  errorMessage: string | null;
  state: 'WORKING' | 'FAILED' | 'COMPLETED';
}

export const sampleLoadNotFound = (id: string) =>
  new ApiError(404, 'SAMPLE_DATASET_LOAD_NOT_FOUND', `No sample dataset load with ID ${id} exists.`, [id]);

export async function requestSampleLoad(
  cmd: Command,
  project: { id: string; orgId: string },
  clusterName: string,
): Promise<SampleLoadDoc> {
  const { tx, actor, now: at } = cmd;
  const cluster = await tx.getByName<ClusterDoc>(CLUSTERS, project.id, clusterName);
  if (!cluster) throw clusterErrors.notFound(clusterName, project.id);
  const running = (await tx.list<SampleLoadDoc>(SAMPLE_DATASET_LOADS, project.id)).items.find(
    (l) => l.clusterName === clusterName && l.state === 'WORKING',
  );
  if (running) {
    throw new ApiError(
      409,
      'SAMPLE_DATASET_LOAD_IN_PROGRESS',
      `A sample dataset is already being loaded into cluster ${clusterName}.`,
      [clusterName],
    );
  }
  const load: SampleLoadDoc = {
    _id: newObjectId(at),
    clusterName,
    groupId: project.id,
    orgId: project.orgId,
    createDate: isoSeconds(at),
    completeDate: null,
    errorMessage: null,
    state: 'WORKING',
  };
  await tx.put(SAMPLE_DATASET_LOADS, load._id, load, { parent: project.id });
  await recordEvent(tx, {
    type: 'SAMPLE_DATASET_LOAD_REQUESTED',
    at,
    actor,
    orgId: project.orgId,
    groupId: project.id,
    clusterName,
    raw: { sampleDatasetId: load._id },
  });
  await sampleLoadLifecycle.start(cmd, 'load', load._id);
  return load;
}

/** The load finishes: the sample databases exist from this moment (or it fails if the cluster went away). */
async function finishLoad(cmd: Command, load: SampleLoadDoc): Promise<void> {
  const { tx, now } = cmd;
  const cluster = await tx.getByName<ClusterDoc>(CLUSTERS, load.groupId, load.clusterName);
  load.completeDate = isoSeconds(now);
  if (!cluster) {
    load.state = 'FAILED';
    load.errorMessage = `Cluster ${load.clusterName} no longer exists.`;
  } else {
    const present = new Set((await storedDatabases(tx, cluster)).map((d) => d.name));
    const created = alignUp(now, BUCKET);
    for (const sample of SAMPLE_DATASETS) {
      if (present.has(sample.name)) continue;
      await putDatabase(tx, {
        ...sample,
        id: newObjectId(now),
        clusterId: cluster.id,
        groupId: cluster.groupId,
        clusterName: cluster.name,
        created,
        visibleFrom: now,
        seed: hashUnit(`${cluster.id}/${sample.name}`) * 1000,
        source: 'sample',
      });
    }
    load.state = 'COMPLETED';
  }
  await tx.put(SAMPLE_DATASET_LOADS, load._id, load, { parent: load.groupId });
  await recordEvent(tx, {
    type: 'SAMPLE_DATASET_LOAD_COMPLETED',
    at: now,
    actor: cmd.actor,
    orgId: load.orgId,
    groupId: load.groupId,
    clusterName: load.clusterName,
    raw: { sampleDatasetId: load._id, state: load.state },
  });
}

/** WORKING → COMPLETED (or FAILED when the cluster is gone) after `sampleDataset.load`. */
export const sampleLoadLifecycle = defineLifecycle<SampleLoadDoc, 'load'>({
  name: 'sampleDataset',
  load: ({ tx }, timer) => tx.get<SampleLoadDoc>(SAMPLE_DATASET_LOADS, timer.ref),
  state: { get: (l) => l.state, set: (l, s) => (l.state = s as SampleLoadDoc['state']) },
  states: ['WORKING', 'FAILED', 'COMPLETED'],
  durations: { 'sampleDataset.load': 5000 },
  transitions: {
    load: { duration: 'sampleDataset.load', from: ['WORKING'], records: ['SAMPLE_DATASET_LOAD_COMPLETED'], timerId: null, run: finishLoad },
  },
});
