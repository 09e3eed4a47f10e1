import type { FastifyInstance } from 'fastify';
import { findCluster } from '../clusters/clusters.js';
import { ApiError } from '../../platform/errors.js';
import { addOverride, declareDatabase, type DatabaseDeclaration } from './databases.js';
import { DATABASE_METRIC_NAMES, type DatabaseMetric } from './series.js';
import { parseIsoDate } from '../../platform/time.js';
import type { Services } from '../../platform/services.js';
import { controlBody, controlError, controlReply } from '../../platform/control/body.js';
import { CONTROL_PREFIX } from '../../platform/control/routes.js';

// For tests of monitoring and alerting:
//   POST /__emulator/databases         declares a database with its size and growth
//   POST /__emulator/metrics/overrides replaces or scales a metric over a span

const DATABASE_FIELDS = ['groupId', 'clusterName', 'databaseName', 'dataSizeBytes', 'avgObjSize', 'growthPerDay', 'collections', 'indexes', 'views'];
const OVERRIDE_FIELDS = ['groupId', 'clusterName', 'databaseName', 'metric', 'from', 'to', 'value', 'factor'];
const DATABASE_NAME = /^[^/\\. "$*<>:|?]{1,64}$/;

const atLeast = (v: unknown, min: number): v is number => typeof v === 'number' && Number.isFinite(v) && v >= min;

export function registerMonitoringControl(app: FastifyInstance, services: Services): void {
  /** The body, the cluster it names and the database name, or the reason they are not usable. */
  async function target(raw: unknown, fields: string[]) {
    const body = controlBody(raw, fields);
    if (typeof body === 'string') return { failed: true, status: 400, detail: body } as const;
    const cluster =
      typeof body.groupId === 'string' && typeof body.clusterName === 'string'
        ? await findCluster(services.store, body.groupId, body.clusterName)
        : undefined;
    if (!cluster) return { failed: true, status: 404, detail: 'No such cluster (groupId, clusterName).' } as const;
    if (typeof body.databaseName !== 'string' || !DATABASE_NAME.test(body.databaseName)) {
      return { failed: true, status: 400, detail: 'databaseName must be a valid database name.' } as const;
    }
    return { failed: false, body, cluster, databaseName: body.databaseName } as const;
  }

  async function write<T>(reply: Parameters<typeof controlReply>[0], fn: () => Promise<T>) {
    try {
      return controlReply(reply, 201, await fn());
    } catch (err) {
      if (err instanceof ApiError) return controlError(reply, err.status, err.detail, err.errorCode);
      throw err;
    }
  }

  app.post(`${CONTROL_PREFIX}/databases`, async (req, reply) => {
    const t = await target(req.body, DATABASE_FIELDS);
    if (t.failed) return controlError(reply, t.status, t.detail);
    const { body } = t;
    const given: Record<string, unknown> = {
      dataSizeBytes: body.dataSizeBytes ?? 10 * 1024 * 1024,
      avgObjSize: body.avgObjSize ?? 512,
      growthPerDay: body.growthPerDay ?? 0.01,
      collections: body.collections ?? 1,
      indexes: body.indexes ?? 1,
      views: body.views ?? 0,
    };
    for (const [k, min] of [['dataSizeBytes', 0], ['avgObjSize', 1], ['growthPerDay', 0]] as const) {
      if (!atLeast(given[k], min)) return controlError(reply, 400, `${k} must be a number of at least ${min}.`);
    }
    for (const k of ['collections', 'indexes', 'views']) {
      if (!Number.isInteger(given[k]) || (given[k] as number) < 0) return controlError(reply, 400, `${k} must be a whole number.`);
    }
    const d = { name: t.databaseName, ...(given as Omit<DatabaseDeclaration, 'name'>) };
    const now = services.clock.now();
    return write(reply, async () => {
      const doc = await services.store.write((tx) => declareDatabase(tx, t.cluster, d, now));
      return { databaseName: doc.name, created: new Date(doc.created).toISOString() };
    });
  });

  app.post(`${CONTROL_PREFIX}/metrics/overrides`, async (req, reply) => {
    const t = await target(req.body, OVERRIDE_FIELDS);
    if (t.failed) return controlError(reply, t.status, t.detail);
    const { body } = t;
    if (typeof body.metric !== 'string' || !DATABASE_METRIC_NAMES.includes(body.metric as DatabaseMetric)) {
      return controlError(reply, 400, `metric must be one of ${DATABASE_METRIC_NAMES.join(', ')}.`);
    }
    const from = typeof body.from === 'string' ? parseIsoDate(body.from) : undefined;
    const to = typeof body.to === 'string' ? parseIsoDate(body.to) : undefined;
    if (from === undefined || to === undefined || to <= from) {
      return controlError(reply, 400, 'from and to must be ISO 8601 dates, from before to.');
    }
    if ((body.value === undefined) === (body.factor === undefined)) return controlError(reply, 400, 'Give exactly one of value and factor.');
    for (const k of ['value', 'factor'] as const) {
      if (body[k] !== undefined && !atLeast(body[k], 0)) return controlError(reply, 400, `${k} must be a number of at least 0.`);
    }
    const override = {
      databaseName: t.databaseName,
      metric: body.metric as DatabaseMetric,
      from,
      to,
      ...(body.value !== undefined ? { value: body.value as number } : { factor: body.factor as number }),
    };
    const now = services.clock.now();
    return write(reply, async () => {
      const doc = await services.store.write((tx) => addOverride(tx, t.cluster, override, now));
      return { ...doc, from: body.from, to: body.to };
    });
  });
}
