import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { after } from 'node:test';
import { Client } from './helpers.js';

// The real command line in a child process, for the suites that start it.

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const CLI = path.join(ROOT, 'src', 'cli.ts');
/** tsx's loader by path, so that the CLI runs from any working directory. */
const TSX = pathToFileURL(path.join(ROOT, 'node_modules', 'tsx', 'dist', 'loader.mjs')).href;

/** The environment without any ATLAS_EMULATOR_* the developer may have set. */
export function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('ATLAS_EMULATOR_')) env[k] = v;
  return { ...env, ...extra };
}

export interface Running {
  url: string;
  child: ChildProcess;
  stdout: string;
  /** Everything written to stdout and stderr so far. */
  output(): string;
  stop(): Promise<void>;
  /** SIGKILL: no shutdown code runs. */
  kill9(): Promise<void>;
}

const children = new Set<ChildProcess>();

function waitExit(child: ChildProcess): Promise<void> {
  return child.exitCode !== null || child.signalCode !== null ? Promise.resolve() : new Promise((r) => child.once('exit', () => r()));
}

export async function startCli(
  args: string[],
  env: Record<string, string> = {},
  command = [process.execPath, '--import', TSX, CLI],
  cwd = ROOT,
): Promise<Running> {
  const child = spawn(command[0]!, [...command.slice(1), ...args], {
    cwd,
    env: cleanEnv(env),
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  children.add(child);
  let stdout = '';
  let stderr = '';
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout!.on('data', (d: Buffer) => {
      stdout += d.toString();
      const m = /listening on (http:\/\/\S+)/.exec(stdout);
      if (m && stdout.includes('control endpoints')) resolve(m[1]!);
    });
    child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
    child.once('exit', (code) => reject(new Error(`exited with ${code}: ${stdout}${stderr}`)));
  });
  const signal = async (sig: NodeJS.Signals) => {
    // The whole group, so that `npm start`'s own child goes too.
    if (child.exitCode === null && child.signalCode === null) process.kill(-child.pid!, sig);
    await waitExit(child);
    children.delete(child);
  };
  return { url, child, stdout, output: () => stdout + stderr, stop: () => signal('SIGTERM'), kill9: () => signal('SIGKILL') };
}

export function runToExit(args: string[], env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, ['--import', TSX, CLI, ...args], { cwd: ROOT, env: cleanEnv(env), encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** runToExit without blocking, so that several start-ups can run at once. */
export function runToExitAsync(args: string[], env: Record<string, string> = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', TSX, CLI, ...args], { cwd: ROOT, env: cleanEnv(env), stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  });
}

export function digest(url: string, publicKey: string, privateKey: string) {
  return new Client(url, { kind: 'digest', publicKey, privateKey });
}

after(async () => {
  for (const c of children) {
    if (c.exitCode === null && c.signalCode === null) process.kill(-c.pid!, 'SIGKILL');
  }
});

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}
