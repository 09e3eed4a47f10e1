import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import type { Live } from './live';
import { refreshAll } from './live';

/** A button that runs a change, shows it is running and what went wrong, then refreshes every view. */
export function ActionButton({
  run,
  children,
  confirm,
  kind,
  title,
  testId,
}: {
  run: () => Promise<unknown>;
  children: ComponentChildren;
  confirm?: string;
  kind?: 'danger' | 'primary';
  title?: string;
  testId?: string;
}) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  return (
    <span class="action">
      <button
        class={kind}
        title={title}
        data-testid={testId}
        disabled={busy}
        onClick={async () => {
          if (confirm && !window.confirm(confirm)) return;
          setBusy(true);
          setError(undefined);
          try {
            await run();
          } catch (e) {
            setError((e as Error).message);
          } finally {
            setBusy(false);
            refreshAll();
          }
        }}
      >
        {children}
      </button>
      {error && <span class="inline-error">{error}</span>}
    </span>
  );
}

/** Loading, error or the content of a live read. */
export function Loaded<T>({ live, children, empty }: { live: Live<T>; children: (data: T) => ComponentChildren; empty?: (data: T) => boolean }) {
  if (live.data === undefined) {
    if (live.error) return <p class="inline-error">{live.error.message}</p>;
    return <p class="muted">Loading…</p>;
  }
  return (
    <>
      {live.error && <p class="inline-error">Last refresh failed: {live.error.message}</p>}
      {empty?.(live.data) ? <p class="muted empty">Nothing here yet.</p> : children(live.data)}
    </>
  );
}

const STATE_CLASS: Record<string, string> = {
  IDLE: 'ok',
  AVAILABLE: 'ok',
  ACTIVE: 'ok',
  CREATING: 'busy',
  UPDATING: 'busy',
  REPAIRING: 'busy',
  INITIATING: 'busy',
  PENDING: 'busy',
  PENDING_ACCEPTANCE: 'busy',
  DELETING: 'warn',
  DELETED: 'muted',
  FAILED: 'bad',
  REJECTED: 'bad',
};

export function StateBadge({ state }: { state: string | undefined }) {
  if (!state) return null;
  return <span class={`badge ${STATE_CLASS[state] ?? ''}`}>{state}</span>;
}

export function Json({ value, testId }: { value: unknown; testId?: string }) {
  return <pre class="json" data-testid={testId}>{value === null || value === undefined ? '(none)' : JSON.stringify(value, null, 2)}</pre>;
}
