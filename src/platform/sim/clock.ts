import type { Store } from '../store/types.js';

interface ClockState {
  frozen: boolean;
  /** While running: emulated now = Date.now() + offset. */
  offset: number;
  /** While frozen: the emulated now. */
  frozenAt: number;
}

export const CLOCK_META = 'clock';

/**
 * The one clock every resource, event and metric reads. Real time by default; the
 * control endpoints freeze it and move it forward. Its state is stored so that a
 * restart keeps emulated time where it was.
 */
export class Clock {
  private state: ClockState = { frozen: false, offset: 0, frozenAt: 0 };

  constructor(private readonly store: Store) {}

  async load(): Promise<void> {
    const raw = await this.store.getMeta(CLOCK_META);
    if (raw) this.state = JSON.parse(raw) as ClockState;
  }

  /** The stored form of a clock standing at `now` (frozen, or running from there), for an import. */
  static stored(now: number, frozen: boolean): string {
    const state: ClockState = frozen ? { frozen, offset: 0, frozenAt: now } : { frozen, offset: now - Date.now(), frozenAt: 0 };
    return JSON.stringify(state);
  }

  now(): number {
    return this.state.frozen ? this.state.frozenAt : Date.now() + this.state.offset;
  }

  get frozen(): boolean {
    return this.state.frozen;
  }

  async setFrozen(frozen: boolean): Promise<void> {
    if (frozen === this.state.frozen) return;
    const now = this.now();
    this.state = frozen
      ? { frozen: true, offset: this.state.offset, frozenAt: now }
      : { frozen: false, offset: now - Date.now(), frozenAt: 0 };
    await this.save();
  }

  /** Moves emulated time forward by ms (never backwards: lifecycles only run forward). */
  async advance(ms: number): Promise<void> {
    if (this.state.frozen) this.state.frozenAt += ms;
    else this.state.offset += ms;
    await this.save();
  }

  /** Back to real time, as after a reset. */
  async resetToRealTime(): Promise<void> {
    this.state = { frozen: false, offset: 0, frozenAt: 0 };
    await this.save();
  }

  private async save(): Promise<void> {
    const value = JSON.stringify(this.state);
    await this.store.write((tx) => tx.setMeta(CLOCK_META, value));
  }
}
