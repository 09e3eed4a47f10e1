import { ObjectId } from 'bson';
import type { Command, ScheduleRequest } from '../command.js';
import type { Store, Timer, Tx } from '../store/types.js';
import type { Clock } from './clock.js';

export type { ScheduleRequest } from '../command.js';

/** Runs in the timer's own command: `cmd.now` is `timer.due`, the system acts. */
export type TimerHandler = (cmd: Command, timer: Timer) => Promise<void>;

/** Builds the command a timer runs in; `commit` runs once its transaction has landed. */
export type CommandFactory = (tx: Tx, now: number) => { cmd: Command; commit(): void };

const yieldToRequests = () => new Promise<void>((resolve) => setImmediate(resolve));

/** How long one batch of timers may hold the event loop (and the writer) before requests get a turn. */
const BATCH_MS = 20;

/**
 * Moves resources through their lifecycles. Timers are stored, so they survive a
 * restart, and run in due order, each in one transaction with the events it
 * records. When the clock jumps, every timer passed over runs in order, stamped
 * with its own due time, so catching up yields the same history as real time.
 * Between two timers it yields to the event loop, so health checks and reads are
 * answered while a long jump is worked off.
 */
export class Scheduler {
  private readonly handlers = new Map<string, TimerHandler>();
  private nextDue: number | undefined;
  private running: Promise<void> | null = null;
  private interval: NodeJS.Timeout | null = null;
  private factory: CommandFactory | undefined;
  private jumping = false;
  /** The earliest timer scheduled by the batch running (Infinity when none). */
  private scheduledInBatch = Infinity;

  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
  ) {}

  /** How timers get their command (set once by the server). */
  useCommands(factory: CommandFactory): void {
    this.factory = factory;
  }

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
    if (req.due < this.scheduledInBatch) this.scheduledInBatch = req.due;
  }

  async load(): Promise<void> {
    this.nextDue = await this.store.nextTimerDue();
  }

  /** Cheap check for the request path: is any timer due? */
  isBehind(): boolean {
    return this.nextDue !== undefined && this.nextDue <= this.clock.now();
  }

  /** A clock jump (or a restart's backlog) is being worked off. */
  get catchingUp(): boolean {
    return this.jumping && this.running !== null;
  }

  /**
   * Runs every timer due by now (including ones that due timers schedule). With
   * `jump`, the work is a jump of the clock: requests that only read need not
   * wait for it (see `catchingUp`).
   */
  settle({ jump = false } = {}): Promise<void> {
    if (!this.isBehind()) return this.running ?? Promise.resolve();
    if (jump) this.jumping = true;
    if (!this.running) {
      this.running = this.runDue().finally(() => {
        this.running = null;
        this.jumping = false;
      });
    }
    return this.running;
  }

  private async runDue(): Promise<void> {
    for (;;) {
      const now = this.clock.now();
      const due = await this.store.dueTimers(now, 100);
      if (due.length === 0) break;
      for (let i = 0; i < due.length; ) {
        const { ran, scheduled } = await this.runBatch(due, i);
        i += ran;
        await yieldToRequests();
        // A timer the batch scheduled before the next one fetched goes first: fetch again.
        if (i < due.length && scheduled <= due[i]!.due) break;
      }
    }
    this.nextDue = await this.store.nextTimerDue();
  }

  /**
   * Runs timers from `due[from]` on in one transaction, each with its own command,
   * for up to BATCH_MS (a commit per timer would make a jump cost a disk flush per
   * step). A batch ends before a timer due after one its own handlers scheduled,
   * so due order holds. If any handler fails, the batch is undone and its first
   * timer runs alone (and is dropped if it fails again). Returns how many ran.
   */
  private async runBatch(due: Timer[], from: number): Promise<{ ran: number; scheduled: number }> {
    const started = performance.now();
    let commits: (() => void)[] = [];
    let ran = 0;
    try {
      await this.store.write(async (tx) => {
        commits = [];
        ran = 0;
        this.scheduledInBatch = Infinity;
        for (let j = from; j < due.length; j++) {
          const timer = due[j]!;
          if (ran > 0 && (this.scheduledInBatch <= timer.due || performance.now() - started > BATCH_MS)) break;
          await tx.removeTimer(timer.id);
          const handler = this.handlers.get(timer.kind);
          if (handler) {
            const made = this.command(tx, timer.due);
            await handler(made.cmd, timer);
            commits.push(made.commit);
          }
          ran++;
        }
      });
    } catch {
      this.scheduledInBatch = Infinity;
      await this.runOne(due[from]!);
      // What the lone run scheduled is unknown here: the caller fetches again to be sure.
      return { ran: 1, scheduled: -Infinity };
    }
    const scheduled = this.scheduledInBatch;
    this.scheduledInBatch = Infinity;
    for (const commit of commits) commit();
    return { ran, scheduled };
  }

  private command(tx: Tx, now: number): { cmd: Command; commit(): void } {
    if (!this.factory) throw new Error('timers run before the server set up its commands');
    return this.factory(tx, now);
  }

  private async runOne(timer: Timer): Promise<void> {
    const handler = this.handlers.get(timer.kind);
    let commit = () => {};
    try {
      await this.store.write(async (tx) => {
        await tx.removeTimer(timer.id);
        if (!handler) return;
        const made = this.command(tx, timer.due);
        commit = made.commit;
        await handler(made.cmd, timer);
      });
      commit();
    } catch (err) {
      // A failing handler must not stall every later timer: drop it and go on.
      console.error(`lifecycle timer ${timer.kind} for ${timer.ref} failed`, err);
      await this.store.write((tx) => tx.removeTimer(timer.id));
    }
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
