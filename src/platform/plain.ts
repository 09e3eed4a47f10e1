import { Type, type Static, type TObject, type TSchema } from '@sinclair/typebox';
import type { Command } from './command.js';
import { ApiError } from './errors.js';
import { eventRecorder, type EventType } from './events.js';
import { on, type HookPoint } from './hooks.js';
import { defineOperation, Reply, type Operation } from './http/operation.js';
import { newObjectId } from './ids.js';
import type { Resource } from './resource.js';
import type { ProjectRole } from './roles.js';
import { GroupIdParam, Paginated } from './schemas.js';
import type { Reader, Tx } from './store/types.js';
import { PROJECTS } from './tenancy.js';

// A plain resource: documents of a project that Atlas creates, lists, reads,
// updates and deletes with validation, defaults and events, and no lifecycle.
// Declared here once, it needs no hand-written handler; rules that go beyond a
// check per document (lifecycles, cross-resource effects) belong to a rich
// resource with its own rules module instead.

/** What a stored plain document holds besides its declared fields. */
export interface PlainMeta {
  /** The document's id (ObjectId hex). */
  id: string;
  groupId: string;
}

export interface PlainSpec<
  C extends TObject,
  U extends TObject,
  V extends TObject,
  E extends Record<string, EventType>,
  P extends { id: string } = { id: string },
> {
  /** The family's folder name. */
  name: string;
  /** Its collection (parent = project id, name = the key). */
  collection: string;
  /** Atlas's tag and a singular noun for messages ("widget"). */
  tag: string;
  noun: string;
  /** The list path under the project, e.g. /api/atlas/v2/groups/{groupId}/widgets. */
  path: string;
  /** The body field that names a document, unique in its project, and its path parameter with pattern. */
  key: { field: keyof Static<C> & string; param: string; pattern: string };
  /** The one version served (YYYY-MM-DD). */
  version: string;
  /** Request bodies and the served shape. The key is in `create`, never in `update`. */
  schemas: { create: C; update: U; view: V };
  /** Roles as the reference pages name them. */
  access: { read: ProjectRole; write: ProjectRole };
  /** Fields a new document takes when the body leaves them out. */
  defaults?: Partial<Static<C>>;
  /** Checks one document before it is stored (create and update); throw an ApiError to refuse. */
  validate?(cmd: Command, doc: Static<C>, previous: Static<C> | undefined): void | Promise<void>;
  /** Atlas's error codes: `<code>_NOT_FOUND` (404) and `DUPLICATE_<code>` (409). */
  errorCode: string;
  /** Event types it records (one per change, when named), declared like any family's. */
  eventTypes: E;
  events: { created?: keyof E & string; updated?: keyof E & string; deleted?: keyof E & string };
  /** The project's deletion point: its documents go with the project. */
  dropWith?: HookPoint<P>;
  /** Operation ids (the contract's names). */
  operationIds: { list: string; get: string; create: string; update: string; delete: string };
}

type Doc<C extends TObject> = Static<C> & PlainMeta;

/** Declares a plain resource: five operations, their rules and events, from one description. */
export function definePlainResource<
  C extends TObject,
  U extends TObject,
  V extends TObject,
  E extends Record<string, EventType>,
  P extends { id: string } = { id: string },
>(spec: PlainSpec<C, U, V, E, P>): Resource {
  const recordEvent = eventRecorder(spec.eventTypes);
  const keyOf = (d: Static<C>) => String(d[spec.key.field]);
  const notFound = (key: string, groupId: string) =>
    new ApiError(404, `${spec.errorCode}_NOT_FOUND`, `No ${spec.noun} named ${key} exists in group ${groupId}.`, [key, groupId]);
  const duplicate = (key: string, groupId: string) =>
    new ApiError(409, `DUPLICATE_${spec.errorCode}`, `A ${spec.noun} named ${key} already exists in group ${groupId}.`, [key, groupId]);

  async function find(r: Reader, groupId: string, key: string): Promise<Doc<C>> {
    const d = await r.getByName<Doc<C>>(spec.collection, groupId, key);
    if (!d) throw notFound(key, groupId);
    return d;
  }

  async function record(cmd: Command, type: (keyof E & string) | undefined, d: Doc<C>): Promise<void> {
    if (!type) return;
    const project = await cmd.tx.get<{ orgId: string }>(PROJECTS, d.groupId);
    await recordEvent(cmd.tx, { type, at: cmd.now, actor: cmd.actor, orgId: project!.orgId, groupId: d.groupId, raw: { [spec.key.field]: keyOf(d) } });
  }

  const save = (cmd: Command, d: Doc<C>) => cmd.tx.put(spec.collection, d.id, d, { parent: d.groupId, name: keyOf(d) });

  const view = (d: Doc<C>) => d as unknown as Static<V>;
  const GroupParams = Type.Object({ groupId: GroupIdParam });
  const ItemParams = Type.Object({ groupId: GroupIdParam, [spec.key.param]: Type.String({ pattern: spec.key.pattern }) });
  const item = `${spec.path}/{${spec.key.param}}`;
  const keyParam = (params: Record<string, string>) => params[spec.key.param]!;
  const base = { tag: spec.tag };

  const operations: Operation[] = [
    defineOperation({
      ...base,
      operationId: spec.operationIds.list,
      method: 'GET',
      path: spec.path,
      summary: `Return All ${spec.tag} in One Project`,
      access: { scope: 'project', role: spec.access.read },
      params: GroupParams,
      paginated: true,
      versions: { [spec.version]: { response: Paginated(spec.schemas.view, `Paginated${spec.schemas.view.title ?? spec.noun}`) } },
      async handler(ctx) {
        const { items } = await ctx.store.list<Doc<C>>(spec.collection, ctx.params.groupId);
        return ctx.listAll(items, view);
      },
    }),
    defineOperation({
      ...base,
      operationId: spec.operationIds.get,
      method: 'GET',
      path: item,
      summary: `Return One ${spec.noun} from One Project`,
      access: { scope: 'project', role: spec.access.read },
      params: ItemParams,
      versions: { [spec.version]: { response: spec.schemas.view } },
      async handler(ctx) {
        return view(await find(ctx.store, ctx.params.groupId, keyParam(ctx.params)));
      },
    }),
    defineOperation({
      ...base,
      operationId: spec.operationIds.create,
      method: 'POST',
      path: spec.path,
      summary: `Create One ${spec.noun} in One Project`,
      access: { scope: 'project', role: spec.access.write },
      params: GroupParams,
      versions: { [spec.version]: { body: spec.schemas.create as TSchema, bodyRequired: true, response: spec.schemas.view, status: 201 } },
      async handler(ctx) {
        const input = ctx.body as Static<C>;
        const created = await ctx.command(async (cmd) => {
          const groupId = ctx.params.groupId;
          const key = keyOf(input);
          if (await cmd.tx.getByName(spec.collection, groupId, key)) throw duplicate(key, groupId);
          const fields = { ...spec.defaults, ...input } as Static<C>;
          await spec.validate?.(cmd, fields, undefined);
          const d = { ...fields, id: newObjectId(cmd.now), groupId } as Doc<C>;
          await save(cmd, d);
          await record(cmd, spec.events.created, d);
          return d;
        });
        return view(created);
      },
    }),
    defineOperation({
      ...base,
      operationId: spec.operationIds.update,
      method: 'PATCH',
      path: item,
      summary: `Update One ${spec.noun} in One Project`,
      access: { scope: 'project', role: spec.access.write },
      params: ItemParams,
      versions: { [spec.version]: { body: spec.schemas.update as TSchema, bodyRequired: true, response: spec.schemas.view } },
      async handler(ctx) {
        const changes = ctx.body as Partial<Static<C>>;
        const updated = await ctx.command(async (cmd) => {
          const previous = await find(cmd.tx, ctx.params.groupId, keyParam(ctx.params));
          const d = { ...previous, ...changes, id: previous.id, groupId: previous.groupId, [spec.key.field]: keyOf(previous) } as Doc<C>;
          await spec.validate?.(cmd, d, previous);
          await save(cmd, d);
          await record(cmd, spec.events.updated, d);
          return d;
        });
        return view(updated);
      },
    }),
    defineOperation({
      ...base,
      operationId: spec.operationIds.delete,
      method: 'DELETE',
      path: item,
      summary: `Remove One ${spec.noun} from One Project`,
      access: { scope: 'project', role: spec.access.write },
      params: ItemParams,
      versions: { [spec.version]: { status: 204 } },
      async handler(ctx) {
        await ctx.command(async (cmd) => {
          const d = await find(cmd.tx, ctx.params.groupId, keyParam(ctx.params));
          await cmd.tx.delete(spec.collection, d.id);
          await record(cmd, spec.events.deleted, d);
        });
        return new Reply(204, undefined);
      },
    }),
  ];
  const subscribes = spec.dropWith
    ? [on(spec.dropWith, (tx: Tx, project: P) => tx.deleteChildren(spec.collection, project.id).then(() => undefined))]
    : [];
  return { name: spec.name, operations, collections: [spec.collection], eventTypes: spec.eventTypes, subscribes };
}
