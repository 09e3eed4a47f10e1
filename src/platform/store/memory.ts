import { Mutex } from './mutex.js';
import { fillState } from './state.js';
import type { DocMeta, EventPage, EventQuery, Page, PageResult, StateDump, Store, StoredEvent, Timer, Tx } from './types.js';

interface Row {
  seq: number;
  parent: string | null;
  name: string | null;
  json: string;
}

const nameKey = (parent: string | null, name: string) => `${parent ?? ''}\u0000${name}`;

function compareEventsNewestFirst(a: StoredEvent, b: StoredEvent): number {
  if (a.created !== b.created) return b.created - a.created;
  return a.id < b.id ? 1 : a.id > b.id ? -1 : 0;
}

/**
 * Throwaway state in the process. Documents are kept as JSON text so that callers
 * never share objects with the store, as with a real database. Writes apply in
 * place and keep an undo log, which a failed transaction replays backwards.
 */
export class MemoryStore implements Store, Tx {
  readonly backend = 'memory' as const;
  private docs = new Map<string, Map<string, Row>>();
  private names = new Map<string, Map<string, string>>();
  private events = new Map<string, StoredEvent>();
  private meta = new Map<string, string>();
  private timers = new Map<string, Timer>();
  private seq = 0;
  private undo: (() => void)[] | null = null;
  private readonly mutex = new Mutex();

  private coll(c: string): Map<string, Row> {
    let m = this.docs.get(c);
    if (!m) this.docs.set(c, (m = new Map()));
    return m;
  }

  private nameIndex(c: string): Map<string, string> {
    let m = this.names.get(c);
    if (!m) this.names.set(c, (m = new Map()));
    return m;
  }

  private record(fn: () => void): void {
    this.undo?.push(fn);
  }

  async get<T>(collection: string, id: string): Promise<T | undefined> {
    const row = this.docs.get(collection)?.get(id);
    return row ? (JSON.parse(row.json) as T) : undefined;
  }

  async getByName<T>(collection: string, parent: string | null, name: string): Promise<T | undefined> {
    const id = this.names.get(collection)?.get(nameKey(parent, name));
    return id === undefined ? undefined : this.get<T>(collection, id);
  }

  private rows(collection: string, parent: string | null | undefined): Row[] {
    const all = [...(this.docs.get(collection)?.values() ?? [])];
    const rows = parent === undefined ? all : all.filter((r) => r.parent === parent);
    return rows.sort((a, b) => a.seq - b.seq);
  }

  async list<T>(collection: string, parent: string | null | undefined, page?: Page): Promise<PageResult<T>> {
    const rows = this.rows(collection, parent);
    const slice = page ? rows.slice(page.offset, page.offset + page.limit) : rows;
    return { items: slice.map((r) => JSON.parse(r.json) as T), total: rows.length };
  }

  async count(collection: string, parent: string | null | undefined): Promise<number> {
    return this.rows(collection, parent).length;
  }

  async getEvent(id: string): Promise<StoredEvent | undefined> {
    const e = this.events.get(id);
    return e ? structuredClone(e) : undefined;
  }

  async queryEvents(q: EventQuery): Promise<EventPage> {
    const byGroup = 'groupId' in q.feed;
    const key = byGroup ? (q.feed as { groupId: string }).groupId : (q.feed as { orgId: string }).orgId;
    const types = q.eventTypes?.length ? new Set(q.eventTypes) : null;
    const excluded = q.excludedEventTypes?.length ? new Set(q.excludedEventTypes) : null;
    const clusters = q.clusterNames?.length ? new Set(q.clusterNames) : null;
    const matches = [...this.events.values()].filter(
      (e) =>
        (byGroup ? e.groupId === key : e.orgLevel && e.orgId === key) &&
        (!types || types.has(e.eventTypeName)) &&
        (!excluded || !excluded.has(e.eventTypeName)) &&
        (!clusters || (e.clusterName !== null && clusters.has(e.clusterName))) &&
        (q.minDate === undefined || e.created >= q.minDate) &&
        (q.maxDate === undefined || e.created <= q.maxDate),
    );
    matches.sort(compareEventsNewestFirst);
    return {
      items: matches.slice(q.offset, q.offset + q.limit).map((e) => structuredClone(e)),
      total: q.includeCount ? matches.length : 0,
      more: q.offset + q.limit < matches.length,
    };
  }

  async getMeta(key: string): Promise<string | undefined> {
    return this.meta.get(key);
  }

  async nextTimerDue(): Promise<number | undefined> {
    let min: number | undefined;
    for (const t of this.timers.values()) if (min === undefined || t.due < min) min = t.due;
    return min;
  }

  async dueTimers(now: number, limit: number): Promise<Timer[]> {
    return [...this.timers.values()]
      .filter((t) => t.due <= now)
      .sort((a, b) => a.due - b.due || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
      .slice(0, limit)
      .map((t) => structuredClone(t));
  }

  async put<T extends object>(collection: string, id: string, data: T, meta: DocMeta): Promise<void> {
    const c = this.coll(collection);
    const names = this.nameIndex(collection);
    const before = c.get(id);
    const name = meta.name ?? null;
    if (name !== null) {
      const holder = names.get(nameKey(meta.parent, name));
      if (holder !== undefined && holder !== id) {
        throw new Error(`UNIQUE constraint failed: ${collection} name ${name}`);
      }
    }
    const row: Row = { seq: before?.seq ?? ++this.seq, parent: meta.parent, name, json: JSON.stringify(data) };
    c.set(id, row);
    if (before?.name != null) names.delete(nameKey(before.parent, before.name));
    if (name !== null) names.set(nameKey(meta.parent, name), id);
    this.record(() => {
      if (name !== null) names.delete(nameKey(meta.parent, name));
      if (before) {
        c.set(id, before);
        if (before.name !== null) names.set(nameKey(before.parent, before.name), id);
      } else c.delete(id);
    });
  }

  async delete(collection: string, id: string): Promise<boolean> {
    const c = this.coll(collection);
    const before = c.get(id);
    if (!before) return false;
    c.delete(id);
    const names = this.nameIndex(collection);
    if (before.name !== null) names.delete(nameKey(before.parent, before.name));
    this.record(() => {
      c.set(id, before);
      if (before.name !== null) names.set(nameKey(before.parent, before.name), id);
    });
    return true;
  }

  async deleteChildren(collection: string, parent: string): Promise<number> {
    const ids = [...(this.docs.get(collection)?.entries() ?? [])].filter(([, r]) => r.parent === parent);
    for (const [id] of ids) await this.delete(collection, id);
    return ids.length;
  }

  async appendEvent(e: StoredEvent): Promise<void> {
    if (this.events.has(e.id)) throw new Error(`UNIQUE constraint failed: events.id ${e.id}`);
    this.events.set(e.id, structuredClone(e));
    this.record(() => this.events.delete(e.id));
  }

  async setMeta(key: string, value: string): Promise<void> {
    const before = this.meta.get(key);
    this.meta.set(key, value);
    this.record(() => (before === undefined ? this.meta.delete(key) : this.meta.set(key, before)));
  }

  async schedule(t: Timer): Promise<void> {
    const before = this.timers.get(t.id);
    this.timers.set(t.id, structuredClone(t));
    this.record(() => (before ? this.timers.set(t.id, before) : this.timers.delete(t.id)));
  }

  async removeTimer(id: string): Promise<void> {
    const before = this.timers.get(id);
    if (!before) return;
    this.timers.delete(id);
    this.record(() => this.timers.set(id, before));
  }

  async cancelTimers(ref: string, kind?: string): Promise<void> {
    for (const t of [...this.timers.values()]) {
      if (t.ref === ref && (kind === undefined || t.kind === kind)) await this.removeTimer(t.id);
    }
  }

  async write<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
    return this.mutex.run(async () => {
      const undo: (() => void)[] = [];
      this.undo = undo;
      try {
        return await fn(this);
      } catch (err) {
        for (let i = undo.length - 1; i >= 0; i--) undo[i]!();
        throw err;
      } finally {
        this.undo = null;
      }
    });
  }

  async clear(keepCollections: string[], keepMeta: string[]): Promise<void> {
    await this.mutex.run(async () => {
      for (const c of [...this.docs.keys()]) {
        if (!keepCollections.includes(c)) {
          this.docs.delete(c);
          this.names.delete(c);
        }
      }
      for (const k of [...this.meta.keys()]) if (!keepMeta.includes(k)) this.meta.delete(k);
      this.events.clear();
      this.timers.clear();
    });
  }

  async dump(): Promise<StateDump> {
    return this.mutex.run(async () => {
      const docs: StateDump['docs'] = {};
      for (const [c, rows] of this.docs) {
        if (rows.size === 0) continue;
        docs[c] = [...rows.entries()]
          .sort(([, a], [, b]) => a.seq - b.seq)
          .map(([id, r]) => ({ id, parent: r.parent, name: r.name, data: JSON.parse(r.json) }));
      }
      const events = [...this.events.values()].sort((a, b) => a.created - b.created || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
      const timers = [...this.timers.values()].sort((a, b) => a.due - b.due || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
      return structuredClone({ docs, events, timers, meta: Object.fromEntries(this.meta) });
    });
  }

  async load(state: StateDump): Promise<void> {
    await this.mutex.run(async () => {
      const saved = { docs: this.docs, names: this.names, events: this.events, meta: this.meta, timers: this.timers, seq: this.seq };
      Object.assign(this, { docs: new Map(), names: new Map(), events: new Map(), meta: new Map(), timers: new Map(), seq: 0 });
      try {
        await fillState(this, state);
      } catch (err) {
        Object.assign(this, saved);
        throw err;
      }
    });
  }

  async bulkAppendEvents(events: StoredEvent[]): Promise<void> {
    await this.mutex.run(async () => {
      for (const e of events) this.events.set(e.id, structuredClone(e));
    });
  }

  async close(): Promise<void> {}
}
