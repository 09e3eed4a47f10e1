// The build behind `npm run build` and `prepare`: compiles src/, places the data
// files the server reads at run time beside the compiled code, and builds the
// web console (console/) into <out>/console. An optional argument builds into
// another folder (a test builds a scratch copy that way).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outDir = path.resolve(process.argv[2] ?? path.join(root, 'dist'));
const tsc = path.join(root, 'node_modules', 'typescript', 'bin', 'tsc');
const r = spawnSync(process.execPath, [tsc, '-p', path.join(root, 'tsconfig.build.json'), '--outDir', outDir], { stdio: 'inherit' });
if (r.status !== 0) process.exit(r.status ?? 1);

const ASSETS = ['platform/contract/atlas-contract.json'];
for (const asset of ASSETS) fs.cpSync(path.join(root, 'src', asset), path.join(outDir, asset));

const { build } = await import('vite');
await build({ configFile: path.join(root, 'console', 'vite.config.ts'), build: { outDir: path.join(outDir, 'console') } });
