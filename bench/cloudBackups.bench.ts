// Cost of a one-year clock jump over dedicated clusters taking hourly snapshots
// (the jump, then reading every cluster's snapshots, where the closed form does its
// work), beside the same jump and reads over the same clusters without backup.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startEmulator } from '../src/app.js';
import { defaultConfig } from '../src/config.js';
import { fetchToken } from '../test/helpers.js';

const CLUSTERS = 10;
const YEAR_MS = 365 * 86_400_000;
const POLICY = [
  {
    policyItems: [
      { frequencyType: 'hourly', frequencyInterval: 1, retentionUnit: 'days', retentionValue: 7 },
      { frequencyType: 'daily', frequencyInterval: 1, retentionUnit: 'days', retentionValue: 7 },
      { frequencyType: 'weekly', frequencyInterval: 6, retentionUnit: 'weeks', retentionValue: 4 },
      { frequencyType: 'monthly', frequencyInterval: 40, retentionUnit: 'months', retentionValue: 12 },
    ],
  },
];

async function jumpCost(backup: boolean): Promise<{ ms: number; snapshots: number }> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'atlas-bench-cps-'));
  const emulator = await startEmulator({ ...defaultConfig(), port: 0, dataDir, logLevel: 'silent' });
  try {
    const { services, url, credentials: c } = emulator;
    const token = await fetchToken(url, c.clientId, c.clientSecret);
    const call = async (method: string, p: string, version: string, body?: unknown) => {
      const r = await fetch(`${url}/api/atlas/v2${p}`, {
        method,
        headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json', Accept: `application/vnd.atlas.${version}+json` },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      if (r.status >= 300) throw new Error(`${p}: ${r.status} ${await r.text()}`);
      return r.json() as Promise<{ totalCount: number; id: string }>;
    };
    await services.clock.setFrozen(true);
    const group = await call('POST', '/groups', '2023-01-01', { name: `bench-cps-${backup}`, orgId: c.orgId });
    const base = `/groups/${group.id}/clusters`;
    for (let i = 0; i < CLUSTERS; i++) {
      await call('POST', base, '2024-10-23', {
        name: `c${i}`,
        clusterType: 'REPLICASET',
        backupEnabled: backup,
        replicationSpecs: [{ regionConfigs: [{ providerName: 'AWS', regionName: 'US_EAST_1', priority: 7, electableSpecs: { instanceSize: 'M10', nodeCount: 3 } }] }],
      });
      if (backup) await call('PATCH', `${base}/c${i}/backup/schedule`, '2024-08-05', { policies: POLICY });
    }
    await services.clock.advance(600_000);
    await services.scheduler.settle();
    const t0 = performance.now();
    await services.clock.advance(YEAR_MS);
    await services.scheduler.settle();
    let snapshots = 0;
    for (let i = 0; i < CLUSTERS; i++) {
      if (backup) snapshots += (await call('GET', `${base}/c${i}/backup/snapshots?itemsPerPage=500`, '2023-01-01')).totalCount;
      else await call('GET', `${base}/c${i}`, '2024-10-23');
    }
    return { ms: performance.now() - t0, snapshots };
  } finally {
    await emulator.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

const baseline = await jumpCost(false);
const hourly = await jumpCost(true);
console.log(`one-year clock jump over ${CLUSTERS} dedicated clusters, then reading each, SQLite`);
console.log(`  baseline, no backup:                       ${baseline.ms.toFixed(1)} ms`);
console.log(`  hourly snapshots (8760 a year per cluster): ${hourly.ms.toFixed(1)} ms  (${hourly.snapshots} kept in all)`);
console.log(`  ratio: ${(hourly.ms / baseline.ms).toFixed(2)}`);
