import type { SchemaTweak } from '../../platform/contract/index.js';

type Json = Record<string, unknown>;

// The contract types free-form documents (pipeline stages, processor stats) as
// maps of objects; Atlas puts any JSON there (`{ "$limit": 5 }`, counters).
function loosen(node: unknown): void {
  if (Array.isArray(node)) return node.forEach(loosen);
  if (typeof node !== 'object' || node === null) return;
  const s = node as Json;
  const extra = s.additionalProperties as Json | undefined;
  if (extra && typeof extra === 'object' && extra.type === 'object' && !extra.properties) s.additionalProperties = true;
  for (const v of Object.values(s)) loosen(v);
}

export const looseDocuments: SchemaTweak = { edit: loosen };
export const LOOSE = { body: looseDocuments, response: looseDocuments };
