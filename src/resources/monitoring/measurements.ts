import { errors } from '../../platform/errors.js';
import { isoSeconds, parseIsoDate } from '../../platform/time.js';
import { parseIsoDuration } from '../../platform/sim/duration.js';
import {
  alignDown,
  alignUp,
  BUCKET,
  DATABASE_METRIC_NAMES,
  DATABASE_METRICS,
  DAY,
  meanValue,
  MINUTE,
  type DatabaseMetric,
  type DatabaseProfile,
} from './series.js';

/** Step (ms) and how far back points are kept, per granularity Atlas accepts. */
const GRANULARITIES: Record<string, { step: number; retention: number }> = {
  PT1M: { step: MINUTE, retention: 2 * DAY },
  PT5M: { step: BUCKET, retention: 2 * DAY },
  PT30M: { step: 30 * MINUTE, retention: 63 * DAY },
  PT1H: { step: 60 * MINUTE, retention: 63 * DAY },
  P1D: { step: DAY, retention: Number.POSITIVE_INFINITY },
};

/** No data point can be older than the Unix epoch, where the API's dates and ids begin. */
const EARLIEST = 0;

export interface MeasurementQuery {
  granularity: string;
  period?: string;
  start?: string;
  end?: string;
  m?: string[];
}

export interface Window {
  granularity: string;
  step: number;
  start: number;
  end: number;
  metrics: DatabaseMetric[];
}

/** Atlas's rules for the measurement window; each violation names its parameter. */
export function resolveWindow(q: MeasurementQuery, now: number): Window {
  const g = GRANULARITIES[q.granularity];
  if (!g) throw errors.invalidQueryParameter('granularity', `must be one of ${Object.keys(GRANULARITIES).join(', ')}`);
  const hasRange = q.start !== undefined || q.end !== undefined;
  if (q.period !== undefined && hasRange) {
    throw errors.invalidQueryParameter(q.start !== undefined ? 'start' : 'end', 'period cannot be combined with start and end');
  }
  let start: number;
  let end: number;
  if (q.period !== undefined) {
    const span = parseIsoDuration(q.period);
    if (span === undefined || span <= 0) throw errors.invalidQueryParameter('period', 'must be an ISO 8601 duration such as PT24H');
    end = now;
    start = now - span;
  } else if (hasRange) {
    if (q.start === undefined) throw errors.missingQueryParameter('start');
    if (q.end === undefined) throw errors.missingQueryParameter('end');
    const s = parseIsoDate(q.start);
    if (s === undefined) throw errors.invalidQueryParameter('start', 'must be an ISO 8601 date and time');
    const e = parseIsoDate(q.end);
    if (e === undefined) throw errors.invalidQueryParameter('end', 'must be an ISO 8601 date and time');
    if (e <= s) throw errors.invalidQueryParameter('end', 'must be after start');
    start = s;
    end = e;
  } else {
    throw errors.missingQueryParameter('period');
  }
  const names = q.m ?? DATABASE_METRIC_NAMES;
  if (names.length < 1 || names.length > 10) throw errors.invalidQueryParameter('m', 'between 1 and 10 measurements');
  const seen = new Set<string>();
  for (const name of names) {
    if (!(name in DATABASE_METRICS)) throw errors.invalidQueryParameter('m', `${name} is not a database measurement`);
    if (seen.has(name)) throw errors.invalidQueryParameter('m', `${name} is repeated`);
    seen.add(name);
  }
  // Nothing is known after now, and nothing is kept before the retention horizon. Daily
  // points are kept forever, but nothing predates the Unix epoch: without that floor a
  // period of a million years asks for hundreds of millions of points.
  end = Math.min(end, now);
  start = Math.max(start, now - g.retention, EARLIEST);
  return { granularity: q.granularity, step: g.step, start, end: Math.max(start, end), metrics: names as DatabaseMetric[] };
}

/** A span of time during which the database produces no data (the cluster was paused). */
export interface Gap {
  from: number;
  to: number;
}

/** Replaces (value) or scales (factor) a metric over a span, for testing alerting. */
export interface Override {
  metric: DatabaseMetric;
  from: number;
  to: number;
  value?: number;
  factor?: number;
}

type Piece = [number, number];

/** The 5-minute buckets of [a, b) that hold data: after creation, before now, outside gaps. */
function availablePieces(p: DatabaseProfile, a: number, b: number, now: number, gaps: Gap[]): Piece[] {
  let pieces: Piece[] = [[Math.max(a, p.created), Math.min(b, alignDown(now, BUCKET))]];
  for (const gap of gaps) {
    const from = alignDown(gap.from, BUCKET);
    const to = alignUp(gap.to, BUCKET);
    pieces = pieces.flatMap(([x, y]): Piece[] => {
      if (to <= x || from >= y) return [[x, y]];
      const out: Piece[] = [];
      if (from > x) out.push([x, from]);
      if (to < y) out.push([to, y]);
      return out;
    });
  }
  return pieces.filter(([x, y]) => y > x);
}

/** Overrides of one metric, widened to whole 5-minute buckets, latest declared last. */
function overridesFor(metric: DatabaseMetric, overrides: Override[]): Override[] {
  return overrides
    .filter((o) => o.metric === metric)
    .map((o) => ({ ...o, from: alignDown(o.from, BUCKET), to: alignUp(o.to, BUCKET) }));
}

/** Integral of a metric over [a, b) with its (already widened) overrides applied. */
function integral(p: DatabaseProfile, metric: DatabaseMetric, a: number, b: number, mine: Override[]): number {
  if (mine.length === 0) return meanValue(p, metric, a, b) * (b - a);
  const cuts = [a, b];
  for (const o of mine) if (o.to > a && o.from < b) cuts.push(Math.max(a, o.from), Math.min(b, o.to));
  const sorted = [...new Set(cuts)].sort((x, y) => x - y);
  let sum = 0;
  for (let i = 0; i + 1 < sorted.length; i++) {
    const x = sorted[i]!;
    const y = sorted[i + 1]!;
    let o: Override | undefined;
    for (const ov of mine) if (ov.from <= x && ov.to >= y) o = ov;
    let v = meanValue(p, metric, x, y);
    if (o?.value !== undefined) v = o.value;
    else if (o?.factor !== undefined) v *= o.factor;
    sum += v * (y - x);
  }
  return sum;
}

/** The parts of [t, t + step) that hold data, from the window's available pieces (sorted, bucket-aligned). */
function piecesOf(available: Piece[], t: number, step: number): Piece[] {
  if (step < BUCKET) {
    // A minute holds data when its whole 5-minute bucket does.
    const bucket = alignDown(t, BUCKET);
    return available.some(([x, y]) => x <= bucket && bucket + BUCKET <= y) ? [[t, t + step]] : [];
  }
  const out: Piece[] = [];
  for (const [x, y] of available) {
    const a = Math.max(x, t);
    const b = Math.min(y, t + step);
    if (b > a) out.push([a, b]);
  }
  return out;
}

function valueOver(p: DatabaseProfile, metric: DatabaseMetric, pieces: Piece[], mine: Override[]): number | null {
  if (pieces.length === 0) return null;
  let total = 0;
  let length = 0;
  for (const [a, b] of pieces) {
    total += integral(p, metric, a, b, mine);
    length += b - a;
  }
  return total / length;
}

/** One point: the mean over the interval's buckets that hold data, or null when none does. */
export function pointValue(
  p: DatabaseProfile,
  metric: DatabaseMetric,
  t: number,
  step: number,
  now: number,
  gaps: Gap[],
  overrides: Override[],
): number | null {
  const available = availablePieces(p, alignDown(t, BUCKET), alignUp(t + step, BUCKET), now, gaps);
  return valueOver(p, metric, piecesOf(available, t, step), overridesFor(metric, overrides));
}

export interface Measurement {
  dataPoints: { timestamp: string; value: number | null }[];
  name: string;
  units: string;
}

export function measure(p: DatabaseProfile, w: Window, now: number, gaps: Gap[], overrides: Override[]): Measurement[] {
  const times: number[] = [];
  for (let t = alignUp(w.start, w.step); t <= w.end; t += w.step) times.push(t);
  const stamps = times.map(isoSeconds);
  const available = times.length
    ? availablePieces(p, alignDown(times[0]!, BUCKET), alignUp(times[times.length - 1]! + w.step, BUCKET), now, gaps)
    : [];
  // Availability is the same for every metric: work it out once per point.
  const pieces = times.map((t) => piecesOf(available, t, w.step));
  return w.metrics.map((metric) => {
    const mine = overridesFor(metric, overrides);
    return {
      dataPoints: times.map((_, i) => ({ timestamp: stamps[i]!, value: valueOver(p, metric, pieces[i]!, mine) })),
      name: metric,
      units: DATABASE_METRICS[metric],
    };
  });
}
