import { control } from './api';
import { useLive } from './live';

// What this server offers, read once from its own OpenAPI document and control
// index: the console shows a section only when the API behind it is served.

export interface Catalog {
  /** Served API paths (Atlas templates, without the /api/atlas/v2 prefix) with their methods. */
  paths: Map<string, Set<string>>;
  /** Control endpoints, "METHOD /__emulator/...". */
  control: { method: string; path: string }[];
  has(path: string, method?: string): boolean;
}

let cached: Promise<Catalog> | undefined;

async function loadCatalog(): Promise<Catalog> {
  const [doc, index] = await Promise.all([
    control<{ paths: Record<string, Record<string, unknown>> }>('GET', '/openapi.json'),
    control<{ endpoints: { method: string; path: string }[] }>('GET', '/'),
  ]);
  const paths = new Map<string, Set<string>>();
  for (const [p, methods] of Object.entries(doc.paths)) {
    paths.set(p.replace(/^\/api\/atlas\/v2/, ''), new Set(Object.keys(methods).map((m) => m.toUpperCase())));
  }
  return {
    paths,
    control: index.endpoints,
    has: (p, method = 'GET') => paths.get(p)?.has(method) ?? false,
  };
}

export function useCatalog() {
  return useLive(() => (cached ??= loadCatalog().catch((e) => ((cached = undefined), Promise.reject(e)))), [], { poll: false });
}
