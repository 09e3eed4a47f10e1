import { Type, type Static, type TSchema } from '@sinclair/typebox';
import {
  backupPolicy,
  createPipeline,
  deletePipeline,
  deleteRunDataset,
  getPipeline,
  getRun,
  getSourceCluster,
  listPipelines,
  listRuns,
  setPipelineState,
  snapshotsAt,
  triggerIngestion,
  updatePipeline,
  type PipelineInput,
  type SourceClusterDoc,
} from './pipelines.js';
import { isoSeconds } from '../../platform/time.js';
import { defineOperation, type VersionSpec } from '../../platform/http/operation.js';
import type { Reader } from '../../platform/store/types.js';
import { GroupIdParam, Paginated } from '../../platform/schemas.js';
import {
  PipelineParams,
  RunParams,
  Pipeline,
  PipelineRun,
  PolicyItem,
  Snapshot,
  CreateBody,
  UpdateBody,
  TriggerBody,
  pipelineView,
  runView,
  dateQuery,
} from './views.js';

// Data Lake Pipelines (deprecated by Atlas in September 2024, sunset 2025-09-09):
// every version is served with Deprecation and Sunset headers, or answers 410
// VERSION_GONE when sunsets are enforced.

const TAG = 'Data Lake Pipelines';
// Headers as announced for this API, in the IMF-fixdate form (two-digit day); no recording
// of Atlas's own pipeline responses shows them with the unpadded day its clusters use.
const DEPRECATION = 'Sun, 01 Sep 2024 00:00:00 GMT';
const SUNSET = 'Tue, 09 Sep 2025 00:00:00 GMT';

const version = <S extends VersionSpec>(spec: S): { '2023-01-01': S } => ({
  '2023-01-01': { ...spec, deprecation: DEPRECATION, sunset: SUNSET },
});


const pipelineOp = <T extends TSchema>(response: T) => version({ response });

/** Pause and resume: the same call, asking for a different state. */
function stateChange(operationId: string, action: 'pause' | 'resume', summary: string, state: 'PAUSED' | 'ACTIVE') {
  return defineOperation({
    operationId,
    method: 'POST',
    path: `/api/atlas/v2/groups/{groupId}/pipelines/{pipelineName}/${action}`,
    tag: TAG,
    summary,
    access: { scope: 'project', role: 'GROUP_READ_ONLY' },
    params: PipelineParams,
    versions: pipelineOp(Pipeline),
    async handler(ctx) {
      const p = await ctx.command((cmd) =>
        setPipelineState(cmd, ctx.params.groupId, ctx.params.pipelineName, state),
      );
      return pipelineView(p);
    },
  });
}

export const operations = [
  defineOperation({
    operationId: 'listPipelines',
    method: 'GET',
    path: '/api/atlas/v2/groups/{groupId}/pipelines',
    tag: TAG,
    summary: 'Return All Data Lake Pipelines in One Project',
    access: { scope: 'project', role: 'GROUP_READ_ONLY' },
    params: Type.Object({ groupId: GroupIdParam }),
    versions: pipelineOp(Type.Array(Pipeline)),
    async handler(ctx) {
      return (await listPipelines(ctx.store, ctx.params.groupId)).map(pipelineView);
    },
  }),
  defineOperation({
    operationId: 'createPipeline',
    method: 'POST',
    path: '/api/atlas/v2/groups/{groupId}/pipelines',
    tag: TAG,
    summary: 'Create One Data Lake Pipeline',
    access: { scope: 'project', role: 'GROUP_OWNER' },
    params: Type.Object({ groupId: GroupIdParam }),
    versions: version({ body: CreateBody, bodyRequired: true, response: Pipeline }),
    async handler(ctx) {
      const body = ctx.body;
      const p = await ctx.command((cmd) =>
        createPipeline(cmd, ctx.params.groupId, body),
      );
      return pipelineView(p);
    },
  }),
  defineOperation({
    operationId: 'getPipeline',
    method: 'GET',
    path: '/api/atlas/v2/groups/{groupId}/pipelines/{pipelineName}',
    tag: TAG,
    summary: 'Return One Data Lake Pipeline',
    access: { scope: 'project', role: 'GROUP_READ_ONLY' },
    params: PipelineParams,
    versions: pipelineOp(Pipeline),
    async handler(ctx) {
      return pipelineView(await getPipeline(ctx.store, ctx.params.groupId, ctx.params.pipelineName));
    },
  }),
  defineOperation({
    operationId: 'updatePipeline',
    method: 'PATCH',
    path: '/api/atlas/v2/groups/{groupId}/pipelines/{pipelineName}',
    tag: TAG,
    summary: 'Update One Data Lake Pipeline',
    access: { scope: 'project', role: 'GROUP_OWNER' },
    params: PipelineParams,
    versions: version({ body: UpdateBody, bodyRequired: true, response: Pipeline }),
    async handler(ctx) {
      const body = ctx.body;
      const p = await ctx.command((cmd) =>
        updatePipeline(cmd, ctx.params.groupId, ctx.params.pipelineName, body),
      );
      return pipelineView(p);
    },
  }),
  defineOperation({
    operationId: 'deletePipeline',
    method: 'DELETE',
    path: '/api/atlas/v2/groups/{groupId}/pipelines/{pipelineName}',
    tag: TAG,
    summary: 'Remove One Data Lake Pipeline',
    access: { scope: 'project', role: 'GROUP_OWNER' },
    params: PipelineParams,
    versions: version({ status: 204 }),
    async handler(ctx) {
      await ctx.command(({ tx }) =>
        deletePipeline(tx, ctx.params.groupId, ctx.params.pipelineName, ctx.actor, ctx.now),
      );
    },
  }),
  stateChange('pausePipeline', 'pause', 'Pause One Data Lake Pipeline', 'PAUSED'),
  stateChange('resumePipeline', 'resume', 'Resume One Data Lake Pipeline', 'ACTIVE'),
  defineOperation({
    operationId: 'listPipelineRuns',
    method: 'GET',
    path: '/api/atlas/v2/groups/{groupId}/pipelines/{pipelineName}/runs',
    tag: TAG,
    summary: 'Return All Data Lake Pipeline Runs from One Project',
    access: { scope: 'project', role: 'GROUP_READ_ONLY' },
    params: PipelineParams,
    query: Type.Object({
      createdBefore: Type.Optional(
        Type.String({ description: 'Only runs initiated before this ISO 8601 date and time.' }),
      ),
    }),
    paginated: true,
    versions: pipelineOp(Paginated(PipelineRun, 'PaginatedPipelineRunView')),
    async handler(ctx) {
      const createdBefore = dateQuery('createdBefore', ctx.query.createdBefore);
      const pipeline = await getPipeline(ctx.store, ctx.params.groupId, ctx.params.pipelineName);
      const runs = await listRuns(ctx.store, pipeline, createdBefore);
      return ctx.listAll(runs, runView);
    },
  }),
  defineOperation({
    operationId: 'getPipelineRun',
    method: 'GET',
    path: '/api/atlas/v2/groups/{groupId}/pipelines/{pipelineName}/runs/{pipelineRunId}',
    tag: TAG,
    summary: 'Return One Data Lake Pipeline Run',
    access: { scope: 'project', role: 'GROUP_READ_ONLY' },
    params: RunParams,
    versions: pipelineOp(PipelineRun),
    async handler(ctx) {
      const pipeline = await getPipeline(ctx.store, ctx.params.groupId, ctx.params.pipelineName);
      return runView(await getRun(ctx.store, pipeline, ctx.params.pipelineRunId));
    },
  }),
  defineOperation({
    operationId: 'deletePipelineRunDataset',
    method: 'DELETE',
    path: '/api/atlas/v2/groups/{groupId}/pipelines/{pipelineName}/runs/{pipelineRunId}',
    tag: TAG,
    summary: 'Delete One Pipeline Run Dataset',
    access: { scope: 'project', role: 'GROUP_OWNER' },
    params: RunParams,
    versions: version({ status: 202, response: Type.Object({}, { title: 'RequestAccepted' }) }),
    async handler(ctx) {
      await ctx.command(({ tx }) =>
        deleteRunDataset(tx, ctx.params.groupId, ctx.params.pipelineName, ctx.params.pipelineRunId, ctx.actor, ctx.now),
      );
      return {};
    },
  }),
  defineOperation({
    operationId: 'triggerSnapshotIngestion',
    method: 'POST',
    path: '/api/atlas/v2/groups/{groupId}/pipelines/{pipelineName}/trigger',
    tag: TAG,
    summary: 'Trigger On-Demand Snapshot Ingestion',
    access: { scope: 'project', role: 'GROUP_OWNER' },
    params: PipelineParams,
    versions: version({ body: TriggerBody, bodyRequired: true, response: PipelineRun }),
    async handler(ctx) {
      const { snapshotId } = ctx.body;
      const run = await ctx.command((cmd) =>
        triggerIngestion(cmd, ctx.params.groupId, ctx.params.pipelineName, snapshotId),
      );
      return runView(run);
    },
  }),
  defineOperation({
    operationId: 'listPipelineSchedules',
    method: 'GET',
    path: '/api/atlas/v2/groups/{groupId}/pipelines/{pipelineName}/availableSchedules',
    tag: TAG,
    summary: 'Return Available Ingestion Schedules for One Data Lake Pipeline',
    access: { scope: 'project', role: 'GROUP_READ_ONLY' },
    params: PipelineParams,
    versions: pipelineOp(Type.Array(PolicyItem)),
    async handler(ctx) {
      const cluster = await sourceCluster(ctx.store, ctx.params.groupId, ctx.params.pipelineName);
      return backupPolicy(cluster);
    },
  }),
  defineOperation({
    operationId: 'listPipelineSnapshots',
    method: 'GET',
    path: '/api/atlas/v2/groups/{groupId}/pipelines/{pipelineName}/availableSnapshots',
    tag: TAG,
    summary: 'Return Available Backup Snapshots for One Data Lake Pipeline',
    access: { scope: 'project', role: 'GROUP_READ_ONLY' },
    params: PipelineParams,
    query: Type.Object({
      completedAfter: Type.Optional(
        Type.String({ description: 'Only snapshots created after this ISO 8601 date and time.' }),
      ),
    }),
    paginated: true,
    versions: pipelineOp(Paginated(Snapshot, 'PaginatedBackupSnapshotView')),
    async handler(ctx) {
      const completedAfter = dateQuery('completedAfter', ctx.query.completedAfter);
      const cluster = await sourceCluster(ctx.store, ctx.params.groupId, ctx.params.pipelineName);
      const all = snapshotsAt(cluster, ctx.now).filter((s) => completedAfter === undefined || s.createdAt > completedAfter);
      const provider = cluster.replicationSpecs?.[0]?.regionConfigs?.[0]?.providerName ?? 'AWS';
      return ctx.listAll(all, (s) => ({
        cloudProvider: provider,
        copyRegions: [],
        createdAt: isoSeconds(s.createdAt),
        expiresAt: isoSeconds(s.expiresAt),
        frequencyType: s.frequencyType,
        id: s.id,
        links: [
          {
            href: ctx.link(`/api/atlas/v2/groups/${cluster.groupId}/clusters/${cluster.name}/backup/snapshots/${s.id}`),
            rel: 'self',
          },
        ],
        mongodVersion: cluster.mongoDBVersion,
        policyItems: s.policyItemIds,
        replicaSetName: cluster.name,
        snapshotType: 'scheduled',
        status: 'completed',
        storageSizeBytes: s.storageSizeBytes,
        type: 'replicaSet',
      }));
    },
  }),
];

async function sourceCluster(
  r: Reader,
  groupId: string,
  pipelineName: string,
): Promise<SourceClusterDoc> {
  const pipeline = await getPipeline(r, groupId, pipelineName);
  return getSourceCluster(r, groupId, pipeline.source.clusterName);
}

