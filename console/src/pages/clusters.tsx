import { Fragment } from 'preact';
import { useState } from 'preact/hooks';
import { listAll } from '../api';
import { formatTime, useLive } from '../live';
import { Json, Loaded, StateBadge } from '../ui';

interface RegionConfig {
  providerName: string;
  backingProviderName?: string;
  regionName: string;
  priority?: number;
  electableSpecs?: { instanceSize?: string; nodeCount?: number; diskSizeGB?: number };
}
export interface Cluster {
  id: string;
  name: string;
  stateName: string;
  clusterType: string;
  mongoDBVersion: string;
  createDate: string;
  paused?: boolean;
  connectionStrings?: { standard?: string; standardSrv?: string; private?: string; privateSrv?: string };
  replicationSpecs?: { zoneName?: string; regionConfigs: RegionConfig[] }[];
  [k: string]: unknown;
}
export interface Process {
  id: string;
  hostname: string;
  port: number;
  userAlias: string;
  typeName: string;
  replicaSetName?: string;
  version: string;
  created: string;
}

export function tierOf(c: Cluster): string {
  const rc = c.replicationSpecs?.[0]?.regionConfigs[0];
  return rc?.electableSpecs?.instanceSize ?? '';
}

function regionsOf(c: Cluster): string[] {
  const out = new Set<string>();
  for (const s of c.replicationSpecs ?? []) {
    for (const rc of s.regionConfigs) {
      const provider = rc.providerName === 'TENANT' ? `${rc.backingProviderName ?? ''} (shared)` : rc.providerName;
      out.add(`${provider} ${rc.regionName}`);
    }
  }
  return [...out];
}

/** A cluster's processes: their aliases start with its host prefix in its domain. */
export function processesOf(c: Cluster, processes: Process[]): Process[] {
  const host = c.connectionStrings?.standardSrv?.replace(/^mongodb\+srv:\/\//, '');
  if (!host) return [];
  const dot = host.indexOf('.');
  const prefix = host.slice(0, dot);
  const domain = host.slice(dot);
  return processes.filter((p) => p.userAlias.startsWith(`${prefix}-`) && p.userAlias.endsWith(domain));
}

export function ClustersTab({ groupId }: { groupId: string }) {
  const live = useLive(async () => {
    const [clusters, processes] = await Promise.all([
      listAll<Cluster>(`/groups/${groupId}/clusters`),
      listAll<Process>(`/groups/${groupId}/processes`).catch(() => [] as Process[]),
    ]);
    return { clusters, processes };
  }, [groupId]);
  const [open, setOpen] = useState<string>();
  return (
    <section class="panel" aria-label="Clusters">
      <Loaded live={live} empty={(d) => d.clusters.length === 0}>
        {({ clusters, processes }) => (
          <table class="grid" data-testid="clusters">
            <thead>
              <tr>
                <th>Name</th>
                <th>State</th>
                <th>Type</th>
                <th>Tier</th>
                <th>Provider and region</th>
                <th>Version</th>
                <th>Connection string</th>
              </tr>
            </thead>
            <tbody>
              {clusters.map((c) => (
                <Fragment key={c.id}>
                  <tr class="clickable" data-testid={`cluster-${c.name}`} onClick={() => setOpen(open === c.id ? undefined : c.id)}>
                    <td>
                      <strong>{c.name}</strong>
                    </td>
                    <td data-testid="cluster-state">
                      <StateBadge state={c.stateName} />
                      {c.paused && <span class="badge muted">paused</span>}
                    </td>
                    <td>{c.clusterType}</td>
                    <td>{tierOf(c)}</td>
                    <td>{regionsOf(c).join(', ')}</td>
                    <td>{c.mongoDBVersion}</td>
                    <td class="mono small">{c.connectionStrings?.standardSrv ?? '—'}</td>
                  </tr>
                  {open === c.id && (
                    <tr class="detail">
                      <td colSpan={7}>
                        <ClusterDetail cluster={c} processes={processesOf(c, processes)} />
                      </td>
                    </tr>
                  )}
                </Fragment>
              ))}
            </tbody>
          </table>
        )}
      </Loaded>
    </section>
  );
}

function ClusterDetail({ cluster, processes }: { cluster: Cluster; processes: Process[] }) {
  const cs = cluster.connectionStrings ?? {};
  return (
    <div class="cluster-detail">
      <h3>Connection strings</h3>
      <dl class="kv">
        {Object.entries(cs).map(([k, v]) => (
          <Fragment key={k}>
            <dt>{k}</dt>
            <dd class="mono small">{typeof v === 'string' ? v : JSON.stringify(v)}</dd>
          </Fragment>
        ))}
      </dl>
      <h3>Processes</h3>
      {processes.length === 0 ? (
        <p class="muted">No processes yet (they start when the cluster is ready).</p>
      ) : (
        <table class="grid compact">
          <thead>
            <tr>
              <th>Host</th>
              <th>Type</th>
              <th>Replica set</th>
              <th>Version</th>
              <th>Since</th>
            </tr>
          </thead>
          <tbody>
            {processes.map((p) => (
              <tr key={p.id}>
                <td class="mono small">
                  {p.userAlias}:{p.port}
                </td>
                <td>{p.typeName}</td>
                <td class="mono small">{p.replicaSetName}</td>
                <td>{p.version}</td>
                <td>{formatTime(p.created)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <details>
        <summary>Cluster as the API returns it (created {formatTime(cluster.createDate)})</summary>
        <Json value={cluster} />
      </details>
    </div>
  );
}
