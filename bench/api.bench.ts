// Authenticated GET of a project with a Bearer token at 50 connections, against
// the emulator in its own process and, in the same run, a bare node:http server
// answering the same bytes. Rounds alternate between the two so that machine
// noise hits both; medians are reported, and the ratio is the median of each
// round's pair (neighbours in time see the same load). Then the cold start of the
// built CLI.
import autocannon from 'autocannon';
import { spawn } from 'node:child_process';
import { build, median, startEmulatorProcess, table } from './lib.js';
import { DEFAULT_CREDENTIALS } from '../src/config.js';

const CONNECTIONS = 50;
const ROUND_SECONDS = Number(process.env.BENCH_ROUND_SECONDS ?? 3);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const COLD_STARTS = Number(process.env.BENCH_COLD_STARTS ?? 7);
const ACCEPT = 'application/vnd.atlas.2023-01-01+json';

interface Sample {
  rps: number;
  p50: number;
  p99: number;
}

async function load(url: string, headers: Record<string, string>, seconds: number): Promise<Sample> {
  const r = await autocannon({ url, connections: CONNECTIONS, duration: seconds, headers });
  if (r.non2xx || r.errors || r.timeouts) {
    throw new Error(`${url}: ${r.non2xx} non-2xx, ${r.errors} errors, ${r.timeouts} timeouts`);
  }
  return { rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99 };
}

// The baseline: the same status, content type and body, nothing else.
const BARE_SERVER = `
const http = require('node:http');
const body = Buffer.from(process.env.BODY);
const type = process.env.TYPE;
const server = http.createServer((req, res) => {
  res.writeHead(200, { 'Content-Type': type, 'Content-Length': body.length });
  res.end(body);
});
server.listen(0, '127.0.0.1', () => console.log('http://127.0.0.1:' + server.address().port));
`;

async function startBare(body: string, type: string) {
  const child = spawn(process.execPath, ['-e', BARE_SERVER], {
    env: { ...process.env, BODY: body, TYPE: type },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise<string>((resolve) => child.stdout!.once('data', (d: Buffer) => resolve(d.toString().trim())));
  return {
    url,
    async stop() {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    },
  };
}

async function throughput(): Promise<{ bare: Sample; emulator: Sample; ratio: number }> {
  const emu = await startEmulatorProcess();
  try {
    const basic = Buffer.from(`${DEFAULT_CREDENTIALS.clientId}:${DEFAULT_CREDENTIALS.clientSecret}`).toString('base64');
    const tokenRes = await fetch(`${emu.url}/api/oauth/token`, {
      method: 'POST',
      headers: { Authorization: `Basic ${basic}`, 'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'grant_type=client_credentials',
    });
    const { access_token: token } = (await tokenRes.json()) as { access_token: string };
    const auth = { Authorization: `Bearer ${token}`, Accept: ACCEPT };
    const orgs = (await (await fetch(`${emu.url}/api/atlas/v2/orgs`, { headers: auth })).json()) as {
      results: { id: string }[];
    };
    const created = await fetch(`${emu.url}/api/atlas/v2/groups`, {
      method: 'POST',
      headers: { ...auth, 'Content-Type': 'application/json' },
      body: JSON.stringify({ name: 'bench-project', orgId: orgs.results[0]!.id }),
    });
    const { id } = (await created.json()) as { id: string };
    const projectUrl = `${emu.url}/api/atlas/v2/groups/${id}`;
    const sample = await fetch(projectUrl, { headers: auth });
    if (sample.status !== 200) throw new Error(`GET project answered ${sample.status}`);
    const bare = await startBare(await sample.text(), sample.headers.get('content-type')!);
    try {
      // Warm up both (JIT, caches) before measuring.
      await load(bare.url, auth, 1);
      await load(projectUrl, auth, 1);
      const bareRuns: Sample[] = [];
      const emuRuns: Sample[] = [];
      for (let i = 0; i < ROUNDS; i++) {
        bareRuns.push(await load(bare.url, auth, ROUND_SECONDS));
        emuRuns.push(await load(projectUrl, auth, ROUND_SECONDS));
      }
      const med = (runs: Sample[]): Sample => ({
        rps: median(runs.map((r) => r.rps)),
        p50: median(runs.map((r) => r.p50)),
        p99: median(runs.map((r) => r.p99)),
      });
      const ratios = emuRuns.map((e, i) => e.rps / bareRuns[i]!.rps);
      return { bare: med(bareRuns), emulator: med(emuRuns), ratio: median(ratios) };
    } finally {
      await bare.stop();
    }
  } finally {
    await emu.stop();
  }
}

/** Spawn of the built CLI with a fresh data directory until /__emulator/health answers 200. */
async function coldStarts(): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < COLD_STARTS; i++) {
    const t0 = performance.now();
    const emu = await startEmulatorProcess();
    try {
      const r = await fetch(`${emu.url}/__emulator/health`);
      if (r.status !== 200) throw new Error(`health answered ${r.status}`);
      times.push(performance.now() - t0);
    } finally {
      await emu.stop();
    }
  }
  return times;
}

build();
console.log(`GET /api/atlas/v2/groups/{groupId} with a Bearer token, ${CONNECTIONS} connections, ${ROUNDS} rounds of ${ROUND_SECONDS} s (medians)`);
const { bare, emulator, ratio } = await throughput();
table([
  ['server', 'req/s', 'p50 ms', 'p99 ms'],
  ['bare node:http (same bytes)', bare.rps, bare.p50, bare.p99],
  ['atlas emulator (sqlite)', emulator.rps, emulator.p50, emulator.p99],
]);
const starts = await coldStarts();
const start = median(starts);
console.log('');
table([
  ['target', 'measured', 'goal', 'met'],
  ['throughput ratio (median of rounds)', ratio, '>= 0.5', ratio >= 0.5 ? 'yes' : 'NO'],
  ['emulator p99 latency (ms)', emulator.p99, '< 10', emulator.p99 < 10 ? 'yes' : 'NO'],
  [`cold start to healthy (ms, median of ${starts.length})`, start, '< 1000', start < 1000 ? 'yes' : 'NO'],
]);
