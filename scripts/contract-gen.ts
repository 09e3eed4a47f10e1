/**
 * Trims Atlas's published API structure (../shared/atlas-contract/atlas-api.json, or the path
 * given as the first argument) into src/platform/contract/atlas-contract.json, which the server
 * loads at run time. Run it with `npm run contract:gen` when the published structure changes.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
/**
 * Where the published structure sits: ATLAS_CONTRACT, else a `shared` folder beside the clone
 * (CI) or one level further up (a worktree under a common folder). Null when none is there.
 */
export function contractSource(): string | null {
  const candidates = [process.env.ATLAS_CONTRACT, '../shared', '../../shared']
    .filter((c): c is string => Boolean(c))
    .map((c) => (c.endsWith('.json') ? resolve(root, c) : resolve(root, c, 'atlas-contract/atlas-api.json')));
  return candidates.find((c) => existsSync(c)) ?? null;
}
export const OUTPUT = join(root, 'src/platform/contract/atlas-contract.json');

type Json = Record<string, unknown>;
const VERSIONED = /^application\/vnd\.atlas\.(\d{4}-\d{2}-\d{2}|preview)\+json$/;

/** Patterns written for Java engines: escapes JavaScript's unicode mode refuses are removed. */
export function portablePattern(p: string): string | null {
  const tries = [p, p.replace(/\\([^\w\\\]\[(){}.*+?^$|\/-])/g, '$1'), p.replace(/\\([:<>'"=!@#%&,;`~ ])/g, '$1')];
  for (const t of tries) {
    try {
      new RegExp(t, 'u');
      return t;
    } catch {
      /* next */
    }
  }
  return null;
}

function clean(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(clean);
  if (node === null || typeof node !== 'object') return node;
  const out: Json = {};
  for (const [k, v] of Object.entries(node as Json)) {
    if (k === 'x-xgen-version' || k === 'example' || k === 'examples') continue;
    if (k === '$ref' && typeof v === 'string') {
      out[k] = v.replace('#/components/schemas/', '');
      continue;
    }
    if (k === 'pattern' && typeof v === 'string') {
      const p = portablePattern(v);
      if (p !== null) out[k] = p;
      continue;
    }
    // Inside `properties` every key is a field name, never a keyword.
    out[k] = k === 'properties' ? Object.fromEntries(Object.entries(v as Json).map(([n, s]) => [n, clean(s)])) : clean(v);
  }
  return out;
}

export function trim(source: Json): Json {
  const components = source.components as { parameters: Record<string, Json>; schemas: Record<string, Json> };
  const operations: Record<string, Json> = {};
  for (const op of source.operations as Json[]) {
    const params: Json[] = [];
    for (const p of (op.parameters as Json[] | undefined) ?? []) {
      const ref = p.$ref as string | undefined;
      const param = ref ? components.parameters[ref.split('/').pop()!]! : p;
      if (['envelope', 'pretty', 'includeCount', 'itemsPerPage', 'pageNum'].includes(param.name as string)) continue;
      params.push(clean({ name: param.name, in: param.in, required: param.required ?? false, schema: param.schema }) as Json);
    }
    const versions: Record<string, Json> = {};
    const at = (v: string) => (versions[v] ??= {});
    const body = op.requestBody as { content: Record<string, Json>; required?: boolean } | undefined;
    for (const [type, media] of Object.entries(body?.content ?? {})) {
      const m = VERSIONED.exec(type);
      if (!m) continue;
      const v = at(m[1]!);
      if (media.schema) v.request = clean(media.schema);
      if (media['x-sunset']) v.sunset = media['x-sunset'];
    }
    let paginated = false;
    for (const [status, response] of Object.entries(op.responses as Record<string, Json>)) {
      if (!/^2\d\d$/.test(status)) continue;
      for (const [type, media] of Object.entries((response.content ?? {}) as Record<string, Json>)) {
        const m = VERSIONED.exec(type);
        if (!m) continue;
        const v = at(m[1]!);
        v.status = Number(status);
        if (media.schema) v.response = clean(media.schema);
        if (media['x-sunset']) v.sunset = media['x-sunset'];
      }
    }
    paginated = ((op.parameters as Json[] | undefined) ?? []).some((p) => String(p.$ref ?? '').endsWith('/pageNum'));
    operations[op.operationId as string] = {
      method: op.method,
      path: op.path,
      tag: (op.tags as string[])[0],
      ...(op.deprecated ? { deprecated: true } : {}),
      ...(paginated ? { paginated: true } : {}),
      ...(body ? { bodyRequired: body.required ?? false } : {}),
      params,
      versions: Object.fromEntries(Object.entries(versions).sort(([a], [b]) => a.localeCompare(b))),
    };
  }
  const schemas = Object.fromEntries(
    Object.keys(components.schemas)
      .sort()
      .map((n) => [n, clean(components.schemas[n])]),
  );
  return { source: source.source, operations, schemas };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const from = process.argv[2] ?? contractSource();
  if (!from) throw new Error('atlas-api.json not found: give its path or set ATLAS_CONTRACT');
  const trimmed = trim(JSON.parse(readFileSync(from, 'utf8')) as Json);
  writeFileSync(OUTPUT, JSON.stringify(trimmed) + '\n');
  const n = Object.keys(trimmed.operations as Json).length;
  console.log(`${OUTPUT}: ${n} operations, ${Object.keys(trimmed.schemas as Json).length} schemas`);
}
