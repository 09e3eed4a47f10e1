import { Type, type Static } from '@sinclair/typebox';
import { SAMPLE_DATASET_LOADS } from './collections.js';
import { on } from '../../platform/hooks.js';
import { clusterDeleted } from '../clusters/hooks.js';
import { databaseNotFound, databasesAt, dropClusterMonitoring, overridesOf } from './databases.js';
import { measure, resolveWindow } from './measurements.js';
import { monitoredProcess, pausedGaps } from './processes.js';
import { requestSampleLoad, sampleLoadNotFound, type SampleLoadDoc } from './sampleData.js';
import { DATABASE_METRIC_NAMES } from './series.js';
import { getProject } from '../projects/projects.js';
import { defineOperation } from '../../platform/http/operation.js';
import { PROCESS_ID_PATTERN } from '../clusters/processOperations.js';
import { ClusterNameParam, DateTime, GroupIdParam, Links, Nullable, ObjectIdString, Paginated, StringEnum } from '../../platform/schemas.js';

const ProcessParams = {
  groupId: GroupIdParam,
  processId: Type.String({ pattern: PROCESS_ID_PATTERN, description: 'Hostname and port of the MongoDB process.' }),
};

const DatabaseParams = Type.Object({
  ...ProcessParams,
  databaseName: Type.String({ minLength: 1, maxLength: 64, pattern: '^[^/\\\\. "$*<>:|?]+$' }),
});

const MesurementDatabase = Type.Object(
  { databaseName: Type.String(), links: Links },
  { title: 'MesurementsDatabase' },
);

const DataPoint = Type.Object({ timestamp: DateTime(), value: Nullable(Type.Number()) });

const DatabaseMeasurements = Type.Object(
  {
    databaseName: Type.String(),
    end: DateTime(),
    granularity: Type.String(),
    groupId: Type.String(),
    hostId: Type.String(),
    links: Links,
    measurements: Type.Array(
      Type.Object({
        dataPoints: Type.Array(DataPoint),
        name: Type.String(),
        units: StringEnum(['BYTES', 'SCALAR'] as const),
      }),
    ),
    processId: Type.String(),
    start: DateTime(),
  },
  { title: 'ApiMeasurementsGeneralViewAtlas' },
);

const MeasurementQuery = Type.Object({
  granularity: Type.String({ description: 'PT1M, PT5M, PT30M, PT1H or P1D.' }),
  period: Type.Optional(Type.String({ description: 'ISO 8601 duration ending now.' })),
  start: Type.Optional(Type.String({ description: 'ISO 8601 date and time.' })),
  end: Type.Optional(Type.String({ description: 'ISO 8601 date and time.' })),
  m: Type.Optional(Type.Array(StringEnum(DATABASE_METRIC_NAMES), { minItems: 1, maxItems: 10, uniqueItems: true })),
});

const SampleDatasetStatus = Type.Object(
  {
    _id: Type.String(),
    clusterName: Type.String(),
    completeDate: Nullable(DateTime()),
    createDate: DateTime(),
    errorMessage: Nullable(Type.String()),
    state: StringEnum(['WORKING', 'FAILED', 'COMPLETED'] as const),
  },
  { title: 'SampleDatasetStatus' },
);

const sampleView = (l: SampleLoadDoc) => ({
  _id: l._id,
  clusterName: l.clusterName,
  completeDate: l.completeDate,
  createDate: l.createDate,
  errorMessage: l.errorMessage,
  state: l.state,
});

const processPath = (groupId: string, processId: string) => `/api/atlas/v2/groups/${groupId}/processes/${processId}`;

function since(process: { created: string }): number {
  return Date.parse(process.created);
}

export const operations = [
  defineOperation({
    operationId: 'listGroupProcessDatabases',
    classicId: 'listDatabases',
    method: 'GET',
    path: '/api/atlas/v2/groups/{groupId}/processes/{processId}/databases',
    tag: 'Monitoring and Logs',
    summary: 'Return Available Databases for One MongoDB Process',
    access: { scope: 'project', role: 'GROUP_READ_ONLY' },
    params: Type.Object(ProcessParams),
    paginated: true,
    versions: { '2023-01-01': { response: Paginated(MesurementDatabase, 'PaginatedDatabaseView') } },
    async handler(ctx) {
      const { groupId, processId } = ctx.params;
      const { process, cluster } = await monitoredProcess(ctx.services.store, groupId, processId);
      const dbs = await databasesAt(ctx.services.store, cluster, since(process), ctx.now);
      return ctx.listAll(dbs, (d) => ({
        databaseName: d.name,
        links: [{ href: ctx.link(`${processPath(groupId, processId)}/databases/${d.name}`), rel: 'self' }],
      }));
    },
  }),
  defineOperation({
    operationId: 'getGroupProcessDatabase',
    classicId: 'getDatabase',
    method: 'GET',
    path: '/api/atlas/v2/groups/{groupId}/processes/{processId}/databases/{databaseName}',
    tag: 'Monitoring and Logs',
    summary: 'Return One Database for One MongoDB Process',
    access: { scope: 'project', role: 'GROUP_READ_ONLY' },
    params: DatabaseParams,
    versions: { '2023-01-01': { response: MesurementDatabase } },
    async handler(ctx) {
      const { groupId, processId, databaseName } = ctx.params;
      const { process, cluster } = await monitoredProcess(ctx.services.store, groupId, processId);
      const db = (await databasesAt(ctx.services.store, cluster, since(process), ctx.now)).find((d) => d.name === databaseName);
      if (!db) throw databaseNotFound(databaseName, processId);
      return {
        databaseName: db.name,
        links: [{ href: ctx.link(`${processPath(groupId, processId)}/databases/${db.name}`), rel: 'self' }],
      };
    },
  }),
  defineOperation({
    operationId: 'getGroupProcessDatabaseMeasurements',
    classicId: 'getDatabaseMeasurements',
    method: 'GET',
    path: '/api/atlas/v2/groups/{groupId}/processes/{processId}/databases/{databaseName}/measurements',
    tag: 'Monitoring and Logs',
    summary: 'Return Measurements for One Database in One MongoDB Process',
    access: { scope: 'project', role: 'GROUP_READ_ONLY' },
    params: DatabaseParams,
    query: MeasurementQuery,
    versions: { '2023-01-01': { response: DatabaseMeasurements } },
    async handler(ctx) {
      const { groupId, processId, databaseName } = ctx.params;
      const store = ctx.services.store;
      const window = resolveWindow(ctx.query as Static<typeof MeasurementQuery>, ctx.now);
      const { process, cluster } = await monitoredProcess(store, groupId, processId);
      const dbs = await databasesAt(store, cluster, since(process), ctx.now);
      const db = dbs.find((d) => d.name === databaseName);
      if (!db) throw databaseNotFound(databaseName, processId);
      const gaps = await pausedGaps(store, cluster, ctx.now);
      const overrides = await overridesOf(store, cluster, databaseName);
      const self = new URL(ctx.link(`${processPath(groupId, processId)}/databases/${databaseName}/measurements`));
      for (const [k, v] of Object.entries(ctx.query)) {
        if (k === 'envelope' || k === 'pretty' || v === undefined) continue;
        for (const x of Array.isArray(v) ? v : [v]) self.searchParams.append(k, String(x));
      }
      return {
        databaseName,
        end: new Date(window.end).toISOString().replace(/\.\d{3}Z$/, 'Z'),
        granularity: window.granularity,
        groupId,
        hostId: processId,
        links: [
          { href: self.toString(), rel: 'self' },
          { href: ctx.link(processPath(groupId, processId)), rel: 'https://cloud.mongodb.com/host' },
        ],
        measurements: measure(db, window, ctx.now, gaps, overrides),
        processId,
        start: new Date(window.start).toISOString().replace(/\.\d{3}Z$/, 'Z'),
      };
    },
  }),
  defineOperation({
    operationId: 'requestGroupSampleDatasetLoad',
    classicId: 'loadSampleDataset',
    method: 'POST',
    path: '/api/atlas/v2/groups/{groupId}/sampleDatasetLoad/{name}',
    tag: 'Clusters',
    summary: 'Load Sample Dataset into One Cluster',
    access: { scope: 'project', role: 'GROUP_OWNER' },
    params: Type.Object({ groupId: GroupIdParam, name: ClusterNameParam }),
    versions: { '2023-01-01': { status: 201, response: SampleDatasetStatus } },
    async handler(ctx) {
      const project = await getProject(ctx.services.store, ctx.params.groupId);
      const load = await ctx.services.store.write((tx) =>
        requestSampleLoad(tx, ctx.services, project, ctx.params.name, ctx.actor, ctx.now),
      );
      return sampleView(load);
    },
  }),
  defineOperation({
    operationId: 'getGroupSampleDatasetLoad',
    classicId: 'getSampleDatasetLoadStatus',
    method: 'GET',
    path: '/api/atlas/v2/groups/{groupId}/sampleDatasetLoad/{sampleDatasetId}',
    tag: 'Clusters',
    summary: 'Check Progress of Loading Sample Dataset into One Cluster',
    access: { scope: 'project', role: 'GROUP_OWNER' },
    params: Type.Object({ groupId: GroupIdParam, sampleDatasetId: ObjectIdString('Identifies the sample dataset load.') }),
    versions: { '2023-01-01': { response: SampleDatasetStatus } },
    async handler(ctx) {
      const load = await ctx.services.store.get<SampleLoadDoc>(SAMPLE_DATASET_LOADS, ctx.params.sampleDatasetId);
      if (!load || load.groupId !== ctx.params.groupId) throw sampleLoadNotFound(ctx.params.sampleDatasetId);
      return sampleView(load);
    },
  }),
];

// A cluster's declared databases and metric overrides go with it.
export const dropMonitoringOfDeletedCluster = on(clusterDeleted, dropClusterMonitoring);
