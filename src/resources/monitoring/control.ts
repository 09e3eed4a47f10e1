import { Type } from '@sinclair/typebox';
import { findCluster } from '../clusters/clusters.js';
import { ApiError } from '../../platform/errors.js';
import { addOverride, declareDatabase } from './databases.js';
import { DATABASE_METRIC_NAMES, type DatabaseMetric } from './series.js';
import { parseIsoDate } from '../../platform/time.js';
import type { Services } from '../../platform/services.js';
import { ClusterNameParam, GroupIdParam, StringEnum } from '../../platform/schemas.js';
import { ControlReply, defineControl } from '../../platform/control/endpoint.js';

// For tests of monitoring and alerting:
//   POST /__emulator/databases         declares a database with its size and growth
//   POST /__emulator/metrics/overrides replaces or scales a metric over a span

const DatabaseName = Type.String({ pattern: '^[^/\\\\. "$*<>:|?]{1,64}$' });
const Target = { groupId: GroupIdParam, clusterName: ClusterNameParam, databaseName: DatabaseName };

const invalid = (field: string, detail: string) => new ApiError(400, 'INVALID_ATTRIBUTE', detail, [field]);

async function clusterOf(services: Services, groupId: string, clusterName: string) {
  const cluster = await findCluster(services.store, groupId, clusterName);
  if (!cluster) throw new ApiError(404, 'CLUSTER_NOT_FOUND', 'No such cluster (groupId, clusterName).', [clusterName, groupId]);
  return cluster;
}

const declareDb = defineControl({
  method: 'POST',
  path: '/databases',
  summary: "Declares a database on a cluster with its size and daily growth, for the monitoring series.",
  bodyRequired: true,
  body: Type.Object(
    {
      ...Target,
      dataSizeBytes: Type.Optional(Type.Number({ minimum: 0, default: 10 * 1024 * 1024 })),
      avgObjSize: Type.Optional(Type.Number({ minimum: 1 })),
      growthPerDay: Type.Optional(Type.Number({ minimum: 0, description: 'Fraction of growth a day, e.g. 0.01' })),
      collections: Type.Optional(Type.Integer({ minimum: 0 })),
      indexes: Type.Optional(Type.Integer({ minimum: 0 })),
      views: Type.Optional(Type.Integer({ minimum: 0 })),
    },
    { additionalProperties: false },
  ),
  response: Type.Object({ databaseName: Type.String(), created: Type.String() }),
  status: 201,
  handler: async ({ body, services }) => {
    const cluster = await clusterOf(services, body.groupId, body.clusterName);
    const d = {
      name: body.databaseName,
      dataSizeBytes: body.dataSizeBytes ?? 10 * 1024 * 1024,
      avgObjSize: body.avgObjSize ?? 512,
      growthPerDay: body.growthPerDay ?? 0.01,
      collections: body.collections ?? 1,
      indexes: body.indexes ?? 1,
      views: body.views ?? 0,
    };
    const now = services.clock.now();
    const doc = await services.store.write((tx) => declareDatabase(tx, cluster, d, now));
    return { databaseName: doc.name, created: new Date(doc.created).toISOString() };
  },
});

const overrideMetric = defineControl({
  method: 'POST',
  path: '/metrics/overrides',
  summary: "Replaces (value) or scales (factor) a database metric between two instants.",
  bodyRequired: true,
  body: Type.Object(
    {
      ...Target,
      metric: StringEnum(DATABASE_METRIC_NAMES),
      from: Type.String({ description: 'ISO 8601 instant' }),
      to: Type.String({ description: 'ISO 8601 instant, after from' }),
      value: Type.Optional(Type.Number({ minimum: 0 })),
      factor: Type.Optional(Type.Number({ minimum: 0 })),
    },
    { additionalProperties: false },
  ),
  status: 201,
  handler: async ({ body, services }) => {
    const cluster = await clusterOf(services, body.groupId, body.clusterName);
    const from = parseIsoDate(body.from);
    const to = parseIsoDate(body.to);
    if (from === undefined || to === undefined || to <= from) throw invalid('from', 'from and to must be ISO 8601 dates, from before to.');
    if ((body.value === undefined) === (body.factor === undefined)) throw invalid('value', 'Give exactly one of value and factor.');
    const override = {
      databaseName: body.databaseName,
      metric: body.metric as DatabaseMetric,
      from,
      to,
      ...(body.value !== undefined ? { value: body.value } : { factor: body.factor! }),
    };
    const now = services.clock.now();
    const doc = await services.store.write((tx) => addOverride(tx, cluster, override, now));
    return new ControlReply(201, { ...doc, from: body.from, to: body.to });
  },
});

export const monitoringControl = [declareDb, overrideMetric];
