// Helpers shared by the benchmarks: the built CLI in its own process, medians, tables.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const CLI = path.join(ROOT, 'dist', 'cli.js');

/** Builds dist/ as `npm run build` does (code, contract, console) so that benchmarks measure what `npm start` runs. */
export function build(): void {
  const r = spawnSync(process.execPath, [path.join(ROOT, 'scripts', 'build.mjs')], { stdio: 'inherit' });
  if (r.status !== 0) throw new Error('build failed');
}

export interface EmulatorProcess {
  url: string;
  child: ChildProcess;
  dataDir: string;
  /** Milliseconds from spawn to the printed listening line. */
  startedInMs: number;
  stop(): Promise<void>;
}

/** Starts `node dist/cli.js` on a free port with a fresh data directory. */
export async function startEmulatorProcess(args: string[] = [], env: NodeJS.ProcessEnv = {}): Promise<EmulatorProcess> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'atlas-bench-'));
  const t0 = performance.now();
  const child = spawn(process.execPath, [CLI, '--port', '0', '--data-dir', dataDir, ...args], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m) resolve(m[1]!);
    });
    child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
    child.on('exit', (code) => reject(new Error(`emulator exited with ${code}: ${out}`)));
  });
  const startedInMs = performance.now() - t0;
  return {
    url,
    child,
    dataDir,
    startedInMs,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await exited;
      }
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** Prints rows as an aligned table; the first row is the header. */
export function table(rows: (string | number)[][]): void {
  const cells = rows.map((r) => r.map((c) => (typeof c === 'number' ? formatNumber(c) : c)));
  const widths = cells[0]!.map((_, i) => Math.max(...cells.map((r) => r[i]!.length)));
  for (const r of cells) console.log(r.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('   '));
}

function formatNumber(n: number): string {
  if (Number.isInteger(n)) return String(n);
  return n >= 100 ? n.toFixed(0) : n.toFixed(2);
}
