import { useTenancy, type Project } from '../app';
import { formatTime } from '../live';
import { Loaded } from '../ui';
import { OrgAccess } from './access';
import { EventsTimeline } from './events';

export function Home() {
  const t = useTenancy();
  return (
    <div>
      <h1>Organizations and projects</h1>
      <Loaded live={t}>
        {({ orgs, projects }) =>
          orgs.map((o) => (
            <section class="panel" key={o.id} data-testid="org">
              <h2>
                <a href={`/orgs/${o.id}`}>{o.name}</a> <span class="muted mono">{o.id}</span>
              </h2>
              <ProjectCards projects={projects.filter((p) => p.orgId === o.id)} />
            </section>
          ))
        }
      </Loaded>
    </div>
  );
}

function ProjectCards({ projects }: { projects: Project[] }) {
  if (projects.length === 0) return <p class="muted empty">No projects yet. Create one with the API (POST /api/atlas/v2/groups).</p>;
  return (
    <div class="cards">
      {projects.map((p) => (
        <a class="card" key={p.id} href={`/projects/${p.id}`} data-testid="project-card">
          <strong>{p.name}</strong>
          <span class="muted mono">{p.id}</span>
          <span>
            {p.clusterCount} cluster{p.clusterCount === 1 ? '' : 's'}
          </span>
          <span class="muted">created {formatTime(p.created)}</span>
        </a>
      ))}
    </div>
  );
}

export function OrgPage({ orgId }: { orgId: string }) {
  const t = useTenancy();
  const org = t.data?.orgs.find((o) => o.id === orgId);
  return (
    <div>
      <h1>
        {org?.name ?? 'Organization'} <span class="muted mono">{orgId}</span>
      </h1>
      <Loaded live={t}>{({ projects }) => <ProjectCards projects={projects.filter((p) => p.orgId === orgId)} />}</Loaded>
      <OrgAccess orgId={orgId} />
      <h2>Organization events</h2>
      <EventsTimeline feed={`/orgs/${orgId}/events`} testId="organization-events" />
    </div>
  );
}
