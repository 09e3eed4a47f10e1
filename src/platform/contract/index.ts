import { readFileSync } from 'node:fs';
import { Type, type TObject, type TSchema, type TUnsafe } from '@sinclair/typebox';
import type { VersionSpec } from '../http/operation.js';
import { Converter, type Json, type Mode } from './convert.js';

// Atlas's published API structure, trimmed by `npm run contract:gen` (scripts/contract-gen.ts).
// Operations take their schemas, statuses, versions and sunsets from it, so that what we serve
// agrees with what typed clients were generated from.

export interface ContractParam {
  name: string;
  in: 'path' | 'query' | 'header';
  required: boolean;
  schema: Json;
}

export interface ContractVersion {
  status?: number;
  request?: Json;
  response?: Json;
  /** YYYY-MM-DD after which Atlas stops serving this version. */
  sunset?: string;
}

export interface ContractOperation {
  operationId: string;
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
  tag: string;
  deprecated?: boolean;
  paginated?: boolean;
  bodyRequired?: boolean;
  params: ContractParam[];
  /** Dated versions, plus `preview` where Atlas has one. */
  versions: Record<string, ContractVersion>;
}

interface ContractFile {
  source: string;
  operations: Record<string, Omit<ContractOperation, 'operationId'>>;
  schemas: Record<string, Json>;
}

const file = JSON.parse(readFileSync(new URL('./atlas-contract.json', import.meta.url), 'utf8')) as ContractFile;
const converter = new Converter(file.schemas);

export const CONTRACT_SOURCE = file.source;

/** Every operation of the contract, by its (newest) operationId. */
export const CONTRACT_OPERATIONS: ReadonlyMap<string, ContractOperation> = new Map(
  Object.entries(file.operations).map(([operationId, op]) => [operationId, { operationId, ...op }]),
);

const byRoute = new Map([...CONTRACT_OPERATIONS.values()].map((op) => [`${op.method} ${op.path}`, op]));

/** Path templates compare by shape: parameter names differ between documents ({name} vs {clusterName}). */
export function routeKey(method: string, path: string): string {
  return `${method.toUpperCase()} ${path.replace(/\{[^}]+\}/g, '{}')}`;
}
const byShape = new Map([...CONTRACT_OPERATIONS.values()].map((op) => [routeKey(op.method, op.path), op]));

export function contractOperation(operationId: string): ContractOperation {
  const op = CONTRACT_OPERATIONS.get(operationId);
  if (!op) throw new Error(`contract: no operation ${operationId}`);
  return op;
}

/** The contract's operation at a method and path template, if Atlas has one there. */
export function contractOperationAt(method: string, path: string): ContractOperation | undefined {
  return byRoute.get(`${method.toUpperCase()} ${path}`) ?? byShape.get(routeKey(method, path));
}

/** Local narrowing where recorded Atlas behaviour differs from the document. Paths are dotted; `[]` steps into array items. */
export interface SchemaTweak {
  /** Fields removed (not served / not accepted). */
  omit?: string[];
  /** Fields replaced or added. */
  set?: Record<string, TSchema | Json>;
  /** The top-level `required` list replaced. */
  required?: string[];
  /** Anything else, applied last to the converted schema. */
  edit?: (schema: Json) => void;
}

function locate(schema: Json, path: string): { parent: Json; key: string } {
  const steps = path.split('.');
  let cur = schema;
  for (const step of steps.slice(0, -1)) {
    const name = step.replace(/\[\]$/, '');
    let next = (cur.properties as Json | undefined)?.[name] as Json | undefined;
    if (!next) throw new Error(`contract tweak: no field ${name} in ${path}`);
    if (step.endsWith('[]')) next = next.items as Json;
    cur = next;
  }
  return { parent: cur, key: steps[steps.length - 1]! };
}

export function applyTweak(schema: Json, tweak: SchemaTweak | undefined): Json {
  if (!tweak) return schema;
  for (const path of tweak.omit ?? []) {
    const { parent, key } = locate(schema, path);
    const props = parent.properties as Json | undefined;
    if (!props || !(key in props)) throw new Error(`contract tweak: no field ${path} to omit`);
    delete props[key];
    if (Array.isArray(parent.required)) parent.required = parent.required.filter((r) => r !== key);
  }
  for (const [path, value] of Object.entries(tweak.set ?? {})) {
    const { parent, key } = locate(schema, path);
    parent.properties = { ...((parent.properties as Json) ?? {}), [key]: JSON.parse(JSON.stringify(value)) };
  }
  if (tweak.required) schema.required = tweak.required;
  tweak.edit?.(schema);
  return schema;
}

/**
 * A component schema of the contract as a TypeBox schema, for a request body (read-only fields
 * accepted and dropped, unknown fields refused) or a response (write-only fields left out).
 */
export function atlasSchema<T = unknown>(name: string, options: { as?: Mode } & SchemaTweak = {}): TUnsafe<T> {
  const schema = applyTweak(converter.named(name, options.as ?? 'response'), options);
  return Type.Unsafe<T>(schema);
}

/** An HTTP date as Atlas writes it in Deprecation and Sunset headers ("Thu, 1 Jul 2027 00:00:00 GMT"). */
export function httpDate(day: string): string {
  return new Date(`${day}T00:00:00Z`).toUTCString().replace(/, 0(\d) /, ', $1 ');
}

export interface FromContractOptions {
  /** Versions served (default: every dated version the contract has). */
  only?: string[];
  /** The success status where recorded Atlas answers differ from the document. */
  status?: 200 | 201 | 202 | 204;
  body?: SchemaTweak;
  response?: SchemaTweak;
  /** Deprecation date (YYYY-MM-DD) for sunset versions that no newer version replaced. */
  deprecated?: string;
  /** Per-version changes, applied last. */
  version?: Record<string, Partial<VersionSpec> & { body?: TSchema; response?: TSchema }>;
}

/**
 * The `versions` of an operation declaration, from the contract: each version's request and
 * response schema, success status, and Deprecation/Sunset headers from `x-sunset`.
 */
export function fromContract(operationId: string, options: FromContractOptions = {}): Record<string, VersionSpec> {
  const op = contractOperation(operationId);
  const dated = Object.keys(op.versions).filter((v) => v !== 'preview').sort();
  const served = options.only ?? dated;
  const out: Record<string, VersionSpec> = {};
  for (const v of served) {
    const cv = op.versions[v];
    if (!cv) throw new Error(`contract: ${operationId} has no version ${v}`);
    const spec: VersionSpec = { status: (options.status ?? cv.status ?? 200) as VersionSpec['status'] };
    if (cv.request) {
      spec.body = Type.Unsafe(applyTweak(converter.inline(cv.request, 'request'), options.body));
      spec.bodyRequired = op.bodyRequired ?? false;
    }
    if (cv.response && spec.status !== 204) {
      spec.response = Type.Unsafe(applyTweak(converter.inline(cv.response, 'response'), options.response));
    }
    if (cv.sunset) {
      spec.sunset = httpDate(cv.sunset);
      const next = dated.find((d) => d > v);
      const deprecated = next ?? options.deprecated;
      if (deprecated) spec.deprecation = httpDate(deprecated);
    }
    out[v] = { ...spec, ...options.version?.[v] };
  }
  return out;
}

function paramObject(operationId: string, where: 'path' | 'query', overrides: Record<string, TSchema>): TObject {
  const props: Record<string, TSchema> = {};
  for (const p of contractOperation(operationId).params) {
    if (p.in !== where) continue;
    const schema = Type.Unsafe(converter.inline(p.schema, 'request'));
    props[p.name] = overrides[p.name] ?? (p.required || where === 'path' ? schema : Type.Optional(schema));
  }
  return Type.Object(props);
}

/** The operation's path parameters with the contract's patterns (`overrides` narrows some). */
export function contractParams(operationId: string, overrides: Record<string, TSchema> = {}): TObject {
  return paramObject(operationId, 'path', overrides);
}

/** The operation's own query parameters (envelope, pretty and paging are added by the platform). */
export function contractQuery(operationId: string, overrides: Record<string, TSchema> = {}): TObject {
  return paramObject(operationId, 'query', overrides);
}
