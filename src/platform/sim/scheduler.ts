import { ObjectId } from 'bson';
import type { Store, Timer, Tx } from '../store/types.js';
import type { Clock } from './clock.js';

/** Runs in the timer's own transaction; `timer.due` is the moment it happens. */
export type TimerHandler = (tx: Tx, timer: Timer) => Promise<void>;

export interface ScheduleRequest {
  kind: string;
  ref: string;
  due: number;
  data?: Record<string, unknown>;
  /** A stable id replaces an earlier timer of the same id. */
  id?: string;
}

/**
 * Moves resources through their lifecycles. Timers are stored, so they survive a
 * restart, and run in due order, each in one transaction with the events it
 * records. When the clock jumps, every timer passed over runs in order, stamped
 * with its own due time, so catching up yields the same history as real time.
 */
export class Scheduler {
  private readonly handlers = new Map<string, TimerHandler>();
  private nextDue: number | undefined;
  private running: Promise<void> | null = null;
  private interval: NodeJS.Timeout | null = null;

  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
  ) {}

  on(kind: string, handler: TimerHandler): void {
    if (this.handlers.has(kind)) throw new Error(`timer kind ${kind} registered twice`);
    this.handlers.set(kind, handler);
  }

  /** Whether a handler runs timers of this kind. */
  knows(kind: string): boolean {
    return this.handlers.has(kind);
  }

  async schedule(tx: Tx, req: ScheduleRequest): Promise<void> {
    if (!this.handlers.has(req.kind)) throw new Error(`no handler for timer kind ${req.kind}`);
    await tx.schedule({
      id: req.id ?? new ObjectId().toHexString(),
      kind: req.kind,
      ref: req.ref,
      due: req.due,
      data: req.data ?? {},
    });
    if (this.nextDue === undefined || req.due < this.nextDue) this.nextDue = req.due;
  }

  async load(): Promise<void> {
    this.nextDue = await this.store.nextTimerDue();
  }

  /** Cheap check for the request path: is any timer due? */
  isBehind(): boolean {
    return this.nextDue !== undefined && this.nextDue <= this.clock.now();
  }

  /** Runs every timer due by now (including ones that due timers schedule). */
  settle(): Promise<void> {
    if (!this.isBehind()) return this.running ?? Promise.resolve();
    if (!this.running) {
      this.running = this.runDue().finally(() => {
        this.running = null;
      });
    }
    return this.running;
  }

  private async runDue(): Promise<void> {
    for (;;) {
      const now = this.clock.now();
      const due = await this.store.dueTimers(now, 100);
      if (due.length === 0) break;
      for (const timer of due) {
        const handler = this.handlers.get(timer.kind);
        try {
          await this.store.write(async (tx) => {
            await tx.removeTimer(timer.id);
            if (handler) await handler(tx, timer);
          });
        } catch (err) {
          // A failing handler must not stall every later timer: drop it and go on.
          console.error(`lifecycle timer ${timer.kind} for ${timer.ref} failed`, err);
          await this.store.write((tx) => tx.removeTimer(timer.id));
        }
      }
    }
    this.nextDue = await this.store.nextTimerDue();
  }

  start(pollMs = 200): void {
    this.interval = setInterval(() => {
      if (this.isBehind()) this.settle().catch((err) => console.error('lifecycle timer failed', err));
    }, pollMs);
    this.interval.unref();
  }

  stop(): void {
    if (this.interval) clearInterval(this.interval);
    this.interval = null;
  }

  /** After the store was emptied. */
  async reload(): Promise<void> {
    await this.load();
  }
}
