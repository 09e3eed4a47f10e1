import type { ControlEndpoint } from './control/endpoint.js';
import type { EventType } from './events.js';
import type { HookSubscription } from './hooks.js';
import type { Operation } from './http/operation.js';
import type { Services } from './services.js';

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
  /** Lifecycle steps it runs on the clock, with their default durations in ms of emulated time (`--lifecycle` overrides). */
  lifecycleSteps?: Record<string, number>;
  /** Registers its timer handlers with the scheduler. */
  timers?(services: Services): void;
  /** Hook points of other resources it acts on. */
  subscribes?: HookSubscription[];
  /** Its own endpoints under the control prefix, declared with defineControl. */
  control?: ControlEndpoint[];
}
