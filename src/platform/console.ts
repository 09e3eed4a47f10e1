import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { API_PREFIX } from './http/server.js';
import type { Services } from './services.js';
import { ApiError } from './errors.js';
import { CONTROL_PREFIX, defineControl, type ControlEndpoint } from './control/endpoint.js';

// The web console: the page built from console/ (by `npm run build`, hence by
// `npm ci`), served at the root as Atlas serves its UI beside its API. It is
// a client like any script: it reads the API with a service account token and
// steers through the control endpoints.

const here = path.dirname(fileURLToPath(import.meta.url));
// Built, this file is dist/platform/console.js beside dist/console/; run from
// source, the assets are still those of the last build.
const CANDIDATES = [path.join(here, '..', 'console'), path.join(here, '..', '..', 'dist', 'console')];

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.map': 'application/json',
  '.txt': 'text/plain; charset=utf-8',
};

// The page may load and call nothing but this server.
const CSP = "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

const NOT_BUILT = `<!doctype html><meta charset="utf-8"><title>Atlas emulator</title>
<p>The console has not been built. Run <code>npm run build</code> (or <code>npm ci</code>), then reload.</p>
<p>The API is under <code>${API_PREFIX}</code>; the control endpoints under <code>${CONTROL_PREFIX}/</code>.</p>`;

interface Asset {
  type: string;
  body: Buffer;
}

function assetsDir(configured: string | undefined): string | undefined {
  return (configured ? [configured] : CANDIDATES).find((d) => fs.existsSync(path.join(d, 'index.html')));
}

/** Files are read on first request, not at start-up, so the console costs start-up nothing. */
function assetReader(configured: string | undefined) {
  const cache = new Map<string, Asset | null>();
  let dir: string | undefined | null = null;
  return (rel: string): Asset | null => {
    if (dir === null) dir = assetsDir(configured);
    if (!dir) return null;
    const hit = cache.get(rel);
    if (hit !== undefined) return hit;
    const file = path.resolve(dir, rel);
    let asset: Asset | null = null;
    if (file.startsWith(dir + path.sep) && fs.existsSync(file) && fs.statSync(file).isFile()) {
      asset = { type: TYPES[path.extname(file)] ?? 'application/octet-stream', body: fs.readFileSync(file) };
    }
    cache.set(rel, asset);
    return asset;
  };
}

export function registerConsole(app: FastifyInstance, services: Services): void {
  const read = assetReader(services.config.consoleDir);

  const page = (reply: FastifyReply) => {
    const index = read('index.html');
    return reply
      .code(200)
      .header('Content-Security-Policy', CSP)
      .header('Cache-Control', 'no-cache')
      .header('X-Content-Type-Options', 'nosniff')
      .type('text/html; charset=utf-8')
      .send(index ? index.body : NOT_BUILT);
  };

  app.get('/', async (_req, reply) => page(reply));

  // Built files carry a content hash in their names: they never change.
  app.get('/assets/*', async (req, reply) => {
    const rel = (req.params as { '*': string })['*'];
    const asset = rel.includes('..') ? null : read(`assets/${rel}`);
    if (!asset) {
      reply.callNotFound();
      return reply;
    }
    return reply
      .header('Cache-Control', 'public, max-age=31536000, immutable')
      .header('X-Content-Type-Options', 'nosniff')
      .type(asset.type)
      .send(asset.body);
  });

  // The console's own addresses (/projects/<id>/clusters, /requests...) load the page;
  // the API's and the control endpoints' unknown paths keep their own 404s.
  app.get('/*', async (req: FastifyRequest, reply) => {
    const url = req.url;
    if (url.startsWith('/api/') || url.startsWith(`${CONTROL_PREFIX}/`) || url === CONTROL_PREFIX || /\.[a-z0-9]+(\?|$)/i.test(url.split('?')[0]!)) {
      reply.callNotFound();
      return reply;
    }
    const accept = req.headers.accept ?? '';
    if (!accept.includes('text/html') && !accept.includes('*/*')) {
      reply.callNotFound();
      return reply;
    }
    return page(reply);
  });
}

/** The console reads the API as the bootstrap service account, with a token that expires like any other; the client secret never reaches the page. */
export const consoleControl: ControlEndpoint[] = [
  defineControl({
    method: 'POST',
    path: '/console/token',
    summary: "A one-hour API token of the bootstrap service account, for the web console.",
    handler: async ({ services, reply }) => {
      const { clientId } = services.config;
      if (!(await services.credentials.serviceAccount(clientId))) {
        throw new ApiError(409, 'BOOTSTRAP_SERVICE_ACCOUNT_MISSING', 'The bootstrap service account no longer exists; reset the emulator to bring it back.');
      }
      const { token, expiresIn } = await services.auth.issueToken(clientId);
      reply.header('Cache-Control', 'no-store');
      return { access_token: token, expires_in: expiresIn, token_type: 'Bearer', clientId };
    },
  }),
];
