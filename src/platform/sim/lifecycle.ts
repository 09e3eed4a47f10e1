import type { Command } from '../command.js';
import type { Timer } from '../store/types.js';
import type { Scheduler } from './scheduler.js';

/** One step of a resource's life that happens when the clock passes it. */
export interface Transition<D> {
  /** The lifecycle setting that times it (`--lifecycle <setting>=PT5S`); absent when the rule picks the moment. */
  duration?: string;
  /** States the subject must be in when the clock passes it; in any other, nothing happens. */
  from?: readonly string[];
  /** The state the subject moves to (set before `run`, which saves it). */
  to?: string;
  /** The event types it records, for readers and the docs. */
  records?: readonly string[];
  /**
   * The timer's id for a subject: one pending timer per id, a new one replaces it.
   * Default `<kind>:<ref>`; `null` lets every start add a timer of its own.
   */
  timerId?: ((ref: string) => string) | null;
  /** What happens, in its own command stamped with the timer's due time (the system acts). */
  run(cmd: Command, subject: D, timer: Timer): Promise<void>;
}

/**
 * A resource's declared state machine: its states, the transitions the clock
 * drives, their duration settings with defaults, and what each does. One engine
 * (this module) turns every declaration into timers; resources never register
 * timer handlers themselves.
 */
export interface LifecycleSpec<D, T extends string> {
  /** Timer kinds are `<name>.<transition>`. */
  name: string;
  /** Loads the subject a timer acts on; a timer whose subject is gone does nothing. */
  load(cmd: Command, timer: Timer): Promise<D | undefined>;
  /** The subject's state (checked against `from`, set from `to`). */
  state?: { get(subject: D): string; set(subject: D, state: string): void };
  states?: readonly string[];
  /** Default durations of its settings, ms of emulated time. */
  durations?: Record<string, number>;
  transitions: Record<T, Transition<D>>;
}

export interface StartOptions {
  /** When it happens; default: now plus the transition's duration. */
  due?: number;
  data?: Record<string, unknown>;
}

export interface Lifecycle {
  readonly name: string;
  readonly durations: Readonly<Record<string, number>>;
  /** Timer kinds with their handlers, for the scheduler. */
  handlers(): [string, (cmd: Command, timer: Timer) => Promise<void>][];
  /** Every transition with its declaration, for docs and checks. */
  describe(): { kind: string; transition: Transition<never> }[];
}

export class DeclaredLifecycle<D, T extends string> implements Lifecycle {
  constructor(private readonly spec: LifecycleSpec<D, T>) {
    for (const [t, tr] of Object.entries<Transition<D>>(spec.transitions)) {
      if (tr.duration !== undefined && !(spec.durations && tr.duration in spec.durations)) {
        throw new Error(`lifecycle ${spec.name}.${t}: duration ${tr.duration} has no default`);
      }
      for (const s of [...(tr.from ?? []), ...(tr.to ? [tr.to] : [])]) {
        if (spec.states && !spec.states.includes(s)) throw new Error(`lifecycle ${spec.name}.${t}: unknown state ${s}`);
      }
    }
  }

  get name(): string {
    return this.spec.name;
  }

  get durations(): Readonly<Record<string, number>> {
    return this.spec.durations ?? {};
  }

  kind(t: T): string {
    return `${this.spec.name}.${t}`;
  }

  /** Sets the timer of transition `t` for the subject `ref`; returns its due time. */
  async start(cmd: Command, t: T, ref: string, options: StartOptions = {}): Promise<number> {
    const tr = this.spec.transitions[t];
    let due = options.due;
    if (due === undefined) {
      if (tr.duration === undefined) throw new Error(`lifecycle ${this.kind(t)} needs a due time`);
      due = cmd.now + cmd.effects.duration(tr.duration);
    }
    const kind = this.kind(t);
    const id = tr.timerId === null ? undefined : tr.timerId ? tr.timerId(ref) : `${kind}:${ref}`;
    await cmd.effects.schedule({ kind, ref, due, data: options.data, id });
    return due;
  }

  /** Drops the subject's pending timer of transition `t`. */
  cancel(cmd: Command, t: T, ref: string): Promise<void> {
    return cmd.effects.cancel(ref, this.kind(t));
  }

  handlers(): [string, (cmd: Command, timer: Timer) => Promise<void>][] {
    return Object.entries<Transition<D>>(this.spec.transitions).map(([t, tr]) => [
      this.kind(t as T),
      async (cmd, timer) => {
        const subject = await this.spec.load(cmd, timer);
        if (subject === undefined) return;
        const state = this.spec.state;
        if (tr.from && state && !tr.from.includes(state.get(subject))) return;
        if (tr.to && state) state.set(subject, tr.to);
        await tr.run(cmd, subject, timer);
      },
    ]);
  }

  describe(): { kind: string; transition: Transition<never> }[] {
    return Object.entries<Transition<D>>(this.spec.transitions).map(([t, tr]) => ({
      kind: this.kind(t as T),
      transition: tr as Transition<never>,
    }));
  }
}

/** Declares a lifecycle (see LifecycleSpec). */
export function defineLifecycle<D, T extends string>(spec: LifecycleSpec<D, T>): DeclaredLifecycle<D, T> {
  return new DeclaredLifecycle(spec);
}

/** The one engine: every declared transition of every resource becomes a timer kind of the scheduler. */
export function driveLifecycles(scheduler: Scheduler, lifecycles: Lifecycle[]): void {
  for (const l of lifecycles) for (const [kind, run] of l.handlers()) scheduler.on(kind, run);
}
