import type { ControlEndpoint } from './control/endpoint.js';
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
  /** Its own endpoints under the control prefix, declared with defineControl. */
  control?: ControlEndpoint[];
}

/** Every operation of a list of resources, in list order. */
export function operationsOf(resources: readonly Resource[]): Operation[] {
  return resources.flatMap((r) => r.operations);
}

/** Every event type recorded by a list of resources, by name. */
export function eventTypesOf(resources: readonly Resource[]): Readonly<Record<string, EventType>> {
  return Object.assign({}, ...resources.map((r) => r.eventTypes));
}

/** Every declared lifecycle of a list of resources. */
export function lifecyclesOf(resources: readonly Resource[]): Lifecycle[] {
  return resources.flatMap((r) => r.lifecycles ?? []);
}

/** Default durations of every lifecycle setting of a list of resources. */
export function lifecycleDefaultsOf(resources: readonly Resource[]): Readonly<Record<string, number>> {
  return Object.assign({}, ...lifecyclesOf(resources).map((l) => l.durations));
}
