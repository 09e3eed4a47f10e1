// Cost of replaying a year of scheduled snapshots in one clock jump (SQLite store):
// Flex clusters (one snapshot a day, eight kept) beside serverless instances (four
// a day, two kept) on the same engine, and beside the same jump with no owner at all.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startEmulator } from '../src/app.js';
import { defaultConfig } from '../src/config.js';
import { fetchToken } from '../test/helpers.js';

const OWNERS = 20;
const YEAR_MS = 365 * 86_400_000;

async function jumpCost(kind: 'none' | 'flex' | 'serverless'): Promise<{ ms: number; snapshots: number }> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'atlas-bench-snap-'));
  const emulator = await startEmulator({ ...defaultConfig(), port: 0, dataDir, logLevel: 'silent' });
  try {
    const { services, url, credentials: c } = emulator;
    const token = await fetchToken(url, c.clientId, c.clientSecret);
    const headers = { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' };
    const call = async (method: string, p: string, version: string, body?: unknown) => {
      const r = await fetch(`${url}/api/atlas/v2${p}`, {
        method,
        headers: { ...headers, Accept: `application/vnd.atlas.${version}+json` },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      if (r.status >= 300) throw new Error(`${p}: ${r.status} ${await r.text()}`);
      return r.json() as Promise<{ totalCount: number }>;
    };
    await services.clock.setFrozen(true);
    const group = (await call('POST', '/groups', '2023-01-01', { name: `bench-${kind}`, orgId: c.orgId })) as unknown as { id: string };
    for (let i = 0; i < (kind === 'none' ? 0 : OWNERS); i++) {
      const settings = { backingProviderName: 'AWS', regionName: 'US_EAST_1' };
      if (kind === 'flex') await call('POST', `/groups/${group.id}/flexClusters`, '2024-11-13', { name: `f${i}`, providerSettings: settings });
      else await call('POST', `/groups/${group.id}/serverless`, '2023-01-01', { name: `s${i}`, providerSettings: { ...settings, providerName: 'SERVERLESS' } });
    }
    await services.clock.advance(60_000);
    await services.scheduler.settle();
    const t0 = performance.now();
    await services.clock.advance(YEAR_MS);
    await services.scheduler.settle();
    const ms = performance.now() - t0;
    let snapshots = 0;
    if (kind === 'flex') snapshots = (await call('GET', `/groups/${group.id}/flexClusters/f0/backup/snapshots`, '2024-11-13')).totalCount;
    if (kind === 'serverless') snapshots = (await call('GET', `/groups/${group.id}/serverless/s0/backup/snapshots`, '2023-01-01')).totalCount;
    return { ms, snapshots };
  } finally {
    await emulator.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const none = await jumpCost('none');
  const flex = await jumpCost('flex');
  const serverless = await jumpCost('serverless');
  console.log(`one-year clock jump, ${OWNERS} owners each, SQLite`);
  console.log(`  baseline, nothing scheduled:        ${none.ms.toFixed(1)} ms`);
  console.log(`  Flex clusters (365 snapshots each):   ${flex.ms.toFixed(1)} ms  (${(flex.ms / OWNERS).toFixed(1)} ms per cluster-year; ${flex.snapshots} kept)`);
  console.log(`  serverless (1460 snapshots each):     ${serverless.ms.toFixed(1)} ms  (${(serverless.ms / OWNERS).toFixed(1)} ms per instance-year; ${serverless.snapshots} kept)`);
  console.log(`  Flex / serverless: ${(flex.ms / serverless.ms).toFixed(2)}`);
}

await main();
