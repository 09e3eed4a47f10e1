import type { FastifyInstance } from 'fastify';
import type { Config } from './config.js';
import { bindHooks } from './platform/hooks.js';
import { EVENT_TYPES, OPERATIONS, RESOURCES } from './resources/index.js';
import { registerControlRoutes } from './platform/control/routes.js';
import { registerRequestLogRoutes } from './platform/control/requests.js';
import { registerLifecycleRoutes } from './platform/control/lifecycle.js';
import { registerConsole, registerControlIndex } from './platform/console.js';
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

/** Builds the server with its state loaded; listens unless told not to. */
export async function startEmulator(config: Config, { listen = true } = {}): Promise<Emulator> {
  bindHooks(RESOURCES.flatMap((r) => r.subscribes ?? []));
  const services = await createServices(config, EVENT_TYPES);
  for (const r of RESOURCES) r.timers?.(services);
  await services.scheduler.load();
  const credentials = await bootstrap(services.store, config, services.clock.now());
  const tls = await loadTls(config);
  const app = buildServer(services, {
    operations: OPERATIONS,
    ...(tls ? { https: { cert: tls.cert, key: tls.key } } : {}),
    extraRoutes: (a) => {
      registerControlIndex(a);
      registerControlRoutes(a, services, OPERATIONS);
      registerRequestLogRoutes(a, services);
      registerLifecycleRoutes(a, services);
      for (const r of RESOURCES) r.control?.(a, services);
      registerConsole(a, services);
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
  // Catch up on lifecycle steps that fell due while the server was down.
  await services.scheduler.settle();
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
