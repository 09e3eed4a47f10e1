import type { FastifyInstance } from 'fastify';
import type { Config } from './platform/settings.js';
import { bindHooks } from './platform/hooks.js';
import { RESOURCES } from './resources/index.js';
import { eventTypesOf, lifecycleDefaultsOf, lifecyclesOf, operationsOf, type Resource } from './platform/resource.js';
import { driveLifecycles } from './platform/sim/lifecycle.js';
import { CONTROL_PREFIX, registerControlRoutes } from './platform/control/routes.js';
import { sameOriginJson } from './platform/control/guard.js';
import { bootstrap, writeCredentialsFile, type BootstrapResult } from './bootstrap.js';
import { buildServer } from './platform/http/server.js';
import { createServices, type Services } from './platform/services.js';
import { loadTls } from './platform/http/tls.js';

export interface Emulator {
  app: FastifyInstance;
  services: Services;
  credentials: BootstrapResult;
  /** http(s)://host:port once listening. */
  url: string;
  /** The certificate served over HTTPS, when TLS is on. */
  tlsCertPath?: string;
  close(): Promise<void>;
}

/**
 * Builds the server with its state loaded; listens unless told not to. Everything
 * it serves is wired from `resources` (the product's list unless a test adds one).
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
  bindHooks(resources.flatMap((r) => r.subscribes ?? []));
  // Settings given on the command line win; steps of resources it does not know keep their defaults.
  const lifecycle = { ...lifecycleDefaultsOf(resources), ...config.lifecycle };
  const services = await createServices({ ...config, lifecycle }, eventTypesOf(resources));
  driveLifecycles(services.scheduler, lifecyclesOf(resources));
  await services.scheduler.load();
  const credentials = await bootstrap(services.store, config, services.clock.now());
  const tls = await loadTls(config);
  const app = buildServer(services, {
    operations,
    ...(tls ? { https: { cert: tls.cert, key: tls.key } } : {}),
    ...(logStream ? { logStream } : {}),
    controlPrefix: `${CONTROL_PREFIX}/`,
    controlChecks: [sameOriginJson],
    extraRoutes: (a) => {
      registerControlRoutes(a, services, operations);
      for (const r of resources) r.control?.(a, services);
    },
  });
  let url = '';
  if (listen) {
    await app.listen({ host: config.host, port: config.port });
    const addr = app.server.address();
    const port = typeof addr === 'object' && addr ? addr.port : config.port;
    const host = config.host.includes(':') ? `[${config.host}]` : config.host;
    url = `${tls ? 'https' : 'http'}://${host}:${port}`;
  } else {
    await app.ready();
  }
  // Lifecycle steps that fell due while the server was down are worked off in the
  // background, like a clock jump: the server answers (health, reads) meanwhile.
  services.scheduler.settle({ jump: true }).catch((err) => console.error('lifecycle catch-up failed', err));
  services.scheduler.start();
  if (config.storage === 'sqlite') writeCredentialsFile(config.dataDir, credentials, url);
  return {
    app,
    services,
    credentials,
    url,
    tlsCertPath: tls?.certPath,
    async close() {
      services.scheduler.stop();
      await app.close();
      await services.store.close();
    },
  };
}
