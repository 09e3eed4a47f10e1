import type { ComponentChildren } from 'preact';
import { api, listAll } from '../api';
import { useCatalog } from '../catalog';
import { formatTime, useLive } from '../live';
import { Json, Loaded, StateBadge } from '../ui';

// The project's smaller sections: each a table of what one list operation answers.

export type Row = Record<string, unknown> & { id?: string; name?: string };
export interface Column {
  label: string;
  cell: (r: Row) => ComponentChildren;
}

export const text = (v: unknown) => (v === undefined || v === null ? '—' : typeof v === 'object' ? JSON.stringify(v) : String(v));
export const field = (label: string, key: string, cls?: string): Column => ({ label, cell: (r) => <span class={cls}>{text(r[key])}</span> });
export const when = (label: string, key: string): Column => ({ label, cell: (r) => <span class="nowrap">{formatTime(r[key] as string | undefined)}</span> });
const state = (key = 'stateName'): Column => ({ label: 'State', cell: (r) => <StateBadge state={r[key] as string} /> });

function Table({ rows, columns, testId }: { rows: Row[]; columns: Column[]; testId?: string }) {
  return (
    <table class="grid" data-testid={testId}>
      <thead>
        <tr>
          {columns.map((c) => (
            <th key={c.label}>{c.label}</th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((r, i) => (
          <tr key={String(r.id ?? r.name ?? i)}>
            {columns.map((c) => (
              <td key={c.label}>{c.cell(r)}</td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function ListSection({ path, columns, label, note }: { path: string; columns: Column[]; label: string; note?: ComponentChildren }) {
  const live = useLive(() => listAll<Row>(path), [path]);
  return (
    <section class="panel" aria-label={label}>
      {note && <p class="muted">{note}</p>}
      <Loaded live={live} empty={(rows) => rows.length === 0}>
        {(rows) => <Table rows={rows} columns={columns} testId={label.toLowerCase().replace(/\s+/g, '-')} />}
      </Loaded>
    </section>
  );
}

export function ServerlessTab({ groupId }: { groupId: string }) {
  return (
    <ListSection
      label="Serverless instances"
      path={`/groups/${groupId}/serverless`}
      note="Serverless instances are deprecated by Atlas in favour of Flex clusters."
      columns={[
        { label: 'Name', cell: (r) => <strong>{text(r.name)}</strong> },
        state(),
        {
          label: 'Provider and region',
          cell: (r) => {
            const p = r.providerSettings as { backingProviderName?: string; regionName?: string } | undefined;
            return `${p?.backingProviderName ?? ''} ${p?.regionName ?? ''}`;
          },
        },
        field('Version', 'mongoDBVersion'),
        { label: 'Connection string', cell: (r) => <span class="mono small">{text((r.connectionStrings as { standardSrv?: string })?.standardSrv)}</span> },
        when('Created', 'createDate'),
      ]}
    />
  );
}

export function FlexTab({ groupId }: { groupId: string }) {
  return (
    <ListSection
      label="Flex clusters"
      path={`/groups/${groupId}/flexClusters`}
      columns={[
        { label: 'Name', cell: (r) => <strong>{text(r.name)}</strong> },
        state(),
        {
          label: 'Provider and region',
          cell: (r) => {
            const p = r.providerSettings as { backingProviderName?: string; regionName?: string } | undefined;
            return `${p?.backingProviderName ?? ''} ${p?.regionName ?? ''}`;
          },
        },
        field('Version', 'mongoDBVersion'),
        { label: 'Connection string', cell: (r) => <span class="mono small">{text((r.connectionStrings as { standardSrv?: string })?.standardSrv)}</span> },
        when('Created', 'createDate'),
      ]}
    />
  );
}

export function DatabaseUsersTab({ groupId }: { groupId: string }) {
  return (
    <ListSection
      label="Database users"
      path={`/groups/${groupId}/databaseUsers`}
      note="Passwords are never shown: the API does not return them."
      columns={[
        { label: 'User', cell: (r) => <strong>{text(r.username)}</strong> },
        field('Authentication database', 'databaseName'),
        {
          label: 'Roles',
          cell: (r) => ((r.roles as { roleName: string; databaseName: string }[] | undefined) ?? []).map((x) => `${x.roleName}@${x.databaseName}`).join(', '),
        },
        {
          label: 'Scopes',
          cell: (r) => ((r.scopes as { name: string; type: string }[] | undefined) ?? []).map((x) => `${x.type} ${x.name}`).join(', ') || 'all resources',
        },
        field('Expires', 'deleteAfterDate'),
      ]}
    />
  );
}

export function AccessListTab({ groupId }: { groupId: string }) {
  return (
    <ListSection
      label="IP access list"
      path={`/groups/${groupId}/accessList`}
      columns={[
        { label: 'Entry', cell: (r) => <span class="mono">{text(r.cidrBlock ?? r.ipAddress ?? r.awsSecurityGroup)}</span> },
        field('Comment', 'comment'),
        field('Expires', 'deleteAfterDate'),
      ]}
    />
  );
}

const PROVIDERS = ['AWS', 'AZURE', 'GCP'];

export function PrivateEndpointsTab({ groupId }: { groupId: string }) {
  const live = useLive(async () => {
    const lists = await Promise.all(PROVIDERS.map((p) => api<Row[]>(`/groups/${groupId}/privateEndpoint/${p}/endpointService`)));
    return lists.flat();
  }, [groupId]);
  return (
    <section class="panel" aria-label="Private endpoints">
      <Loaded live={live} empty={(rows) => rows.length === 0}>
        {(rows) => (
          <Table
            rows={rows}
            testId="private-endpoints"
            columns={[
              { label: 'Service', cell: (r) => <span class="mono small">{text(r.id)}</span> },
              field('Provider', 'cloudProvider'),
              field('Region', 'regionName'),
              { label: 'State', cell: (r) => <StateBadge state={r.status as string} /> },
              { label: 'Endpoint service', cell: (r) => <span class="mono small">{text(r.endpointServiceName ?? r.privateLinkServiceName ?? r.serviceAttachmentNames)}</span> },
              {
                label: 'Endpoints',
                cell: (r) => text(((r.interfaceEndpoints ?? r.privateEndpoints ?? r.endpointGroupNames) as unknown[] | undefined)?.join(', ') || '—'),
              },
              field('Error', 'errorMessage'),
            ]}
          />
        )}
      </Loaded>
    </section>
  );
}

export function AlertsTab({ groupId }: { groupId: string }) {
  const catalog = useCatalog();
  return (
    <>
      {catalog.data?.has('/groups/{groupId}/alerts') && (
        <ListSection
          label="Open alerts"
          path={`/groups/${groupId}/alerts`}
          columns={[field('Event', 'eventTypeName'), { label: 'Status', cell: (r) => <StateBadge state={r.status as string} /> }, when('Since', 'created')]}
        />
      )}
      <h2>Alert settings</h2>
      <ListSection
        label="Alert configurations"
        path={`/groups/${groupId}/alertConfigs`}
        columns={[
          { label: 'Condition', cell: (r) => <strong>{text(r.eventTypeName)}</strong> },
          { label: 'Enabled', cell: (r) => <span class={`badge ${r.enabled ? 'ok' : 'muted'}`}>{r.enabled ? 'on' : 'off'}</span> },
          {
            label: 'Threshold',
            cell: (r) => {
              const t = (r.metricThreshold ?? r.threshold) as { metricName?: string; operator?: string; threshold?: number; units?: string } | undefined;
              return t ? `${t.metricName ?? ''} ${t.operator ?? ''} ${t.threshold ?? ''} ${t.units ?? ''}` : '—';
            },
          },
          { label: 'Notify', cell: (r) => ((r.notifications as { typeName: string }[] | undefined) ?? []).map((n) => n.typeName).join(', ') },
          when('Updated', 'updated'),
        ]}
      />
    </>
  );
}

/** The project's settings answers shown when the server serves them, by path under the project. */
const SETTINGS = [
  ['settings', 'Project settings'],
  ['maintenanceWindow', 'Maintenance window'],
  ['limits', 'Limits'],
  ['auditLog', 'Database auditing'],
  ['encryptionAtRest', 'Encryption at rest'],
  ['integrations', 'Third-party integrations'],
] as const;

export function SettingsTab({ groupId }: { groupId: string }) {
  const catalog = useCatalog();
  const served = SETTINGS.filter(([p]) => catalog.data?.has(`/groups/{groupId}/${p}`));
  const live = useLive(async () => {
    const [project, ...answers] = await Promise.all([
      api<Row>(`/groups/${groupId}`),
      ...served.map(([p]) => api<unknown>(`/groups/${groupId}/${p}`).catch((e: Error) => ({ error: e.message }))),
    ]);
    return { project: project as Row, answers };
  }, [groupId, served.length]);
  return (
    <section class="panel" aria-label="Settings">
      <Loaded live={live}>
        {({ project, answers }) => (
          <>
            <dl class="kv">
              <dt>Name</dt>
              <dd>{text(project.name)}</dd>
              <dt>Project id</dt>
              <dd class="mono">{text(project.id)}</dd>
              <dt>Organization</dt>
              <dd class="mono">
                <a href={`/orgs/${text(project.orgId)}`}>{text(project.orgId)}</a>
              </dd>
              <dt>Created</dt>
              <dd>{formatTime(project.created as string)}</dd>
              <dt>Clusters</dt>
              <dd>{text(project.clusterCount)}</dd>
              <dt>Region usage</dt>
              <dd>{text(project.regionUsageRestrictions)}</dd>
              <dt>Tags</dt>
              <dd>{((project.tags as { key: string; value: string }[] | undefined) ?? []).map((t) => `${t.key}=${t.value}`).join(', ') || '—'}</dd>
            </dl>
            {served.map(([p, title], i) => (
              <details key={p} open={i === 0}>
                <summary>{title}</summary>
                <Json value={answers[i]} />
              </details>
            ))}
          </>
        )}
      </Loaded>
    </section>
  );
}
