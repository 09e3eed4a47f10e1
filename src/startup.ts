import fs from 'node:fs';
import path from 'node:path';
import { ConfigError, type Config } from './config.js';

/**
 * What a failed start must take back: the data directory when this start made
 * it (and any parents it made), or else the files this start added to it.
 */
export function undoer(config: Config): () => void {
  let top: string | undefined;
  for (let d = path.resolve(config.dataDir); !fs.existsSync(d); d = path.dirname(d)) {
    top = d;
    if (path.dirname(d) === d) break;
  }
  let before: Set<string> | null = null;
  try {
    if (!top) before = new Set(fs.readdirSync(config.dataDir));
  } catch {
    // Not a directory: nothing of ours can land in it.
  }
  return () => {
    if (top) fs.rmSync(top, { recursive: true, force: true });
    else if (before && fs.existsSync(config.dataDir)) {
      for (const f of fs.readdirSync(config.dataDir)) if (!before.has(f)) fs.rmSync(path.join(config.dataDir, f), { recursive: true, force: true });
    }
  };
}

/** A listen error as one line naming the setting to change. */
export function startFailure(err: NodeJS.ErrnoException, config: Config): Error {
  switch (err.code) {
    case 'EADDRINUSE':
      return new ConfigError(`--port: ${config.port} is already in use on ${config.host}`);
    case 'EACCES':
      return new ConfigError(`--port: not allowed to listen on port ${config.port} (ports below 1024 need privileges)`);
    case 'EADDRNOTAVAIL':
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return new ConfigError(`--host: ${config.host} is not an address of this machine`);
    default:
      return err;
  }
}
