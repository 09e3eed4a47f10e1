import type { TObject, TSchema } from '@sinclair/typebox';
import { ErrorBody } from '../schemas.js';
import { CONTROL_TAG, controlUrl, type ControlEndpoint } from '../control/endpoint.js';
import type { Operation } from './operation.js';
import { fullQuerySchema } from './validation.js';

const plain = (s: TSchema): unknown => JSON.parse(JSON.stringify(s));

const ERROR_STATUSES: Record<string, string> = {
  '400': 'Bad Request.',
  '401': 'Unauthorized.',
  '403': 'Forbidden.',
  '404': 'Not Found.',
  '406': 'Not Acceptable.',
  '429': 'Too Many Requests.',
  '500': 'Internal Server Error.',
};

/** The control endpoints, under their own tag; they take no Atlas credentials (a control token when one is set). */
function controlPaths(paths: Record<string, Record<string, unknown>>, endpoints: ControlEndpoint[]): void {
  for (const e of endpoints) {
    const parameters: unknown[] = [];
    for (const [name, schema] of Object.entries((e.params as TObject | undefined)?.properties ?? {})) {
      parameters.push({ name, in: 'path', required: true, schema: plain(schema as TSchema) });
    }
    for (const [name, schema] of Object.entries((e.query as TObject | undefined)?.properties ?? {})) {
      parameters.push({ name, in: 'query', required: ((e.query as TObject).required ?? []).includes(name), schema: plain(schema as TSchema) });
    }
    const status = String(e.status ?? 200);
    const json = (schema?: TSchema) => ({ 'application/json': schema ? { schema: plain(schema) } : {} });
    (paths[controlUrl(e)] ??= {})[e.method.toLowerCase()] = {
      operationId: `emulator${e.method[0]}${e.method.slice(1).toLowerCase()}${e.path.replace(/[^A-Za-z0-9]+(\w?)/g, (_m, c: string) => c.toUpperCase())}`,
      summary: e.summary,
      tags: [CONTROL_TAG],
      security: e.open ? [] : [{ ControlToken: [] }],
      parameters,
      ...(e.body ? { requestBody: { required: Boolean(e.bodyRequired), content: json(e.body) } } : {}),
      responses: {
        [status]: status === '204' ? { description: 'No Content' } : { description: 'OK', content: json(e.response) },
        '400': { description: 'Bad Request.', content: { 'application/json': { schema: { $ref: '#/components/schemas/ApiError' } } } },
        '401': { description: 'Unauthorized.', content: { 'application/json': { schema: { $ref: '#/components/schemas/ApiError' } } } },
      },
    };
  }
}

/** The OpenAPI 3 description of every registered operation, derived from the registry, and of the control endpoints. */
export function openApiDocument(ops: Operation[], serverUrl: string, control: ControlEndpoint[] = []): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const op of ops) {
    const parameters: unknown[] = [];
    for (const [name, schema] of Object.entries((op.params as TObject | undefined)?.properties ?? {})) {
      parameters.push({ name, in: 'path', required: true, schema: plain(schema as TSchema) });
    }
    const query = fullQuerySchema(op);
    for (const [name, schema] of Object.entries(query.properties)) {
      parameters.push({
        name,
        in: 'query',
        // A parameter with a default need not be sent, whatever the schema object lists.
        required: (query.required ?? []).includes(name) && (schema as { default?: unknown }).default === undefined,
        schema: plain(schema as TSchema),
      });
    }
    const responses: Record<string, unknown> = {};
    const bodies: Record<string, unknown> = {};
    let bodyRequired = false;
    for (const [version, spec] of Object.entries(op.versions)) {
      const type = `application/vnd.atlas.${version}+json`;
      const status = String(spec.status ?? 200);
      const entry = (responses[status] ??= { description: status === '204' ? 'No Content' : 'OK', content: {} }) as {
        content: Record<string, unknown>;
      };
      // A 204 still names its versioned media type (with no schema), as Atlas's document does.
      entry.content[type] = spec.response ? { schema: plain(spec.response) } : {};
      if (spec.body) {
        bodies[type] = { schema: plain(spec.body) };
        bodyRequired ||= Boolean(spec.bodyRequired);
      }
    }
    for (const [status, description] of Object.entries(ERROR_STATUSES)) {
      responses[status] = { description, content: { 'application/json': { schema: { $ref: '#/components/schemas/ApiError' } } } };
    }
    const deprecated = Object.values(op.versions).every((v) => v.deprecation !== undefined);
    (paths[op.path] ??= {})[op.method.toLowerCase()] = {
      operationId: op.operationId,
      // Reference pages and older clients know many operations by their classic names.
      ...(op.classicId ? { 'x-classic-operation-id': op.classicId } : {}),
      summary: op.summary,
      tags: [op.tag],
      ...(deprecated ? { deprecated: true } : {}),
      parameters,
      ...(Object.keys(bodies).length ? { requestBody: { required: bodyRequired, content: bodies } } : {}),
      responses,
      'x-required-access': op.access,
    };
  }
  return {
    openapi: '3.0.1',
    info: {
      title: 'MongoDB Atlas Administration API (emulated)',
      version: '2.0',
      description: 'The operations this server implements, with the versions, schemas and roles it enforces.',
    },
    servers: [{ url: serverUrl }],
    security: [{ DigestAuth: [] }, { ServiceAccounts: [] }],
    tags: [
      ...[...new Set(ops.map((o) => o.tag))].sort().map((name) => ({ name })),
      ...(control.length ? [{ name: CONTROL_TAG, description: "The emulator's own endpoints: clock, state, faults, health." }] : []),
    ],
    paths: (controlPaths(paths, control), paths),
    components: {
      schemas: { ApiError: plain(ErrorBody) },
      securitySchemes: {
        DigestAuth: { type: 'http', scheme: 'digest' },
        ControlToken: { type: 'http', scheme: 'bearer', description: 'The control token, when the server has one (--control-token).' },
        ServiceAccounts: {
          type: 'oauth2',
          flows: { clientCredentials: { tokenUrl: `${serverUrl}/api/oauth/token`, scopes: {} } },
        },
      },
    },
  };
}
