import { createHash } from 'node:crypto';
import type { Services } from '../../platform/services.js';
import type { Reader, Tx } from '../../platform/store/types.js';
import { clusterErrors } from '../clusters/clusters.js';
import { CLUSTERS } from '../clusters/collections.js';
import { PIPELINES, PIPELINE_RUNS } from './collections.js';
import { ApiError, errors } from '../../platform/errors.js';
import { SYSTEM, type Actor } from '../../platform/events.js';
import { recordEvent } from './events.js';
import { on } from '../../platform/hooks.js';
import { clusterDeleting, type ClusterRef } from '../clusters/hooks.js';
import { projectDeleted } from '../projects/hooks.js';
import { newObjectId, objectIdTime } from '../../platform/ids.js';
import { getProject } from '../projects/projects.js';
import { isoSeconds } from '../../platform/time.js';

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
const FREQUENCY_TYPES = ['hourly', 'daily', 'weekly', 'monthly'] as const;

export type SourceType = (typeof SOURCE_TYPES)[number];
export type RetentionUnit = (typeof RETENTION_UNITS)[number];
export type RunState = (typeof RUN_STATES)[number];
export type RunPhase = (typeof RUN_PHASES)[number];
export type FrequencyType = (typeof FREQUENCY_TYPES)[number];

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

// ---- backup schedule and snapshots of the source cluster

const HOUR = 3_600_000;
const MAX_DATE = 8.64e15;
const DAY = 24 * HOUR;
const SNAPSHOT_EVERY = 6 * HOUR;

export interface PolicyItem {
  id: string;
  frequencyInterval: number;
  frequencyType: FrequencyType;
  retentionUnit: 'days' | 'weeks' | 'months';
  retentionValue: number;
}

export interface Snapshot {
  id: string;
  createdAt: number;
  expiresAt: number;
  /** The highest policy item the snapshot serves. */
  frequencyType: FrequencyType;
  policyItemIds: string[];
  storageSizeBytes: number;
}

function digest(...parts: string[]): string {
  return createHash('sha1').update(parts.join('\u0000')).digest('hex');
}

function hashNumber(...parts: string[]): number {
  return parseInt(digest(...parts).slice(0, 12), 16);
}

/**
 * Atlas's default backup policy for a dedicated cluster: a snapshot every six
 * hours kept 7 days, a daily one kept 7 days, Saturday's kept 4 weeks and the
 * month's last day's kept 12 months. Ids are derived from the cluster so that
 * they stay the same between calls and restarts.
 */
export function backupPolicy(cluster: SourceClusterDoc): PolicyItem[] {
  const id = (t: FrequencyType) => digest(cluster.id, 'policy', t).slice(0, 24);
  return [
    { id: id('hourly'), frequencyInterval: 6, frequencyType: 'hourly', retentionUnit: 'days', retentionValue: 7 },
    { id: id('daily'), frequencyInterval: 1, frequencyType: 'daily', retentionUnit: 'days', retentionValue: 7 },
    { id: id('weekly'), frequencyInterval: 6, frequencyType: 'weekly', retentionUnit: 'weeks', retentionValue: 4 },
    { id: id('monthly'), frequencyInterval: 40, frequencyType: 'monthly', retentionUnit: 'months', retentionValue: 12 },
  ];
}

function addRetention(at: number, unit: string, value: number): number {
  switch (unit.toLowerCase()) {
    case 'days':
      return at + value * DAY;
    case 'weeks':
      return at + value * 7 * DAY;
    default: {
      const d = new Date(at);
      d.setUTCMonth(d.getUTCMonth() + value);
      return d.getTime();
    }
  }
}

function clusterCreated(cluster: SourceClusterDoc): number {
  const fromDoc = cluster.createDate ? Date.parse(cluster.createDate) : NaN;
  if (!Number.isNaN(fromDoc)) return fromDoc;
  return objectIdTime(cluster.id);
}

/**
 * The policy items a snapshot taken at `t` serves, lowest first: every one is an
 * hourly snapshot; the first of a UTC day is also the daily one, and that one is
 * also the weekly one on Saturdays and the monthly one on a month's last day.
 */
function frequenciesAt(t: number, first: boolean): FrequencyType[] {
  const day = new Date(t);
  const startsDay = first || new Date(t - SNAPSHOT_EVERY).getUTCDate() !== day.getUTCDate();
  if (!startsDay) return ['hourly'];
  const out: FrequencyType[] = ['hourly', 'daily'];
  if (day.getUTCDay() === 6) out.push('weekly');
  if (new Date(t + DAY).getUTCDate() === 1) out.push('monthly');
  return out;
}

/**
 * The scheduled snapshots the cluster holds at `now`, newest first: one at its
 * creation and every six hours since, each kept as long as its longest policy
 * item says.
 */
export function snapshotsAt(cluster: SourceClusterDoc, now: number): Snapshot[] {
  const created = clusterCreated(cluster);
  if (now < created) return [];
  const policy = new Map(backupPolicy(cluster).map((p) => [p.frequencyType, p]));
  const longest = addRetention(0, 'months', 12) + DAY;
  const last = Math.floor((now - created) / SNAPSHOT_EVERY);
  const first = Math.max(0, Math.ceil((now - longest - created) / SNAPSHOT_EVERY));
  const out: Snapshot[] = [];
  for (let k = last; k >= first; k--) {
    const createdAt = created + k * SNAPSHOT_EVERY;
    const items = frequenciesAt(createdAt, k === 0).map((f) => policy.get(f)!);
    const top = items[items.length - 1]!;
    const expiresAt = addRetention(createdAt, top.retentionUnit, top.retentionValue);
    if (expiresAt <= now) continue;
    const seconds = Math.floor(createdAt / 1000).toString(16).padStart(8, '0');
    out.push({
      id: seconds + digest(cluster.id, 'snapshot', String(createdAt)).slice(0, 16),
      createdAt,
      expiresAt,
      frequencyType: top.frequencyType,
      policyItemIds: items.map((i) => i.id),
      storageSizeBytes: 50_000_000 + (hashNumber(cluster.id, String(createdAt)) % 450_000_000),
    });
  }
  return out;
}

// ---- pipelines

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

export async function createPipeline(
  tx: Tx,
  services: Services,
  groupId: string,
  input: PipelineInput,
  actor: Actor,
  at: number,
): Promise<PipelineDoc> {
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
  await schedulePeriodic(tx, services, pipeline, at);
  return pipeline;
}

async function savePipeline(tx: Tx, p: PipelineDoc): Promise<void> {
  await tx.put(PIPELINES, p.id, p, { parent: p.groupId, name: p.name });
}

export async function updatePipeline(
  tx: Tx,
  services: Services,
  groupId: string,
  name: string,
  input: PipelineInput,
  actor: Actor,
  at: number,
): Promise<PipelineDoc> {
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
  await schedulePeriodic(tx, services, pipeline, at);
  await scheduleRetention(tx, services, pipeline);
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
  tx: Tx,
  services: Services,
  groupId: string,
  name: string,
  state: 'ACTIVE' | 'PAUSED',
  actor: Actor,
  at: number,
): Promise<PipelineDoc> {
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
  await schedulePeriodic(tx, services, pipeline, at);
  return pipeline;
}

// ---- runs

const RUN_TIMER = 'pipelineRun.step';
const PERIODIC_TIMER = 'pipeline.periodic';
const RETENTION_TIMER = 'pipeline.retention';

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

async function startRun(tx: Tx, services: Services, pipeline: PipelineDoc, snapshot: Snapshot, at: number): Promise<PipelineRunDoc> {
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
  await scheduleRunStep(tx, services, run, at);
  return run;
}

/** A run goes PENDING → IN_PROGRESS (export) → IN_PROGRESS (ingestion) → DONE, a third of pipeline.run each. */
async function scheduleRunStep(tx: Tx, services: Services, run: PipelineRunDoc, at: number): Promise<void> {
  const step = Math.max(1, Math.round(services.lifecycle('pipeline.run') / 3));
  await services.scheduler.schedule(tx, { kind: RUN_TIMER, ref: run.pipelineId, due: at + step, data: { runId: run.id } });
}

export async function triggerIngestion(
  tx: Tx,
  services: Services,
  groupId: string,
  name: string,
  snapshotId: string,
  actor: Actor,
  at: number,
): Promise<PipelineRunDoc> {
  const pipeline = await getPipeline(tx, groupId, name);
  const cluster = await getSourceCluster(tx, groupId, pipeline.source.clusterName);
  const snapshot = snapshotsAt(cluster, at).find((s) => s.id === snapshotId);
  if (!snapshot) throw errors.snapshotNotFound(snapshotId, 'cluster', cluster.name);
  const run = await startRun(tx, services, pipeline, snapshot, at);
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

async function advanceRun(tx: Tx, services: Services, runId: string, at: number): Promise<void> {
  const run = await tx.get<PipelineRunDoc>(PIPELINE_RUNS, runId);
  if (!run) return;
  const pipeline = await tx.get<PipelineDoc>(PIPELINES, run.pipelineId);
  if (!pipeline) return;
  run.lastUpdatedDate = isoSeconds(at);
  if (run.state === 'PENDING') {
    run.state = 'IN_PROGRESS';
    run.phase = 'EXPORT';
  } else if (run.phase === 'EXPORT') {
    run.phase = 'INGESTION';
  } else {
    run.state = 'DONE';
    const numDocs = 1_000 + (hashNumber(run.snapshotId, pipeline.source.databaseName, pipeline.source.collectionName) % 99_000);
    run.stats = { numDocs, bytesExported: numDocs * (200 + (hashNumber(run.id) % 800)) };
  }
  await tx.put(PIPELINE_RUNS, run.id, run, { parent: pipeline.id });
  if (run.state !== 'DONE') {
    await scheduleRunStep(tx, services, run, at);
    return;
  }
  await scheduleRetention(tx, services, pipeline);
  await recordEvent(tx, {
    type: 'INGESTION_PIPELINE_RUN_COMPLETED',
    at,
    actor: SYSTEM,
    orgId: pipeline.orgId,
    groupId: pipeline.groupId,
    raw: { pipelineName: pipeline.name, pipelineRunId: run.id, datasetName: run.datasetName },
  });
}

/**
 * A periodic pipeline ingests each snapshot its policy item takes while it is
 * active; one timer per pipeline waits for the next such snapshot.
 */
async function schedulePeriodic(tx: Tx, services: Services, pipeline: PipelineDoc, at: number): Promise<void> {
  const id = `${PERIODIC_TIMER}:${pipeline.id}`;
  await tx.removeTimer(id);
  if (pipeline.state !== 'ACTIVE' || pipeline.source.type !== 'PERIODIC_CPS') return;
  const cluster = await tx.getByName<SourceClusterDoc>(CLUSTERS, pipeline.groupId, pipeline.source.clusterName);
  if (!cluster) return;
  const due = nextSnapshotOf(cluster, pipeline.source.policyItemId!, at);
  if (due === undefined) return;
  await services.scheduler.schedule(tx, { id, kind: PERIODIC_TIMER, ref: pipeline.id, due, data: {} });
}

/** When the cluster next takes a snapshot for this policy item, strictly after `after`. */
function nextSnapshotOf(cluster: SourceClusterDoc, policyItemId: string, after: number): number | undefined {
  const item = backupPolicy(cluster).find((p) => p.id === policyItemId);
  if (!item) return undefined;
  const created = clusterCreated(cluster);
  let k = Math.max(0, Math.floor((after - created) / SNAPSHOT_EVERY) + 1);
  // A monthly snapshot comes at most 31 days later: 124 six-hour slots.
  for (let i = 0; i < 130; i++, k++) {
    const t = created + k * SNAPSHOT_EVERY;
    if (frequenciesAt(t, k === 0).includes(item.frequencyType)) return t;
  }
  return undefined;
}

async function periodicRun(tx: Tx, services: Services, pipelineId: string, at: number): Promise<void> {
  const pipeline = await tx.get<PipelineDoc>(PIPELINES, pipelineId);
  if (!pipeline || pipeline.state !== 'ACTIVE' || pipeline.source.type !== 'PERIODIC_CPS') return;
  const cluster = await tx.getByName<SourceClusterDoc>(CLUSTERS, pipeline.groupId, pipeline.source.clusterName);
  if (!cluster) return;
  const snapshot = snapshotsAt(cluster, at).find((s) => s.createdAt === at && s.policyItemIds.includes(pipeline.source.policyItemId!));
  if (snapshot) {
    const run = await startRun(tx, services, pipeline, snapshot, at);
    await recordEvent(tx, {
      type: 'INGESTION_PIPELINE_RUN_STARTED',
      at,
      actor: SYSTEM,
      orgId: pipeline.orgId,
      groupId: pipeline.groupId,
      raw: { pipelineName: pipeline.name, pipelineRunId: run.id },
    });
  }
  await schedulePeriodic(tx, services, pipeline, at);
}

/**
 * Datasets older than the pipeline's retention policy are deleted as time
 * passes; one timer per pipeline waits for the oldest dataset to expire.
 */
async function scheduleRetention(tx: Tx, services: Services, pipeline: PipelineDoc): Promise<void> {
  const id = `${RETENTION_TIMER}:${pipeline.id}`;
  await tx.removeTimer(id);
  const policy = pipeline.datasetRetentionPolicy;
  if (!policy) return;
  // Retentions beyond what a date can express never expire.
  const expiries = (await listRuns(tx, pipeline))
    .filter((run) => run.state === 'DONE')
    .map((run) => addRetention(Date.parse(run.createdDate), policy.units, policy.value))
    .filter((due) => Number.isFinite(due) && due <= MAX_DATE);
  if (expiries.length === 0) return;
  await services.scheduler.schedule(tx, { id, kind: RETENTION_TIMER, ref: pipeline.id, due: Math.min(...expiries), data: {} });
}

async function expireDatasets(tx: Tx, services: Services, pipelineId: string, at: number): Promise<void> {
  const pipeline = await tx.get<PipelineDoc>(PIPELINES, pipelineId);
  const policy = pipeline?.datasetRetentionPolicy;
  if (!pipeline || !policy) return;
  for (const run of await listRuns(tx, pipeline)) {
    if (run.state === 'DONE' && addRetention(Date.parse(run.createdDate), policy.units, policy.value) <= at) {
      await expireDataset(tx, pipeline, run, SYSTEM, at);
    }
  }
  await scheduleRetention(tx, services, pipeline);
}

export function registerPipelineLifecycles(services: Services): void {
  services.scheduler.on(RUN_TIMER, (tx, timer) => advanceRun(tx, services, String(timer.data.runId), timer.due));
  services.scheduler.on(PERIODIC_TIMER, (tx, timer) => periodicRun(tx, services, timer.ref, timer.due));
  services.scheduler.on(RETENTION_TIMER, (tx, timer) => expireDatasets(tx, services, timer.ref, timer.due));
}

// ---- rules other resources must respect

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
