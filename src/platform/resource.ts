import type { FastifyInstance } from 'fastify';
import type { EventType } from './events.js';
import type { HookSubscription } from './hooks.js';
import type { Operation } from './http/operation.js';
import type { Services } from './services.js';
import type { Lifecycle } from './sim/lifecycle.js';

/**
 * One Atlas resource family, everything the platform needs to serve it. The list
 * in src/resources/index.ts is the only place resources are named; the platform
 * wires routing, timers, hooks, control endpoints and event types from it.
 */
export interface Resource {
  /** The family's folder name, e.g. "clusters". */
  name: string;
  /** Its Atlas operations, each declared once with defineOperation. */
  operations: Operation[];
  /** The document-store collections it owns. */
  collections: readonly string[];
  /** The event types it records (see eventRecorder). */
  eventTypes: Record<string, EventType>;
  /**
   * Its declared lifecycles (defineLifecycle): states, transitions the clock drives,
   * their duration settings with defaults (`--lifecycle` overrides) and the events
   * each records. One engine runs them all.
   */
  lifecycles?: Lifecycle[];
  /** Hook points of other resources it acts on. */
  subscribes?: HookSubscription[];
  /** Its own endpoints under the control prefix. */
  control?(app: FastifyInstance, services: Services): void;
}
