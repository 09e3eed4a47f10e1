// The shape of the source tree, checked: no import cycles anywhere in src/ (type
// imports included: a cycle of types is a cycle of knowledge), resources reach the
// HTTP layer only to declare operations, and no file grows past 400 lines.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

const SRC = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'src');

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? sources(p) : e.name.endsWith('.ts') ? [p] : [];
  });
}

const IMPORT = /^\s*(?:import|export)\s[^'"]*?from\s+['"](\.[^'"]+)['"]/gm;

/** Relative imports of each file, resolved to files under src/. */
function graph(): Map<string, string[]> {
  const g = new Map<string, string[]>();
  for (const file of sources(SRC)) {
    const text = fs.readFileSync(file, 'utf8');
    const deps: string[] = [];
    for (const m of text.matchAll(IMPORT)) deps.push(path.resolve(path.dirname(file), m[1]!.replace(/\.js$/, '.ts')));
    g.set(file, deps.filter((d) => d.startsWith(SRC)));
  }
  return g;
}

/** Every import cycle, each reported once from its first file in path order. */
export function cycles(g: Map<string, string[]>): string[][] {
  const found: string[][] = [];
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (f: string) => {
    state.set(f, 'open');
    stack.push(f);
    for (const d of g.get(f) ?? []) {
      if (state.get(d) === 'open') found.push(stack.slice(stack.indexOf(d)));
      else if (!state.has(d)) visit(d);
    }
    stack.pop();
    state.set(f, 'done');
  };
  for (const f of [...g.keys()].sort()) if (!state.has(f)) visit(f);
  return found;
}

const rel = (f: string) => path.relative(SRC, f);

describe('source layout', () => {
  it('finds a cycle when there is one (the checker can fail)', () => {
    const g = new Map([['a', ['b']], ['b', ['c']], ['c', ['a']], ['d', ['a']]]);
    assert.deepEqual(cycles(g), [['a', 'b', 'c']]);
  });

  it('has no import cycle in src/', () => {
    assert.deepEqual(cycles(graph()).map((c) => c.map(rel).join(' -> ')), []);
  });

  it('keeps resources off the HTTP layer except to declare operations', () => {
    const offenders: string[] = [];
    for (const [file, deps] of graph()) {
      if (!rel(file).startsWith('resources')) continue;
      for (const d of deps) {
        const target = rel(d);
        const declaring = target === path.join('platform', 'http', 'operation.ts');
        // Control endpoints (control.ts) are wired with the server's services until they are declared like operations.
        if (target === path.join('platform', 'services.ts') && !file.endsWith('control.ts')) offenders.push(`${rel(file)} -> ${target}`);
        else if (target.startsWith(path.join('platform', 'http')) && !declaring) offenders.push(`${rel(file)} -> ${target}`);
        else if (declaring && !/operations\.ts$|Operations\.ts$|[/\\]operations[/\\]/.test(rel(file))) offenders.push(`${rel(file)} -> ${target}`);
      }
    }
    assert.deepEqual(offenders, []);
  });

  it('has no file over 400 lines in src/', () => {
    const long = sources(SRC)
      .map((f) => [rel(f), fs.readFileSync(f, 'utf8').split('\n').length - 1] as const)
      .filter(([, n]) => n > 400);
    assert.deepEqual(long, []);
  });
});
