import { useState } from 'preact/hooks';
import { api, type List } from '../api';
import { formatTime, useLive } from '../live';
import { Loaded } from '../ui';

export interface FeedEvent {
  id: string;
  created: string;
  eventTypeName: string;
  clusterName?: string;
  publicKey?: string;
  username?: string;
  remoteAddress?: string;
  raw?: { description?: string; severity?: string };
  [k: string]: unknown;
}

/** Who caused it, as Atlas's UI names them: an API key by its public key, a service account by its client id, else Atlas itself. */
export function actorOf(e: FeedEvent): string {
  if (e.publicKey) return `API key ${e.publicKey}`;
  if (e.username) return e.username.startsWith('mdb_sa_id_') ? `Service account ${e.username}` : e.username;
  return 'Atlas (system)';
}

/** datetime-local gives local wall time; the API wants ISO 8601 in UTC. */
const toIso = (local: string) => (local ? new Date(`${local}:00Z`).toISOString().replace(/\.000Z$/, 'Z') : undefined);

/** The events feed of a project or an organization with Atlas's filters: types and a date range. */
export function EventsTimeline({ feed, testId = 'events' }: { feed: string; testId?: string }) {
  const [types, setTypes] = useState('');
  const [minDate, setMinDate] = useState('');
  const [maxDate, setMaxDate] = useState('');
  const [open, setOpen] = useState<string>();
  const eventType = types
    .split(/[\s,]+/)
    .map((t) => t.trim().toUpperCase())
    .filter(Boolean);
  const live = useLive(
    () =>
      api<List<FeedEvent>>(feed, {
        query: { includeRaw: true, itemsPerPage: 100, eventType, minDate: toIso(minDate), maxDate: toIso(maxDate) },
      }),
    [feed, eventType.join(','), minDate, maxDate],
  );
  const seen = [...new Set(live.data?.results.map((e) => e.eventTypeName) ?? [])].sort();
  return (
    <section class="panel" aria-label="Events">
      <form class="filters" onSubmit={(e) => e.preventDefault()}>
        <label>
          Event types
          <input
            list="event-types"
            placeholder="e.g. CLUSTER_CREATED, CLUSTER_READY"
            value={types}
            onChange={(e) => setTypes(e.currentTarget.value)}
            data-testid="event-type-filter"
          />
          <datalist id="event-types">
            {seen.map((t) => (
              <option key={t} value={t} />
            ))}
          </datalist>
        </label>
        <label>
          From (UTC)
          <input type="datetime-local" value={minDate} onChange={(e) => setMinDate(e.currentTarget.value)} />
        </label>
        <label>
          To (UTC)
          <input type="datetime-local" value={maxDate} onChange={(e) => setMaxDate(e.currentTarget.value)} />
        </label>
        {(types || minDate || maxDate) && (
          <button type="button" onClick={() => (setTypes(''), setMinDate(''), setMaxDate(''))}>
            Clear filters
          </button>
        )}
        <span class="muted">{live.data ? `${live.data.totalCount} events` : ''}</span>
      </form>
      <Loaded live={live} empty={(d) => d.results.length === 0}>
        {(d) => (
          <ol class="timeline" data-testid={testId}>
            {d.results.map((e) => (
              <li key={e.id} class={`sev-${(e.raw?.severity ?? 'INFO').toLowerCase()}`} onClick={() => setOpen(open === e.id ? undefined : e.id)}>
                <time>{formatTime(e.created)}</time>
                <span class="event-type">{e.eventTypeName}</span>
                <span class="event-desc">
                  {e.raw?.description}
                  {e.clusterName && <span class="muted"> · {e.clusterName}</span>}
                </span>
                <span class="event-actor" title={e.remoteAddress ? `from ${e.remoteAddress}` : undefined}>
                  {actorOf(e)}
                </span>
                {open === e.id && <pre class="json">{JSON.stringify(e, null, 2)}</pre>}
              </li>
            ))}
          </ol>
        )}
      </Loaded>
    </section>
  );
}
