// Cost of getDatabaseMeasurements: P1D over a year and PT1M over 48 hours,
// through HTTP, beside a bare node:http server answering the same bytes.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { startEmulator } from '../src/app.js';
import { defaultConfig } from '../src/config.js';
import { fetchToken } from '../test/helpers.js';

const ROUNDS = 60;

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

async function timeRequests(url: string, headers: Record<string, string>): Promise<{ p50: number; p99: number; bytes: string }> {
  const times: number[] = [];
  let bytes = '';
  for (let i = 0; i < ROUNDS; i++) {
    const t0 = performance.now();
    const r = await fetch(url, { headers });
    bytes = await r.text();
    if (r.status !== 200) throw new Error(`${r.status} ${bytes}`);
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return { p50: percentile(times, 50), p99: percentile(times, 99), bytes };
}

async function bare(body: string): Promise<{ url: string; close(): void }> {
  const server = http.createServer((_req, res) => {
    res.writeHead(200, { 'Content-Type': 'application/vnd.atlas.2023-01-01+json;charset=utf-8' });
    res.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`, close: () => server.close() };
}

async function main(): Promise<void> {
  const emulator = await startEmulator({ ...defaultConfig(), port: 0, storage: 'memory', logLevel: 'silent' });
  const { services, url, credentials: c } = emulator;
  const token = await fetchToken(url, c.clientId, c.clientSecret);
  const headers = { Authorization: `Bearer ${token}`, Accept: 'application/vnd.atlas.2025-03-12+json', 'Content-Type': 'application/json' };
  const api = `${url}/api/atlas/v2`;
  const post = async (path: string, body: unknown) => {
    const r = await fetch(`${api}${path}`, { method: 'POST', headers, body: JSON.stringify(body) });
    if (r.status >= 300) throw new Error(`${path}: ${r.status} ${await r.text()}`);
    return r.json() as Promise<{ id: string }>;
  };
  await services.clock.setFrozen(true);
  const group = await post('/groups', { name: 'bench-monitoring', orgId: c.orgId });
  await post(`/groups/${group.id}/clusters`, {
    name: 'bench',
    clusterType: 'REPLICASET',
    replicationSpecs: [{ regionConfigs: [{ providerName: 'AWS', regionName: 'US_EAST_1', priority: 7, electableSpecs: { instanceSize: 'M10', nodeCount: 3 } }] }],
  });
  await services.clock.advance(5 * 60_000);
  await services.scheduler.settle();
  await fetch(`${url}/__emulator/databases`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ groupId: group.id, clusterName: 'bench', databaseName: 'orders', growthPerDay: 0.01 }),
  });
  // A year of history for the daily query.
  await services.clock.advance(366 * 86_400_000);
  await services.scheduler.settle();
  const processes = (await (await fetch(`${api}/groups/${group.id}/processes`, { headers })).json()) as { results: { id: string }[] };
  const base = `${api}/groups/${group.id}/processes/${processes.results[0]!.id}/databases/orders/measurements`;

  const rows: string[] = [];
  for (const [name, query] of [
    ['P1D over a year', 'granularity=P1D&period=P365D'],
    ['PT1M over 48 hours', 'granularity=PT1M&period=PT48H'],
  ] as const) {
    const ours = await timeRequests(`${base}?${query}`, headers);
    const baseline = await bare(ours.bytes);
    const theirs = await timeRequests(baseline.url, {});
    baseline.close();
    rows.push(
      `${name.padEnd(20)} p50 ${ours.p50.toFixed(2)} ms  p99 ${ours.p99.toFixed(2)} ms  | bare node:http same ${(ours.bytes.length / 1024).toFixed(0)} KiB: p50 ${theirs.p50.toFixed(2)} ms  | ratio p50 ${(ours.p50 / theirs.p50).toFixed(1)}x  target p50 < 50 ms: ${ours.p50 < 50 ? 'met' : 'MISSED'}`,
    );
  }
  await emulator.close();
  console.log(`getDatabaseMeasurements (${ROUNDS} sequential requests each, all nine measurements)`);
  for (const r of rows) console.log(`  ${r}`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
