import type { FastifyInstance, FastifyReply } from 'fastify';
import { ApiError, errors } from '../errors.js';
import type { Operation } from '../http/operation.js';
import { sortKeys } from '../http/serialize.js';
import { checkBody, checkParams, checkQuery, compileValidators } from '../http/validation.js';
import type { Services } from '../services.js';
import { ControlReply, controlUrl, type ControlEndpoint } from './endpoint.js';

const JSON_TYPE = /^application\/(json|vnd\.atlas\.\d{4}-\d{2}-\d{2}\+json)\s*(;|$)/i;

function sendJson(reply: FastifyReply, status: number, body: unknown, headers: Record<string, string> = {}) {
  reply.code(status);
  for (const [k, v] of Object.entries(headers)) reply.header(k, v);
  if (body === undefined || status === 204) return reply.send();
  return reply.type('application/json').send(Buffer.from(JSON.stringify(body)));
}

export function sendControlError(reply: FastifyReply, err: ApiError) {
  return sendJson(reply, err.status, sortKeys(err.body()), { ...err.headers, 'X-Error-Code': err.errorCode });
}

/**
 * Serves declared control endpoints with the operations' validation: the same
 * path, query and body checks and Atlas's error body.
 */
export function registerControl(app: FastifyInstance, services: Services, endpoints: ControlEndpoint[]): void {
  for (const e of endpoints) {
    // The validators take the operation shape; a control endpoint has one unnamed version.
    const validators = compileValidators({ params: e.params, query: e.query, versions: { control: { body: e.body } } } as unknown as Operation);
    app.route({
      method: e.method,
      url: controlUrl(e).replace(/\{(\w+)\}/g, ':$1'),
      ...(e.bodyLimit ? { bodyLimit: e.bodyLimit } : {}),
      handler: async (req, reply) => {
        try {
          const params = { ...(req.params as Record<string, string>) };
          checkParams(validators, params);
          const query = { ...(req.query as Record<string, unknown>) };
          checkQuery(validators, query);
          let body: unknown = undefined;
          if (e.body) {
            const text = typeof req.body === 'string' ? req.body : '';
            if (text.trim() === '') {
              if (e.bodyRequired) throw errors.invalidJson();
              body = {};
            } else {
              const type = req.headers['content-type'];
              if (type && !JSON_TYPE.test(type)) throw errors.unsupportedMediaType(type);
              try {
                body = JSON.parse(text);
              } catch {
                throw errors.malformedJson();
              }
            }
            checkBody(validators, 'control', body);
          }
          const base = `${req.protocol}://${req.headers.host ?? req.hostname}`;
          const result = await e.handler({ params, query, body, services, base, request: req, reply });
          if (reply.sent) return reply;
          if (result instanceof ControlReply) return sendJson(reply, result.status, result.body, result.headers);
          return sendJson(reply, e.status ?? 200, result);
        } catch (err) {
          if (err instanceof ApiError) return sendControlError(reply, err);
          throw err;
        }
      },
    });
  }
}
