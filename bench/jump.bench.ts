// A ten-year clock jump over 100 clusters and 100 serverless instances (SQLite,
// in one process): time, events written, data directory size, and how long a
// health check waits while the jump is worked off. The baseline, measured in the
// same run on an identical population, is a one-day jump: a jump should cost
// what it leaves behind, so ten years should cost about what one day does.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startEmulator } from '../src/app.js';
import { defaultConfig } from '../src/config.js';
import { fetchToken } from '../test/helpers.js';
import { table } from './lib.js';

const PROJECTS = 10;
const PER_PROJECT = 10;

function dirBytes(dir: string): number {
  return fs.readdirSync(dir, { withFileTypes: true }).reduce((n, e) => {
    const p = path.join(dir, e.name);
    return n + (e.isDirectory() ? dirBytes(p) : fs.statSync(p).size);
  }, 0);
}

interface Result {
  ms: number;
  events: number;
  mb: number;
  healthMaxMs: number;
}

async function run(advance: string): Promise<Result> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'atlas-bench-jump-'));
  const emulator = await startEmulator({ ...defaultConfig(), port: 0, dataDir, storage: 'sqlite', logLevel: 'silent' });
  try {
    const { url, credentials: c, services } = emulator;
    await services.clock.setFrozen(true);
    const token = await fetchToken(url, c.clientId, c.clientSecret);
    const headers = { Authorization: `Bearer ${token}`, Accept: 'application/vnd.atlas.2024-08-05+json', 'Content-Type': 'application/json' };
    const call = async (method: string, p: string, body?: unknown) => {
      const r = await fetch(`${url}/api/atlas/v2${p}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
      const text = await r.text();
      if (r.status >= 300) throw new Error(`${method} ${p}: ${r.status} ${text}`);
      return JSON.parse(text) as { id: string; totalCount: number };
    };
    const groups: string[] = [];
    for (let g = 0; g < PROJECTS; g++) {
      const { id } = await call('POST', '/groups', { name: `bench-jump-${g}`, orgId: c.orgId });
      groups.push(id);
      for (let i = 0; i < PER_PROJECT; i++) {
        await call('POST', `/groups/${id}/clusters`, {
          name: `c${i}`,
          clusterType: 'REPLICASET',
          replicationSpecs: [{ regionConfigs: [{ providerName: 'AWS', regionName: 'US_EAST_1', priority: 7, electableSpecs: { instanceSize: 'M10', nodeCount: 3 } }] }],
        });
        await call('POST', `/groups/${id}/serverless`, {
          name: `s${i}`,
          providerSettings: { backingProviderName: 'AWS', providerName: 'SERVERLESS', regionName: 'US_EAST_1' },
          // Half keep continuous backup (a daily snapshot for 35 days), half basic.
          serverlessBackupOptions: { serverlessContinuousBackupEnabled: i % 2 === 0 },
        });
      }
    }
    const events = async () => {
      let n = 0;
      for (const g of groups) n += (await call('GET', `/groups/${g}/events?itemsPerPage=1&includeCount=true`)).totalCount;
      return n;
    };
    const eventsBefore = await events();

    let done = false;
    let healthMaxMs = 0;
    const poll = (async () => {
      while (!done) {
        const t0 = performance.now();
        await fetch(`${url}/__emulator/health`);
        healthMaxMs = Math.max(healthMaxMs, performance.now() - t0);
        await new Promise((r) => setTimeout(r, 5));
      }
    })();
    const t0 = performance.now();
    const r = await fetch(`${url}/__emulator/clock`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ advance }) });
    const ms = performance.now() - t0;
    done = true;
    await poll;
    if (r.status !== 200) throw new Error(`jump: ${r.status} ${await r.text()}`);
    const written = (await events()) - eventsBefore;
    return { ms, events: written, mb: dirBytes(dataDir) / 1e6, healthMaxMs };
  } finally {
    await emulator.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const baseline = await run('P1D');
  const jump = await run('P3650D');
  table([
    ['100 clusters + 100 serverless', 'jump ms', 'events written', 'data dir MB', 'health max ms'],
    ['baseline: 1-day jump', baseline.ms, baseline.events, baseline.mb, baseline.healthMaxMs],
    ['10-year jump', jump.ms, jump.events, jump.mb, jump.healthMaxMs],
    ['ratio (10 years / 1 day)', jump.ms / baseline.ms, jump.events / Math.max(1, baseline.events), jump.mb / baseline.mb, jump.healthMaxMs / Math.max(1, baseline.healthMaxMs)],
  ]);
  const ok = jump.ms < 10_000 && jump.mb < 100;
  console.log(ok ? 'within bounds: under 10 s and 100 MB' : 'OUT OF BOUNDS: the 10-year jump must take under 10 s and 100 MB');
  if (!ok) process.exitCode = 1;
}

await main();
