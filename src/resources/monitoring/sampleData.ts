import type { Services } from '../../platform/services.js';
import type { Timer, Tx } from '../../platform/store/types.js';
import { CLUSTERS } from '../clusters/collections.js';
import { SAMPLE_DATASET_LOADS } from './collections.js';
import { ApiError } from '../../platform/errors.js';
import { SYSTEM, type Actor } from '../../platform/events.js';
import { recordEvent } from './events.js';
import { newObjectId } from '../../platform/ids.js';
import { isoSeconds } from '../../platform/time.js';
import { putDatabase, SAMPLE_DATASETS, storedDatabases } from './databases.js';
import { clusterErrors, type ClusterDoc } from '../clusters/clusters.js';
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

const TIMER_KIND = 'sampleDataset.load';

export const sampleLoadNotFound = (id: string) =>
  new ApiError(404, 'SAMPLE_DATASET_LOAD_NOT_FOUND', `No sample dataset load with ID ${id} exists.`, [id]);

export async function requestSampleLoad(
  tx: Tx,
  services: Services,
  project: { id: string; orgId: string },
  clusterName: string,
  actor: Actor,
  at: number,
): Promise<SampleLoadDoc> {
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
  await services.scheduler.schedule(tx, {
    kind: TIMER_KIND,
    ref: load._id,
    due: at + services.lifecycle('sampleDataset.load'),
  });
  return load;
}

/** The load finishes: the sample databases exist from this moment (or it fails if the cluster went away). */
async function finishLoad(tx: Tx, timer: Timer): Promise<void> {
  const load = await tx.get<SampleLoadDoc>(SAMPLE_DATASET_LOADS, timer.ref);
  if (!load || load.state !== 'WORKING') return;
  const cluster = await tx.getByName<ClusterDoc>(CLUSTERS, load.groupId, load.clusterName);
  load.completeDate = isoSeconds(timer.due);
  if (!cluster) {
    load.state = 'FAILED';
    load.errorMessage = `Cluster ${load.clusterName} no longer exists.`;
  } else {
    const present = new Set((await storedDatabases(tx, cluster)).map((d) => d.name));
    const created = alignUp(timer.due, BUCKET);
    for (const sample of SAMPLE_DATASETS) {
      if (present.has(sample.name)) continue;
      await putDatabase(tx, {
        ...sample,
        id: newObjectId(timer.due),
        clusterId: cluster.id,
        groupId: cluster.groupId,
        clusterName: cluster.name,
        created,
        visibleFrom: timer.due,
        seed: hashUnit(`${cluster.id}/${sample.name}`) * 1000,
        source: 'sample',
      });
    }
    load.state = 'COMPLETED';
  }
  await tx.put(SAMPLE_DATASET_LOADS, load._id, load, { parent: load.groupId });
  await recordEvent(tx, {
    type: 'SAMPLE_DATASET_LOAD_COMPLETED',
    at: timer.due,
    actor: SYSTEM,
    orgId: load.orgId,
    groupId: load.groupId,
    clusterName: load.clusterName,
    raw: { sampleDatasetId: load._id, state: load.state },
  });
}

export function registerSampleDataTimers(services: Services): void {
  services.scheduler.on(TIMER_KIND, finishLoad);
}
