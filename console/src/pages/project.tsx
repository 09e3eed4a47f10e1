import { api } from '../api';
import type { Project } from '../app';
import { useCatalog, type Catalog } from '../catalog';
import { useLive } from '../live';
import { ClustersTab } from './clusters';
import { EventsTimeline } from './events';
import { MetricsTab } from './metrics';
import { ProjectAccessTab } from './projectAccess';
import { AccessListTab, AlertsTab, DatabaseUsersTab, FlexTab, PrivateEndpointsTab, ServerlessTab, SettingsTab } from './sections';

interface Tab {
  id: string;
  label: string;
  /** The API path the tab reads; the tab is shown only when the server serves it. */
  needs: string;
  render: (groupId: string, query: URLSearchParams) => preact.ComponentChildren;
}

const G = '/groups/{groupId}';
const TABS: Tab[] = [
  { id: 'clusters', label: 'Clusters', needs: `${G}/clusters`, render: (g) => <ClustersTab groupId={g} /> },
  { id: 'serverless', label: 'Serverless', needs: `${G}/serverless`, render: (g) => <ServerlessTab groupId={g} /> },
  { id: 'flex', label: 'Flex', needs: `${G}/flexClusters`, render: (g) => <FlexTab groupId={g} /> },
  { id: 'database-access', label: 'Database access', needs: `${G}/databaseUsers`, render: (g) => <DatabaseUsersTab groupId={g} /> },
  { id: 'network-access', label: 'Network access', needs: `${G}/accessList`, render: (g) => <AccessListTab groupId={g} /> },
  { id: 'project-access', label: 'Project access', needs: `${G}/users`, render: (g) => <ProjectAccessTab groupId={g} /> },
  {
    id: 'private-endpoints',
    label: 'Private endpoints',
    needs: `${G}/privateEndpoint/{cloudProvider}/endpointService`,
    render: (g) => <PrivateEndpointsTab groupId={g} />,
  },
  { id: 'alerts', label: 'Alerts', needs: `${G}/alertConfigs`, render: (g) => <AlertsTab groupId={g} /> },
  { id: 'events', label: 'Events', needs: `${G}/events`, render: (g) => <EventsTimeline feed={`/groups/${g}/events`} /> },
  {
    id: 'metrics',
    label: 'Metrics',
    needs: `${G}/processes/{processId}/databases/{databaseName}/measurements`,
    render: (g, q) => <MetricsTab groupId={g} query={q} />,
  },
  { id: 'settings', label: 'Settings', needs: G, render: (g) => <SettingsTab groupId={g} /> },
];

export const served = (catalog: Catalog | undefined) => TABS.filter((t) => catalog?.has(t.needs));

export function ProjectPage({ groupId, tab, query }: { groupId: string; tab: string; query: URLSearchParams }) {
  const catalog = useCatalog();
  const project = useLive(() => api<Project>(`/groups/${groupId}`), [groupId]);
  const tabs = served(catalog.data);
  const current = tabs.find((t) => t.id === tab) ?? tabs[0];
  return (
    <div>
      <h1>
        <span class="muted">Project</span> {project.data?.name ?? (project.error ? 'unavailable' : '…')}{' '}
        <span class="muted mono">{groupId}</span>
      </h1>
      {project.error && <p class="inline-error">{project.error.message}</p>}
      <nav class="tabs" aria-label="Project sections">
        {tabs.map((t) => (
          <a key={t.id} href={`/projects/${groupId}/${t.id}`} class={t === current ? 'active' : undefined}>
            {t.label}
          </a>
        ))}
      </nav>
      {current && project.data && current.render(groupId, query)}
    </div>
  );
}
