import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { ConfigError } from './config.js';
import type { Config } from './platform/settings.js';
import { bindHooks } from './platform/hooks.js';
import { RESOURCES } from './resources/index.js';
import { eventTypesOf, lifecycleDefaultsOf, lifecyclesOf, operationsOf, type Resource } from './platform/resource.js';
import { driveLifecycles } from './platform/sim/lifecycle.js';
import { platformControl } from './platform/control/routes.js';
import type { ControlEndpoint } from './platform/control/endpoint.js';
import { CONTROL_PREFIX, controlUrl } from './platform/control/endpoint.js';
import { faultControl } from './platform/control/faultRoutes.js';
import { beyondLoopback, guardControlPlane, sameOriginJson } from './platform/control/guard.js';
import { registerControl } from './platform/control/register.js';
import { checkState, importState, stateControl } from './platform/control/state.js';
import { bootstrap, BOOTSTRAP_META, writeCredentialsFile, type BootstrapResult } from './bootstrap.js';
import { requestLogControl } from './platform/control/requests.js';
import { lifecycleControl } from './platform/control/lifecycle.js';
import { consoleControl, registerConsole } from './platform/console.js';
import { buildServer } from './platform/http/server.js';
import { logsRequests, requestLine } from './platform/http/requestLog.js';
import { createServices, type Services } from './platform/services.js';
import { loadTls } from './platform/http/tls.js';
import { startFailure, undoer } from './startup.js';

export interface Emulator {
  app: FastifyInstance;
  services: Services;
  credentials: BootstrapResult;
  /** http(s)://host:port once listening. */
  url: string;
  /** The certificate served over HTTPS, when TLS is on. */
  tlsCertPath?: string;
  /** The token the control plane requires, when it requires one. */
  controlToken?: string;
  /** The control token was made up at start-up (listening beyond loopback without one). */
  controlTokenGenerated: boolean;
  /** State from an earlier run was found in the data directory. */
  resumed: boolean;
  /** Every control endpoint served. */
  control: ControlEndpoint[];
  close(): Promise<void>;
}

function readImport(file: string, services: Services, collections: string[]) {
  let raw: unknown;
  try {
    raw = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (err) {
    throw new ConfigError(`--import: ${file} is not readable JSON (${(err as Error).message})`);
  }
  try {
    return checkState(raw, services, collections);
  } catch (err) {
    throw new ConfigError(`--import: ${file}: ${(err as Error).message}`);
  }
}

/** The token from an earlier start's credentials.json, so that scripts keep working across restarts. */
function earlierToken(config: Config): string | undefined {
  try {
    const saved = JSON.parse(fs.readFileSync(path.join(config.dataDir, 'credentials.json'), 'utf8')) as { controlToken?: unknown };
    return typeof saved.controlToken === 'string' ? saved.controlToken : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Builds the server with its state loaded; listens unless told not to. A failure
 * throws a ConfigError naming the setting at fault and leaves no file behind.
 */
export async function startEmulator(
  config: Config,
  {
    listen = true,
    resources = RESOURCES,
    logStream,
  }: { listen?: boolean; resources?: readonly Resource[]; logStream?: { write(line: string): void } } = {},
): Promise<Emulator> {
  const operations = operationsOf(resources);
  // Every collection the served resources keep (what a state document may hold).
  const collections = resources.flatMap((r) => [...r.collections]);
  const undo = undoer(config);
  let services: Services | undefined;
  let app: FastifyInstance | undefined;
  try {
    bindHooks(resources.flatMap((r) => r.subscribes ?? []));
    // Settings given on the command line win; steps of resources it does not know keep their defaults.
    const lifecycle = { ...lifecycleDefaultsOf(resources), ...config.lifecycle };
    services = await createServices({ ...config, lifecycle }, eventTypesOf(resources)).catch((err: Error) => {
      throw new ConfigError(`--data-dir: cannot keep state in ${config.dataDir} (${err.message})`);
    });
    const s = services;
    const resumed = (await s.store.getMeta(BOOTSTRAP_META)) !== undefined;
    driveLifecycles(s.scheduler, lifecyclesOf(resources));
    if (config.importFile) await importState(s, readImport(config.importFile, s, collections));
    await s.scheduler.load();
    const credentials = await bootstrap(s.store, config, s.clock.now());
    const tls = await loadTls(config);
    let controlToken = config.controlToken;
    const controlTokenGenerated = !controlToken && beyondLoopback(config.host);
    if (controlTokenGenerated) controlToken = earlierToken(config) ?? randomBytes(24).toString('base64url');
    const control: ControlEndpoint[] = [
      ...platformControl(operations, () => control),
      ...faultControl(s.faults, operations),
      ...stateControl(collections),
      ...requestLogControl,
      ...lifecycleControl,
      ...consoleControl,
      ...resources.flatMap((r) => r.control ?? []),
    ];
    const open = control.filter((e) => e.open).map(controlUrl);
    try {
      app = buildServer(s, {
        operations,
        ...(logStream ? { logStream } : {}),
        controlPrefix: `${CONTROL_PREFIX}/`,
        controlChecks: [sameOriginJson],
        ...(tls ? { https: { cert: tls.cert, key: tls.key } } : {}),
        beforeRoutes: (a) => guardControlPlane(a, controlToken, open),
        extraRoutes: (a) => {
          registerControl(a, s, control);
          registerConsole(a, s);
        },
      });
    } catch (err) {
      if (tls) throw new ConfigError(`--tls-cert/--tls-key: the certificate and key cannot serve HTTPS (${(err as Error).message})`);
      throw err;
    }
    if (logsRequests(config.logLevel)) {
      const color = Boolean(process.stdout.isTTY);
      s.requests.on((r) => process.stdout.write(`${requestLine(r, config.logFormat, color)}\n`));
    }
    let url = '';
    if (listen) {
      await app.listen({ host: config.host, port: config.port }).catch((err: NodeJS.ErrnoException) => {
        throw startFailure(err, config);
      });
      const addr = app.server.address();
      const port = typeof addr === 'object' && addr ? addr.port : config.port;
      const host = config.host.includes(':') ? `[${config.host}]` : config.host;
      url = `${tls ? 'https' : 'http'}://${host}:${port}`;
    } else {
      await app.ready();
    }
    // Catch up on lifecycle steps that fell due while the server was down.
    // Lifecycle steps that fell due while the server was down are worked off in the
    // background, like a clock jump: the server answers (health, reads) meanwhile.
    s.scheduler.settle({ jump: true }).catch((err) => console.error('lifecycle catch-up failed', err));
    s.scheduler.start();
    if (config.storage === 'sqlite') writeCredentialsFile(config.dataDir, credentials, url, controlTokenGenerated ? controlToken : undefined);
    const running = app;
    return {
      app: running,
      services: s,
      credentials,
      url,
      tlsCertPath: tls?.certPath,
      controlToken,
      controlTokenGenerated,
      resumed,
      control,
      async close() {
        s.scheduler.stop();
        await running.close();
        await s.store.close();
      },
    };
  } catch (err) {
    services?.scheduler.stop();
    await app?.close().catch(() => undefined);
    await services?.store.close().catch(() => undefined);
    undo();
    throw err;
  }
}
