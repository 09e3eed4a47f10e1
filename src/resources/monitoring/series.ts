// Deterministic database metrics. Nothing is stored per point: every value is
// the exact mean of a smooth curve over the point's interval, computed in closed
// form, so any granularity over any window costs the same per point, the same
// query always answers the same numbers, and a coarse point is exactly the mean
// of the finer points inside it.

export const MINUTE = 60_000;
export const BUCKET = 5 * MINUTE;
export const DAY = 86_400_000;

export const DATABASE_METRICS = {
  DATABASE_AVERAGE_OBJECT_SIZE: 'BYTES',
  DATABASE_COLLECTION_COUNT: 'SCALAR',
  DATABASE_DATA_SIZE: 'BYTES',
  DATABASE_STORAGE_SIZE: 'BYTES',
  DATABASE_INDEX_SIZE: 'BYTES',
  DATABASE_INDEX_COUNT: 'SCALAR',
  DATABASE_EXTENT_COUNT: 'SCALAR',
  DATABASE_OBJECT_COUNT: 'SCALAR',
  DATABASE_VIEW_COUNT: 'SCALAR',
} as const;

export type DatabaseMetric = keyof typeof DATABASE_METRICS;
export const DATABASE_METRIC_NAMES = Object.keys(DATABASE_METRICS) as DatabaseMetric[];

/** What a database looks like and how it grows; values at `created`. */
export interface DatabaseProfile {
  name: string;
  /** Epoch ms from which the database exists (aligned to a 5-minute bucket). */
  created: number;
  objects: number;
  /** Bytes per document (dbStats avgObjSize). */
  avgObjSize: number;
  /** Documents added per day, as a fraction of `objects`. */
  growthPerDay: number;
  /** storageSize / dataSize (WiredTiger compression). */
  storageRatio: number;
  /** Index bytes per document, all indexes together. */
  indexBytesPerObject: number;
  collections: number;
  indexes: number;
  views: number;
  /** Varies the phases of the daily rhythm and the fluctuations. */
  seed: number;
}

/** Relative amplitude and period (ms) of each wave added to the growth line. */
const WAVES: [amplitude: number, period: number][] = [
  [0.004, DAY], // daily rhythm: more writes in the day than at night
  [0.0012, 5 * 3_600_000 + 41 * MINUTE],
  [0.0007, 2 * 3_600_000 + 13 * MINUTE],
  [0.0004, 47 * MINUTE],
];

function phase(seed: number, i: number): number {
  // A fixed, well-spread phase per database and wave.
  const x = Math.sin(seed * 12.9898 + i * 78.233) * 43758.5453;
  return (x - Math.floor(x)) * 2 * Math.PI;
}

/**
 * Mean over [a, b) of the relative size curve g(t) = 1 + growth·days + Σ waves.
 * The waves are scaled by the growth so that a database that does not grow
 * (growthPerDay 0) stays flat, as a quiet database would.
 */
function meanGrowth(p: DatabaseProfile, a: number, b: number): number {
  const mid = (a + b) / 2;
  let g = 1 + (p.growthPerDay * (mid - p.created)) / DAY;
  if (p.growthPerDay > 0) {
    const scale = Math.min(1, p.growthPerDay * 20);
    for (let i = 0; i < WAVES.length; i++) {
      const [amp, period] = WAVES[i]!;
      const w = (2 * Math.PI) / period;
      const ph = phase(p.seed, i);
      g += (scale * amp * (Math.cos(w * a + ph) - Math.cos(w * b + ph))) / (w * (b - a));
    }
  }
  return Math.max(g, 0);
}

/** Exact mean of a metric over [a, b), the database existing throughout. */
export function meanValue(p: DatabaseProfile, metric: DatabaseMetric, a: number, b: number): number {
  switch (metric) {
    case 'DATABASE_COLLECTION_COUNT':
      return p.collections;
    case 'DATABASE_INDEX_COUNT':
      return p.indexes;
    case 'DATABASE_VIEW_COUNT':
      return p.views;
    case 'DATABASE_EXTENT_COUNT':
      return 0; // WiredTiger has no extents
    case 'DATABASE_AVERAGE_OBJECT_SIZE':
      return p.objects > 0 ? p.avgObjSize : 0;
    default:
      break;
  }
  const objects = p.objects * meanGrowth(p, a, b);
  const dataSize = objects * p.avgObjSize;
  switch (metric) {
    case 'DATABASE_OBJECT_COUNT':
      return objects;
    case 'DATABASE_DATA_SIZE':
      return dataSize;
    case 'DATABASE_STORAGE_SIZE':
      // Each collection and index file takes at least one 4 KiB block.
      return dataSize * p.storageRatio + 4096 * (p.collections + p.indexes);
    case 'DATABASE_INDEX_SIZE':
      return objects * p.indexBytesPerObject + 4096 * p.indexes;
  }
  return 0;
}

/** Deterministic number in [0, 1) from a string (ids, names). */
export function hashUnit(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 16777619);
  }
  return (h >>> 0) / 2 ** 32;
}

export function alignUp(t: number, step: number): number {
  return Math.ceil(t / step) * step;
}

export function alignDown(t: number, step: number): number {
  return Math.floor(t / step) * step;
}
