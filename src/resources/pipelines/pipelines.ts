import type { Command } from '../../platform/command.js';
import type { Actor } from '../../platform/events.js';
import { errors } from '../../platform/errors.js';
import { on } from '../../platform/hooks.js';
import { newObjectId } from '../../platform/ids.js';
import type { Reader, Tx } from '../../platform/store/types.js';
import { isoSeconds } from '../../platform/time.js';
import { clusterDeleting, type ClusterRef } from '../clusters/hooks.js';
import { getProject } from '../projects/projects.js';
import { projectDeleted } from '../projects/hooks.js';
import { backupPolicy } from './backups.js';
import { PIPELINES, PIPELINE_RUNS } from './collections.js';
import { recordEvent } from './events.js';
import {
  getPipeline,
  getSourceCluster,
  listPipelines,
  pipelineErrors,
  savePipeline,
  type PartitionField,
  type PipelineDoc,
  type PipelineSource,
  type RetentionUnit,
  type SourceClusterDoc,
  type SourceType,
  type Transformation,
} from './model.js';
import { schedulePeriodic, scheduleRetention } from './runs.js';

export * from './model.js';
export { backupPolicy, snapshotsAt } from './backups.js';
export { deleteRunDataset, getRun, listRuns, triggerIngestion } from './runs.js';

export interface SourceInput {
  type: SourceType;
  clusterName?: string;
  databaseName?: string;
  collectionName?: string;
  groupId?: string;
  policyItemId?: string;
}

export interface SinkInput {
  type?: 'DLS';
  metadataProvider?: 'AWS';
  metadataRegion?: string;
  partitionFields?: PartitionField[];
}

export interface PipelineInput {
  name?: string;
  source?: SourceInput;
  sink?: SinkInput;
  transformations?: { field: string; type?: 'EXCLUDE' }[];
  datasetRetentionPolicy?: { units: RetentionUnit; value: number };
}

async function checkSource(r: Reader, groupId: string, input: SourceInput): Promise<{ source: PipelineSource; cluster: SourceClusterDoc }> {
  for (const key of ['clusterName', 'databaseName', 'collectionName'] as const) {
    if (!input[key]) throw errors.missingAttribute(`source.${key}`);
  }
  if (input.groupId !== undefined && input.groupId !== groupId) {
    throw errors.invalidAttribute('source.groupId', 'the source cluster must be in the pipeline\'s project');
  }
  const cluster = await getSourceCluster(r, groupId, input.clusterName!);
  const source: PipelineSource = {
    type: input.type,
    clusterName: cluster.name,
    databaseName: input.databaseName!,
    collectionName: input.collectionName!,
    groupId,
  };
  if (input.type === 'PERIODIC_CPS') {
    if (!input.policyItemId) throw errors.missingAttribute('source.policyItemId');
    if (!backupPolicy(cluster).some((p) => p.id === input.policyItemId)) {
      throw pipelineErrors.policyItemNotFound(input.policyItemId);
    }
    source.policyItemId = input.policyItemId;
  } else if (input.policyItemId !== undefined) {
    throw errors.invalidAttribute('source.policyItemId', 'only PERIODIC_CPS sources follow a backup policy item');
  }
  return { source, cluster };
}

/** Partition orders say in which sequence fields slice the data: exactly 0..n-1, each once. */
function checkPartitionFields(fields: PartitionField[]): PartitionField[] {
  const sorted = [...fields].sort((a, b) => a.order - b.order);
  sorted.forEach((f, i) => {
    if (f.order !== i) {
      throw errors.invalidAttribute(
        'sink.partitionFields',
        'orders must run from 0 to the number of fields minus one, without gaps or repeats',
      );
    }
  });
  const names = new Set(sorted.map((f) => f.fieldName));
  if (names.size !== sorted.length) throw errors.invalidAttribute('sink.partitionFields', 'a field is listed twice');
  return sorted.map((f) => ({ fieldName: f.fieldName, order: f.order }));
}

function defaultRegion(cluster: SourceClusterDoc): string {
  for (const spec of cluster.replicationSpecs ?? []) {
    for (const rc of spec.regionConfigs ?? []) {
      if (rc.providerName === 'AWS' && rc.regionName) return rc.regionName;
    }
  }
  return 'US_EAST_1';
}

function transformationsOf(input: NonNullable<PipelineInput['transformations']>): Transformation[] {
  return input.map((t) => ({ field: t.field, type: t.type ?? 'EXCLUDE' }));
}

export async function createPipeline(cmd: Command, groupId: string, input: PipelineInput): Promise<PipelineDoc> {
  const { tx, actor, now: at } = cmd;
  const project = await getProject(tx, groupId);
  if (!input.name) throw errors.missingAttribute('name');
  if (!input.source) throw errors.missingAttribute('source');
  if (await tx.getByName(PIPELINES, groupId, input.name)) throw pipelineErrors.duplicateName(input.name, groupId);
  const { source, cluster } = await checkSource(tx, groupId, input.source);
  const now = isoSeconds(at);
  const pipeline: PipelineDoc = {
    id: newObjectId(at),
    name: input.name,
    groupId,
    orgId: project.orgId,
    createdDate: now,
    lastUpdatedDate: now,
    state: 'ACTIVE',
    source,
    sink: {
      type: 'DLS',
      metadataProvider: 'AWS',
      metadataRegion: input.sink?.metadataRegion ?? defaultRegion(cluster),
      partitionFields: checkPartitionFields(input.sink?.partitionFields ?? []),
    },
    transformations: transformationsOf(input.transformations ?? []),
  };
  if (input.datasetRetentionPolicy) pipeline.datasetRetentionPolicy = { ...input.datasetRetentionPolicy, lastModifiedDate: now };
  await savePipeline(tx, pipeline);
  await recordEvent(tx, { type: 'INGESTION_PIPELINE_CREATED', at, actor, orgId: project.orgId, groupId, raw: { pipelineName: pipeline.name } });
  await schedulePeriodic(cmd, pipeline);
  return pipeline;
}


export async function updatePipeline(cmd: Command, groupId: string, name: string, input: PipelineInput): Promise<PipelineDoc> {
  const { tx, actor, now: at } = cmd;
  const pipeline = await getPipeline(tx, groupId, name);
  if (input.name !== undefined && input.name !== pipeline.name) {
    if (await tx.getByName(PIPELINES, groupId, input.name)) throw pipelineErrors.duplicateName(input.name, groupId);
    pipeline.name = input.name;
  }
  if (input.source) pipeline.source = (await checkSource(tx, groupId, input.source)).source;
  if (input.sink) {
    if (input.sink.metadataRegion !== undefined) pipeline.sink.metadataRegion = input.sink.metadataRegion;
    if (input.sink.partitionFields !== undefined) pipeline.sink.partitionFields = checkPartitionFields(input.sink.partitionFields);
  }
  if (input.transformations) pipeline.transformations = transformationsOf(input.transformations);
  const now = isoSeconds(at);
  if (input.datasetRetentionPolicy) {
    const old = pipeline.datasetRetentionPolicy;
    const { units, value } = input.datasetRetentionPolicy;
    if (!old || old.units !== units || old.value !== value) pipeline.datasetRetentionPolicy = { units, value, lastModifiedDate: now };
  }
  pipeline.lastUpdatedDate = now;
  await savePipeline(tx, pipeline);
  await recordEvent(tx, { type: 'INGESTION_PIPELINE_UPDATED', at, actor, orgId: pipeline.orgId, groupId, raw: { pipelineName: pipeline.name } });
  await schedulePeriodic(cmd, pipeline);
  await scheduleRetention(cmd, pipeline);
  return pipeline;
}

export async function deletePipeline(tx: Tx, groupId: string, name: string, actor: Actor, at: number): Promise<void> {
  const pipeline = await getPipeline(tx, groupId, name);
  await dropPipeline(tx, pipeline);
  await recordEvent(tx, { type: 'INGESTION_PIPELINE_DELETED', at, actor, orgId: pipeline.orgId, groupId, raw: { pipelineName: pipeline.name } });
}

/** A pipeline takes its runs, their datasets and its timers with it. */
async function dropPipeline(tx: Tx, pipeline: PipelineDoc): Promise<void> {
  await tx.cancelTimers(pipeline.id);
  await tx.deleteChildren(PIPELINE_RUNS, pipeline.id);
  await tx.delete(PIPELINES, pipeline.id);
}

export async function setPipelineState(
  cmd: Command,
  groupId: string,
  name: string,
  state: 'ACTIVE' | 'PAUSED',
): Promise<PipelineDoc> {
  const { tx, actor, now: at } = cmd;
  const pipeline = await getPipeline(tx, groupId, name);
  if (pipeline.state === state) return pipeline;
  pipeline.state = state;
  pipeline.lastUpdatedDate = isoSeconds(at);
  await savePipeline(tx, pipeline);
  await recordEvent(tx, {
    type: state === 'ACTIVE' ? 'INGESTION_PIPELINE_RESUMED' : 'INGESTION_PIPELINE_PAUSED',
    at,
    actor,
    orgId: pipeline.orgId,
    groupId,
    raw: { pipelineName: pipeline.name },
  });
  await schedulePeriodic(cmd, pipeline);
  return pipeline;
}

// Rules other resources must respect.

/**
 * Deleting a cluster would take away the snapshots its pipelines ingest, so the
 * delete is refused while any pipeline of the project reads from it.
 */
async function refuseClusterDeleteWithPipelines(tx: Tx, cluster: ClusterRef): Promise<void> {
  const readers = (await listPipelines(tx, cluster.groupId)).filter((p) => p.source.clusterName === cluster.name);
  if (readers.length) throw pipelineErrors.clusterHasPipelines(cluster.name, readers.map((p) => p.name));
}

export const refuseDeletingReadCluster = on(clusterDeleting, refuseClusterDeleteWithPipelines);

export const dropProjectPipelines = on(projectDeleted, async (tx, project) => {
  for (const p of await listPipelines(tx, project.id)) await dropPipeline(tx, p);
});
