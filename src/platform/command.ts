import type { Actor } from './events.js';
import type { Tx } from './store/types.js';

/** A lifecycle timer to set: it runs when the emulated clock reaches `due`. */
export interface ScheduleRequest {
  kind: string;
  ref: string;
  due: number;
  data?: Record<string, unknown>;
  /** A stable id replaces an earlier timer of the same id. */
  id?: string;
}

/** What a rule may cause besides its own writes, all inside the same transaction. */
export interface Effects {
  /** Sets a lifecycle timer (kinds are those of the declared lifecycles). */
  schedule(req: ScheduleRequest): Promise<void>;
  /** Drops a resource's timers (of one kind when given). */
  cancel(ref: string, kind?: string): Promise<void>;
  /** How long a lifecycle step takes, in ms of emulated time (defaults overridden by `--lifecycle`). */
  duration(step: string): number;
  /**
   * Takes the fault armed under `key` through the control endpoints: it applies to
   * one command only and is disarmed once that command commits, so a retried
   * transaction sees it again.
   */
  takeFault<T>(key: string): T | undefined;
  /**
   * The emulated present. Equal to `now` for requests; for a timer run while the
   * clock catches up after a jump it is later, so recurring work can be computed
   * up to it in one pass.
   */
  present(): number;
}

/**
 * Everything a rule receives to change state: one transaction, who acts, when,
 * and its effects. Rules know nothing else of the server (no HTTP, no services).
 */
export interface Command {
  tx: Tx;
  actor: Actor;
  /** Emulated time of the change: the request's arrival, or a timer's due time. */
  now: number;
  effects: Effects;
}
