import fs from 'node:fs';

/** The package's version, read beside the code (src/ and dist/ both sit next to package.json). */
export const VERSION: string = (JSON.parse(fs.readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version;
