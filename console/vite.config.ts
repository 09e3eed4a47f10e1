import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

// The console's build: console/ into dist/console/, served by the emulator at /.
// `npx vite --config console/vite.config.ts` serves it with live reload against
// an emulator on port 8080 (ATLAS_EMULATOR_URL to point elsewhere).
const root = path.dirname(fileURLToPath(import.meta.url));
const target = process.env.ATLAS_EMULATOR_URL ?? 'http://127.0.0.1:8080';

export default defineConfig({
  root,
  base: '/',
  logLevel: 'warn',
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: {
    outDir: path.join(root, '..', 'dist', 'console'),
    emptyOutDir: true,
    // The browsers people run the console in; nothing older is worth the size.
    target: 'es2022',
    chunkSizeWarningLimit: 200,
  },
  server: { proxy: { '/api': target, '/__emulator': target } },
});
