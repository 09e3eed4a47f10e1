import { randomBytes } from 'node:crypto';
import type { Config } from './settings.js';
import { Commands } from './commands.js';
import { CredentialCache } from './credentials.js';
import type { EventType } from './events.js';
import { FaultRules } from './control/faults.js';
import { Authenticator } from './http/auth.js';
import { RequestFeed } from './http/requestLog.js';
import { TokenBuckets } from './http/ratelimit.js';
import { RequestLog } from './requestLog.js';
import { Clock } from './sim/clock.js';
import { Scheduler } from './sim/scheduler.js';
import { MemoryStore } from './store/memory.js';
import { SqliteStore } from './store/sqlite.js';
import type { Store } from './store/types.js';

/** Everything a handler or a lifecycle step may use, built once per server. */
export interface Services {
  config: Config;
  store: Store;
  clock: Clock;
  scheduler: Scheduler;
  credentials: CredentialCache;
  auth: Authenticator;
  rateLimits: TokenBuckets;
  /** Duration of a lifecycle step in ms of emulated time. */
  lifecycle(step: string): number;
  /** Fault rules set through the control endpoints, consulted on every operation call. */
  faults: FaultRules;
  /** Every answered request, for the log line and any request log. */
  requests: RequestFeed;
  /** Every event type the served resources record, by name (the feeds accept exactly these). */
  eventTypes: ReadonlyMap<string, EventType>;
  /** Runs the rules' commands (handlers reach it as ctx.command). */
  commands: Commands;
  /** The last requests answered, for the console and GET /__emulator/requests. */
  requestLog: RequestLog;
}

/** Keys in `meta` that survive a reset. */
export const SECRETS_META = 'secrets';

interface Secrets {
  nonceKey: string;
  jwtKey: string;
}

async function loadSecrets(store: Store): Promise<Secrets> {
  const raw = await store.getMeta(SECRETS_META);
  if (raw) return JSON.parse(raw) as Secrets;
  const secrets = { nonceKey: randomBytes(32).toString('base64'), jwtKey: randomBytes(32).toString('base64') };
  await store.write((tx) => tx.setMeta(SECRETS_META, JSON.stringify(secrets)));
  return secrets;
}

export async function createServices(config: Config, eventTypes: Readonly<Record<string, EventType>>): Promise<Services> {
  const store: Store = config.storage === 'memory' ? new MemoryStore() : SqliteStore.open(config.dataDir);
  const secrets = await loadSecrets(store);
  const clock = new Clock(store);
  await clock.load();
  const scheduler = new Scheduler(store, clock);
  const credentials = new CredentialCache(store);
  const rateLimits = new TokenBuckets(config.rateLimits);
  const auth = new Authenticator(
    credentials,
    store,
    Buffer.from(secrets.nonceKey, 'base64'),
    new Uint8Array(Buffer.from(secrets.jwtKey, 'base64')),
    config.nonceTtlSeconds * 1000,
    rateLimits,
  );
  await auth.loadRevocations();
  const lifecycle = (step: string) => {
    const ms = config.lifecycle[step];
    if (ms === undefined) throw new Error(`unknown lifecycle step ${step}`);
    return ms;
  };
  const faults = new FaultRules();
  // Commands take a provisioning fault by key; the rule that chose this call (failProvisioning) is the one.
  const provisioningFaults = {
    get: (_key: string) => faults.takeProvisioningFailure(),
    delete: (_key: string) => true,
  } as unknown as Map<string, unknown>;
  return {
    config,
    store,
    clock,
    scheduler,
    credentials,
    auth,
    rateLimits,
    lifecycle,
    faults,
    requests: new RequestFeed(),
    eventTypes: new Map(Object.entries(eventTypes)),
    // Any command may change credentials (keys, accounts, their access lists), so each one refreshes them.
    commands: new Commands(store, scheduler, lifecycle, () => clock.now(), provisioningFaults, () => credentials.invalidate()),
    requestLog: new RequestLog(),
  };
}
