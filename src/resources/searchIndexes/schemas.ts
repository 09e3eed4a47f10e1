import type { SchemaTweak } from '../../platform/contract/index.js';

type Json = Record<string, unknown>;

// The contract types an index definition's free-form parts (a field mapping, a
// tokenizer, a vector field) as maps of objects, and `mappings.dynamic` as an
// object; Atlas takes any JSON there (`"dynamic": true`, `"type": "string"`) and
// names custom analyzers in `analyzer`. definition.ts checks those parts instead.
function loosen(node: unknown): void {
  if (Array.isArray(node)) return node.forEach(loosen);
  if (typeof node !== 'object' || node === null) return;
  const s = node as Json;
  const extra = s.additionalProperties as Json | undefined;
  if (extra && typeof extra === 'object' && extra.type === 'object' && Object.keys(extra).length === 1) s.additionalProperties = true;
  const props = s.properties as Json | undefined;
  if (props) {
    if (props.dynamic && (props.dynamic as Json).type === 'object') props.dynamic = {};
    for (const k of ['analyzer', 'searchAnalyzer']) {
      const a = props[k] as Json | undefined;
      if (a && Array.isArray(a.enum)) props[k] = { type: 'string' };
    }
  }
  for (const v of Object.values(s)) loosen(v);
}

export const looseDefinitions: SchemaTweak = { edit: loosen };
