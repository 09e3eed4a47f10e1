import type { Static, TObject, TSchema } from '@sinclair/typebox';
import type { Command } from '../command.js';
import type { Actor, EventType } from '../events.js';
import type { OrgRole, Principal, ProjectRole } from '../roles.js';
import type { Reader } from '../store/types.js';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** Who may call an operation, as each reference page names it. */
export type Access =
  /** Any valid credential ("any assigned role"). */
  | { scope: 'any' }
  /** A role in the organization named by the path's {orgId}. */
  | { scope: 'org'; role: OrgRole }
  /** A role in the project named by the path's {groupId}; the project must exist. */
  | { scope: 'project'; role: ProjectRole };

export interface VersionSpec<B extends TSchema = TSchema> {
  /** Request body schema; absent when the operation takes no body. */
  body?: B;
  /** A body must be sent (else 400 MISSING_ATTRIBUTE / INVALID_JSON). */
  bodyRequired?: boolean;
  /** Response schema; absent for 204. */
  response?: TSchema;
  /**
   * The response is a string sent as it is, not as JSON (Atlas answers a new X.509
   * certificate as bare PEM under its versioned JSON media type).
   */
  text?: boolean;
  /**
   * The response is a file: the handler answers its bytes base64-encoded and they go
   * out as they are under Atlas's `+gzip` media type (log downloads).
   */
  gzip?: boolean;
  /** Success status: 200 unless stated. */
  status?: 200 | 201 | 202 | 204;
  /** Deprecation and Sunset headers exactly as Atlas sends them (HTTP dates). */
  deprecation?: string;
  sunset?: string;
}

export interface PageRequest {
  pageNum: number;
  itemsPerPage: number;
  includeCount: boolean;
  offset: number;
}

export interface ListBody<T> {
  links: { href: string; rel: string }[];
  results: T[];
  totalCount: number;
}

/**
 * The body a handler receives: the declared schema's type of whichever version was
 * served, or undefined where a version takes no body or may be sent without one.
 */
export type BodyOf<V> = { [K in keyof V]: VersionBody<V[K]> }[keyof V];

type VersionBody<S> = S extends { body: infer B extends TSchema }
  ? S extends { bodyRequired: true }
    ? Static<B>
    : Static<B> | undefined
  : 'body' extends keyof S
    ? unknown
    : undefined;

export interface OperationContext<P extends TObject, Q extends TObject, B = unknown> {
  params: Static<P>;
  query: Static<Q>;
  /** Validated against the served version's schema before the handler runs. */
  body: B;
  /** The resource version served (YYYY-MM-DD). */
  version: string;
  principal: Principal;
  actor: Actor;
  /** Reads committed state (writes go through `command`). */
  store: Reader;
  /**
   * Runs fn as one command: one transaction with the caller as actor and the
   * request's time, effects for timers and faults; caches are refreshed after it
   * commits. Every write of a handler goes through here.
   */
  command<T>(fn: (cmd: Command) => Promise<T>): Promise<T>;
  /** Every event type the served resources record, by name. */
  eventTypes: ReadonlyMap<string, EventType>;
  /** How long a lifecycle step takes (for views that show progress). */
  duration(step: string): number;
  /** Emulated time when the request arrived. */
  now: number;
  /** Absolute URL of an Atlas path on the host the request came to. */
  link(path: string): string;
  /** Paging requested (defaults applied) for paginated operations. */
  page: PageRequest;
  /** Wraps one page of results as Atlas lists do, with self/previous/next links. */
  list<T>(results: T[], totalCount: number): ListBody<T>;
  /** For a list held whole: cuts the requested page, renders its items, and wraps them as list() does. */
  listAll<T, V = T>(all: T[], view?: (item: T) => V | Promise<V>): Promise<ListBody<V>>;
}

/** A handler's answer when it needs more than the declared status and a body. */
export class Reply {
  constructor(
    readonly status: number,
    readonly body: unknown,
    readonly headers: Record<string, string> = {},
  ) {}
}

export interface OperationDef<P extends TObject, Q extends TObject, V extends Record<string, VersionSpec> = Record<string, VersionSpec>> {
  /** The contract's (newest) operationId, e.g. createGroup. */
  operationId: string;
  /** The classic name reference pages and older clients use, e.g. createProject, where it differs. */
  classicId?: string;
  method: HttpMethod;
  /** Atlas's path template, e.g. /api/atlas/v2/groups/{groupId}/clusters/{clusterName}:pinFeatureCompatibilityVersion */
  path: string;
  /** Atlas's tag (the reference's section), for the OpenAPI document. */
  tag: string;
  summary: string;
  access: Access;
  /** Path parameters with their patterns. */
  params?: P;
  /** Operation-specific query parameters (envelope, pretty and paging are added). */
  query?: Q;
  paginated?: boolean;
  /** Token-bucket name from the rate-limit configuration, for rate-limited operations. */
  rateLimit?: string;
  versions: V;
  /** The operation starts a provisioning that a fault rule's failProvisioning can make end FAILED. */
  provisioningFault?: boolean;
  handler(ctx: OperationContext<P, Q, BodyOf<V>>): Promise<unknown>;
}

// Erased form kept by the registry.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Operation = OperationDef<any, any, Record<string, VersionSpec>>;

/** Declares one Atlas operation: its whole contract in one place; the handler's body is typed from its versions. */
export function defineOperation<
  P extends TObject = TObject,
  Q extends TObject = TObject,
  V extends Record<string, VersionSpec> = Record<string, VersionSpec>,
>(def: OperationDef<P, Q, V>): Operation {
  return def as unknown as Operation;
}
