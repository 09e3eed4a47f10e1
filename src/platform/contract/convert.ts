// Turns the contract's OpenAPI schemas into plain JSON schemas that ajv validates and
// fast-json-stringify serializes: references inlined, `allOf` merged, polymorphic types
// (`oneOf`/`anyOf`/discriminators) flattened into one object holding every variant's fields.
// Flattening keeps Atlas's strictness where it matters to clients (a field no variant has is
// refused) while avoiding `oneOf` errors that name no field.

export type Json = Record<string, unknown>;
export type Mode = 'request' | 'response';

const ANNOTATIONS = new Set(['discriminator', 'oneOf', 'anyOf', 'allOf', '$ref', 'writeOnly']);

function isObj(v: unknown): v is Json {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** Both schemas hold (allOf): fields and requirements add up; the later one wins a conflict. */
function intersect(a: Json, b: Json): Json {
  const out: Json = { ...a, ...b };
  if (isObj(a.properties) || isObj(b.properties)) {
    const props: Json = { ...((a.properties as Json) ?? {}) };
    for (const [k, v] of Object.entries((b.properties as Json) ?? {})) {
      props[k] = isObj(props[k]) && isObj(v) && props[k] !== v ? intersect(props[k] as Json, v) : v;
    }
    out.properties = props;
  }
  const req = [...new Set([...((a.required as string[]) ?? []), ...((b.required as string[]) ?? [])])];
  if (req.length) out.required = req;
  return out;
}

/** Either schema holds (a variant of a polymorphic type): fields add up, only shared requirements stay. */
function unite(a: Json, b: Json): Json {
  if (same(a, b)) return a;
  if (a.type !== undefined && b.type !== undefined && a.type !== b.type) {
    return a.readOnly && b.readOnly ? { readOnly: true } : {};
  }
  const out: Json = { ...a, ...b };
  if (Array.isArray(a.enum) && Array.isArray(b.enum)) out.enum = [...new Set([...a.enum, ...b.enum])];
  else delete out.enum;
  for (const k of ['pattern', 'minimum', 'maximum', 'minLength', 'maxLength', 'format', 'minItems', 'maxItems']) {
    if (!same(a[k], b[k])) delete out[k];
  }
  if (isObj(a.properties) || isObj(b.properties)) {
    const props: Json = { ...((a.properties as Json) ?? {}) };
    for (const [k, v] of Object.entries((b.properties as Json) ?? {})) {
      props[k] = isObj(props[k]) && isObj(v) ? unite(props[k] as Json, v) : v;
    }
    out.properties = props;
  }
  const ra = (a.required as string[]) ?? [];
  const rb = new Set((b.required as string[]) ?? []);
  const req = ra.filter((r) => rb.has(r));
  if (req.length) out.required = req;
  else delete out.required;
  if (isObj(a.items) && isObj(b.items)) out.items = unite(a.items, b.items);
  if (!a.readOnly || !b.readOnly) delete out.readOnly;
  return out;
}

export class Converter {
  private readonly cache = new Map<string, Json>();

  constructor(private readonly schemas: Record<string, Json>) {}

  has(name: string): boolean {
    return name in this.schemas;
  }

  /** The named component schema, converted for one direction. */
  named(name: string, mode: Mode): Json {
    const key = `${mode}:${name}`;
    let out = this.cache.get(key);
    if (!out) {
      const raw = this.schemas[name];
      if (!raw) throw new Error(`contract: no schema named ${name}`);
      out = this.node(raw, mode, [name], false);
      out.title = name;
      this.cache.set(key, out);
    }
    return structuredClone(out);
  }

  /** An inline schema from the contract (an operation's body or response). */
  inline(node: Json, mode: Mode): Json {
    if (typeof node.$ref === 'string') return this.named(node.$ref, mode);
    return this.node(node, mode, [], false);
  }

  private ref(name: string, mode: Mode, stack: string[], asBase: boolean): Json {
    // A variant refers back to its base through allOf; the base's own variants are not
    // expanded again there, which is also what ends every cycle in the published document.
    if (stack.includes(name)) return asBase ? this.node(this.schemas[name]!, mode, stack, true) : {};
    const out = this.node(this.schemas[name]!, mode, [...stack, name], asBase);
    // `readOnly` on a shared type describes one use of it; only a property's own mark counts.
    delete out.readOnly;
    return out;
  }

  private node(raw: Json, mode: Mode, stack: string[], asBase: boolean): Json {
    if (typeof raw.$ref === 'string') return this.ref(raw.$ref, mode, stack, asBase);
    let out: Json = {};
    for (const [k, v] of Object.entries(raw)) if (!ANNOTATIONS.has(k)) out[k] = v;
    if (raw.exclusiveMinimum === true) {
      out.exclusiveMinimum = raw.minimum;
      delete out.minimum;
    }
    if (out.nullable && out.type === undefined) delete out.nullable;
    // A default says what Atlas assumes when a request leaves a field out; a serializer
    // would otherwise write it into answers that never had the field.
    // Patterns describe what Atlas takes in; names it made itself (an organization's) may not match.
    if (mode === 'response') {
      delete out.default;
      delete out.pattern;
    }
    if (isObj(raw.properties)) {
      const props: Json = {};
      for (const [name, p] of Object.entries(raw.properties)) {
        const prop = p as Json;
        if (mode === 'response' && prop.writeOnly) continue;
        props[name] = this.property(prop, mode, stack);
      }
      out.properties = props;
    }
    if (isObj(raw.items)) out.items = this.node(raw.items, mode, stack, false);
    if (isObj(raw.additionalProperties)) out.additionalProperties = this.node(raw.additionalProperties, mode, stack, false);
    for (const part of (raw.allOf as Json[] | undefined) ?? []) {
      out = intersect(out, this.node(part, mode, stack, true));
    }
    if (!asBase) {
      const variants = (raw.oneOf ?? raw.anyOf) as Json[] | undefined;
      const mapped = isObj(raw.discriminator) ? Object.values((raw.discriminator.mapping as Json) ?? {}) : [];
      const branches = variants ?? mapped.map((r) => ({ $ref: String(r).replace('#/components/schemas/', '') }));
      if (branches.length) {
        let union: Json | null = null;
        for (const b of branches) {
          const converted = this.node(b, mode, stack, false);
          union = union ? unite(union, converted) : converted;
        }
        out = raw.properties || raw.allOf ? intersectVariants(out, union!) : { ...out, ...union! };
      }
    }
    if (raw.readOnly) out.readOnly = true;
    return this.finish(out, mode, raw);
  }

  private property(prop: Json, mode: Mode, stack: string[]): Json {
    // A read-only field that a typed client echoes back is accepted whatever it holds and
    // never reaches a handler (the validator drops it).
    if (mode === 'request' && prop.readOnly) return { readOnly: true };
    return this.node(prop, mode, stack, false);
  }

  private finish(out: Json, mode: Mode, raw: Json): Json {
    const props = out.properties as Json | undefined;
    if (props && Array.isArray(out.required)) {
      const keep = (out.required as string[]).filter(
        (r) => r in props && !(mode === 'request' && (props[r] as Json).readOnly),
      );
      if (keep.length) out.required = keep;
      else delete out.required;
    }
    if (mode === 'request' && props && raw.additionalProperties === undefined) out.additionalProperties = false;
    if (props && out.type === undefined) out.type = 'object';
    return out;
  }
}

/** A base's own fields with every variant's fields added; the base decides what is required. */
function intersectVariants(base: Json, variants: Json): Json {
  const merged = unite(base, variants);
  const props: Json = { ...((merged.properties as Json) ?? {}) };
  for (const [k, v] of Object.entries((base.properties as Json) ?? {})) props[k] = props[k] ?? v;
  const out: Json = { ...merged, properties: props };
  if (base.required) out.required = base.required;
  return out;
}
