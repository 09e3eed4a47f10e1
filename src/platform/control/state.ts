import { Type, type Static } from '@sinclair/typebox';
import { bootstrap } from '../../bootstrap.js';
import { VERSION } from '../../version.js';
import { ApiError } from '../errors.js';
import { responseViolations } from '../http/validation.js';
import { SECRETS_META, type Services } from '../services.js';
import { Clock, CLOCK_META } from '../sim/clock.js';
import type { StateDump } from '../store/types.js';
import { isoSeconds } from '../time.js';
import { defineControl, type ControlEndpoint } from './endpoint.js';

// The whole state as one versioned JSON document: documents by collection (credentials
// only as the hashes the store keeps), events, lifecycle timers still in flight, the
// clock, and the bootstrap ids. Secrets that sign nonces and tokens stay with each
// server, so tokens issued by one server are not valid on another.

export const STATE_FORMAT = 'atlas-emulator-state';
export const STATE_VERSION = 1;

const LATEST = Date.UTC(9999, 11, 31, 23, 59, 59);
/** Kept by each server, never exported or imported. */
const LOCAL_META = [SECRETS_META, CLOCK_META];

const Doc = Type.Object(
  {
    id: Type.String({ minLength: 1 }),
    parent: Type.Union([Type.String(), Type.Null()]),
    name: Type.Union([Type.String(), Type.Null()]),
    data: Type.Object({}),
  },
  { additionalProperties: false },
);

const Event = Type.Object(
  {
    id: Type.String({ minLength: 1 }),
    created: Type.Integer({ minimum: 0, maximum: LATEST }),
    eventTypeName: Type.String(),
    groupId: Type.Union([Type.String(), Type.Null()]),
    orgId: Type.Union([Type.String(), Type.Null()]),
    clusterName: Type.Union([Type.String(), Type.Null()]),
    orgLevel: Type.Boolean(),
    data: Type.Object({}),
  },
  { additionalProperties: false },
);

const Timer = Type.Object(
  {
    id: Type.String({ minLength: 1 }),
    due: Type.Integer({ minimum: 0, maximum: LATEST }),
    kind: Type.String(),
    ref: Type.String(),
    data: Type.Object({}),
  },
  { additionalProperties: false },
);

export const StateDocument = Type.Object(
  {
    format: Type.Literal(STATE_FORMAT),
    version: Type.Integer(),
    emulatorVersion: Type.Optional(Type.String()),
    exportedAt: Type.Optional(Type.String()),
    clock: Type.Object(
      {
        now: Type.Optional(Type.String()),
        epochMillis: Type.Integer({ minimum: 0, maximum: LATEST }),
        frozen: Type.Boolean(),
      },
      { additionalProperties: false },
    ),
    collections: Type.Record(Type.String(), Type.Array(Doc)),
    events: Type.Array(Event),
    timers: Type.Array(Timer),
    meta: Type.Record(Type.String(), Type.String()),
  },
  { additionalProperties: false },
);

export type StateDocument = Static<typeof StateDocument>;

export async function exportState(services: Services): Promise<StateDocument> {
  const dump = await services.store.dump();
  const now = services.clock.now();
  const meta = Object.fromEntries(Object.entries(dump.meta).filter(([k]) => !LOCAL_META.includes(k)));
  return {
    format: STATE_FORMAT,
    version: STATE_VERSION,
    emulatorVersion: VERSION,
    exportedAt: new Date().toISOString(),
    clock: { now: isoSeconds(now), epochMillis: now, frozen: services.clock.frozen },
    collections: dump.docs,
    events: dump.events,
    timers: dump.timers,
    meta,
  };
}

const bad = (detail: string) => new ApiError(400, 'INVALID_STATE_DOCUMENT', detail);

function duplicates(keys: string[]): string | undefined {
  const seen = new Set<string>();
  for (const k of keys) {
    if (seen.has(k)) return k;
    seen.add(k);
  }
  return undefined;
}

/** The document as a dump this server can load, or an ApiError saying what is wrong with it. */
export function checkState(raw: unknown, services: Services, collections: readonly string[]): StateDump {
  if (raw && typeof raw === 'object' && 'format' in raw && (raw as { format: unknown }).format === STATE_FORMAT) {
    const v = (raw as { version?: unknown }).version;
    if (v !== STATE_VERSION) throw bad(`This server reads state documents of version ${STATE_VERSION}, not ${JSON.stringify(v)}.`);
  }
  const violations = responseViolations(StateDocument, raw);
  if (violations.length) throw bad(`Not a state document: ${violations.slice(0, 3).join('; ')}.`);
  const doc = raw as StateDocument;
  for (const [c, docs] of Object.entries(doc.collections)) {
    if (!collections.includes(c)) throw bad(`Unknown collection "${c}"; this server keeps ${collections.join(', ')}.`);
    const id = duplicates(docs.map((d) => d.id));
    if (id !== undefined) throw bad(`Collection "${c}" holds id "${id}" twice.`);
    const name = duplicates(docs.filter((d) => d.name !== null).map((d) => `${d.parent ?? ''}/${d.name}`));
    if (name !== undefined) throw bad(`Collection "${c}" holds the name "${name}" twice under one parent.`);
  }
  const type = doc.events.find((e) => !services.eventTypes.has(e.eventTypeName));
  if (type) throw bad(`Event ${type.id} has an unknown type "${type.eventTypeName}".`);
  const eventId = duplicates(doc.events.map((e) => e.id));
  if (eventId !== undefined) throw bad(`Event id "${eventId}" appears twice.`);
  const kind = doc.timers.find((t) => !services.scheduler.knows(t.kind));
  if (kind) throw bad(`Timer ${kind.id} has an unknown kind "${kind.kind}".`);
  const timerId = duplicates(doc.timers.map((t) => t.id));
  if (timerId !== undefined) throw bad(`Timer id "${timerId}" appears twice.`);
  const meta = Object.fromEntries(Object.entries(doc.meta).filter(([k]) => !LOCAL_META.includes(k)));
  meta[CLOCK_META] = Clock.stored(doc.clock.epochMillis, doc.clock.frozen);
  return { docs: doc.collections as StateDump['docs'], events: doc.events, timers: doc.timers, meta };
}

/** Replaces the server's state with a checked dump; the server's own secrets and credentials from its settings stay. */
export async function importState(services: Services, dump: StateDump): Promise<void> {
  const secrets = await services.store.getMeta(SECRETS_META);
  await services.store.load({ ...dump, meta: { ...dump.meta, ...(secrets ? { [SECRETS_META]: secrets } : {}) } });
  await services.clock.load();
  services.credentials.invalidate();
  services.auth.clearRevocations();
  await services.auth.loadRevocations();
  services.rateLimits.clear();
  // The configured credentials keep working on the imported organization.
  await bootstrap(services.store, services.config, services.clock.now());
  await services.scheduler.reload();
  await services.scheduler.settle();
}

export function stateControl(collections: readonly string[]): ControlEndpoint[] {
  return [
    defineControl({
      method: 'GET',
      path: '/state',
      summary: 'The whole state as one versioned JSON document (resources, events, lifecycle timers, the clock; credentials as hashes).',
      response: StateDocument,
      handler: async ({ services }) => exportState(services),
    }),
    defineControl({
      method: 'PUT',
      path: '/state',
      summary: 'Replaces the whole state with a document from GET /state. A document that does not check out changes nothing; the answer says why.',
      body: Type.Unknown(),
      bodyRequired: true,
      bodyLimit: 1024 * 1024 * 1024,
      response: Type.Object({ loaded: Type.Object({ documents: Type.Integer(), events: Type.Integer(), timers: Type.Integer() }), clock: Type.Unknown() }),
      handler: async ({ body, services }) => {
        const dump = checkState(body, services, collections);
        await importState(services, dump);
        const now = services.clock.now();
        return {
          loaded: {
            documents: Object.values(dump.docs).reduce((n, d) => n + d.length, 0),
            events: dump.events.length,
            timers: dump.timers.length,
          },
          clock: { now: isoSeconds(now), epochMillis: now, frozen: services.clock.frozen },
        };
      },
    }),
  ];
}
