import type { HttpMethod, Operation } from './operation.js';

// Atlas paths put actions after a colon inside a segment
// (/clusters/{clusterName}:pinFeatureCompatibilityVersion), which general routers
// read as parameters; this matcher knows the three segment kinds Atlas uses.

type Segment =
  | { kind: 'literal'; value: string }
  | { kind: 'param'; name: string }
  | { kind: 'paramAction'; name: string; suffix: string };

interface Route {
  op: Operation;
  segments: Segment[];
  /** Higher is more specific; literals beat actions beat bare parameters. */
  rank: number[];
  /** Positions and values of its literal segments, checked before anything is allocated. */
  literals: [number, string][];
}

export type Match =
  | { kind: 'found'; op: Operation; params: Record<string, string> }
  | { kind: 'methodNotAllowed'; allowed: HttpMethod[] }
  | { kind: 'notFound' };

function parseTemplate(path: string): Segment[] {
  return path
    .split('/')
    .slice(1)
    .map((s): Segment => {
      const m = /^\{(\w+)\}(?::(\w+))?$/.exec(s);
      if (!m) return { kind: 'literal', value: s };
      return m[2] ? { kind: 'paramAction', name: m[1]!, suffix: `:${m[2]}` } : { kind: 'param', name: m[1]! };
    });
}

const RANK = { literal: 2, paramAction: 1, param: 0 } as const;

function compareRank(a: number[], b: number[]): number {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return b[i]! - a[i]!;
  return 0;
}

function literalsMatch(literals: [number, string][], raw: string[]): boolean {
  for (const [i, v] of literals) if (raw[i] !== v) return false;
  return true;
}

export class Router {
  private readonly bySize = new Map<number, Route[]>();

  constructor(ops: Operation[]) {
    const seen = new Set<string>();
    for (const op of ops) {
      const key = `${op.method} ${op.path}`;
      if (seen.has(key)) throw new Error(`operation ${op.operationId}: ${key} is declared twice`);
      seen.add(key);
      const segments = parseTemplate(op.path);
      const literals = segments.flatMap((s, i): [number, string][] => (s.kind === 'literal' ? [[i, s.value]] : []));
      const route = { op, segments, rank: segments.map((s) => RANK[s.kind]), literals };
      const list = this.bySize.get(segments.length) ?? [];
      list.push(route);
      this.bySize.set(segments.length, list);
    }
    for (const list of this.bySize.values()) list.sort((a, b) => compareRank(a.rank, b.rank));
  }

  /** `pathname` is still percent-encoded; parameters come back encoded too. */
  match(method: string, pathname: string): Match {
    const raw = pathname.split('/').slice(1);
    const candidates = this.bySize.get(raw.length);
    if (!candidates) return { kind: 'notFound' };
    // The most specific template that matches the path decides: a request for
    // /clusters/x:pinFeatureCompatibilityVersion with the wrong method is a 405,
    // not a cluster named "x:pin...".
    let bestRank: number[] | null = null;
    const allowed: HttpMethod[] = [];
    for (const route of candidates) {
      if (bestRank && compareRank(bestRank, route.rank) !== 0) break;
      if (!literalsMatch(route.literals, raw)) continue;
      const params = this.bind(route.segments, raw);
      if (!params) continue;
      bestRank = route.rank;
      if (route.op.method === method) return { kind: 'found', op: route.op, params };
      if (!allowed.includes(route.op.method)) allowed.push(route.op.method);
    }
    if (allowed.length) return { kind: 'methodNotAllowed', allowed };
    return { kind: 'notFound' };
  }

  private bind(segments: Segment[], raw: string[]): Record<string, string> | null {
    const params: Record<string, string> = {};
    for (let i = 0; i < segments.length; i++) {
      const seg = segments[i]!;
      const value = raw[i]!;
      switch (seg.kind) {
        case 'literal':
          if (value !== seg.value) return null;
          break;
        case 'param':
          if (value === '') return null;
          params[seg.name] = value;
          break;
        case 'paramAction':
          if (!value.endsWith(seg.suffix) || value.length === seg.suffix.length) return null;
          params[seg.name] = value.slice(0, -seg.suffix.length);
          break;
      }
    }
    return params;
  }
}
