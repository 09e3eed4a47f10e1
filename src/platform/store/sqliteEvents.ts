import type Database from 'better-sqlite3';
import type { EventPage, EventQuery, StoredEvent } from './types.js';

// Event feeds on SQLite. A page is read from one or more "streams": index ranges
// already in (created DESC, id DESC) order, one per value of the filter the index
// leads with, merged here. Other filters are checked on the index entries (the
// indexes carry type and cluster), so no page reads a row it does not return.
// Counts come from event_days, exact for whole days; the one or two days a date
// window cuts are counted on the index. A deep page skips whole days by those
// counts and steps through index entries of one day only.

export const DAY_MS = 86_400_000;
const MIN_TIME = -8.64e15;
const MAX_TIME = 8.64e15;
/** Below this offset, stepping through index entries is cheaper than reading day counts. */
const DEEP_OFFSET = 5000;

interface Condition {
  sql: string;
  args: unknown[];
}

export interface Stream {
  /** `FROM events INDEXED BY ... WHERE ...` without the date bounds. */
  from: string;
  args: unknown[];
}

export interface EventPlan {
  streams: Stream[];
  /** The event_days rows to add up, and the expression to add (some rows subtract). */
  days: Condition & { value: string };
}

const placeholders = (n: number) => Array.from({ length: n }, () => '?').join(', ');

const unique = (values: string[] | undefined) => (values?.length ? [...new Set(values)] : undefined);

/** The streams and day-count filter for a query, or null when no event can match. */
export function planEventQuery(q: EventQuery): EventPlan | null {
  const byGroup = 'groupId' in q.feed;
  const col = byGroup ? 'group_id' : 'org_feed';
  const feedKey = byGroup ? (q.feed as { groupId: string }).groupId : (q.feed as { orgId: string }).orgId;
  const excluded = unique(q.excludedEventTypes);
  let types = unique(q.eventTypes);
  if (types && excluded) types = types.filter((t) => !excluded.includes(t));
  if (types && types.length === 0) return null;
  const clusters = unique(q.clusterNames);

  const typeCond: Condition | null = types
    ? { sql: `type IN (${placeholders(types.length)})`, args: types }
    : excluded
      ? { sql: `type NOT IN (${placeholders(excluded.length)})`, args: excluded }
      : null;
  const clusterCond: Condition | null = clusters
    ? { sql: `cluster_name IN (${placeholders(clusters.length)})`, args: clusters }
    : null;

  const stream = (index: string, eq: Condition, residual: (Condition | null)[]): Stream => {
    const parts = [eq, ...residual.filter((c): c is Condition => c !== null)];
    return {
      from: `FROM events INDEXED BY ${index} WHERE ${parts.map((c) => c.sql).join(' AND ')}`,
      args: parts.flatMap((c) => c.args),
    };
  };

  let streams: Stream[];
  if (clusters && byGroup) {
    streams = clusters.map((c) =>
      stream('events_feed_group_cluster', { sql: 'group_id = ? AND cluster_name = ?', args: [feedKey, c] }, [typeCond]),
    );
  } else if (types) {
    const index = byGroup ? 'events_feed_group_type' : 'events_feed_org_type';
    streams = types.map((t) => stream(index, { sql: `${col} = ? AND type = ?`, args: [feedKey, t] }, [clusterCond]));
  } else {
    const index = byGroup ? 'events_feed_group' : 'events_feed_org';
    streams = [stream(index, { sql: `${col} = ?`, args: [feedKey] }, [typeCond, clusterCond])];
  }

  // Excluded types count as all types minus each excluded one.
  const clusterRows = clusters ? `cluster IN (${placeholders(clusters.length)})` : "cluster = '*'";
  const typeRows = types
    ? `type IN (${placeholders(types.length)})`
    : excluded
      ? `(type = '*' OR type IN (${placeholders(excluded.length)}))`
      : "type = '*'";
  return {
    streams,
    days: {
      sql: `feed = ? AND ${typeRows} AND ${clusterRows}`,
      args: [`${byGroup ? 'g' : 'o'}:${feedKey}`, ...(types ?? excluded ?? []), ...(clusters ?? [])],
      value: !types && excluded ? "CASE WHEN type = '*' THEN n ELSE -n END" : 'n',
    },
  };
}

/** Every SQL statement a query runs over the events, with its arguments, for plan checks. */
export function eventQueryStatements(q: EventQuery): { sql: string; args: unknown[] }[] {
  const plan = planEventQuery(q);
  if (!plan) return [];
  const out: { sql: string; args: unknown[] }[] = [];
  for (const s of plan.streams) {
    out.push({ sql: keysSql(s, true), args: [...s.args, MIN_TIME, MAX_TIME, 1, 0] });
    out.push({ sql: countSql(s), args: [...s.args, MIN_TIME, MAX_TIME] });
  }
  out.push({ sql: totalSql(plan), args: plan.days.args });
  out.push({ sql: daysSql(plan), args: [...plan.days.args, 0, 1] });
  out.push({ sql: ROWS_SQL, args: ['[]'] });
  return out;
}

const keysSql = (s: Stream, offset: boolean) =>
  `SELECT created, id ${s.from} AND created BETWEEN ? AND ? ORDER BY created DESC, id DESC LIMIT ?${offset ? ' OFFSET ?' : ''}`;
const countSql = (s: Stream) => `SELECT COUNT(*) ${s.from} AND created BETWEEN ? AND ?`;
const totalSql = (p: EventPlan) => `SELECT COALESCE(SUM(${p.days.value}), 0) FROM event_days WHERE ${p.days.sql}`;
const daysSql = (p: EventPlan) =>
  `SELECT day, SUM(${p.days.value}) AS n FROM event_days WHERE ${p.days.sql} AND day BETWEEN ? AND ? GROUP BY day ORDER BY day DESC`;
const ROWS_SQL = 'SELECT e.* FROM json_each(?) AS j JOIN events AS e ON e.id = j.value';

interface Key {
  created: number;
  id: string;
}

export interface EventRow {
  id: string;
  created: number;
  type: string;
  group_id: string | null;
  org_id: string | null;
  cluster_name: string | null;
  org_feed: string | null;
  data: string;
}

export function rowToEvent(r: EventRow): StoredEvent {
  return {
    id: r.id,
    created: r.created,
    eventTypeName: r.type,
    groupId: r.group_id,
    orgId: r.org_id,
    clusterName: r.cluster_name,
    orgLevel: r.org_feed !== null,
    data: JSON.parse(r.data),
  };
}

/** Newest first; ties by id, descending. */
function newer(a: Key, b: Key): boolean {
  return a.created !== b.created ? a.created > b.created : a.id > b.id;
}

/** The first `n` keys of several sorted streams, in order. */
function mergeKeys(lists: Key[][], n: number): Key[] {
  const at = lists.map(() => 0);
  const out: Key[] = [];
  while (out.length < n) {
    let best = -1;
    for (let i = 0; i < lists.length; i++) {
      const k = lists[i]![at[i]!];
      if (k && (best < 0 || newer(k, lists[best]![at[best]!]!))) best = i;
    }
    if (best < 0) break;
    out.push(lists[best]![at[best]!++]!);
  }
  return out;
}

export class SqliteEventReader {
  private readonly statements = new Map<string, Database.Statement>();
  /** One page, read in one transaction so that keys, counts and rows agree. */
  readonly query: (q: EventQuery) => EventPage;

  constructor(private readonly db: Database.Database) {
    this.query = db.transaction((q: EventQuery) => this.read(q));
  }

  private stmt(sql: string): Database.Statement {
    let s = this.statements.get(sql);
    if (!s) {
      // Filters with many values make many shapes; keep the cache bounded.
      if (this.statements.size > 500) this.statements.clear();
      s = this.db.prepare(sql);
      this.statements.set(sql, s);
    }
    return s;
  }

  private countRange(plan: EventPlan, from: number, to: number): number {
    let n = 0;
    for (const s of plan.streams) n += this.stmt(countSql(s)).pluck().get(...s.args, from, to) as number;
    return n;
  }

  /** Matching events per day, newest first, exact also for days the window cuts. */
  private dayCounts(plan: EventPlan, min: number, max: number): { day: number; n: number }[] {
    const first = Math.floor(Math.max(min, 0) / DAY_MS);
    const last = Math.floor(Math.min(max, MAX_TIME) / DAY_MS);
    const rows = this.stmt(daysSql(plan)).all(...plan.days.args, first, last) as { day: number; n: number }[];
    for (const r of rows) {
      const start = r.day * DAY_MS;
      const end = start + DAY_MS - 1;
      if (start < min || end > max) r.n = this.countRange(plan, Math.max(start, min), Math.min(end, max));
    }
    return rows.filter((r) => r.n > 0);
  }

  private total(plan: EventPlan, min: number, max: number): number {
    if (min === MIN_TIME && max === MAX_TIME) {
      return this.stmt(totalSql(plan)).pluck().get(...plan.days.args) as number;
    }
    return this.dayCounts(plan, min, max).reduce((sum, d) => sum + d.n, 0);
  }

  private read(q: EventQuery): EventPage {
    const plan = planEventQuery(q);
    if (!plan) return { items: [], total: 0, more: false };
    const min = q.minDate ?? MIN_TIME;
    let max = q.maxDate ?? MAX_TIME;
    if (min > max) return { items: [], total: 0, more: false };
    let skip = q.offset;
    let total: number | undefined;

    if (skip >= DEEP_OFFSET) {
      const days = this.dayCounts(plan, min, max);
      if (q.includeCount) total = days.reduce((sum, d) => sum + d.n, 0);
      let before = 0;
      const start = days.find((d) => {
        if (before + d.n > skip) return true;
        before += d.n;
        return false;
      });
      if (!start) return { items: [], total: total ?? 0, more: false };
      skip -= before;
      max = Math.min(max, (start.day + 1) * DAY_MS - 1);
    }

    const want = q.limit + 1;
    let keys: Key[];
    if (plan.streams.length === 1) {
      const s = plan.streams[0]!;
      keys = this.stmt(keysSql(s, true)).all(...s.args, min, max, want, skip) as Key[];
    } else {
      const lists = plan.streams.map(
        (s) => this.stmt(keysSql(s, false)).all(...s.args, min, max, skip + want) as Key[],
      );
      keys = mergeKeys(lists, skip + want).slice(skip);
    }
    const more = keys.length > q.limit;
    const ids = keys.slice(0, q.limit).map((k) => k.id);
    const rows = ids.length ? (this.stmt(ROWS_SQL).all(JSON.stringify(ids)) as EventRow[]) : [];
    const byId = new Map(rows.map((r) => [r.id, r]));
    if (q.includeCount && total === undefined) total = this.total(plan, min, q.maxDate ?? MAX_TIME);
    return { items: ids.map((id) => rowToEvent(byId.get(id)!)), total: total ?? 0, more };
  }
}
