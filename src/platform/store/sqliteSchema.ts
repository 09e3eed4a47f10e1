import type Database from 'better-sqlite3';
import { rowToEvent, type EventRow } from './sqliteEvents.js';
import type { StateDump, Timer } from './types.js';

/** Versioned schema changes, applied in order once each; never edit a shipped one. */
const MIGRATIONS: { id: string; sql: string }[] = [
  {
    id: '001_documents',
    sql: `
      CREATE TABLE docs (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        coll TEXT NOT NULL,
        id TEXT NOT NULL,
        parent TEXT,
        name TEXT,
        data TEXT NOT NULL
      );
      CREATE UNIQUE INDEX docs_id ON docs (coll, id);
      CREATE INDEX docs_parent ON docs (coll, parent, seq);
      CREATE UNIQUE INDEX docs_name ON docs (coll, parent, name) WHERE name IS NOT NULL;
      CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
      CREATE TABLE timers (
        id TEXT PRIMARY KEY,
        due INTEGER NOT NULL,
        kind TEXT NOT NULL,
        ref TEXT NOT NULL,
        data TEXT NOT NULL
      );
      CREATE INDEX timers_due ON timers (due, id);
      CREATE INDEX timers_ref ON timers (ref, kind);
    `,
  },
  {
    id: '002_events',
    sql: `
      CREATE TABLE events (
        id TEXT PRIMARY KEY,
        created INTEGER NOT NULL,
        type TEXT NOT NULL,
        group_id TEXT,
        org_id TEXT,
        cluster_name TEXT,
        data TEXT NOT NULL
      ) WITHOUT ROWID;
      CREATE INDEX events_group ON events (group_id, created DESC, id DESC);
      CREATE INDEX events_group_type ON events (group_id, type, created DESC, id DESC);
      CREATE INDEX events_group_cluster ON events (group_id, cluster_name, created DESC, id DESC);
      CREATE INDEX events_org ON events (org_id, group_id, created DESC, id DESC);
    `,
  },
  {
    // Listings by feed: a project's events, or an organization's org-level ones.
    // Each index holds the filter columns after the sort key, so a residual filter
    // is checked on index entries without reading rows. event_days counts events
    // per feed, type, cluster and day, with '*' rows for all types and/or all
    // clusters, so that totals and deep pages read a few hundred rows at most.
    id: '003_event_feeds',
    sql: `
      ALTER TABLE events ADD COLUMN org_feed TEXT;
      UPDATE events SET org_feed = org_id WHERE group_id IS NULL OR type = 'GROUP_CREATED';
      DROP INDEX events_group;
      DROP INDEX events_group_type;
      DROP INDEX events_group_cluster;
      DROP INDEX events_org;
      CREATE INDEX events_feed_group ON events (group_id, created DESC, id DESC, type, cluster_name);
      CREATE INDEX events_feed_group_type ON events (group_id, type, created DESC, id DESC, cluster_name);
      CREATE INDEX events_feed_group_cluster ON events (group_id, cluster_name, created DESC, id DESC, type)
        WHERE cluster_name IS NOT NULL;
      CREATE INDEX events_feed_org ON events (org_feed, created DESC, id DESC, type, cluster_name)
        WHERE org_feed IS NOT NULL;
      CREATE INDEX events_feed_org_type ON events (org_feed, type, created DESC, id DESC, cluster_name)
        WHERE org_feed IS NOT NULL;
      CREATE TABLE event_days (
        feed TEXT NOT NULL,
        type TEXT NOT NULL,
        cluster TEXT NOT NULL,
        day INTEGER NOT NULL,
        n INTEGER NOT NULL,
        PRIMARY KEY (feed, type, cluster, day)
      ) WITHOUT ROWID;
      WITH kept AS (
        SELECT 'g:' || group_id AS feed, type, COALESCE(cluster_name, '') AS cluster, created / 86400000 AS day
          FROM events WHERE group_id IS NOT NULL
        UNION ALL
        SELECT 'o:' || org_feed, type, COALESCE(cluster_name, ''), created / 86400000
          FROM events WHERE org_feed IS NOT NULL
      )
      INSERT INTO event_days (feed, type, cluster, day, n)
        SELECT feed, t, c, day, COUNT(*) FROM (
          SELECT feed, type AS t, cluster AS c, day FROM kept
          UNION ALL SELECT feed, type, '*', day FROM kept
          UNION ALL SELECT feed, '*', cluster, day FROM kept
          UNION ALL SELECT feed, '*', '*', day FROM kept
        ) GROUP BY feed, t, c, day;
    `,
  },
];

export function migrate(db: Database.Database): void {
  db.exec('CREATE TABLE IF NOT EXISTS migrations (id TEXT PRIMARY KEY, applied TEXT NOT NULL)');
  const applied = new Set(
    (db.prepare('SELECT id FROM migrations').all() as { id: string }[]).map((r) => r.id),
  );
  for (const m of MIGRATIONS) {
    if (applied.has(m.id)) continue;
    db.transaction(() => {
      db.exec(m.sql);
      db.prepare('INSERT INTO migrations (id, applied) VALUES (?, ?)').run(m.id, new Date().toISOString());
    })();
  }
}


/** All state, read on the writer connection so that it is one consistent moment. */
export function dumpSqlite(db: Database.Database): StateDump {
  const docs: StateDump['docs'] = {};
  const rows = db.prepare('SELECT coll, id, parent, name, data FROM docs ORDER BY coll, seq').all() as {
    coll: string;
    id: string;
    parent: string | null;
    name: string | null;
    data: string;
  }[];
  for (const r of rows) (docs[r.coll] ??= []).push({ id: r.id, parent: r.parent, name: r.name, data: JSON.parse(r.data) });
  const events = (db.prepare('SELECT * FROM events ORDER BY created, id').all() as EventRow[]).map(rowToEvent);
  const timers = (db.prepare('SELECT * FROM timers ORDER BY due, id').all() as (Omit<Timer, 'data'> & { data: string })[]).map(
    (t) => ({ ...t, data: JSON.parse(t.data) }),
  );
  const meta = Object.fromEntries((db.prepare('SELECT key, value FROM meta').all() as { key: string; value: string }[]).map((m) => [m.key, m.value]));
  return { docs, events, timers, meta };
}
