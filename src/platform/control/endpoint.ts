import type { Static, TObject, TSchema } from '@sinclair/typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Services } from '../services.js';

/** The emulator's own endpoints live under a prefix no Atlas path uses. */
export const CONTROL_PREFIX = '/__emulator';

/** The tag control endpoints carry in the served OpenAPI document. */
export const CONTROL_TAG = 'Emulator Control';

export interface ControlContext<P extends TObject, Q extends TObject, B extends TSchema> {
  params: Static<P>;
  query: Static<Q>;
  /** The body, checked against the declared schema (undefined when none was sent and none is required). */
  body: Static<B>;
  services: Services;
  /** Base URL the request came to, for links. */
  base: string;
  request: FastifyRequest;
  reply: FastifyReply;
}

/** A control answer that needs another status or headers than the declaration's. */
export class ControlReply {
  constructor(
    readonly status: number,
    readonly body?: unknown,
    readonly headers: Record<string, string> = {},
  ) {}
}

export interface ControlDef<P extends TObject, Q extends TObject, B extends TSchema> {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Below CONTROL_PREFIX, with {param} segments, e.g. /faults/{id}. */
  path: string;
  summary: string;
  params?: P;
  query?: Q;
  body?: B;
  /** A body must be sent; otherwise an empty body stands for `{}`. */
  bodyRequired?: boolean;
  /** Documents the answer in the OpenAPI document. */
  response?: TSchema;
  /** Success status (200 unless stated). */
  status?: 200 | 201 | 204;
  /** Largest body accepted, in bytes, when more than the server's default. */
  bodyLimit?: number;
  /** Open even when a control token is set (health checks). */
  open?: boolean;
  handler(ctx: ControlContext<P, Q, B>): Promise<unknown>;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type ControlEndpoint = ControlDef<any, any, any>;

/** Declares one control endpoint: validation, error body and OpenAPI entry derive from it as for operations. */
export function defineControl<P extends TObject = TObject, Q extends TObject = TObject, B extends TSchema = TObject>(
  def: ControlDef<P, Q, B>,
): ControlEndpoint {
  return def as ControlEndpoint;
}

export const controlUrl = (e: ControlEndpoint) => `${CONTROL_PREFIX}${e.path}`;
