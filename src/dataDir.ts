import fs from 'node:fs';
import path from 'node:path';

/**
 * Creates a directory and its missing parents one level at a time. Node's
 * recursive mkdir never returns on some special file systems (e.g. under /proc);
 * this fails at once with the error of the level that cannot be made.
 */
export function ensureDir(dir: string): void {
  const missing: string[] = [];
  let cur = path.resolve(dir);
  while (!fs.existsSync(cur)) {
    missing.unshift(cur);
    const parent = path.dirname(cur);
    if (parent === cur) break;
    cur = parent;
  }
  for (const d of missing) fs.mkdirSync(d);
}
