import type { Command } from '../../platform/command.js';
import { errors } from '../../platform/errors.js';
import type { Actor } from '../../platform/events.js';
import { derivedNumber } from '../../platform/derived.js';
import { newObjectId } from '../../platform/ids.js';
import { defineLifecycle } from '../../platform/sim/lifecycle.js';
import type { Reader, Tx } from '../../platform/store/types.js';
import { isoSeconds } from '../../platform/time.js';
import { CLUSTERS } from '../clusters/collections.js';
import { addRetention, nextSnapshotOf, snapshotsAt, type Snapshot } from './backups.js';
import { PIPELINES, PIPELINE_RUNS } from './collections.js';
import { recordEvent } from './events.js';
import {
  getPipeline,
  getSourceCluster,
  pipelineErrors,
  RUN_STATES,
  type PipelineDoc,
  type PipelineRunDoc,
  type PipelineSource,
  type SourceClusterDoc,
} from './model.js';

// Ingestion runs, periodic ingestion and dataset retention: a pipeline's life on the clock.

/** The latest moment a Date can hold: retentions beyond it never expire. */
const MAX_DATE = 8.64e15;


export async function listRuns(r: Reader, pipeline: PipelineDoc, createdBefore?: number): Promise<PipelineRunDoc[]> {
  const { items } = await r.list<PipelineRunDoc>(PIPELINE_RUNS, pipeline.id);
  return items
    .filter((run) => createdBefore === undefined || Date.parse(run.createdDate) < createdBefore)
    .reverse();
}

export async function getRun(r: Reader, pipeline: PipelineDoc, runId: string): Promise<PipelineRunDoc> {
  const run = await r.get<PipelineRunDoc>(PIPELINE_RUNS, runId);
  if (!run || run.pipelineId !== pipeline.id) throw pipelineErrors.runNotFound(runId);
  return run;
}

function datasetName(source: PipelineSource, snapshotAt: number): string {
  const stamp = isoSeconds(snapshotAt).replace(/[-:]/g, '');
  return ['v1', 'atlas', 'snapshot', source.clusterName, source.databaseName, source.collectionName, stamp].join('$');
}

async function startRun(cmd: Command, pipeline: PipelineDoc, snapshot: Snapshot): Promise<PipelineRunDoc> {
  const { tx, now: at } = cmd;
  const now = isoSeconds(at);
  const run: PipelineRunDoc = {
    id: newObjectId(at),
    groupId: pipeline.groupId,
    pipelineId: pipeline.id,
    createdDate: now,
    lastUpdatedDate: now,
    state: 'PENDING',
    phase: 'SNAPSHOT',
    snapshotId: snapshot.id,
    backupFrequencyType: snapshot.frequencyType.toUpperCase(),
    datasetName: datasetName(pipeline.source, snapshot.createdAt),
    stats: { bytesExported: 0, numDocs: 0 },
  };
  await tx.put(PIPELINE_RUNS, run.id, run, { parent: pipeline.id });
  await scheduleRunStep(cmd, run);
  return run;
}

/** A run goes PENDING → IN_PROGRESS (export) → IN_PROGRESS (ingestion) → DONE, a third of pipeline.run each. */
async function scheduleRunStep(cmd: Command, run: PipelineRunDoc): Promise<void> {
  const step = Math.max(1, Math.round(cmd.effects.duration('pipeline.run') / 3));
  await pipelineRunLifecycle.start(cmd, 'step', run.pipelineId, { due: cmd.now + step, data: { runId: run.id } });
}

export async function triggerIngestion(cmd: Command, groupId: string, name: string, snapshotId: string): Promise<PipelineRunDoc> {
  const { tx, actor, now: at } = cmd;
  const pipeline = await getPipeline(tx, groupId, name);
  const cluster = await getSourceCluster(tx, groupId, pipeline.source.clusterName);
  const snapshot = snapshotsAt(cluster, at).find((s) => s.id === snapshotId);
  if (!snapshot) throw errors.snapshotNotFound(snapshotId, 'cluster', cluster.name);
  const run = await startRun(cmd, pipeline, snapshot);
  await recordEvent(tx, {
    type: 'INGESTION_PIPELINE_RUN_STARTED',
    at,
    actor,
    orgId: pipeline.orgId,
    groupId,
    raw: { pipelineName: pipeline.name, pipelineRunId: run.id },
  });
  return run;
}

export async function deleteRunDataset(
  tx: Tx,
  groupId: string,
  name: string,
  runId: string,
  actor: Actor,
  at: number,
): Promise<void> {
  const pipeline = await getPipeline(tx, groupId, name);
  const run = await getRun(tx, pipeline, runId);
  if (run.state === 'DATASET_DELETED') return;
  if (run.state !== 'DONE') throw pipelineErrors.runNotFinished(runId);
  await expireDataset(tx, pipeline, run, actor, at);
}

async function expireDataset(tx: Tx, pipeline: PipelineDoc, run: PipelineRunDoc, actor: Actor, at: number): Promise<void> {
  run.state = 'DATASET_DELETED';
  run.lastUpdatedDate = isoSeconds(at);
  await tx.put(PIPELINE_RUNS, run.id, run, { parent: pipeline.id });
  await recordEvent(tx, {
    type: 'INGESTION_PIPELINE_DATASET_DELETED',
    at,
    actor,
    orgId: pipeline.orgId,
    groupId: pipeline.groupId,
    raw: { pipelineName: pipeline.name, pipelineRunId: run.id, datasetName: run.datasetName },
  });
}

async function advanceRun(cmd: Command, { run, pipeline }: RunSubject): Promise<void> {
  const { tx, now: at } = cmd;
  run.lastUpdatedDate = isoSeconds(at);
  if (run.state === 'PENDING') {
    run.state = 'IN_PROGRESS';
    run.phase = 'EXPORT';
  } else if (run.phase === 'EXPORT') {
    run.phase = 'INGESTION';
  } else {
    run.state = 'DONE';
    const numDocs = 1_000 + (derivedNumber([run.snapshotId, pipeline.source.databaseName, pipeline.source.collectionName], 'sha1') % 99_000);
    run.stats = { numDocs, bytesExported: numDocs * (200 + (derivedNumber([run.id], 'sha1') % 800)) };
  }
  await tx.put(PIPELINE_RUNS, run.id, run, { parent: pipeline.id });
  if (run.state !== 'DONE') {
    await scheduleRunStep(cmd, run);
    return;
  }
  await scheduleRetention(cmd, pipeline);
  await recordEvent(tx, {
    type: 'INGESTION_PIPELINE_RUN_COMPLETED',
    at,
    actor: cmd.actor,
    orgId: pipeline.orgId,
    groupId: pipeline.groupId,
    raw: { pipelineName: pipeline.name, pipelineRunId: run.id, datasetName: run.datasetName },
  });
}

/**
 * A periodic pipeline ingests each snapshot its policy item takes while it is
 * active; one timer per pipeline waits for the next such snapshot.
 */
export async function schedulePeriodic(cmd: Command, pipeline: PipelineDoc): Promise<void> {
  const { tx, now: at } = cmd;
  await pipelineLifecycle.cancel(cmd, 'periodic', pipeline.id);
  if (pipeline.state !== 'ACTIVE' || pipeline.source.type !== 'PERIODIC_CPS') return;
  const cluster = await tx.getByName<SourceClusterDoc>(CLUSTERS, pipeline.groupId, pipeline.source.clusterName);
  if (!cluster) return;
  const due = nextSnapshotOf(cluster, pipeline.source.policyItemId!, at);
  if (due === undefined) return;
  await pipelineLifecycle.start(cmd, 'periodic', pipeline.id, { due });
}

async function periodicRun(cmd: Command, pipeline: PipelineDoc): Promise<void> {
  const { tx, now: at } = cmd;
  if (pipeline.state !== 'ACTIVE' || pipeline.source.type !== 'PERIODIC_CPS') return;
  const cluster = await tx.getByName<SourceClusterDoc>(CLUSTERS, pipeline.groupId, pipeline.source.clusterName);
  if (!cluster) return;
  const snapshot = snapshotsAt(cluster, at).find((s) => s.createdAt === at && s.policyItemIds.includes(pipeline.source.policyItemId!));
  if (snapshot) {
    const run = await startRun(cmd, pipeline, snapshot);
    await recordEvent(tx, {
      type: 'INGESTION_PIPELINE_RUN_STARTED',
      at,
      actor: cmd.actor,
      orgId: pipeline.orgId,
      groupId: pipeline.groupId,
      raw: { pipelineName: pipeline.name, pipelineRunId: run.id },
    });
  }
  await schedulePeriodic(cmd, pipeline);
}

/**
 * Datasets older than the pipeline's retention policy are deleted as time
 * passes; one timer per pipeline waits for the oldest dataset to expire.
 */
export async function scheduleRetention(cmd: Command, pipeline: PipelineDoc): Promise<void> {
  const { tx } = cmd;
  await pipelineLifecycle.cancel(cmd, 'retention', pipeline.id);
  const policy = pipeline.datasetRetentionPolicy;
  if (!policy) return;
  // Retentions beyond what a date can express never expire.
  const expiries = (await listRuns(tx, pipeline))
    .filter((run) => run.state === 'DONE')
    .map((run) => addRetention(Date.parse(run.createdDate), policy.units, policy.value))
    .filter((due) => Number.isFinite(due) && due <= MAX_DATE);
  if (expiries.length === 0) return;
  await pipelineLifecycle.start(cmd, 'retention', pipeline.id, { due: Math.min(...expiries) });
}

async function expireDatasets(cmd: Command, pipeline: PipelineDoc): Promise<void> {
  const { tx, now: at } = cmd;
  const policy = pipeline.datasetRetentionPolicy;
  if (!policy) return;
  for (const run of await listRuns(tx, pipeline)) {
    if (run.state === 'DONE' && addRetention(Date.parse(run.createdDate), policy.units, policy.value) <= at) {
      await expireDataset(tx, pipeline, run, cmd.actor, at);
    }
  }
  await scheduleRetention(cmd, pipeline);
}

interface RunSubject {
  run: PipelineRunDoc;
  pipeline: PipelineDoc;
}

/** A run goes PENDING → IN_PROGRESS (export, then ingestion) → DONE, a third of `pipeline.run` per step. */
export const pipelineRunLifecycle = defineLifecycle<RunSubject, 'step'>({
  name: 'pipelineRun',
  async load({ tx }, timer) {
    const run = await tx.get<PipelineRunDoc>(PIPELINE_RUNS, String(timer.data.runId));
    const pipeline = run && (await tx.get<PipelineDoc>(PIPELINES, run.pipelineId));
    return run && pipeline ? { run, pipeline } : undefined;
  },
  states: RUN_STATES,
  durations: { 'pipeline.run': 5000 },
  transitions: {
    step: { records: ['INGESTION_PIPELINE_RUN_COMPLETED'], timerId: null, run: advanceRun },
  },
});

/** What the clock does to a pipeline: periodic ingestion of its policy item's snapshots, and dataset expiry. */
export const pipelineLifecycle = defineLifecycle<PipelineDoc, 'periodic' | 'retention'>({
  name: 'pipeline',
  load: ({ tx }, timer) => tx.get<PipelineDoc>(PIPELINES, timer.ref),
  transitions: {
    periodic: { records: ['INGESTION_PIPELINE_RUN_STARTED'], run: periodicRun },
    retention: { records: ['INGESTION_PIPELINE_DATASET_DELETED'], run: expireDatasets },
  },
});
