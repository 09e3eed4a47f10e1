// The settings a server runs with, as the platform reads them; src/config.ts
// fills them from flags and the environment.

export type StorageKind = 'sqlite' | 'memory';

export interface RateLimit {
  /** Requests a bucket holds when full. */
  capacity: number;
  /** Seconds to refill a full bucket. */
  periodSeconds: number;
}

export interface Config {
  host: string;
  /** Host names served besides loopback names, addresses and `host` (`.example.com` for a domain, `*` for any). */
  allowedHosts: string[];
  /** The request line and headers must arrive within this (ms). */
  headersTimeoutMs: number;
  /** The whole request, body included, must arrive within this (ms). */
  requestTimeoutMs: number;
  /** An idle kept-alive connection is closed after this (ms). */
  keepAliveTimeoutMs: number;
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
  /** The per-request line: text (coloured on a terminal) or one JSON object a line. */
  logFormat: 'pretty' | 'json';
  /** Bearer token every control endpoint (but health) requires; generated when listening beyond loopback without one. */
  controlToken?: string;
  /** A state document (GET /__emulator/state) to start from. */
  importFile?: string;
  /** Where to write a state document on SIGINT/SIGTERM. */
  exportOnExit?: string;
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
