import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { Mutex } from './mutex.js';
import { DAY_MS, rowToEvent, SqliteEventReader, type EventRow } from './sqliteEvents.js';
import { dumpSqlite, migrate } from './sqliteSchema.js';
import { fillState } from './state.js';
import type { DocMeta, EventPage, EventQuery, Page, PageResult, Reader, StateDump, Store, StoredEvent, Timer, Tx } from './types.js';
import { ensureDir } from '../../dataDir.js';

/** Statements over one connection; used for plain reads and inside transactions. */
function prepareReads(db: Database.Database) {
  return {
      get: db.prepare('SELECT data FROM docs WHERE coll = ? AND id = ?').pluck(),
      byName: db.prepare('SELECT data FROM docs WHERE coll = ? AND parent IS ? AND name = ?').pluck(),
      listAll: db.prepare('SELECT data FROM docs WHERE coll = ? ORDER BY seq LIMIT ? OFFSET ?').pluck(),
      listParent: db
        .prepare('SELECT data FROM docs WHERE coll = ? AND parent IS ? ORDER BY seq LIMIT ? OFFSET ?')
        .pluck(),
      countAll: db.prepare('SELECT COUNT(*) FROM docs WHERE coll = ?').pluck(),
      countParent: db.prepare('SELECT COUNT(*) FROM docs WHERE coll = ? AND parent IS ?').pluck(),
      event: db.prepare('SELECT * FROM events WHERE id = ?'),
      meta: db.prepare('SELECT value FROM meta WHERE key = ?').pluck(),
      nextDue: db.prepare('SELECT MIN(due) FROM timers').pluck(),
    due: db.prepare('SELECT * FROM timers WHERE due <= ? ORDER BY due, id LIMIT ?'),
  };
}

class SqlReader implements Reader {
  protected readonly s: ReturnType<typeof prepareReads>;

  private readonly events: SqliteEventReader;

  constructor(protected readonly db: Database.Database) {
    this.s = prepareReads(db);
    this.events = new SqliteEventReader(db);
  }

  async get<T>(collection: string, id: string): Promise<T | undefined> {
    const v = this.s.get.get(collection, id) as string | undefined;
    return v === undefined ? undefined : (JSON.parse(v) as T);
  }

  async getByName<T>(collection: string, parent: string | null, name: string): Promise<T | undefined> {
    const v = this.s.byName.get(collection, parent, name) as string | undefined;
    return v === undefined ? undefined : (JSON.parse(v) as T);
  }

  async list<T>(collection: string, parent: string | null | undefined, page?: Page): Promise<PageResult<T>> {
    const limit = page?.limit ?? -1;
    const offset = page?.offset ?? 0;
    const rows = (
      parent === undefined
        ? this.s.listAll.all(collection, limit, offset)
        : this.s.listParent.all(collection, parent, limit, offset)
    ) as string[];
    const items = rows.map((r) => JSON.parse(r) as T);
    const total = page === undefined ? items.length : await this.count(collection, parent);
    return { items, total };
  }

  async count(collection: string, parent: string | null | undefined): Promise<number> {
    return (
      parent === undefined ? this.s.countAll.get(collection) : this.s.countParent.get(collection, parent)
    ) as number;
  }

  async getEvent(id: string): Promise<StoredEvent | undefined> {
    const r = this.s.event.get(id) as EventRow | undefined;
    return r ? rowToEvent(r) : undefined;
  }

  async queryEvents(q: EventQuery): Promise<EventPage> {
    return this.events.query(q);
  }

  async getMeta(key: string): Promise<string | undefined> {
    return this.s.meta.get(key) as string | undefined;
  }

  async nextTimerDue(): Promise<number | undefined> {
    return (this.s.nextDue.get() as number | null) ?? undefined;
  }

  async dueTimers(now: number, limit: number): Promise<Timer[]> {
    const rows = this.s.due.all(now, limit) as { id: string; due: number; kind: string; ref: string; data: string }[];
    return rows.map((r) => ({ ...r, data: JSON.parse(r.data) }));
  }
}

function prepareWrites(db: Database.Database) {
  return {
      upsert: db.prepare(
        `INSERT INTO docs (coll, id, parent, name, data) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (coll, id) DO UPDATE SET parent = excluded.parent, name = excluded.name, data = excluded.data`,
      ),
      del: db.prepare('DELETE FROM docs WHERE coll = ? AND id = ?'),
      delChildren: db.prepare('DELETE FROM docs WHERE coll = ? AND parent = ?'),
      event: db.prepare(
        'INSERT INTO events (id, created, type, group_id, org_id, cluster_name, org_feed, data) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
      ),
      eventDays: db.prepare(
        `INSERT INTO event_days (feed, type, cluster, day, n)
         VALUES (?, ?, ?, ?, 1), (?, ?, '*', ?, 1), (?, '*', ?, ?, 1), (?, '*', '*', ?, 1)
         ON CONFLICT DO UPDATE SET n = n + 1`,
      ),
      meta: db.prepare('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value'),
      timer: db.prepare(
        'INSERT INTO timers (id, due, kind, ref, data) VALUES (?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET due = excluded.due, kind = excluded.kind, ref = excluded.ref, data = excluded.data',
      ),
      rmTimer: db.prepare('DELETE FROM timers WHERE id = ?'),
      cancelRef: db.prepare('DELETE FROM timers WHERE ref = ?'),
    cancelRefKind: db.prepare('DELETE FROM timers WHERE ref = ? AND kind = ?'),
  };
}

class SqlTx extends SqlReader implements Tx {
  private readonly w: ReturnType<typeof prepareWrites>;
  /** Set when the open transaction changed documents. */
  docsChanged = false;

  constructor(db: Database.Database) {
    super(db);
    this.w = prepareWrites(db);
  }

  async put<T extends object>(collection: string, id: string, data: T, meta: DocMeta): Promise<void> {
    this.docsChanged = true;
    this.w.upsert.run(collection, id, meta.parent, meta.name ?? null, JSON.stringify(data));
  }

  async delete(collection: string, id: string): Promise<boolean> {
    this.docsChanged = true;
    return this.w.del.run(collection, id).changes > 0;
  }

  async deleteChildren(collection: string, parent: string): Promise<number> {
    this.docsChanged = true;
    return this.w.delChildren.run(collection, parent).changes;
  }

  async appendEvent(e: StoredEvent): Promise<void> {
    const orgFeed = e.orgLevel ? e.orgId : null;
    this.w.event.run(e.id, e.created, e.eventTypeName, e.groupId, e.orgId, e.clusterName, orgFeed, JSON.stringify(e.data));
    const day = Math.floor(e.created / DAY_MS);
    const cluster = e.clusterName ?? '';
    const type = e.eventTypeName;
    for (const feed of [e.groupId !== null ? `g:${e.groupId}` : null, orgFeed !== null ? `o:${orgFeed}` : null]) {
      if (feed) this.w.eventDays.run(feed, type, cluster, day, feed, type, day, feed, cluster, day, feed, day);
    }
  }

  async setMeta(key: string, value: string): Promise<void> {
    this.w.meta.run(key, value);
  }

  async schedule(t: Timer): Promise<void> {
    this.w.timer.run(t.id, t.due, t.kind, t.ref, JSON.stringify(t.data));
  }

  async removeTimer(id: string): Promise<void> {
    this.w.rmTimer.run(id);
  }

  async cancelTimers(ref: string, kind?: string): Promise<void> {
    if (kind === undefined) this.w.cancelRef.run(ref);
    else this.w.cancelRefKind.run(ref, kind);
  }
}

/**
 * SQLite in WAL mode with synchronous=FULL: a commit is on disk before write()
 * resolves, so a 2xx survives kill -9. Reads use a second connection so that they
 * never observe a transaction that has not committed yet.
 */
export class SqliteStore extends SqlReader implements Store {
  readonly backend = 'sqlite' as const;
  private readonly tx: SqlTx;
  private readonly writer: Database.Database;
  private readonly mutex = new Mutex();
  /**
   * Committed document reads (by id, by name, counts), so that the request path
   * (credential, project and role look-ups on every call) does not go to SQLite
   * each time. Every commit that changed documents empties it; entries hold the
   * stored text and are parsed on each hit, so callers never share an object.
   */
  private readonly cache = new Map<string, string | number | null>();

  private constructor(writer: Database.Database, reader: Database.Database) {
    super(reader);
    this.writer = writer;
    this.tx = new SqlTx(writer);
  }

  static open(dataDir: string): SqliteStore {
    ensureDir(dataDir);
    const file = path.join(dataDir, 'atlas.sqlite');
    const writer = new Database(file);
    writer.pragma('journal_mode = WAL');
    writer.pragma('synchronous = FULL');
    writer.pragma('busy_timeout = 5000');
    migrate(writer);
    const reader = new Database(file, { readonly: true });
    reader.pragma('busy_timeout = 5000');
    return new SqliteStore(writer, reader);
  }

  override async get<T>(collection: string, id: string): Promise<T | undefined> {
    const key = `g\u0000${collection}\u0000${id}`;
    let v = this.cache.get(key) as string | null | undefined;
    if (v === undefined) {
      v = (this.s.get.get(collection, id) as string | undefined) ?? null;
      this.remember(key, v);
    }
    return v === null ? undefined : (JSON.parse(v) as T);
  }

  override async getByName<T>(collection: string, parent: string | null, name: string): Promise<T | undefined> {
    const key = `n\u0000${collection}\u0000${parent}\u0000${name}`;
    let v = this.cache.get(key) as string | null | undefined;
    if (v === undefined) {
      v = (this.s.byName.get(collection, parent, name) as string | undefined) ?? null;
      this.remember(key, v);
    }
    return v === null ? undefined : (JSON.parse(v) as T);
  }

  override async count(collection: string, parent: string | null | undefined): Promise<number> {
    const key = `c\u0000${collection}\u0000${parent === undefined ? '\u0001' : parent}`;
    let v = this.cache.get(key) as number | undefined;
    if (v === undefined) {
      v = await super.count(collection, parent);
      this.remember(key, v);
    }
    return v;
  }

  private remember(key: string, value: string | number | null): void {
    if (this.cache.size >= 20_000) this.cache.clear();
    this.cache.set(key, value);
  }

  async write<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
    return this.mutex.run(async () => {
      this.writer.exec('BEGIN IMMEDIATE');
      this.tx.docsChanged = false;
      try {
        const result = await fn(this.tx);
        this.writer.exec('COMMIT');
        // Same tick as the commit: no read can see the old entries after it.
        if (this.tx.docsChanged) this.cache.clear();
        return result;
      } catch (err) {
        this.writer.exec('ROLLBACK');
        throw err;
      }
    });
  }

  async clear(keepCollections: string[], keepMeta: string[]): Promise<void> {
    await this.mutex.run(async () => {
      const keepC = keepCollections.map(() => '?').join(',') || "''";
      const keepM = keepMeta.map(() => '?').join(',') || "''";
      this.writer.transaction(() => {
        this.writer.prepare(`DELETE FROM docs WHERE coll NOT IN (${keepC})`).run(...keepCollections);
        this.writer.prepare(`DELETE FROM meta WHERE key NOT IN (${keepM})`).run(...keepMeta);
        this.writer.exec('DELETE FROM events; DELETE FROM event_days; DELETE FROM timers;');
      })();
      this.cache.clear();
    });
  }

  async dump(): Promise<StateDump> {
    return this.mutex.run(async () => dumpSqlite(this.writer));
  }

  async load(state: StateDump): Promise<void> {
    await this.write(async (tx) => {
      this.writer.exec('DELETE FROM docs; DELETE FROM meta; DELETE FROM events; DELETE FROM event_days; DELETE FROM timers;');
      this.tx.docsChanged = true;
      await fillState(tx, state);
    });
  }

  async bulkAppendEvents(events: StoredEvent[]): Promise<void> {
    await this.mutex.run(async () => {
      this.writer.transaction(() => {
        for (const e of events) void this.tx.appendEvent(e);
      })();
    });
  }

  async close(): Promise<void> {
    await this.mutex.run(async () => {
      this.db.close();
      this.writer.close();
    });
  }
}
