// The storage contract. Everything is asynchronous so that a networked backend
// (PostgreSQL) can implement it without the domain code changing; the SQLite and
// in-memory backends resolve at once.

/** A stored document: its key, the resource it belongs to and an optional unique name. */
export interface DocMeta {
  /** Owner of the document (an org id, a project id, a cluster key...) or null. */
  parent: string | null;
  /** Unique among documents of the same collection and parent, when set. */
  name?: string | null;
}

export interface Page {
  offset: number;
  limit: number;
}

export interface PageResult<T> {
  items: T[];
  total: number;
}

/** One recorded change. `data` is the full event body as served by the API. */
export interface StoredEvent {
  id: string;
  created: number; // epoch ms
  eventTypeName: string;
  groupId: string | null;
  orgId: string | null;
  clusterName: string | null;
  /** Also listed in its organization's feed (API keys, service accounts, projects created or deleted). */
  orgLevel: boolean;
  data: Record<string, unknown>;
}

/**
 * One page of a feed: a project's events (`groupId`) or an organization's
 * org-level events (`orgId`). Filters combine with AND, the values of one filter
 * with OR. Newest first, ties broken by id (descending).
 */
export interface EventQuery {
  feed: { groupId: string } | { orgId: string };
  eventTypes?: string[];
  excludedEventTypes?: string[];
  clusterNames?: string[];
  /** Inclusive bounds, epoch ms. */
  minDate?: number;
  maxDate?: number;
  offset: number;
  limit: number;
  includeCount: boolean;
}

export interface EventPage {
  items: StoredEvent[];
  /** Matching events in all pages; 0 unless includeCount. */
  total: number;
  /** Whether events follow this page. */
  more: boolean;
}

/** Work the lifecycle scheduler runs once the clock reaches `due`. */
export interface Timer {
  id: string;
  due: number; // epoch ms on the emulator clock
  kind: string;
  /** The resource the timer acts on; cancelTimers(ref) drops all of a resource's timers. */
  ref: string;
  data: Record<string, unknown>;
}

/** One stored document as plain data. */
export interface DumpedDoc {
  id: string;
  parent: string | null;
  name: string | null;
  data: Record<string, unknown>;
}

/**
 * The whole state as plain data: what state export writes and import reads.
 * Every backend gives and takes the same shape, so a dump moves between them.
 */
export interface StateDump {
  /** Documents by collection, each collection in insertion order (list order). */
  docs: Record<string, DumpedDoc[]>;
  /** Oldest first (created, then id). */
  events: StoredEvent[];
  /** By due time, then id. */
  timers: Timer[];
  meta: Record<string, string>;
}

export interface Reader {
  get<T>(collection: string, id: string): Promise<T | undefined>;
  getByName<T>(collection: string, parent: string | null, name: string): Promise<T | undefined>;
  /** Documents of a collection (of one parent when given), in insertion order. */
  list<T>(collection: string, parent: string | null | undefined, page?: Page): Promise<PageResult<T>>;
  count(collection: string, parent: string | null | undefined): Promise<number>;
  getEvent(id: string): Promise<StoredEvent | undefined>;
  queryEvents(q: EventQuery): Promise<EventPage>;
  getMeta(key: string): Promise<string | undefined>;
  nextTimerDue(): Promise<number | undefined>;
  dueTimers(now: number, limit: number): Promise<Timer[]>;
}

export interface Tx extends Reader {
  put<T extends object>(collection: string, id: string, data: T, meta: DocMeta): Promise<void>;
  delete(collection: string, id: string): Promise<boolean>;
  /** Deletes every document of the collection whose parent is `parent`. */
  deleteChildren(collection: string, parent: string): Promise<number>;
  appendEvent(e: StoredEvent): Promise<void>;
  setMeta(key: string, value: string): Promise<void>;
  schedule(t: Timer): Promise<void>;
  removeTimer(id: string): Promise<void>;
  cancelTimers(ref: string, kind?: string): Promise<void>;
}

export interface Store extends Reader {
  readonly backend: 'sqlite' | 'memory';
  /** Runs fn as one atomic, durable unit: all of its writes land or none do. */
  write<T>(fn: (tx: Tx) => Promise<T>): Promise<T>;
  /** Drops all state except the documents of the collections named. */
  clear(keepCollections: string[], keepMeta: string[]): Promise<void>;
  /** A consistent copy of all state (export). */
  dump(): Promise<StateDump>;
  /**
   * Replaces all state with `state` as one atomic step (import): afterwards the
   * store holds exactly the dump, or, when it throws (e.g. a duplicate name), what
   * it held before. Callers refresh caches built on the store (clock, scheduler).
   */
  load(state: StateDump): Promise<void>;
  /** Loads many events at once (benchmarks, imports); not an API path. */
  bulkAppendEvents(events: StoredEvent[]): Promise<void>;
  close(): Promise<void>;
}
