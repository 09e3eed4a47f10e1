import { useCallback, useEffect, useRef, useState } from 'preact/hooks';

// Live pages: every view polls what it shows, and any change made from the
// console (a clock move, a reset, a switch) asks all views to read again at once.

const POLL_MS = 2000;
const listeners = new Set<() => void>();

/** Tells every open view to read again now. */
export function refreshAll(): void {
  for (const l of listeners) l();
}

export interface Live<T> {
  data?: T;
  error?: Error;
  loading: boolean;
  reload: () => void;
}

/** Reads `load` now, every two seconds while the tab is visible, and after every change made here. */
export function useLive<T>(load: () => Promise<T>, deps: unknown[], { poll = true } = {}): Live<T> {
  const [state, setState] = useState<{ data?: T; error?: Error; loading: boolean }>({ loading: true });
  const loadRef = useRef(load);
  loadRef.current = load;
  const generation = useRef(0);

  // Answers may arrive out of order: only one newer than the last shown is shown.
  const started = useRef(0);
  const shown = useRef(0);
  const run = useCallback(() => {
    const g = generation.current;
    const seq = ++started.current;
    const current = () => g === generation.current && seq > shown.current && ((shown.current = seq), true);
    loadRef.current().then(
      (data) => current() && setState({ data, loading: false }),
      (error: Error) => current() && setState((s) => ({ data: s.data, error, loading: false })),
    );
  }, []);

  useEffect(() => {
    generation.current++;
    setState({ loading: true });
    run();
    listeners.add(run);
    const timer = poll ? setInterval(() => document.visibilityState === 'visible' && run(), POLL_MS) : undefined;
    return () => {
      generation.current++;
      listeners.delete(run);
      if (timer) clearInterval(timer);
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, deps);

  return { ...state, reload: run };
}

// A router over the address path: the server answers the page for any of these addresses.
const routeListeners = new Set<() => void>();
window.addEventListener('popstate', () => routeListeners.forEach((l) => l()));

export function navigate(to: string): void {
  if (to === location.pathname + location.search) return;
  history.pushState(null, '', to);
  routeListeners.forEach((l) => l());
}

export function useLocation(): { path: string; query: URLSearchParams } {
  const [, set] = useState(0);
  useEffect(() => {
    const l = () => set((n) => n + 1);
    routeListeners.add(l);
    return () => void routeListeners.delete(l);
  }, []);
  return { path: location.pathname, query: new URLSearchParams(location.search) };
}

/** Follows in-page links without reloading. */
export function onLinkClick(e: MouseEvent): void {
  const a = (e.target as HTMLElement).closest('a');
  if (!a || a.target || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
  const href = a.getAttribute('href');
  if (!href || !href.startsWith('/') || href.startsWith('/api/') || href.startsWith('/__emulator')) return;
  e.preventDefault();
  navigate(href);
}

export function formatTime(iso: string | undefined): string {
  if (!iso) return '';
  return iso.replace('T', ' ').replace(/(\.\d+)?Z$/, ' UTC');
}
