import fs from 'node:fs';
import path from 'node:path';
import { parseIsoDuration } from './platform/sim/duration.js';
import { LIFECYCLE_DEFAULTS } from './resources/index.js';

export type StorageKind = 'sqlite' | 'memory';

export interface RateLimit {
  /** Requests a bucket holds when full. */
  capacity: number;
  /** Seconds to refill a full bucket. */
  periodSeconds: number;
}

export interface Config {
  host: string;
  port: number;
  dataDir: string;
  storage: StorageKind;
  publicKey: string;
  privateKey: string;
  clientId: string;
  clientSecret: string;
  /** Sunset versions answer 410 VERSION_GONE instead of being served with Deprecation/Sunset headers. */
  enforceSunset: boolean;
  /** How long each lifecycle step takes, in ms of emulated time, by step name. */
  lifecycle: Record<string, number>;
  /** Token buckets by name. */
  rateLimits: Record<string, RateLimit>;
  /** Digest nonces are valid this long (wall-clock seconds). */
  nonceTtlSeconds: number;
  logLevel: string;
  /** Checks every response body against its declared schema; a mismatch answers 500 (for tests). */
  validateResponses: boolean;
  /** Serve HTTPS with a self-signed certificate for localhost kept in the data directory. */
  tls: boolean;
  /** Serve HTTPS with this PEM certificate and key (both or neither). */
  tlsCert?: string;
  tlsKey?: string;
  /** The console's built files; by default those of the build beside the server (dist/console). */
  consoleDir?: string;
}

// Well-known credentials, so that CI and demos need no set-up. Same shapes as
// Atlas's: 8 lowercase characters and a UUID; mdb_sa_id_ + 24 hex and mdb_sa_sk_ + 64 hex.
export const DEFAULT_CREDENTIALS = {
  publicKey: 'emulator',
  privateKey: '00000000-0000-4000-8000-000000000001',
  clientId: 'mdb_sa_id_000000000000000000000001',
  clientSecret: 'mdb_sa_sk_emulator000000000000000000000000000000000000000000000000000000',
};


export const RATE_LIMIT_DEFAULTS: Record<string, RateLimit> = {
  // Atlas limits the token endpoint per client and address to 10 a minute.
  oauthToken: { capacity: 10, periodSeconds: 60 },
  // Atlas's "Performance Advisor" endpoint set (managedSlowMs and its enable and
  // disable): 1200 tokens per project, refilled at 500 a minute, so 144 s from empty to full.
  managedSlowMs: { capacity: 1200, periodSeconds: 144 },
  // Invitations (organization and project invitations, users added to an organization or project), per
  // organization or project: a burst of 10, one back every 6 seconds. Atlas limits invitations; its
  // figures are not public, so these are the emulator's.
  invitations: { capacity: 10, periodSeconds: 60 },
};

export class ConfigError extends Error {}

interface Setting {
  flag: string;
  env: string;
  apply(cfg: Config, value: string): void;
  help: string;
  /** On/off: the flag alone (no value after it) turns it on. */
  toggle?: boolean;
}

function positiveInt(name: string, value: string, max = Number.MAX_SAFE_INTEGER): number {
  if (!/^\d+$/.test(value) || Number(value) < 1 || Number(value) > max) {
    throw new ConfigError(`${name}: expected a whole number from 1 to ${max}, got "${value}"`);
  }
  return Number(value);
}

function bool(name: string, value: string): boolean {
  if (['1', 'true', 'yes', 'on'].includes(value)) return true;
  if (['0', 'false', 'no', 'off', ''].includes(value)) return false;
  throw new ConfigError(`${name}: expected true or false, got "${value}"`);
}

function toggle(flag: string, env: string, help: string, set: (cfg: Config, on: boolean) => void): Setting {
  return { flag, env, help, toggle: true, apply: (c, v) => set(c, bool(flag, v)) };
}

function readablePath(name: string, value: string): string {
  if (!value) throw new ConfigError(`${name}: expected a path`);
  const resolved = path.resolve(value);
  try {
    fs.accessSync(resolved, fs.constants.R_OK);
  } catch {
    throw new ConfigError(`${name}: cannot read "${value}"`);
  }
  return resolved;
}

/** name=value pairs separated by commas: cluster.create=PT10S,cluster.delete=PT5S */
function pairs(name: string, value: string): [string, string][] {
  return value
    .split(',')
    .filter((p) => p.trim() !== '')
    .map((p) => {
      const i = p.indexOf('=');
      if (i <= 0) throw new ConfigError(`${name}: expected name=value, got "${p}"`);
      return [p.slice(0, i).trim(), p.slice(i + 1).trim()];
    });
}

export const SETTINGS: Setting[] = [
  {
    flag: '--host',
    env: 'ATLAS_EMULATOR_HOST',
    help: 'address to listen on (default 127.0.0.1)',
    apply: (c, v) => {
      if (!v || /\s/.test(v)) throw new ConfigError(`--host: expected an address, got "${v}"`);
      c.host = v;
    },
  },
  {
    flag: '--port',
    env: 'ATLAS_EMULATOR_PORT',
    help: 'port to listen on, 0 for any free port (default 8080)',
    apply: (c, v) => {
      c.port = v === '0' ? 0 : positiveInt('--port', v, 65535);
    },
  },
  {
    flag: '--data-dir',
    env: 'ATLAS_EMULATOR_DATA_DIR',
    help: 'where state and credentials.json are kept (default ./.atlas-emulator)',
    apply: (c, v) => {
      if (!v) throw new ConfigError('--data-dir: expected a path');
      c.dataDir = path.resolve(v);
    },
  },
  {
    flag: '--storage',
    env: 'ATLAS_EMULATOR_STORAGE',
    help: 'sqlite (durable, default) or memory (throwaway)',
    apply: (c, v) => {
      if (v !== 'sqlite' && v !== 'memory') throw new ConfigError(`--storage: expected sqlite or memory, got "${v}"`);
      c.storage = v;
    },
  },
  {
    flag: '--public-key',
    env: 'ATLAS_EMULATOR_PUBLIC_KEY',
    help: 'public key of the bootstrap organization owner API key (8 lowercase letters or digits)',
    apply: (c, v) => {
      if (!/^[a-z0-9]{8}$/.test(v)) throw new ConfigError(`--public-key: expected 8 lowercase letters or digits, got "${v}"`);
      c.publicKey = v;
    },
  },
  {
    flag: '--private-key',
    env: 'ATLAS_EMULATOR_PRIVATE_KEY',
    help: 'private key of the bootstrap API key (a UUID)',
    apply: (c, v) => {
      if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(v)) {
        throw new ConfigError(`--private-key: expected a UUID, got "${v}"`);
      }
      c.privateKey = v.toLowerCase();
    },
  },
  {
    flag: '--client-id',
    env: 'ATLAS_EMULATOR_CLIENT_ID',
    help: 'client id of the bootstrap service account (mdb_sa_id_ + 24 hex)',
    apply: (c, v) => {
      if (!/^mdb_sa_id_[a-f0-9]{24}$/.test(v)) throw new ConfigError(`--client-id: expected mdb_sa_id_ and 24 hex digits, got "${v}"`);
      c.clientId = v;
    },
  },
  {
    flag: '--client-secret',
    env: 'ATLAS_EMULATOR_CLIENT_SECRET',
    help: 'client secret of the bootstrap service account (mdb_sa_sk_ + at least 16 characters)',
    apply: (c, v) => {
      if (!/^mdb_sa_sk_[A-Za-z0-9]{16,}$/.test(v)) throw new ConfigError(`--client-secret: expected mdb_sa_sk_ and at least 16 letters or digits`);
      c.clientSecret = v;
    },
  },
  toggle(
    '--enforce-sunset',
    'ATLAS_EMULATOR_ENFORCE_SUNSET',
    'answer 410 VERSION_GONE for sunset versions (default false: serve them with Deprecation/Sunset headers)',
    (c, on) => (c.enforceSunset = on),
  ),
  {
    flag: '--lifecycle',
    env: 'ATLAS_EMULATOR_LIFECYCLE',
    help: `durations of lifecycle steps as ISO 8601, e.g. cluster.create=PT10S (steps: ${Object.keys(LIFECYCLE_DEFAULTS).join(', ')})`,
    apply: (c, v) => {
      for (const [k, d] of pairs('--lifecycle', v)) {
        if (!(k in LIFECYCLE_DEFAULTS)) throw new ConfigError(`--lifecycle: unknown step "${k}"`);
        const ms = parseIsoDuration(d);
        if (ms === undefined) throw new ConfigError(`--lifecycle: "${d}" is not an ISO 8601 duration`);
        c.lifecycle[k] = ms;
      }
    },
  },
  {
    flag: '--rate-limit',
    env: 'ATLAS_EMULATOR_RATE_LIMIT',
    help: `token buckets as name=requests/seconds, e.g. managedSlowMs=100/60 (buckets: ${Object.keys(RATE_LIMIT_DEFAULTS).join(', ')})`,
    apply: (c, v) => {
      for (const [k, d] of pairs('--rate-limit', v)) {
        if (!(k in RATE_LIMIT_DEFAULTS)) throw new ConfigError(`--rate-limit: unknown bucket "${k}"`);
        const m = /^(\d+)\/(\d+)$/.exec(d);
        if (!m) throw new ConfigError(`--rate-limit: expected requests/seconds, got "${d}"`);
        c.rateLimits[k] = {
          capacity: positiveInt('--rate-limit', m[1]!),
          periodSeconds: positiveInt('--rate-limit', m[2]!),
        };
      }
    },
  },
  {
    flag: '--nonce-ttl',
    env: 'ATLAS_EMULATOR_NONCE_TTL',
    help: 'seconds a Digest nonce stays valid (default 300)',
    apply: (c, v) => {
      c.nonceTtlSeconds = positiveInt('--nonce-ttl', v);
    },
  },
  {
    flag: '--log-level',
    env: 'ATLAS_EMULATOR_LOG_LEVEL',
    help: 'fatal, error, warn, info (one line per request) or debug (default warn)',
    apply: (c, v) => {
      if (!['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].includes(v)) {
        throw new ConfigError(`--log-level: unknown level "${v}"`);
      }
      c.logLevel = v;
    },
  },
  toggle(
    '--tls',
    'ATLAS_EMULATOR_TLS',
    'serve HTTPS with a self-signed certificate for localhost (kept as tls-cert.pem / tls-key.pem in the data directory)',
    (c, on) => (c.tls = on),
  ),
  {
    flag: '--tls-cert',
    env: 'ATLAS_EMULATOR_TLS_CERT',
    help: 'serve HTTPS with this PEM certificate (with --tls-key)',
    apply: (c, v) => {
      c.tlsCert = readablePath('--tls-cert', v);
    },
  },
  {
    flag: '--tls-key',
    env: 'ATLAS_EMULATOR_TLS_KEY',
    help: 'private key of --tls-cert, PEM',
    apply: (c, v) => {
      c.tlsKey = readablePath('--tls-key', v);
    },
  },
  toggle(
    '--validate-responses',
    'ATLAS_EMULATOR_VALIDATE_RESPONSES',
    'check every response against its declared schema (for tests)',
    (c, on) => (c.validateResponses = on),
  ),
];

export function defaultConfig(): Config {
  return {
    host: '127.0.0.1',
    port: 8080,
    dataDir: path.resolve('.atlas-emulator'),
    storage: 'sqlite',
    ...DEFAULT_CREDENTIALS,
    enforceSunset: false,
    lifecycle: { ...LIFECYCLE_DEFAULTS },
    rateLimits: structuredClone(RATE_LIMIT_DEFAULTS),
    nonceTtlSeconds: 300,
    logLevel: 'warn',
    validateResponses: false,
    tls: false,
  };
}

/** Environment first, then flags (flags win). Throws ConfigError naming the setting. */
export function loadConfig(argv: string[], env: NodeJS.ProcessEnv): Config {
  const cfg = defaultConfig();
  for (const s of SETTINGS) {
    const v = env[s.env];
    if (v === undefined) continue;
    try {
      s.apply(cfg, v);
    } catch (err) {
      // Say where the value came from: the user set a variable, not the flag.
      if (err instanceof ConfigError) throw new ConfigError(`${err.message} (from ${s.env})`);
      throw err;
    }
  }
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--help' || arg === '-h') throw new ConfigError('help');
    const eq = arg.indexOf('=');
    const flag = eq > 0 ? arg.slice(0, eq) : arg;
    const s = SETTINGS.find((x) => x.flag === flag);
    if (!s) throw new ConfigError(`unknown option "${arg}" (see --help)`);
    let value: string | undefined = eq > 0 ? arg.slice(eq + 1) : undefined;
    if (value === undefined) {
      if (s.toggle && (argv[i + 1] === undefined || argv[i + 1]!.startsWith('--'))) value = 'true';
      else value = argv[++i];
    }
    if (value === undefined) throw new ConfigError(`${flag}: a value is required`);
    s.apply(cfg, value);
  }
  if ((cfg.tlsCert === undefined) !== (cfg.tlsKey === undefined)) {
    throw new ConfigError(cfg.tlsCert ? '--tls-key: required with --tls-cert' : '--tls-cert: required with --tls-key');
  }
  return cfg;
}

export function usage(): string {
  const lines = SETTINGS.map((s) => `  ${s.flag.padEnd(22)} ${s.env.padEnd(34)} ${s.help}`);
  return ['Usage: atlas-emulator [options]', '', '  flag                   environment variable', ...lines].join('\n');
}
