import { Type, type Static } from '@sinclair/typebox';
import {
  RETENTION_UNITS,
  RUN_PHASES,
  RUN_STATES,
  SOURCE_TYPES,
  type PipelineDoc,
  type PipelineRunDoc,
} from './pipelines.js';
import { parseIsoDate } from '../../platform/time.js';
import { errors } from '../../platform/errors.js';
import { DateTime, GroupIdParam, Links, ObjectIdString, StringEnum } from '../../platform/schemas.js';

// The shapes Atlas serves and accepts for pipelines and their runs, and the views that fill them.

export const INT32_MAX = 2_147_483_647;
export const PIPELINE_NAME_PATTERN = '^[^/\\\\ "$]{1,64}$';
export const PipelineName = Type.String({ pattern: PIPELINE_NAME_PATTERN, description: 'Human-readable label that identifies the Data Lake Pipeline.' });
export const PipelineParams = Type.Object({ groupId: GroupIdParam, pipelineName: PipelineName });
export const RunParams = Type.Object({
  groupId: GroupIdParam,
  pipelineName: PipelineName,
  pipelineRunId: ObjectIdString('Unique 24-hexadecimal character string that identifies a Data Lake Pipeline run.'),
});

// ---- shapes served

export const PartitionField = Type.Object(
  {
    fieldName: Type.String({ maxLength: 700 }),
    order: Type.Integer({ minimum: 0, maximum: INT32_MAX, default: 0 }),
  },
  { additionalProperties: false, title: 'DataLakePipelinesPartitionField' },
);

export const Source = Type.Object(
  {
    clusterName: Type.String(),
    collectionName: Type.String(),
    databaseName: Type.String(),
    groupId: Type.String(),
    policyItemId: Type.Optional(Type.String()),
    type: StringEnum(SOURCE_TYPES),
  },
  { title: 'IngestionSource' },
);

export const Sink = Type.Object(
  {
    metadataProvider: StringEnum(['AWS'] as const),
    metadataRegion: Type.String(),
    partitionFields: Type.Array(PartitionField),
    type: StringEnum(['DLS'] as const),
  },
  { title: 'DLSIngestionSink' },
);

export const Transformation = Type.Object(
  { field: Type.String(), type: StringEnum(['EXCLUDE'] as const) },
  { title: 'FieldTransformation' },
);

export const RetentionPolicy = Type.Object(
  {
    lastModifiedDate: DateTime(),
    units: StringEnum(RETENTION_UNITS),
    value: Type.Integer({ minimum: 1, maximum: INT32_MAX }),
  },
  { title: 'DatasetRetentionPolicy' },
);

export const Pipeline = Type.Object(
  {
    _id: Type.String(),
    createdDate: DateTime(),
    datasetRetentionPolicy: Type.Optional(RetentionPolicy),
    groupId: Type.String(),
    lastUpdatedDate: DateTime(),
    name: Type.String(),
    sink: Sink,
    source: Source,
    state: StringEnum(['ACTIVE', 'PAUSED'] as const),
    transformations: Type.Array(Transformation),
  },
  { title: 'DataLakeIngestionPipeline' },
);

export const PipelineRun = Type.Object(
  {
    _id: Type.String(),
    backupFrequencyType: Type.String(),
    createdDate: DateTime(),
    datasetName: Type.String(),
    groupId: Type.String(),
    lastUpdatedDate: DateTime(),
    phase: StringEnum(RUN_PHASES),
    pipelineId: Type.String(),
    snapshotId: Type.String(),
    state: StringEnum(RUN_STATES),
    stats: Type.Object({ bytesExported: Type.Integer(), numDocs: Type.Integer() }, { title: 'PipelineRunStats' }),
  },
  { title: 'IngestionPipelineRun' },
);

export const PolicyItem = Type.Object(
  {
    frequencyInterval: Type.Integer(),
    frequencyType: Type.String(),
    id: Type.String(),
    retentionUnit: Type.String(),
    retentionValue: Type.Integer(),
  },
  { title: 'DiskBackupApiPolicyItem' },
);

export const Snapshot = Type.Object(
  {
    cloudProvider: Type.String(),
    copyRegions: Type.Array(Type.String()),
    createdAt: DateTime(),
    expiresAt: DateTime(),
    frequencyType: Type.String(),
    id: Type.String(),
    links: Links,
    mongodVersion: Type.Optional(Type.String()),
    policyItems: Type.Array(Type.String()),
    replicaSetName: Type.String(),
    snapshotType: Type.String(),
    status: Type.String(),
    storageSizeBytes: Type.Integer(),
    type: Type.String(),
  },
  { title: 'DiskBackupReplicaSet' },
);

// ---- request bodies (read-only fields a client echoes back from a GET are accepted and ignored)

export const PipelineBody = (forCreate: boolean) =>
  Type.Object(
    {
      _id: Type.Optional(Type.String()),
      createdDate: Type.Optional(Type.String()),
      datasetRetentionPolicy: Type.Optional(
        Type.Object(
          {
            lastModifiedDate: Type.Optional(Type.String()),
            units: StringEnum(RETENTION_UNITS),
            value: Type.Integer({ minimum: 1, maximum: INT32_MAX }),
          },
          { additionalProperties: false },
        ),
      ),
      groupId: Type.Optional(Type.String()),
      lastUpdatedDate: Type.Optional(Type.String()),
      name: forCreate ? PipelineName : Type.Optional(PipelineName),
      sink: Type.Optional(
        Type.Object(
          {
            metadataProvider: Type.Optional(StringEnum(['AWS'] as const)),
            metadataRegion: Type.Optional(Type.String({ minLength: 1 })),
            partitionFields: Type.Optional(Type.Array(PartitionField)),
            type: Type.Optional(StringEnum(['DLS'] as const)),
          },
          { additionalProperties: false },
        ),
      ),
      source: Type.Optional(
        Type.Object(
          {
            clusterName: Type.Optional(Type.String({ minLength: 1 })),
            collectionName: Type.Optional(Type.String({ minLength: 1 })),
            databaseName: Type.Optional(Type.String({ minLength: 1 })),
            groupId: Type.Optional(ObjectIdString()),
            policyItemId: Type.Optional(ObjectIdString()),
            type: StringEnum(SOURCE_TYPES),
          },
          { additionalProperties: false },
        ),
      ),
      state: Type.Optional(Type.String()),
      transformations: Type.Optional(
        Type.Array(
          Type.Object(
            { field: Type.String({ minLength: 1 }), type: Type.Optional(StringEnum(['EXCLUDE'] as const)) },
            { additionalProperties: false },
          ),
        ),
      ),
    },
    { additionalProperties: false, title: 'DataLakeIngestionPipeline' },
  );

export const CreateBody = PipelineBody(true);
export const UpdateBody = PipelineBody(false);

export const TriggerBody = Type.Object(
  { snapshotId: ObjectIdString('Unique 24-hexadecimal character string that identifies the snapshot.') },
  { additionalProperties: false, title: 'TriggerIngestionPipelineRequest' },
);

// ---- views

export function pipelineView(p: PipelineDoc): Static<typeof Pipeline> {
  return {
    _id: p.id,
    createdDate: p.createdDate,
    datasetRetentionPolicy: p.datasetRetentionPolicy,
    groupId: p.groupId,
    lastUpdatedDate: p.lastUpdatedDate,
    name: p.name,
    sink: p.sink,
    source: p.source,
    state: p.state,
    transformations: p.transformations,
  };
}

export function runView(r: PipelineRunDoc): Static<typeof PipelineRun> {
  return {
    _id: r.id,
    backupFrequencyType: r.backupFrequencyType,
    createdDate: r.createdDate,
    datasetName: r.datasetName,
    groupId: r.groupId,
    lastUpdatedDate: r.lastUpdatedDate,
    phase: r.phase,
    pipelineId: r.pipelineId,
    snapshotId: r.snapshotId,
    state: r.state,
    stats: r.stats,
  };
}

export function dateQuery(name: string, value: unknown): number | undefined {
  if (value === undefined) return undefined;
  const ms = parseIsoDate(String(value));
  if (ms === undefined) throw errors.invalidQueryParameter(name, 'must be an ISO 8601 date and time');
  return ms;
}
