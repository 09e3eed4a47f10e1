import type { FastifyInstance } from 'fastify';

// Endpoints outside /api/atlas/v2 that real clients call: the MongoDB MCP server asks for the
// caller's address before it adds an access-list entry, and tools ask which major version a new
// cluster gets. Neither says anything the caller does not know, so neither asks for credentials.

/** The major version new clusters get when a request names none. */
export const DEFAULT_MONGODB_MAJOR_VERSION = '8.0';

export function registerPrivateRoutes(app: FastifyInstance): void {
  app.get('/api/private/ipinfo', async (req, reply) => {
    const ip = req.ip ?? req.socket.remoteAddress ?? '';
    const address = ip.startsWith('::ffff:') ? ip.slice(7) : ip;
    return reply.header('Content-Type', 'application/json').send(JSON.stringify({ currentIpv4Address: address }));
  });
  app.get('/api/private/unauth/nds/defaultMongoDBMajorVersion', async (_req, reply) =>
    reply.header('Content-Type', 'text/plain; charset=utf-8').send(DEFAULT_MONGODB_MAJOR_VERSION),
  );
}
