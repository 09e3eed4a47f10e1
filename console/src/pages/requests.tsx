import { control } from '../api';
import { formatTime, navigate, useLive } from '../live';
import { ActionButton, Json, Loaded } from '../ui';

interface Entry {
  id: number;
  time: string;
  receivedAt: string;
  method: string;
  path: string;
  operationId: string | null;
  caller: string | null;
  status: number;
  errorCode: string | null;
  latencyMs: number;
}
interface Detail extends Entry {
  request: { contentType: string | null; body: unknown };
  response: { contentType: string | null; body: unknown };
}

const FILTERS = ['method', 'status', 'operationId', 'path', 'caller', 'errorCode'] as const;
const statusClass = (s: number) => (s >= 500 ? 'bad' : s >= 400 ? 'warn' : 'ok');

/** The last requests the API answered (GET /__emulator/requests), with one request's bodies on click. */
export function RequestLogPage({ selected, query }: { selected?: string; query: URLSearchParams }) {
  const filter: Record<string, string> = {};
  for (const k of FILTERS) if (query.get(k)) filter[k] = query.get(k)!;
  const qs = new URLSearchParams({ ...filter, limit: '200' });
  const log = useLive(() => control<{ results: Entry[]; totalCount: number; capacity: number }>('GET', `/requests?${qs}`), [qs.toString()]);
  const setFilter = (k: string, v: string) => {
    const q = new URLSearchParams(query);
    if (v) q.set(k, v);
    else q.delete(k);
    navigate(`/requests${selected ? `/${selected}` : ''}${q.size ? `?${q}` : ''}`);
  };
  const open = (id: number) => navigate(`/requests/${id}${location.search}`);
  return (
    <div class="split">
      <section class="panel" aria-label="Request log">
        <h1>Request log</h1>
        <form class="filters" onSubmit={(e) => e.preventDefault()}>
          <label>
            Method
            <select value={filter.method ?? ''} onChange={(e) => setFilter('method', e.currentTarget.value)}>
              <option value="">any</option>
              {['GET', 'POST', 'PATCH', 'PUT', 'DELETE'].map((m) => (
                <option key={m}>{m}</option>
              ))}
            </select>
          </label>
          <label>
            Status
            <input placeholder="201 or 4xx" size={6} value={filter.status ?? ''} onChange={(e) => setFilter('status', e.currentTarget.value)} />
          </label>
          {(['operationId', 'path', 'caller', 'errorCode'] as const).map((k) => (
            <label key={k}>
              {k}
              <input value={filter[k] ?? ''} size={14} onChange={(e) => setFilter(k, e.currentTarget.value)} data-testid={`filter-${k}`} />
            </label>
          ))}
          <ActionButton run={() => control('DELETE', '/requests')} confirm="Forget every request in the log?">
            Clear log
          </ActionButton>
        </form>
        <Loaded live={log} empty={(d) => d.results.length === 0}>
          {(d) => (
            <>
              <p class="muted">
                {d.totalCount} matching of the last {d.capacity} kept; the console's own reads are not recorded.
              </p>
              <table class="grid" data-testid="requests">
                <thead>
                  <tr>
                    <th>Time</th>
                    <th>Method</th>
                    <th>Path</th>
                    <th>Operation</th>
                    <th>Caller</th>
                    <th>Status</th>
                    <th>Error code</th>
                    <th>ms</th>
                  </tr>
                </thead>
                <tbody>
                  {d.results.map((r) => (
                    <tr key={r.id} class={`clickable ${String(r.id) === selected ? 'selected' : ''}`} onClick={() => open(r.id)} data-testid="request-row">
                      <td title={`${formatTime(r.time)}, received ${r.receivedAt}`} class="nowrap">
                        {r.time.slice(11, 19)}
                      </td>
                      <td>{r.method}</td>
                      <td class="mono small path" title={r.path}>
                        {r.path.replace(/^\/api\/atlas\/v2/, '')}
                      </td>
                      <td>{r.operationId ?? '—'}</td>
                      <td class="mono small">{r.caller ?? '—'}</td>
                      <td>
                        <span class={`badge ${statusClass(r.status)}`}>{r.status}</span>
                      </td>
                      <td>{r.errorCode ?? ''}</td>
                      <td class="num">{r.latencyMs.toFixed(1)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </>
          )}
        </Loaded>
      </section>
      {selected && <RequestDetail id={selected} />}
    </div>
  );
}

function RequestDetail({ id }: { id: string }) {
  const live = useLive(() => control<Detail>('GET', `/requests/${encodeURIComponent(id)}`), [id], { poll: false });
  return (
    <aside class="panel detail-pane" aria-label="Request detail" data-testid="request-detail">
      <button class="close" onClick={() => navigate(`/requests${location.search}`)} aria-label="Close">
        ×
      </button>
      <Loaded live={live}>
        {(r) => (
          <>
            <h2>
              {r.method} <span class="mono small">{r.path}</span>
            </h2>
            <dl class="kv">
              <dt>Operation</dt>
              <dd>{r.operationId ?? '—'}</dd>
              <dt>Caller</dt>
              <dd class="mono">{r.caller ?? '—'}</dd>
              <dt>Status</dt>
              <dd>
                <span class={`badge ${statusClass(r.status)}`}>{r.status}</span> {r.errorCode}
              </dd>
              <dt>Emulated time</dt>
              <dd>{formatTime(r.time)}</dd>
              <dt>Received</dt>
              <dd>{r.receivedAt}</dd>
              <dt>Latency</dt>
              <dd>{r.latencyMs} ms</dd>
            </dl>
            <h3>Request body</h3>
            <Json value={r.request.body} testId="request-body" />
            <h3>Response body</h3>
            <Json value={r.response.body} testId="response-body" />
            <p class="muted">Private keys, passwords, secrets and tokens are masked.</p>
          </>
        )}
      </Loaded>
    </aside>
  );
}
