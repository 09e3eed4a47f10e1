import type { Command, Effects } from './command.js';
import { SYSTEM, type Actor } from './events.js';
import type { Scheduler } from './sim/scheduler.js';
import type { Store, Tx } from './store/types.js';

/**
 * Runs commands: opens the transaction, hands the rule its context, and after the
 * commit applies what lives outside the store (faults taken, caches dropped).
 */
export class Commands {
  constructor(
    private readonly store: Store,
    private readonly scheduler: Scheduler,
    private readonly duration: (step: string) => number,
    private readonly present: () => number,
    private readonly faults: Map<string, unknown>,
    /** Runs after every committed command (e.g. dropping cached credentials). */
    private readonly afterCommit: () => void,
  ) {
    scheduler.useCommands((tx, now) => this.open(tx, SYSTEM, now));
  }

  /** Runs fn as one atomic command: all of its writes, events and timers land, or none. */
  async run<T>(actor: Actor, now: number, fn: (cmd: Command) => Promise<T>): Promise<T> {
    let commit = () => {};
    const result = await this.store.write((tx) => {
      const made = this.open(tx, actor, now);
      commit = made.commit;
      return fn(made.cmd);
    });
    commit();
    this.afterCommit();
    return result;
  }

  private open(tx: Tx, actor: Actor, now: number): { cmd: Command; commit(): void } {
    const taken = new Set<string>();
    const effects: Effects = {
      schedule: (req) => this.scheduler.schedule(tx, req),
      cancel: (ref, kind) => tx.cancelTimers(ref, kind),
      duration: this.duration,
      present: () => Math.max(now, this.present()),
      takeFault: <T>(key: string) => {
        if (taken.has(key)) return undefined;
        const fault = this.faults.get(key) as T | undefined;
        if (fault !== undefined) taken.add(key);
        return fault;
      },
    };
    return {
      cmd: { tx, actor, now, effects },
      commit: () => {
        for (const key of taken) this.faults.delete(key);
      },
    };
  }
}
