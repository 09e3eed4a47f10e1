import type { Reader, Tx } from '../../platform/store/types.js';
import { ApiError, errors } from '../../platform/errors.js';
import { clusterErrors } from '../clusters/model.js';
import { CLUSTERS } from '../clusters/collections.js';
import { PIPELINES } from './collections.js';

// Data Lake pipelines: ingest a collection from a cluster's backup snapshots into
// Data Lake datasets, on demand or on one of the cluster's backup schedules.
//
// Where the public record is silent we chose (and say so here, for users):
// - a cluster that a pipeline reads from cannot be deleted (409
//   CANNOT_DELETE_CLUSTER_WITH_INGESTION_PIPELINES) rather than pausing the
//   pipeline, as a project with clusters cannot be deleted either;
// - error codes INGESTION_PIPELINE_NOT_FOUND, INGESTION_PIPELINE_ALREADY_EXISTS,
//   INGESTION_PIPELINE_RUN_NOT_FOUND, INGESTION_PIPELINE_RUN_NOT_COMPLETE and
//   SNAPSHOT_NOT_FOUND;
// - the source cluster follows Atlas's default backup policy (snapshots every six
//   hours from its creation), since cluster backup policies are not served here;
// - pausing stops periodic ingestion only: Atlas cannot pause on-demand ingestion,
//   so a trigger on a paused pipeline still runs.


export const SOURCE_TYPES = ['ON_DEMAND_CPS', 'PERIODIC_CPS'] as const;
export const RETENTION_UNITS = ['DAYS', 'WEEKS', 'MONTHS'] as const;
export const RUN_STATES = ['PENDING', 'IN_PROGRESS', 'DONE', 'FAILED', 'DATASET_DELETED'] as const;
export const RUN_PHASES = ['SNAPSHOT', 'EXPORT', 'INGESTION'] as const;

export type SourceType = (typeof SOURCE_TYPES)[number];
export type RetentionUnit = (typeof RETENTION_UNITS)[number];
export type RunState = (typeof RUN_STATES)[number];
export type RunPhase = (typeof RUN_PHASES)[number];

export interface PartitionField {
  fieldName: string;
  order: number;
}

export interface PipelineSource {
  type: SourceType;
  clusterName: string;
  databaseName: string;
  collectionName: string;
  groupId: string;
  policyItemId?: string;
}

export interface PipelineSink {
  type: 'DLS';
  metadataProvider: 'AWS';
  metadataRegion: string;
  partitionFields: PartitionField[];
}

export interface Transformation {
  field: string;
  type: 'EXCLUDE';
}

export interface RetentionPolicy {
  units: RetentionUnit;
  value: number;
  lastModifiedDate: string;
}

export interface PipelineDoc {
  id: string;
  name: string;
  groupId: string;
  orgId: string;
  createdDate: string;
  lastUpdatedDate: string;
  state: 'ACTIVE' | 'PAUSED';
  source: PipelineSource;
  sink: PipelineSink;
  transformations: Transformation[];
  datasetRetentionPolicy?: RetentionPolicy;
}

export interface PipelineRunDoc {
  id: string;
  groupId: string;
  pipelineId: string;
  createdDate: string;
  lastUpdatedDate: string;
  state: RunState;
  phase: RunPhase;
  snapshotId: string;
  backupFrequencyType: string;
  datasetName: string;
  stats: { bytesExported: number; numDocs: number };
}

/** The part of a cluster document this module reads (the clusters module owns the rest). */
export interface SourceClusterDoc {
  id: string;
  name: string;
  groupId: string;
  mongoDBVersion?: string;
  createDate?: string;
  replicationSpecs?: { regionConfigs?: { providerName?: string; regionName?: string }[] }[];
}

// ---- errors

export const pipelineErrors = {
  pipelineNotFound: (name: string, groupId: string) =>
    new ApiError(
      404,
      'INGESTION_PIPELINE_NOT_FOUND',
      `No ingestion pipeline named ${name} exists in group ${groupId}.`,
      [name, groupId],
    ),
  duplicateName: (name: string, groupId: string) =>
    new ApiError(
      409,
      'INGESTION_PIPELINE_ALREADY_EXISTS',
      `An ingestion pipeline named ${name} already exists in group ${groupId}.`,
      [name, groupId],
    ),
  runNotFound: (id: string) =>
    new ApiError(404, 'INGESTION_PIPELINE_RUN_NOT_FOUND', `No ingestion pipeline run with ID ${id} exists.`, [id]),
  runNotFinished: (id: string) =>
    new ApiError(
      409,
      'INGESTION_PIPELINE_RUN_NOT_COMPLETE',
      `Ingestion pipeline run ${id} has not completed, so it has no dataset to delete.`,
      [id],
    ),
  policyItemNotFound: (id: string) =>
    errors.invalidAttribute('source.policyItemId', `${id} is not a backup policy item of the source cluster`),
  clusterHasPipelines: (clusterName: string, pipelines: string[]) =>
    new ApiError(
      409,
      'CANNOT_DELETE_CLUSTER_WITH_INGESTION_PIPELINES',
      `Cluster ${clusterName} is the source of ingestion pipelines (${pipelines.join(', ')}). Delete those pipelines before deleting the cluster.`,
      [clusterName, ...pipelines],
    ),
};

export async function getSourceCluster(r: Reader, groupId: string, name: string): Promise<SourceClusterDoc> {
  const cluster = await r.getByName<SourceClusterDoc>(CLUSTERS, groupId, name);
  if (!cluster) throw clusterErrors.notFound(name, groupId);
  return cluster;
}

export async function getPipeline(r: Reader, groupId: string, name: string): Promise<PipelineDoc> {
  const p = await r.getByName<PipelineDoc>(PIPELINES, groupId, name);
  if (!p) throw pipelineErrors.pipelineNotFound(name, groupId);
  return p;
}

export async function listPipelines(r: Reader, groupId: string): Promise<PipelineDoc[]> {
  return (await r.list<PipelineDoc>(PIPELINES, groupId)).items;
}

export async function savePipeline(tx: Tx, p: PipelineDoc): Promise<void> {
  await tx.put(PIPELINES, p.id, p, { parent: p.groupId, name: p.name });
}
