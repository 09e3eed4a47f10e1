import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { findCluster } from '../domain/clusters.js';
import { COLLECTIONS } from '../domain/collections.js';
import { clusterHooks } from '../domain/hooks.js';
import { newObjectId } from '../domain/ids.js';
import { clusterKey, databaseNotFound, databasesAt, putDatabase } from '../domain/monitoring/databases.js';
import { measure, resolveWindow, type Override } from '../domain/monitoring/measurements.js';
import { monitoredProcess, pausedGaps } from '../domain/monitoring/processes.js';
import { requestSampleLoad, sampleLoadNotFound, type SampleLoadDoc } from '../domain/monitoring/sampleData.js';
import { alignUp, BUCKET, DATABASE_METRIC_NAMES, hashUnit, type DatabaseMetric } from '../domain/monitoring/series.js';
import { getProject } from '../domain/projects.js';
import { parseIsoDate } from '../domain/time.js';
import { defineOperation } from '../http/operation.js';
import { PROCESS_ID_PATTERN } from './processes.js';
import type { Services } from '../services.js';
import { ClusterNameParam, DateTime, GroupIdParam, Links, Nullable, ObjectIdString, Paginated, StringEnum } from './schemas.js';

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
    operationId: 'listDatabases',
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
    operationId: 'getDatabase',
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
    operationId: 'getDatabaseMeasurements',
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
      const overrides = (await store.list<Override & { databaseName: string }>(COLLECTIONS.metricOverrides, clusterKey(cluster))).items.filter(
        (o) => o.databaseName === databaseName,
      );
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
    operationId: 'loadSampleDataset',
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
    operationId: 'getSampleDatasetLoadStatus',
    method: 'GET',
    path: '/api/atlas/v2/groups/{groupId}/sampleDatasetLoad/{sampleDatasetId}',
    tag: 'Clusters',
    summary: 'Check Progress of Loading Sample Dataset into One Cluster',
    access: { scope: 'project', role: 'GROUP_OWNER' },
    params: Type.Object({ groupId: GroupIdParam, sampleDatasetId: ObjectIdString('Identifies the sample dataset load.') }),
    versions: { '2023-01-01': { response: SampleDatasetStatus } },
    async handler(ctx) {
      const load = await ctx.services.store.get<SampleLoadDoc>(COLLECTIONS.sampleDatasetLoads, ctx.params.sampleDatasetId);
      if (!load || load.groupId !== ctx.params.groupId) throw sampleLoadNotFound(ctx.params.sampleDatasetId);
      return sampleView(load);
    },
  }),
];

// A cluster's declared databases and metric overrides go with it.
clusterHooks.onDeleted.push(async (tx, cluster) => {
  await tx.deleteChildren(COLLECTIONS.clusterDatabases, clusterKey(cluster));
  await tx.deleteChildren(COLLECTIONS.metricOverrides, clusterKey(cluster));
});

function badRequest(message: string) {
  return { status: 400, body: { error: 400, detail: message } };
}

const CUSTOM_FIELDS = ['groupId', 'clusterName', 'databaseName', 'dataSizeBytes', 'avgObjSize', 'growthPerDay', 'collections', 'indexes', 'views'];
const OVERRIDE_FIELDS = ['groupId', 'clusterName', 'databaseName', 'metric', 'from', 'to', 'value', 'factor'];

function parseBody(raw: unknown, allowed: string[]): Record<string, unknown> | string {
  let body: unknown;
  try {
    body = typeof raw === 'string' && raw.trim() !== '' ? JSON.parse(raw) : {};
  } catch {
    return 'The body must be JSON.';
  }
  if (!body || typeof body !== 'object' || Array.isArray(body)) return 'The body must be a JSON object.';
  const unknown = Object.keys(body).find((k) => !allowed.includes(k));
  return unknown ? `Unknown field ${unknown}.` : (body as Record<string, unknown>);
}

const positive = (v: unknown, min = 0) => typeof v === 'number' && Number.isFinite(v) && v >= min;

/** The cluster a control request names by groupId and clusterName. */
async function namedCluster(services: Services, body: Record<string, unknown>) {
  if (typeof body.groupId !== 'string' || typeof body.clusterName !== 'string') return undefined;
  return findCluster(services.store, body.groupId, body.clusterName);
}

/**
 * Control endpoints for tests: declare databases with their sizes and growth,
 * and override or scale a metric over a span (e.g. to fire a storage alert).
 */
export function registerMonitoringControl(app: FastifyInstance, services: Services): void {
  const send = (reply: import('fastify').FastifyReply, r: { status: number; body: unknown }) =>
    reply.code(r.status).type('application/json').send(JSON.stringify(r.body));

  app.post('/__emulator/databases', async (req, reply) => {
    const body = parseBody(req.body, CUSTOM_FIELDS);
    if (typeof body === 'string') return send(reply, badRequest(body));
    const cluster = await namedCluster(services, body);
    if (!cluster) return send(reply, { status: 404, body: { error: 404, detail: 'No such cluster (groupId, clusterName).' } });
    const name = body.databaseName;
    if (typeof name !== 'string' || !/^[^/\\. "$*<>:|?]{1,64}$/.test(name) || name === 'config' || name === 'local') {
      return send(reply, badRequest('databaseName must be a valid database name other than config and local.'));
    }
    const avgObjSize = body.avgObjSize ?? 512;
    const dataSize = body.dataSizeBytes ?? 10 * 1024 * 1024;
    const growthPerDay = body.growthPerDay ?? 0.01;
    for (const [k, v, min] of [['avgObjSize', avgObjSize, 1], ['dataSizeBytes', dataSize, 0], ['growthPerDay', growthPerDay, 0]] as const) {
      if (!positive(v, min)) return send(reply, badRequest(`${k} must be a number of at least ${min}.`));
    }
    const counts: Record<string, number> = {};
    for (const [k, fallback] of [['collections', 1], ['indexes', 1], ['views', 0]] as const) {
      const v = body[k] ?? fallback;
      if (!Number.isInteger(v) || (v as number) < 0) return send(reply, badRequest(`${k} must be a whole number.`));
      counts[k] = v as number;
    }
    const now = services.clock.now();
    const doc = {
      id: newObjectId(now),
      clusterId: cluster.id,
      groupId: cluster.groupId,
      clusterName: cluster.name,
      source: 'custom' as const,
      name,
      created: alignUp(now, BUCKET),
      visibleFrom: now,
      objects: (dataSize as number) / (avgObjSize as number),
      avgObjSize: avgObjSize as number,
      growthPerDay: growthPerDay as number,
      storageRatio: 0.5,
      indexBytesPerObject: 40,
      collections: counts.collections!,
      indexes: counts.indexes!,
      views: counts.views!,
      seed: hashUnit(`${cluster.id}/${name}`) * 1000,
    };
    const existing = await services.store.getByName(COLLECTIONS.clusterDatabases, clusterKey(cluster), name);
    if (existing) return send(reply, { status: 409, body: { error: 409, detail: `Database ${name} already exists.` } });
    await services.store.write((tx) => putDatabase(tx, doc));
    return send(reply, { status: 201, body: { databaseName: name, created: new Date(doc.created).toISOString() } });
  });

  app.post('/__emulator/metrics/overrides', async (req, reply) => {
    const body = parseBody(req.body, OVERRIDE_FIELDS);
    if (typeof body === 'string') return send(reply, badRequest(body));
    const cluster = await namedCluster(services, body);
    if (!cluster) return send(reply, { status: 404, body: { error: 404, detail: 'No such cluster (groupId, clusterName).' } });
    if (typeof body.databaseName !== 'string') return send(reply, badRequest('databaseName is required.'));
    if (typeof body.metric !== 'string' || !DATABASE_METRIC_NAMES.includes(body.metric as DatabaseMetric)) {
      return send(reply, badRequest(`metric must be one of ${DATABASE_METRIC_NAMES.join(', ')}.`));
    }
    const from = typeof body.from === 'string' ? parseIsoDate(body.from) : undefined;
    const to = typeof body.to === 'string' ? parseIsoDate(body.to) : undefined;
    if (from === undefined || to === undefined || to <= from) return send(reply, badRequest('from and to must be ISO 8601 dates, from before to.'));
    if ((body.value === undefined) === (body.factor === undefined)) return send(reply, badRequest('Give exactly one of value and factor.'));
    if (body.value !== undefined && !positive(body.value)) return send(reply, badRequest('value must be a number of at least 0.'));
    if (body.factor !== undefined && !positive(body.factor)) return send(reply, badRequest('factor must be a number of at least 0.'));
    const now = services.clock.now();
    const override = {
      id: newObjectId(now),
      databaseName: body.databaseName,
      metric: body.metric as DatabaseMetric,
      from,
      to,
      ...(body.value !== undefined ? { value: body.value as number } : { factor: body.factor as number }),
    };
    await services.store.write((tx) => tx.put(COLLECTIONS.metricOverrides, override.id, override, { parent: clusterKey(cluster) }));
    return send(reply, { status: 201, body: { ...override, from: body.from, to: body.to } });
  });
}
