import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { Type, type TObject, type TSchema } from '@sinclair/typebox';
import { ApiError, errors } from '../errors.js';
import type { Operation } from './operation.js';

// ajv-formats ships CommonJS with a default export.
const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;

function makeAjv(coerce: boolean): Ajv {
  const ajv = new Ajv({
    strict: false,
    allErrors: false,
    useDefaults: coerce,
    coerceTypes: coerce ? 'array' : false,
    // Query parameters an operation does not declare are ignored, as Atlas does:
    // a handler only ever sees the ones it declared, checked.
    removeAdditional: coerce ? 'all' : false,
  });
  addFormats(ajv);
  return ajv;
}

const bodyAjv = makeAjv(false);
// Typed clients send back read-only fields they once received (the Go SDK's Group always
// carries clusterCount and created): they are accepted and dropped before a handler sees them.
bodyAjv.removeKeyword('readOnly');
bodyAjv.addKeyword({
  keyword: 'readOnly',
  modifying: true,
  schemaType: 'boolean',
  errors: false,
  validate(readOnly: boolean, _data: unknown, _schema: unknown, where?: { parentData: unknown; parentDataProperty: string | number }) {
    if (readOnly && where && where.parentData && typeof where.parentData === 'object') {
      delete (where.parentData as Record<string | number, unknown>)[where.parentDataProperty];
    }
    return true;
  },
});
const queryAjv = makeAjv(true);
const responseAjv = new Ajv({ strict: false, allErrors: true });
addFormats(responseAjv);

const BooleanFlag = (description: string, fallback: boolean) => Type.Boolean({ default: fallback, description });

export const COMMON_QUERY = {
  envelope: BooleanFlag('Wraps the response in an envelope with the status code.', false),
  pretty: BooleanFlag('Indents the response body.', false),
};

export const PAGING_QUERY = {
  includeCount: BooleanFlag('Returns totalCount.', true),
  itemsPerPage: Type.Integer({ minimum: 1, maximum: 500, default: 100, description: 'Items per page.' }),
  // Bounded so that offsets stay exact integers the stores accept (the largest 32-bit int).
  pageNum: Type.Integer({ minimum: 1, maximum: 2_147_483_647, default: 1, description: 'Page number, from 1.' }),
};

export function fullQuerySchema(op: Operation): TObject {
  return Type.Object({
    ...COMMON_QUERY,
    ...(op.paginated ? PAGING_QUERY : {}),
    ...((op.query as TObject | undefined)?.properties ?? {}),
  });
}

/** Leaf name and dotted path of an ajv error's location. */
function locate(e: ErrorObject, extra?: string): { name: string; path: string } {
  const parts = e.instancePath.split('/').slice(1).map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
  if (extra !== undefined) parts.push(extra);
  const named = parts.filter((p) => !/^\d+$/.test(p));
  return { name: named[named.length - 1] ?? '', path: parts.join('.') };
}

function bodyError(e: ErrorObject, data: unknown): ApiError {
  switch (e.keyword) {
    case 'additionalProperties': {
      const where = locate(e, (e.params as { additionalProperty: string }).additionalProperty);
      return errors.invalidAttribute(where.path, 'is not a known attribute');
    }
    case 'required': {
      const where = locate(e, (e.params as { missingProperty: string }).missingProperty);
      return errors.missingAttribute(where.path);
    }
    case 'enum': {
      const value = valueAt(data, e.instancePath);
      return errors.invalidEnumValue(String(value), locate(e).path);
    }
    default: {
      const where = locate(e);
      if (where.path === '') return errors.invalidJson();
      return errors.invalidAttribute(where.path, e.message ?? 'is not valid');
    }
  }
}

function valueAt(data: unknown, pointer: string): unknown {
  let cur = data;
  for (const p of pointer.split('/').slice(1)) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[p.replace(/~1/g, '/').replace(/~0/g, '~')];
  }
  return cur;
}

export interface CompiledValidators {
  params: ValidateFunction | null;
  query: ValidateFunction;
  bodies: Map<string, ValidateFunction>;
}

export function compileValidators(op: Operation): CompiledValidators {
  const bodies = new Map<string, ValidateFunction>();
  for (const [version, spec] of Object.entries(op.versions)) {
    if (spec.body) bodies.set(version, bodyAjv.compile(spec.body));
  }
  return {
    params: op.params ? bodyAjv.compile(op.params) : null,
    query: queryAjv.compile(fullQuerySchema(op)),
    bodies,
  };
}

export function checkParams(v: CompiledValidators, params: Record<string, string>): void {
  if (v.params && !v.params(params)) {
    const e = v.params.errors![0]!;
    throw errors.invalidPathParameter(locate(e).name);
  }
}

/** Coerces the query in place (types, defaults); throws Atlas's query errors. */
export function checkQuery(v: CompiledValidators, query: Record<string, unknown>): void {
  if (v.query(query)) return;
  const e = v.query.errors![0]!;
  if (e.keyword === 'required') throw errors.missingQueryParameter((e.params as { missingProperty: string }).missingProperty);
  const name = locate(e).name;
  throw errors.invalidQueryParameter(name, e.message);
}

export function checkBody(v: CompiledValidators, version: string, body: unknown): void {
  const validate = v.bodies.get(version);
  if (!validate || validate(body)) return;
  throw bodyError(validate.errors![0]!, body);
}

const responseValidators = new WeakMap<TSchema, ValidateFunction>();

/** For tests: the ways a response body departs from its declared schema. */
export function responseViolations(schema: TSchema, body: unknown): string[] {
  let validate = responseValidators.get(schema);
  if (!validate) {
    validate = responseAjv.compile(schema);
    responseValidators.set(schema, validate);
  }
  if (validate(body)) return [];
  return (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message}`);
}
