import type { Reader } from '../../platform/store/types.js';
import { isoSeconds } from '../../platform/time.js';
import { getCluster } from '../clusters/clusters.js';
import type { ClusterDoc } from '../clusters/model.js';
import { listProjectProcesses, processNotFound, type ProcessDoc } from '../clusters/processes.js';
import { hashUnit } from '../monitoring/series.js';
import { collectionsOf, needsIndex, slowQueries, type Collection, type SlowQuery } from './workload.js';

// The performance advisor's answers, computed from the workload (workload.ts):
// slow query logs and namespaces of a process, index suggestions of a process or
// cluster, drop-index suggestions and schema advice of a cluster.

const DAY = 86_400_000;

/** A stable 24-hex id for a piece of advice. */
function adviceId(key: string): string {
  let out = '';
  for (let i = 0; out.length < 24; i++) out += Math.floor(hashUnit(`${key}#${i}`) * 0xffffffff).toString(16).padStart(8, '0');
  return out.slice(0, 24);
}

/** A process by its id or by the alias clients see in connection strings (`<alias>:<port>`). */
async function findProcess(r: Reader, groupId: string, processId: string): Promise<{ p: ProcessDoc; c: ClusterDoc }> {
  const all = await listProjectProcesses(r, groupId);
  const p = all.find((x) => x.id === processId || `${x.userAlias}:${x.port}` === processId);
  if (!p) throw processNotFound(processId, groupId);
  return { p, c: await getCluster(r, groupId, p.clusterName) };
}

/** Queries reach the first shard's primary (where unsharded collections live). */
const servesQueries = (p: ProcessDoc): boolean => p.typeName === 'REPLICA_PRIMARY' && (p.replicaSetName ?? '').endsWith('-shard-0');

export interface Window {
  since?: number;
  duration?: number;
  until?: number;
}

function span(w: Window, now: number): [number, number] {
  const until = Math.min(now, w.until ?? (w.since !== undefined && w.duration !== undefined ? w.since + w.duration : now));
  const since = w.since ?? (w.duration !== undefined ? until - w.duration : until - DAY);
  return [since, until];
}

async function processWorkload(r: Reader, groupId: string, processId: string, w: Window, now: number, namespaces?: string[]) {
  const { p, c } = await findProcess(r, groupId, processId);
  if (!servesQueries(p)) return { p, cols: [] as Collection[], queries: [] as SlowQuery[] };
  const cols = (await collectionsOf(r, c, now)).filter((x) => !namespaces?.length || namespaces.includes(x.namespace));
  const [since, until] = span(w, now);
  return { p, cols, queries: slowQueries(cols, since, until) };
}

export async function processNamespaces(r: Reader, groupId: string, processId: string, w: Window, now: number) {
  const { queries } = await processWorkload(r, groupId, processId, w, now);
  const names = [...new Set(queries.map((q) => q.namespace))].sort();
  return { namespaces: names.map((namespace) => ({ namespace, type: 'collection' as const })) };
}

export interface SlowLogOptions extends Window {
  namespaces?: string[];
  nLogs?: number;
  includeMetrics?: boolean;
  includeOpType?: boolean;
  includeReplicaState?: boolean;
}

function logLine(q: SlowQuery, p: ProcessDoc): string {
  return JSON.stringify({
    t: { $date: new Date(q.ts).toISOString() },
    s: 'I', c: 'COMMAND', id: 51803, ctx: `conn${Math.floor(hashUnit(q.namespace) * 90000) + 1000}`, msg: 'Slow query',
    attr: {
      type: 'command', ns: q.namespace, appName: 'emulated-workload',
      command: { find: q.collection, filter: q.filter, sort: q.sort, $db: q.namespace.split('.')[0] },
      planSummary: 'COLLSCAN', keysExamined: q.keysExamined, docsExamined: q.docsExamined, nreturned: q.docsReturned,
      numYields: q.yields, reslen: q.responseLength, protocol: 'op_msg', durationMillis: q.millis, host: `${p.hostname}:${p.port}`,
    },
  });
}

export async function slowQueryLogs(r: Reader, groupId: string, processId: string, o: SlowLogOptions, now: number) {
  const { p, queries } = await processWorkload(r, groupId, processId, o, now, o.namespaces);
  return {
    slowQueries: queries.slice(0, o.nLogs ?? 20_000).map((q) => ({
      line: logLine(q, p),
      namespace: q.namespace,
      ...(o.includeOpType ? { opType: 'query' } : {}),
      ...(o.includeReplicaState ? { replicaState: 'PRIMARY' } : {}),
      ...(o.includeMetrics
        ? {
            metrics: {
              docsExamined: q.docsExamined, docsExaminedReturnedRatio: q.docsExamined / q.docsReturned, docsReturned: q.docsReturned,
              fromUserConnection: true, hasIndexCoverage: false, hasSort: true, keysExamined: q.keysExamined, keysExaminedReturnedRatio: 0,
              numYields: q.yields, operationExecutionTime: q.millis, responseLength: q.responseLength,
            },
          }
        : {}),
    })),
  };
}

/** Index suggestions and the query shapes behind them, from a set of slow queries. */
function suggest(cols: Collection[], queries: SlowQuery[], nIndexes = 20, nExamples = 5) {
  const shapes = [];
  const suggestedIndexes = [];
  for (const c of cols.filter(needsIndex)) {
    const own = queries.filter((q) => q.namespace === c.namespace);
    if (own.length === 0) continue;
    const shapeId = adviceId(`shape/${c.namespace}`);
    const avg = (f: (q: SlowQuery) => number) => Math.round(own.reduce((n, q) => n + f(q), 0) / own.length);
    shapes.push({
      avgMs: avg((q) => q.millis),
      count: own.length,
      id: shapeId,
      inefficiencyScore: avg((q) => q.docsExamined / q.docsReturned),
      namespace: c.namespace,
      operations: own.slice(0, nExamples).map((q) => ({
        predicates: [{ find: q.filter }, { sort: q.sort }],
        stats: { ms: q.millis, nReturned: q.docsReturned, nScanned: q.docsExamined, ts: q.ts },
      })),
    });
    suggestedIndexes.push({
      avgObjSize: c.db.avgObjSize,
      id: adviceId(`index/${c.namespace}`),
      impact: [shapeId],
      index: [{ [c.fields[0]]: 1 as const }, { [c.fields[1]]: -1 as const }],
      namespace: c.namespace,
      weight: avg((q) => (q.docsExamined - q.docsReturned) * c.db.avgObjSize),
    });
  }
  suggestedIndexes.sort((a, b) => b.weight - a.weight || (a.namespace < b.namespace ? -1 : 1));
  const kept = suggestedIndexes.slice(0, nIndexes);
  const impacted = new Set(kept.flatMap((i) => i.impact));
  return { shapes: shapes.filter((s) => impacted.has(s.id)), suggestedIndexes: kept };
}

export async function processSuggestedIndexes(
  r: Reader, groupId: string, processId: string, o: Window & { namespaces?: string[]; nIndexes?: number; nExamples?: number }, now: number,
) {
  const { cols, queries } = await processWorkload(r, groupId, processId, o, now, o.namespaces);
  return suggest(cols, queries, o.nIndexes, o.nExamples);
}

async function clusterWorkload(r: Reader, groupId: string, name: string, w: Window, now: number, o: { processIds?: string[]; namespaces?: string[] } = {}) {
  const c = await getCluster(r, groupId, name);
  const processes = (await listProjectProcesses(r, groupId)).filter((p) => p.clusterName === c.name);
  const chosen = o.processIds?.length ? processes.filter((p) => o.processIds!.some((id) => id === p.id || id === `${p.userAlias}:${p.port}`)) : processes;
  const cols = (await collectionsOf(r, c, now)).filter((x) => !o.namespaces?.length || o.namespaces.includes(x.namespace));
  const [since, until] = span(w, now);
  return { c, cols, queries: chosen.some(servesQueries) ? slowQueries(cols, since, until) : [] };
}

export async function clusterSuggestedIndexes(r: Reader, groupId: string, name: string, o: Window & { processIds?: string[]; namespaces?: string[] }, now: number) {
  const { cols, queries } = await clusterWorkload(r, groupId, name, o, now, o);
  return { content: suggest(cols, queries), status: 200 };
}

export async function dropIndexSuggestions(r: Reader, groupId: string, name: string, now: number) {
  const { c, cols } = await clusterWorkload(r, groupId, name, {}, now);
  const sharded = c.clusterType !== 'REPLICASET';
  const entry = (col: Collection, field: string, accessCount: number) => ({
    accessCount,
    index: [{ [field]: 1 }],
    name: `${field}_1`,
    namespace: col.namespace,
    ...(sharded ? { shards: [`atlas-${c.replicaSetToken}-shard-0`] } : {}),
    since: isoSeconds(col.db.created),
    sizeBytes: Math.round(col.documents * col.db.indexBytesPerObject),
  });
  // Only databases with indexes beyond each collection's _id have any to drop.
  const indexed = cols.filter((col) => col.db.indexes > col.db.collections);
  return {
    content: {
      hiddenIndexes: [],
      redundantIndexes: indexed.filter((col) => needsIndex(col) && col.hash >= 0.3 && col.hash < 0.5).map((col) => entry(col, col.fields[0], Math.floor(col.hash * 1000))),
      unusedIndexes: indexed.filter((col) => col.hash < 0.3).map((col) => entry(col, col.fields[1], 0)),
    },
    status: 200,
  };
}

export async function schemaAdvice(r: Reader, groupId: string, name: string, now: number) {
  const { cols } = await clusterWorkload(r, groupId, name, {}, now);
  const recommendations = [];
  const large = cols.filter((col) => col.db.avgObjSize > 10_000);
  if (large.length > 0) {
    recommendations.push({
      affectedNamespaces: large.map((col) => ({
        namespace: col.namespace,
        triggers: [{ description: `Documents average ${Math.round(col.db.avgObjSize / 1024)} kB.`, triggerType: 'DOC_SIZE_TOO_LARGE' as const }],
      })),
      description: 'Reduce the size of documents',
      recommendation: 'REDUCE_DOCUMENT_SIZE' as const,
    });
  }
  const manyIndexes = cols.filter((col) => col.db.indexes / Math.max(1, col.db.collections) >= 10);
  if (manyIndexes.length > 0) {
    recommendations.push({
      affectedNamespaces: manyIndexes.map((col) => ({
        namespace: col.namespace,
        triggers: [{ description: `The collection has ${Math.round(col.db.indexes / col.db.collections)} indexes.`, triggerType: 'NUM_INDEXES' as const }],
      })),
      description: 'Remove unnecessary indexes',
      recommendation: 'REMOVE_UNNECESSARY_INDEXES' as const,
    });
  }
  return { content: { recommendations }, status: 200 };
}
