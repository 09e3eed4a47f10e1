import { useState } from 'preact/hooks';
import { HttpError, listAll, setControlToken, hasControlToken } from './api';
import { useCatalog } from './catalog';
import { ClockBar } from './clock';
import { onLinkClick, refreshAll, useLive, useLocation } from './live';
import { Home, OrgPage } from './pages/orgs';
import { ProjectPage } from './pages/project';
import { RequestLogPage } from './pages/requests';
import { EmulatorPage } from './pages/emulator';

export interface Org {
  id: string;
  name: string;
}
export interface Project {
  id: string;
  name: string;
  orgId: string;
  clusterCount: number;
  created: string;
}

export function useTenancy() {
  return useLive(async () => {
    const orgs = await listAll<Org>('/orgs');
    const projects = await listAll<Project>('/groups');
    return { orgs, projects };
  }, []);
}

function Sidebar({ path }: { path: string }) {
  const t = useTenancy();
  const active = (href: string) => (path === href || path.startsWith(`${href}/`) ? 'active' : undefined);
  return (
    <nav class="sidebar" aria-label="Organizations and projects">
      <a href="/" class={path === '/' ? 'active' : undefined}>
        Overview
      </a>
      {t.data?.orgs.map((o) => (
        <div class="nav-org" key={o.id}>
          <a href={`/orgs/${o.id}`} class={active(`/orgs/${o.id}`)}>
            <span class="nav-kind">Organization</span> {o.name}
          </a>
          {t.data!.projects
            .filter((p) => p.orgId === o.id)
            .map((p) => (
              <a key={p.id} href={`/projects/${p.id}`} class={`nav-project ${active(`/projects/${p.id}`) ?? ''}`}>
                {p.name}
              </a>
            ))}
        </div>
      ))}
      <hr />
      <a href="/requests" class={active('/requests')}>
        Request log
      </a>
      <a href="/emulator" class={active('/emulator')}>
        Emulator controls
      </a>
    </nav>
  );
}

/** Asked for when the control endpoints refuse the console (a server started with a control token). */
function TokenPrompt({ error }: { error: HttpError }) {
  const [value, setValue] = useState('');
  return (
    <div class="panel token-prompt">
      <h2>Control token needed</h2>
      <p>
        This emulator answers its control endpoints only with its control token ({error.status}). Open the console as{' '}
        <code>/#token=…</code> or enter it here; it is kept for this tab only.
      </p>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          setControlToken(value);
          location.reload();
        }}
      >
        <input type="password" autocomplete="off" value={value} onInput={(e) => setValue(e.currentTarget.value)} aria-label="Control token" />
        <button type="submit">Use token</button>
        {hasControlToken() && (
          <button type="button" onClick={() => (setControlToken(null), location.reload())}>
            Forget token
          </button>
        )}
      </form>
    </div>
  );
}

function Content({ path, query }: { path: string; query: URLSearchParams }) {
  const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
  if (parts.length === 0) return <Home />;
  if (parts[0] === 'orgs' && parts[1]) return <OrgPage orgId={parts[1]} />;
  if (parts[0] === 'projects' && parts[1]) return <ProjectPage groupId={parts[1]} tab={parts[2] ?? 'clusters'} query={query} />;
  if (parts[0] === 'requests') return <RequestLogPage selected={parts[1]} query={query} />;
  if (parts[0] === 'emulator') return <EmulatorPage />;
  return (
    <div class="panel">
      <h2>Not found</h2>
      <p>
        The console has no page at <code>{path}</code>. <a href="/">Overview</a>
      </p>
    </div>
  );
}

export function App() {
  const { path, query } = useLocation();
  const catalog = useCatalog();
  const refused = catalog.error instanceof HttpError && (catalog.error.status === 401 || catalog.error.status === 403) ? catalog.error : undefined;
  return (
    <div class="shell" onClick={onLinkClick}>
      <header class="topbar">
        <a class="brand" href="/">
          <span class="leaf" aria-hidden="true" />
          Atlas <span class="muted">emulator</span>
        </a>
        {!refused && <ClockBar />}
      </header>
      {refused ? (
        <main class="main">
          <TokenPrompt error={refused} />
        </main>
      ) : (
        <>
          <Sidebar path={path} />
          <main class="main">
            {catalog.error && !refused ? (
              <div class="panel error">
                Cannot read the emulator: {catalog.error.message} <button onClick={() => (catalog.reload(), refreshAll())}>Retry</button>
              </div>
            ) : (
              <Content path={path} query={query} />
            )}
          </main>
        </>
      )}
    </div>
  );
}
