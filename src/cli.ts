#!/usr/bin/env node
import fs from 'node:fs';
import { startEmulator, type Emulator } from './app.js';
import { beyondLoopbackWarning, ConfigError, loadConfig, usage, type Config } from './config.js';
import { isLoopbackAddress } from './platform/http/hosts.js';
import { exportState } from './platform/control/state.js';
import { PROJECTS } from './platform/tenancy.js';
import { formatIsoDuration } from './platform/sim/duration.js';
import { isoSeconds } from './platform/time.js';
import { VERSION } from './version.js';

function fail(message: string): never {
  console.error(`atlas-emulator: ${message}`);
  process.exit(2);
}

/** Where emulated time stands against the wall clock, in words. */
function clockWords(e: Emulator): string {
  const now = e.services.clock.now();
  const ahead = now - Date.now();
  const lead = Math.abs(ahead) < 1000 ? 'at real time' : `${formatIsoDuration(Math.round(Math.abs(ahead) / 1000) * 1000)} ${ahead > 0 ? 'ahead of' : 'behind'} real time`;
  return e.services.clock.frozen ? `frozen at ${isoSeconds(now)} (${lead})` : `running, ${lead}`;
}

async function banner(config: Config, e: Emulator, readyMs: number): Promise<string> {
  const c = e.credentials;
  const where = config.storage === 'sqlite' ? `state in ${config.dataDir}` : 'state in memory (not kept)';
  const projects = await e.services.store.count(PROJECTS, undefined);
  const loaded = config.importFile
    ? `imported from ${config.importFile} (${projects} projects)`
    : e.resumed
      ? `existing state loaded from ${config.dataDir} (${projects} projects)`
      : '';
  return [
    `Atlas Admin API emulator ${VERSION} listening on ${e.url} (${where}, ready in ${readyMs} ms)`,
    loaded ? `  state               ${loaded}` : '',
    `  clock               ${clockWords(e)}`,
    `  base URL            ${e.url}  (API under /api/atlas/v2, tokens at /api/oauth/token)`,
    `  organization        ${c.orgId}`,
    `  API key (Digest)    public ${c.publicKey}  private ${c.privateKey}`,
    `  service account     client id ${c.clientId}  secret ${c.clientSecret}`,
    config.storage === 'sqlite' ? `  credentials file    ${config.dataDir}/credentials.json` : '',
    e.tlsCertPath ? `  TLS certificate     ${e.tlsCertPath} (trust it in clients, e.g. SSL_CERT_FILE)` : '',
    e.controlTokenGenerated
      ? `  control token       ${e.controlToken} (generated: ${config.host} is beyond loopback; send Authorization: Bearer <token>)`
      : e.controlToken
        ? '  control token       required (Authorization: Bearer <token>)'
        : '',
    `  web console         ${e.url}/`,
    `  control endpoints   ${e.url}/__emulator/ (health, clock, state, faults, reset, requests, openapi.json)`,
    config.exportOnExit ? `  on exit             state written to ${config.exportOnExit}` : '',
  ]
    .filter(Boolean)
    .join('\n');
}

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig(process.argv.slice(2), process.env);
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    if (err.message === 'help') {
      console.log(usage());
      process.exit(0);
    }
    if (err.message === 'version') {
      console.log(VERSION);
      process.exit(0);
    }
    fail(err.message);
  }
  const started = Date.now();
  let emulator: Emulator;
  try {
    emulator = await startEmulator(config);
  } catch (err) {
    fail(err instanceof ConfigError ? err.message : `failed to start: ${err instanceof Error ? err.message : String(err)}`);
  }
  console.log(await banner(config, emulator, Date.now() - started));
  if (!isLoopbackAddress(config.host)) console.log(['', ...beyondLoopbackWarning(config.host)].join('\n'));
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    let code = 0;
    if (config.exportOnExit) {
      try {
        const tmp = `${config.exportOnExit}.${process.pid}.tmp`;
        fs.writeFileSync(tmp, JSON.stringify(await exportState(emulator.services)));
        fs.renameSync(tmp, config.exportOnExit);
        console.log(`atlas-emulator: ${signal}: state written to ${config.exportOnExit}`);
      } catch (err) {
        console.error(`atlas-emulator: --export-on-exit: could not write ${config.exportOnExit} (${(err as Error).message})`);
        code = 1;
      }
    }
    await emulator.close();
    process.exit(code);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((err) => {
  console.error('atlas-emulator: failed to start:', err instanceof Error ? err.message : err);
  process.exit(2);
});
