import { useMemo, useState } from 'preact/hooks';
import { api, listAll, type List } from '../api';
import { LineChart, type Series } from '../chart';
import { useCatalog } from '../catalog';
import { navigate, useLive } from '../live';
import { Loaded } from '../ui';
import { processesOf, type Cluster, type Process } from './clusters';

interface Measurements {
  granularity: string;
  start: string;
  end: string;
  measurements: { name: string; units: string; dataPoints: { timestamp: string; value: number | null }[] }[];
}

const GRANULARITIES = ['PT1M', 'PT5M', 'PT30M', 'PT1H', 'P1D'];
const PERIODS = ['PT1H', 'PT6H', 'PT24H', 'P2D', 'P7D', 'P30D'];

/** The measurements of one database of one process, as getDatabaseMeasurements answers any client. */
export function MetricsTab({ groupId, query }: { groupId: string; query: URLSearchParams }) {
  const pick = (k: string, fallback: string) => query.get(k) ?? fallback;
  const set = (k: string, v: string) => {
    const q = new URLSearchParams(query);
    q.set(k, v);
    navigate(`/projects/${groupId}/metrics?${q}`);
  };
  const topology = useLive(async () => {
    const [clusters, processes] = await Promise.all([listAll<Cluster>(`/groups/${groupId}/clusters`), listAll<Process>(`/groups/${groupId}/processes`)]);
    return { clusters, processes };
  }, [groupId]);
  const processes = topology.data?.processes ?? [];
  const processId = pick('process', processes[0]?.id ?? '');
  const databases = useLive(
    () =>
      processId
        ? api<List<{ databaseName: string }>>(`/groups/${groupId}/processes/${encodeURIComponent(processId)}/databases`, { query: { itemsPerPage: 500 } }).then((l) =>
            l.results.map((d) => d.databaseName),
          )
        : Promise.resolve([] as string[]),
    [groupId, processId],
  );
  const database = pick('database', databases.data?.[0] ?? '');
  const catalog = useCatalog();
  const processCharts = catalog.data?.has('/groups/{groupId}/processes/{processId}/measurements') ?? false;
  const granularity = pick('granularity', 'PT5M');
  const period = pick('period', 'PT6H');
  return (
    <section class="panel" aria-label="Metrics">
      <form class="filters" onSubmit={(e) => e.preventDefault()}>
        <label>
          Process
          <select value={processId} onChange={(e) => set('process', e.currentTarget.value)} data-testid="metrics-process">
            {topology.data?.clusters.map((c) => (
              <optgroup key={c.id} label={c.name}>
                {processesOf(c, processes).map((p) => (
                  <option key={p.id} value={p.id}>
                    {p.userAlias} ({p.typeName.replace('REPLICA_', '').toLowerCase()})
                  </option>
                ))}
              </optgroup>
            ))}
          </select>
        </label>
        <label>
          Database
          <select value={database} onChange={(e) => set('database', e.currentTarget.value)} data-testid="metrics-database">
            {databases.data?.map((d) => (
              <option key={d} value={d}>
                {d}
              </option>
            ))}
          </select>
        </label>
        <label>
          Granularity
          <select value={granularity} onChange={(e) => set('granularity', e.currentTarget.value)}>
            {GRANULARITIES.map((g) => (
              <option key={g}>{g}</option>
            ))}
          </select>
        </label>
        <label>
          Period
          <select value={period} onChange={(e) => set('period', e.currentTarget.value)}>
            {PERIODS.map((p) => (
              <option key={p}>{p}</option>
            ))}
          </select>
        </label>
      </form>
      {topology.data && processes.length === 0 && <p class="muted empty">No process reports yet: a cluster's processes start when it is ready.</p>}
      {processId && databases.data?.length === 0 && <p class="muted empty">This process has no databases yet.</p>}
      {processId && processCharts && (
        <>
          <h2>Process</h2>
          <Charts path={`/groups/${groupId}/processes/${encodeURIComponent(processId)}/measurements`} granularity={granularity} period={period} />
          <h2>Database {database}</h2>
        </>
      )}
      {processId && database && (
        <Charts
          path={`/groups/${groupId}/processes/${encodeURIComponent(processId)}/databases/${encodeURIComponent(database)}/measurements`}
          granularity={granularity}
          period={period}
        />
      )}
    </section>
  );
}

/** The measurements one monitoring operation answers for a period, one chart each. */
function Charts(p: { path: string; granularity: string; period: string }) {
  const [only, setOnly] = useState<string>();
  const live = useLive(() => api<Measurements>(p.path, { query: { granularity: p.granularity, period: p.period } }), [p.path, p.granularity, p.period]);
  // Charts are redrawn only when the numbers change, not on every poll.
  const key = live.data ? `${live.data.start}|${live.data.end}|${JSON.stringify(live.data.measurements.map((m) => m.dataPoints.length))}` : '';
  const series = useMemo<Series[]>(
    () =>
      (live.data?.measurements ?? []).map((m) => ({
        name: m.name,
        units: m.units,
        x: m.dataPoints.map((d) => Date.parse(d.timestamp) / 1000),
        y: m.dataPoints.map((d) => d.value),
      })),
    [key],
  );
  return (
    <Loaded live={live}>
      {(d) => (
        <>
          <p class="muted">
            {d.start} → {d.end}, one point every {d.granularity}
            {only && (
              <>
                {' '}
                · <button onClick={() => setOnly(undefined)}>Show all</button>
              </>
            )}
          </p>
          <div class="charts">
            {series
              .filter((s) => !only || s.name === only)
              .map((s) => (
                <figure key={s.name} class="chart-box">
                  <figcaption>
                    <button class="link" onClick={() => setOnly(s.name)}>
                      {s.name}
                    </button>{' '}
                    <span class="muted">{s.units}</span>
                  </figcaption>
                  <LineChart series={s} width={only ? 1000 : 480} height={only ? 320 : 180} />
                </figure>
              ))}
          </div>
        </>
      )}
    </Loaded>
  );
}
