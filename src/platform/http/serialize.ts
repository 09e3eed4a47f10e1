import fastJson from 'fast-json-stringify';
import type { TSchema } from '@sinclair/typebox';

type Serializer = (value: unknown) => string;

/**
 * Copies a schema with every object's properties in alphabetical order, which is
 * the order Atlas writes keys in. fast-json-stringify emits required keys before
 * the others, so the copy drops `required`; the tests check required keys
 * against the original schema (validateResponses).
 */
function sortedSchema(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(sortedSchema);
  if (schema === null || typeof schema !== 'object') return schema;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(schema)) {
    if (k === 'properties' && v && typeof v === 'object') {
      const props: Record<string, unknown> = {};
      for (const name of Object.keys(v).sort()) props[name] = sortedSchema((v as Record<string, unknown>)[name]);
      out[k] = props;
    } else if (k === 'required') {
      continue;
    } else if (k === 'default' || k === 'examples' || k === 'enum' || k === 'const') {
      out[k] = v;
    } else {
      out[k] = sortedSchema(v);
    }
  }
  return out;
}

const cache = new WeakMap<TSchema, Serializer>();

/** A serializer driven by the declared response schema: undeclared keys are never sent. */
export function serializerFor(schema: TSchema): Serializer {
  let s = cache.get(schema);
  if (!s) {
    s = fastJson(sortedSchema(schema) as Parameters<typeof fastJson>[0]) as Serializer;
    cache.set(schema, s);
  }
  return s;
}

/** Deep copy with keys sorted, for bodies that no schema shapes (errors, envelopes). */
export function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(value).sort()) out[k] = sortKeys((value as Record<string, unknown>)[k]);
  return out;
}
