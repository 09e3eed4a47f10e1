import { errors } from '../../platform/errors.js';

// What Atlas checks in an index definition before it accepts it. The contract's
// schema gives the shapes; these are the rules between fields it cannot express.

export type IndexType = 'search' | 'vectorSearch';
type Json = Record<string, unknown>;

const FIELD_TYPES = new Set([
  'autocomplete', 'boolean', 'date', 'dateFacet', 'document', 'embeddedDocuments', 'geo', 'knnVector',
  'number', 'numberFacet', 'objectId', 'string', 'stringFacet', 'token', 'uuid',
]);
const SIMILARITIES = new Set(['euclidean', 'cosine', 'dotProduct']);
const QUANTIZATIONS = new Set(['none', 'scalar', 'binary']);
const MAX_DIMENSIONS = 8192;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const bad = (field: string, why: string) => errors.invalidAttribute(field, why);

/** Checks a definition of the given type; answers it as stored (Atlas's defaults filled in). */
export function checkDefinition(type: IndexType, def: Json | undefined): Json {
  if (!isObject(def)) throw errors.missingAttribute('definition');
  return type === 'vectorSearch' ? checkVector(def) : checkSearch(def);
}

function checkVector(def: Json): Json {
  for (const k of ['mappings', 'analyzer', 'analyzers', 'searchAnalyzer', 'synonyms']) {
    if (def[k] !== undefined) throw bad(`definition.${k}`, 'not allowed in a vectorSearch index');
  }
  const fields = def.fields;
  if (!Array.isArray(fields) || fields.length === 0) throw errors.missingAttribute('definition.fields');
  const paths = new Set<string>();
  let vectors = 0;
  fields.forEach((f: unknown, i) => {
    const at = `definition.fields[${i}]`;
    if (!isObject(f)) throw bad(at, 'a field object');
    if (typeof f.path !== 'string' || f.path === '') throw errors.missingAttribute(`${at}.path`);
    if (paths.has(f.path)) throw bad(`${at}.path`, `path ${f.path} is indexed twice`);
    paths.add(f.path);
    if (f.type === 'filter') {
      for (const k of Object.keys(f)) if (k !== 'type' && k !== 'path') throw bad(`${at}.${k}`, 'a filter field has only type and path');
      return;
    }
    if (f.type !== 'vector') throw bad(`${at}.type`, 'vector or filter');
    vectors++;
    const n = f.numDimensions;
    if (typeof n !== 'number' || !Number.isInteger(n) || n < 1 || n > MAX_DIMENSIONS) {
      throw bad(`${at}.numDimensions`, `an integer from 1 to ${MAX_DIMENSIONS}`);
    }
    if (typeof f.similarity !== 'string' || !SIMILARITIES.has(f.similarity)) throw bad(`${at}.similarity`, 'euclidean, cosine or dotProduct');
    if (f.quantization !== undefined && !QUANTIZATIONS.has(f.quantization as string)) throw bad(`${at}.quantization`, 'none, scalar or binary');
    for (const k of Object.keys(f)) {
      if (!['type', 'path', 'numDimensions', 'similarity', 'quantization', 'hnswOptions'].includes(k)) throw bad(`${at}.${k}`, 'not a vector field option');
    }
  });
  if (vectors === 0) throw bad('definition.fields', 'at least one field of type vector');
  return { numPartitions: 1, ...def };
}

function checkSearch(def: Json): Json {
  if (def.fields !== undefined) throw bad('definition.fields', 'not allowed in a search index; use mappings');
  const mappings = def.mappings;
  if (!isObject(mappings)) throw errors.missingAttribute('definition.mappings');
  const custom = new Set<string>();
  if (def.analyzers !== undefined) {
    if (!Array.isArray(def.analyzers)) throw bad('definition.analyzers', 'an array of analyzers');
    def.analyzers.forEach((a: unknown, i) => {
      const at = `definition.analyzers[${i}]`;
      if (!isObject(a)) throw bad(at, 'an analyzer object');
      if (typeof a.name !== 'string' || a.name === '') throw errors.missingAttribute(`${at}.name`);
      if (a.name.startsWith('lucene.') || a.name.startsWith('builtin.')) throw bad(`${at}.name`, 'custom analyzer names may not start with lucene. or builtin.');
      if (custom.has(a.name)) throw bad(`${at}.name`, `analyzer ${a.name} is defined twice`);
      if (!isObject(a.tokenizer) || typeof a.tokenizer.type !== 'string') throw errors.missingAttribute(`${at}.tokenizer.type`);
      custom.add(a.name);
    });
  }
  const analyzerKnown = (name: unknown) => typeof name === 'string' && (name.startsWith('lucene.') || custom.has(name));
  for (const k of ['analyzer', 'searchAnalyzer']) {
    if (def[k] !== undefined && !analyzerKnown(def[k])) throw bad(`definition.${k}`, `unknown analyzer ${String(def[k])}`);
  }
  const dynamic = mappings.dynamic ?? false;
  if (typeof dynamic !== 'boolean' && !isObject(dynamic)) throw bad('definition.mappings.dynamic', 'a boolean or a typeSet reference');
  const fields = mappings.fields ?? {};
  if (!isObject(fields)) throw bad('definition.mappings.fields', 'an object of field mappings');
  if (dynamic === false && Object.keys(fields).length === 0) {
    throw bad('definition.mappings', 'a static mapping needs at least one field');
  }
  checkFields(fields, 'definition.mappings.fields', analyzerKnown);
  return { analyzer: 'lucene.standard', searchAnalyzer: 'lucene.standard', numPartitions: 1, ...def, mappings: { dynamic, fields } };
}

function checkFields(fields: Json, at: string, analyzerKnown: (n: unknown) => boolean): void {
  for (const [name, spec] of Object.entries(fields)) {
    for (const [i, one] of (Array.isArray(spec) ? spec : [spec]).entries()) {
      const here = Array.isArray(spec) ? `${at}.${name}[${i}]` : `${at}.${name}`;
      if (!isObject(one)) throw bad(here, 'a field mapping');
      if (typeof one.type !== 'string' || !FIELD_TYPES.has(one.type)) throw bad(`${here}.type`, `one of ${[...FIELD_TYPES].join(', ')}`);
      for (const k of ['analyzer', 'searchAnalyzer']) {
        if (one[k] !== undefined && !analyzerKnown(one[k])) throw bad(`${here}.${k}`, `unknown analyzer ${String(one[k])}`);
      }
      if (one.type === 'knnVector') {
        const n = one.dimensions;
        if (typeof n !== 'number' || !Number.isInteger(n) || n < 1 || n > MAX_DIMENSIONS) throw bad(`${here}.dimensions`, `an integer from 1 to ${MAX_DIMENSIONS}`);
        if (!SIMILARITIES.has(one.similarity as string)) throw bad(`${here}.similarity`, 'euclidean, cosine or dotProduct');
      }
      if ((one.type === 'document' || one.type === 'embeddedDocuments') && one.fields !== undefined) {
        if (!isObject(one.fields)) throw bad(`${here}.fields`, 'an object of field mappings');
        checkFields(one.fields, `${here}.fields`, analyzerKnown);
      }
    }
  }
}
