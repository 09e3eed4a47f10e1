import querystring from 'node:querystring';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import type { TObject } from '@sinclair/typebox';
import { ApiError, errors } from '../errors.js';
import { getOrg } from '../../resources/organizations/orgs.js';
import { getProject } from '../../resources/projects/projects.js';
import { requireOrgRole, requireProjectRole } from '../roles.js';
import type { Services } from '../services.js';
import { recordCall } from '../requestLog.js';
import { Reply, type Operation, type OperationContext, type PageRequest, type VersionSpec } from './operation.js';
import { listBuilder } from '../paging.js';
import { registerOAuthRoutes } from './oauth.js';
import { registerPrivateRoutes } from './private.js';
import { NotServed, refuseNotServed } from '../contract/notServed.js';
import { DropConnection, faultError } from '../control/faults.js';
import { noteRequest } from './requestLog.js';
import { Router } from './router.js';
import { serializerFor, sortKeys } from './serialize.js';
import { checkBody, checkBodyShape, checkParams, checkQuery, compileValidators, responseViolations, type CompiledValidators } from './validation.js';
import { contentType, negotiate } from './versions.js';
import { HostPolicy, hostNotAllowed } from './hosts.js';
import { clientErrorHandler, errorJson, markAnswered, serverTimeouts, wireErrors } from './wire.js';

export const API_PREFIX = '/api/atlas/v2';

interface Compiled {
  op: Operation;
  validators: CompiledValidators;
}

interface Outcome {
  status: number;
  /** Serialized JSON, or undefined for no body. */
  json: string | undefined;
  version: string | null;
  spec: VersionSpec | null;
  headers: Record<string, string>;
}

const JSON_TYPES = /^application\/(json|vnd\.atlas\.\d{4}-\d{2}-\d{2}\+json)\s*(;|$)/i;

function errorOutcome(err: ApiError): Outcome {
  return {
    status: err.status,
    json: errorJson(err),
    version: null,
    spec: null,
    headers: { ...err.headers, 'X-Error-Code': err.errorCode },
  };
}

function flag(query: Record<string, unknown>, name: string): boolean {
  const v = query[name];
  const s = Array.isArray(v) ? v[v.length - 1] : v;
  return s === 'true' || s === true;
}

/** Writes an outcome with Atlas's content types, envelope and pretty printing. */
function send(reply: FastifyReply, out: Outcome, envelope: boolean, pretty: boolean): FastifyReply {
  let status = out.status;
  let json = out.json;
  // A Digest challenge must stay a 401, or clients never answer it.
  if (envelope && !out.headers['WWW-Authenticate']) {
    // Clients that cannot read status codes: the status moves into the body and HTTP says 200.
    const parsed = json === undefined ? undefined : JSON.parse(json);
    const isList = parsed && typeof parsed === 'object' && !Array.isArray(parsed) && 'results' in parsed && out.status < 300;
    const wrapped = isList
      ? { ...parsed, status }
      : parsed === undefined
        ? { status }
        : { content: parsed, status };
    json = JSON.stringify(sortKeys(wrapped));
    status = 200;
  }
  if (pretty && json !== undefined) json = JSON.stringify(JSON.parse(json), null, 2);
  reply.code(status);
  for (const [k, v] of Object.entries(out.headers)) reply.header(k, v);
  if (out.spec?.deprecation) reply.header('Deprecation', out.spec.deprecation);
  if (out.spec?.sunset) reply.header('Sunset', out.spec.sunset);
  if (out.version) reply.header('Content-Type', contentType(out.version));
  else reply.header('Content-Type', 'application/json');
  if (json === undefined) return reply.send();
  const raw = (out.spec?.text || out.spec?.gzip) && !envelope && out.status < 300 ? Buffer.from(JSON.parse(json) as string, out.spec.gzip ? 'base64' : 'utf8') : undefined;
  if (raw) return (out.spec?.gzip ? reply.header('Content-Type', `application/vnd.atlas.${out.version}+gzip`) : reply).send(raw);
  // As bytes, so that the content type goes out exactly as set (errors: plain application/json).
  return reply.send(Buffer.from(json));
}

function baseUrl(req: FastifyRequest): string {
  return `${req.protocol}://${req.headers.host ?? `${req.hostname}`}`;
}

function decodeParams(raw: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(raw)) {
    if (!v.includes('%')) {
      out[k] = v;
      continue;
    }
    try {
      out[k] = decodeURIComponent(v);
    } catch {
      throw errors.invalidPathParameter(k);
    }
  }
  return out;
}

export interface ServerOptions {
  operations: Operation[];
  /** Hooks that must see every request, added before any route. */
  beforeRoutes?: (app: FastifyInstance) => void;
  /** Extra routes (control endpoints) registered beside the API. */
  extraRoutes?: (app: FastifyInstance) => void;
  /** PEM certificate and key: the server speaks HTTPS. */
  https?: { cert: string; key: string };
  /** Requests under this prefix pass `controlChecks` before their route runs. */
  controlPrefix?: string;
  controlChecks?: ((req: FastifyRequest) => ApiError | undefined)[];
  /** Where log lines go instead of stdout (tests read them). */
  logStream?: { write(line: string): void };
}

/** The peer's address; empty once the socket is gone, which no access list matches. */
function remoteAddress(req: FastifyRequest): string {
  return req.ip ?? '';
}

export function buildServer(services: Services, options: ServerOptions): FastifyInstance {
  const { config } = services;
  const timeouts = serverTimeouts(config);
  const app = Fastify({
    // The per-request line comes from the request feed; Fastify logs only what goes wrong.
    logger: { level: config.logLevel === 'info' ? 'warn' : config.logLevel, ...(options.logStream ? { stream: options.logStream } : {}) },
    bodyLimit: 4 * 1024 * 1024,
    // While closing, requests in flight are still served (with Connection: close) rather than given a body not in Atlas's shape.
    return503OnClosing: false,
    keepAliveTimeout: timeouts.keepAliveTimeout,
    requestTimeout: timeouts.requestTimeout,
    ...(options.https ? { https: { ...options.https, ...timeouts } } : { http: timeouts }),
    clientErrorHandler,
    // The whole path after the prefix is one wildcard parameter; Atlas paths with two ids and a name run past the default 100.
    routerOptions: { maxParamLength: 8192 },
    // Paths the router refuses (broken percent-encoding, an overlong segment) still get Atlas's answers.
    frameworkErrors: (_err, req, reply) => {
      const path = req.raw.url ?? '/';
      const q = path.indexOf('?');
      req.query = querystring.parse(q < 0 ? '' : path.slice(q + 1));
      if (path.startsWith(`${API_PREFIX}/`)) return apiHandler(req, reply);
      return send(reply, errorOutcome(errors.resourceNotFound(q < 0 ? path : path.slice(0, q))), false, false);
    },
  }) as unknown as FastifyInstance;
  services.requests.attach(app);
  options.beforeRoutes?.(app);
  const router = new Router(options.operations);
  const notServed = new NotServed(options.operations);
  const compiled = new Map<Operation, Compiled>();
  for (const op of options.operations) compiled.set(op, { op, validators: compileValidators(op) });

  // Bodies arrive as text; the pipeline parses them so that bad JSON gets Atlas's error.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'string' }, (_req, body, done) => done(null, body));

  app.setErrorHandler((err: Error & { statusCode?: number; code?: string }, req, reply) => {
    let apiErr: ApiError;
    if (err instanceof ApiError) apiErr = err;
    else if (err.code === 'FST_ERR_CTP_BODY_TOO_LARGE') apiErr = errors.payloadTooLarge();
    else if (err.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') apiErr = errors.unsupportedMediaType(String(req.headers['content-type']));
    else if (err.statusCode && err.statusCode >= 400 && err.statusCode < 500) {
      apiErr = new ApiError(err.statusCode, 'INVALID_REQUEST', 'The request could not be read.');
    } else {
      req.log.error({ err }, 'unexpected error');
      apiErr = errors.unexpected();
    }
    const q = (req.query ?? {}) as Record<string, unknown>;
    return send(reply, errorOutcome(apiErr), flag(q, 'envelope'), flag(q, 'pretty'));
  });

  const hosts = new HostPolicy(config.host, config.allowedHosts);
  const refuse = (req: FastifyRequest, reply: FastifyReply, err: ApiError) => {
    const q = (req.query ?? {}) as Record<string, unknown>;
    return send(reply, errorOutcome(err), flag(q, 'envelope'), flag(q, 'pretty'));
  };
  // Checks every request passes before routing; synchronous, as they run on every API call.
  app.addHook('onRequest', (req, reply, done) => {
    const te = req.headers['transfer-encoding'];
    // RFC 9112 6.1: without chunked last, the body's length is unknowable; answer once and close.
    if (te !== undefined && !/(^|,)\s*chunked\s*$/i.test(te)) {
      markAnswered(req.raw.socket);
      reply.header('Connection', 'close');
      return refuse(req, reply, wireErrors.unreadable());
    }
    if (!hosts.allows(req.headers.host)) return refuse(req, reply, hostNotAllowed(String(req.headers.host)));
    if (options.controlPrefix && req.url.startsWith(options.controlPrefix)) {
      for (const check of options.controlChecks ?? []) {
        const err = check(req);
        if (err) return refuse(req, reply, err);
      }
    }
    done();
  });

  app.setNotFoundHandler((req, reply) => {
    const q = (req.query ?? {}) as Record<string, unknown>;
    return send(reply, errorOutcome(errors.resourceNotFound(req.url.split('?')[0]!)), flag(q, 'envelope'), flag(q, 'pretty'));
  });

  /** What the request log learns while a request runs. */
  interface Trace {
    operationId: string | null;
    caller: string | null;
  }

  async function run(req: FastifyRequest, trace: Trace): Promise<Outcome> {
    const q = req.url.indexOf('?');
    const pathname = q < 0 ? req.url : req.url.slice(0, q);
    const rawQuery = q < 0 ? '' : req.url.slice(q + 1);
    const method = req.method === 'HEAD' ? 'GET' : req.method;
    const match = router.match(method, pathname);
    if (match.kind !== 'found') refuseNotServed(notServed, method, pathname, req.log);
    if (match.kind === 'notFound') throw errors.resourceNotFound(pathname);
    if (match.kind === 'methodNotAllowed') {
      const e = errors.methodNotAllowed(req.method, pathname);
      throw new ApiError(e.status, e.errorCode, e.detail, e.parameters, undefined, {
        Allow: match.allowed.join(', '),
      });
    }
    const { op, validators } = compiled.get(match.op)!;
    if (services.requests.listening) noteRequest(req, { operationId: op.operationId });
    trace.operationId = op.operationId;

    const { principal, actor } = await services.auth.authenticate({
      method: req.method,
      url: req.url,
      authorization: req.headers.authorization,
      remoteAddress: remoteAddress(req),
    });
    const caller = actor.kind === 'apiKey' ? actor.publicKey : actor.kind === 'serviceAccount' ? actor.clientId : undefined;
    if (services.requests.listening) noteRequest(req, { caller });
    trace.caller = actor.kind === 'apiKey' ? actor.publicKey : actor.kind === 'serviceAccount' ? actor.clientId : null;
    const now = services.clock.now();
    const { version, spec } = negotiate(op, req.headers.accept, config.enforceSunset, now);

    const params = decodeParams(match.params);
    checkParams(validators, params);

    if (op.access.scope === 'project') {
      const project = await getProject(services.store, params.groupId!);
      requireProjectRole(principal, project.id, project.orgId, op.access.role);
    } else if (op.access.scope === 'org') {
      const org = await getOrg(services.store, params.orgId!);
      requireOrgRole(principal, org.id, op.access.role);
    }

    const headers: Record<string, string> = {};
    if (op.rateLimit) {
      // One bucket per project (or organization) that every caller draws from, as the bucket's scope says.
      const take = services.rateLimits.take(op.rateLimit, params.groupId ?? params.orgId ?? principal.id);
      if (!take.allowed) throw errors.rateLimited(pathname.slice(1), take);
      headers['RateLimit-Limit'] = String(take.limit);
      headers['RateLimit-Remaining'] = String(take.remaining);
    }

    const query = { ...(req.query as Record<string, unknown>) };
    checkQuery(validators, query);

    let body: unknown = undefined;
    if (spec.body) {
      const text = typeof req.body === 'string' ? req.body : '';
      if (text.trim() === '') {
        body = spec.bodyRequired ? {} : undefined;
      } else {
        const type = req.headers['content-type'];
        if (type && !JSON_TYPES.test(type)) throw errors.unsupportedMediaType(type);
        checkBodyShape(text);
        try {
          body = JSON.parse(text);
        } catch {
          throw errors.malformedJson();
        }
      }
      if (body !== undefined) checkBody(validators, version, body);
    }

    // A fault rule answers a well-formed call in the operation's place, so a faulted write changes nothing.
    const rule = services.faults.decide({ op, method, pathname, groupId: params.groupId, caller });
    if (rule) {
      if (services.requests.listening) noteRequest(req, { fault: rule.id });
      if (rule.delayMs) await new Promise((r) => setTimeout(r, rule.delayMs));
      if (rule.drop) throw new DropConnection(rule.id);
      if (rule.error) throw faultError(rule.error);
    }

    // Steps that fell due happen first; a read does not wait for a jump being worked off (it sees the state so far).
    if (!(method === 'GET' && services.scheduler.catchingUp)) await services.scheduler.settle();

    const page: PageRequest = {
      pageNum: (query.pageNum as number) ?? 1,
      itemsPerPage: (query.itemsPerPage as number) ?? 100,
      includeCount: (query.includeCount as boolean) ?? true,
      offset: 0,
    };
    page.offset = (page.pageNum - 1) * page.itemsPerPage;
    const base = baseUrl(req);
    const list = listBuilder(base, pathname, rawQuery, page);
    const at = services.clock.now();
    const ctx: OperationContext<TObject, TObject> = {
      params,
      query,
      body,
      version,
      principal,
      actor,
      store: services.store,
      command: (fn) => services.commands.run(actor, at, fn),
      eventTypes: services.eventTypes,
      duration: services.lifecycle,
      now: at,
      link: (path) => `${base}${path}`,
      page,
      list,
      async listAll(all, view) {
        const slice = all.slice(page.offset, page.offset + page.itemsPerPage);
        const results = view ? await Promise.all(slice.map(view)) : slice;
        return list(results as never[], all.length);
      },
    };
    const result = await services.faults.runWith(rule, () => op.handler(ctx));
    const status = result instanceof Reply ? result.status : (spec.status ?? 200);
    const payload = result instanceof Reply ? result.body : result;
    if (result instanceof Reply) Object.assign(headers, result.headers);
    let json: string | undefined;
    if (status !== 204 && payload !== undefined) {
      json = spec.response ? serializerFor(spec.response)(payload) : JSON.stringify(sortKeys(payload));
      if (config.validateResponses && spec.response) {
        const violations = responseViolations(spec.response, JSON.parse(json));
        if (violations.length) {
          throw new Error(`${op.operationId} ${version} response does not match its schema: ${violations.join('; ')}`);
        }
      }
    }
    return { status, json, version, spec, headers };
  }

  async function apiHandler(req: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> {
    const started = performance.now();
    const q = (req.query ?? {}) as Record<string, unknown>;
    const trace: Trace = { operationId: null, caller: null };
    let out: Outcome;
    try {
      out = await run(req, trace);
    } catch (err) {
      if (err instanceof DropConnection) {
        if (services.requests.listening) noteRequest(req, { dropped: true });
        reply.hijack();
        req.raw.socket.destroy();
        return reply;
      }
      if (err instanceof ApiError && err.why) noteRequest(req, { why: err.why });
      if (!(err instanceof ApiError)) {
        req.log.error({ err }, 'unexpected error');
        if (config.validateResponses) {
          // Tests want to see why; production-like runs get Atlas's opaque 500.
          const e = errors.unexpected();
          out = errorOutcome(new ApiError(500, e.errorCode, (err as Error).message));
        } else out = errorOutcome(errors.unexpected());
      } else out = errorOutcome(err);
    }
    recordCall(services.requestLog, services.clock.now(), req, trace, out, started);
    return send(reply, out, flag(q, 'envelope'), flag(q, 'pretty'));
  }

  app.route({
    method: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'],
    url: `${API_PREFIX}/*`,
    handler: apiHandler,
  });

  registerOAuthRoutes(app, services);
  registerPrivateRoutes(app);
  options.extraRoutes?.(app);
  return app;
}
