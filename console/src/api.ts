// Everything the console does goes through the endpoints a script would use:
// the control endpoints under /__emulator/ and the Atlas API under
// /api/atlas/v2 with a service account token. Nothing here holds a secret but
// that short-lived token (in memory) and the control token the operator gave.

const API = '/api/atlas/v2';
const CONTROL = '/__emulator';
/** The console asks for the newest version of each operation that existed on this date. */
const VERSION = '2025-03-12';
/** Marks the console's requests so the request log is not filled with its polling. */
const CLIENT = { 'X-Atlas-Emulator-Client': 'console' };
const TOKEN_KEY = 'atlas-emulator-control-token';

export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
  ) {
    const b = body as { detail?: string; errorCode?: string } | undefined;
    super(b?.detail ?? `HTTP ${status}`);
  }
  get errorCode(): string | undefined {
    return (this.body as { errorCode?: string } | undefined)?.errorCode;
  }
}

/** The control token: from the address's #token= (then taken out of the address), else this tab's session. */
function initialControlToken(): string | null {
  const m = /(?:^#|&)token=([^&]+)/.exec(location.hash);
  if (m) {
    sessionStorage.setItem(TOKEN_KEY, decodeURIComponent(m[1]!));
    history.replaceState(null, '', location.pathname + location.search);
  }
  return sessionStorage.getItem(TOKEN_KEY);
}

let controlToken = initialControlToken();
let apiToken: { value: string; expiresAt: number } | null = null;

export function setControlToken(token: string | null): void {
  controlToken = token && token.trim() ? token.trim() : null;
  if (controlToken) sessionStorage.setItem(TOKEN_KEY, controlToken);
  else sessionStorage.removeItem(TOKEN_KEY);
  apiToken = null;
}

export const hasControlToken = () => controlToken !== null;

async function parse(r: Response): Promise<unknown> {
  const text = await r.text();
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

export async function control<T = unknown>(method: string, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { ...CLIENT, Accept: 'application/json' };
  if (controlToken) headers.Authorization = `Bearer ${controlToken}`;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const r = await fetch(CONTROL + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const parsed = await parse(r);
  if (!r.ok) throw new HttpError(r.status, parsed);
  return parsed as T;
}

async function token(): Promise<string> {
  if (apiToken && apiToken.expiresAt - Date.now() > 60_000) return apiToken.value;
  const t = await control<{ access_token: string; expires_in: number }>('POST', '/console/token');
  apiToken = { value: t.access_token, expiresAt: Date.now() + t.expires_in * 1000 };
  return apiToken.value;
}

export type Query = Record<string, string | number | boolean | (string | number)[] | undefined>;

export async function api<T = unknown>(path: string, { method = 'GET', query, body }: { method?: string; query?: Query; body?: unknown } = {}): Promise<T> {
  const qs = new URLSearchParams();
  for (const [k, v] of Object.entries(query ?? {})) {
    if (v === undefined || v === '') continue;
    for (const x of Array.isArray(v) ? v : [v]) qs.append(k, String(x));
  }
  const url = `${API}${path}${qs.size ? `?${qs}` : ''}`;
  for (let attempt = 0; ; attempt++) {
    const headers: Record<string, string> = { ...CLIENT, Accept: `application/vnd.atlas.${VERSION}+json`, Authorization: `Bearer ${await token()}` };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    const r = await fetch(url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    // A reset or a restart forgets tokens: take a new one once.
    if (r.status === 401 && attempt === 0) {
      apiToken = null;
      continue;
    }
    const parsed = await parse(r);
    if (!r.ok) throw new HttpError(r.status, parsed);
    return parsed as T;
  }
}

export interface List<T> {
  results: T[];
  totalCount: number;
}

/** Every page of a list (the console's lists are small; it stops at 10 pages). */
export async function listAll<T>(path: string, query: Query = {}): Promise<T[]> {
  const out: T[] = [];
  for (let pageNum = 1; pageNum <= 10; pageNum++) {
    const page = await api<List<T> | T[]>(path, { query: { ...query, itemsPerPage: 500, pageNum } });
    // A few of Atlas's lists (invitations, private endpoint services) are plain arrays, never paged.
    if (Array.isArray(page)) return page;
    out.push(...page.results);
    if (page.results.length < 500) break;
  }
  return out;
}
