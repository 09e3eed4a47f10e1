#!/usr/bin/env node
import { startEmulator } from './app.js';
import { ConfigError, loadConfig, usage } from './config.js';

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig(process.argv.slice(2), process.env);
  } catch (err) {
    if (err instanceof ConfigError) {
      if (err.message === 'help') {
        console.log(usage());
        process.exit(0);
      }
      console.error(`atlas-emulator: ${err.message}`);
      process.exit(2);
    }
    throw err;
  }
  const started = Date.now();
  const emulator = await startEmulator(config);
  const c = emulator.credentials;
  const where = config.storage === 'sqlite' ? `state in ${config.dataDir}` : 'state in memory (not kept)';
  console.log(
    [
      `Atlas Admin API emulator listening on ${emulator.url} (${where}, ready in ${Date.now() - started} ms)`,
      `  base URL            ${emulator.url}  (API under /api/atlas/v2, tokens at /api/oauth/token)`,
      `  organization        ${c.orgId}`,
      `  API key (Digest)    public ${c.publicKey}  private ${c.privateKey}`,
      `  service account     client id ${c.clientId}  secret ${c.clientSecret}`,
      config.storage === 'sqlite' ? `  credentials file    ${config.dataDir}/credentials.json` : '',
      emulator.tlsCertPath ? `  TLS certificate     ${emulator.tlsCertPath} (trust it in clients, e.g. NODE_EXTRA_CA_CERTS)` : '',
      `  web console         ${emulator.url}/`,
      `  control endpoints   ${emulator.url}/__emulator/ (health, clock, reset, requests, openapi.json)`,
    ]
      .filter(Boolean)
      .join('\n'),
  );
  const stop = async () => {
    await emulator.close();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((err) => {
  console.error('atlas-emulator: failed to start:', err instanceof Error ? err.message : err);
  process.exit(1);
});
