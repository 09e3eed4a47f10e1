import type { Reader, Tx } from './store/types.js';

/**
 * A moment in one resource's rules that other resources may act on (a project
 * being deleted, a cluster gone). The offering resource declares the point and
 * runs it; subscribers are named in their own Resource object, and the platform
 * binds them from the list of resources, so no module registers itself on import.
 * A point run outside a write (a lookup) is declared with `Reader` as its store.
 */
export class HookPoint<S, T extends Reader = Tx> {
  private subscribers: ((tx: T, subject: S, at: number) => Promise<void>)[] = [];

  constructor(readonly name: string) {}

  /** Runs every subscriber in the caller's transaction; one may throw an ApiError to refuse. */
  async run(tx: T, subject: S, at: number): Promise<void> {
    for (const fn of this.subscribers) await fn(tx, subject, at);
  }

  /** Adds one subscriber outside the list of resources (tests that watch a point); returns its removal. */
  subscribe(fn: (tx: T, subject: S, at: number) => Promise<void>): () => void {
    this.subscribers = [...this.subscribers, fn];
    return () => {
      this.subscribers = this.subscribers.filter((f) => f !== fn);
    };
  }

  /** Replaces the subscribers (the same list of resources binds the same ones, however many servers run). */
  bind(fns: ((tx: T, subject: S, at: number) => Promise<void>)[]): void {
    this.subscribers = fns;
  }
}

export interface HookSubscription {
  point: HookPoint<never, never>;
  run: (tx: never, subject: never, at: number) => Promise<void>;
}

/** A subscription for a resource's `subscribes` list. */
export function on<S, T extends Reader>(point: HookPoint<S, T>, run: (tx: T, subject: S, at: number) => Promise<void>): HookSubscription {
  return { point, run } as unknown as HookSubscription;
}

/** Binds every point named by a subscription to its subscribers, in the order of the list. */
export function bindHooks(subscriptions: HookSubscription[]): void {
  const byPoint = new Map<HookPoint<never, never>, HookSubscription['run'][]>();
  for (const s of subscriptions) byPoint.set(s.point, [...(byPoint.get(s.point) ?? []), s.run]);
  for (const [point, fns] of byPoint) point.bind(fns);
}
