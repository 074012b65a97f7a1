/**
 * @module
 * A fake `Clock` for tests. It covers what plugins read through `api.clock`: `now()`, `sleep()`,
 * `setTimeout()` and `clearTimeout()`. Time moves only when the test says so (`tick()`), or, with
 * `autoAdvance`, jumps straight to the next timer whenever one is waiting, so a plugin that sleeps
 * for an hour finishes at once. It does not touch `Date.now()`, the global timers, or the
 * kernel's own timestamps (item and turn times stay real).
 */
import { type Clock, sleepOn } from "../kernel/mod.ts";

/** Options for `new FakeClock()`. */
export interface FakeClockOptions {
  /** The time the clock starts at. @default 2025-01-01T00:00:00Z */
  start?: number | Date;
  /** Jump to the next timer whenever one is waiting (no `tick()` needed). @default false */
  autoAdvance?: boolean;
}

interface Timer {
  id: number;
  at: number;
  fn: () => void;
}

/**
 * A clock whose time the test controls.
 *
 * @example
 * ```ts
 * const clock = new FakeClock();
 * const done = clock.sleep(60_000);
 * await clock.tick(60_000); // done resolves now
 * ```
 */
export class FakeClock implements Clock {
  #now: number;
  #timers: Timer[] = [];
  #nextId = 1;
  #auto: boolean;
  #advancing = false;

  constructor(options: FakeClockOptions = {}) {
    const start = options.start ?? Date.UTC(2025, 0, 1);
    this.#now = typeof start === "number" ? start : start.getTime();
    this.#auto = options.autoAdvance ?? false;
  }

  /** The fake time, in milliseconds since the epoch. */
  now(): number {
    return this.#now;
  }

  /** Timers waiting to fire. */
  get pending(): number {
    return this.#timers.length;
  }

  setTimeout(fn: () => void, ms: number): number {
    const timer = { id: this.#nextId++, at: this.#now + Math.max(0, ms), fn };
    this.#timers.push(timer);
    if (this.#auto) this.#scheduleAuto();
    return timer.id;
  }

  clearTimeout(id: number): void {
    this.#timers = this.#timers.filter((t) => t.id !== id);
  }

  sleep(ms: number, options: { signal?: AbortSignal } = {}): Promise<void> {
    return sleepOn(this, ms, options.signal);
  }

  /**
   * Moves time forward by `ms`, firing every timer that falls due, in order of due time, each
   * at its own time; code awaiting a fired timer runs before the next one fires.
   */
  async tick(ms: number): Promise<void> {
    if (ms < 0) throw new RangeError(`Cannot move the fake clock back: tick(${ms})`);
    const until = this.#now + ms;
    for (let timer = this.#due(until); timer; timer = this.#due(until)) {
      this.#now = Math.max(this.#now, timer.at);
      timer.fn();
      await settle();
    }
    this.#now = until;
  }

  /** Fires every waiting timer (and timers they start), moving time to each one's due time. */
  async runAll(): Promise<void> {
    for (let timer = this.#due(Infinity); timer; timer = this.#due(Infinity)) {
      this.#now = Math.max(this.#now, timer.at);
      timer.fn();
      await settle();
    }
  }

  /** Takes out the earliest timer due by `until` (the first set wins a tie). */
  #due(until: number): Timer | undefined {
    let best: Timer | undefined;
    for (const t of this.#timers) if (t.at <= until && (!best || t.at < best.at)) best = t;
    if (best) this.#timers.splice(this.#timers.indexOf(best), 1);
    return best;
  }

  /** With `autoAdvance`: once the code that set a timer has gone quiet, fire the waiting timers. */
  #scheduleAuto(): void {
    if (this.#advancing) return;
    this.#advancing = true;
    setTimeout(async () => {
      await this.runAll();
      this.#advancing = false;
      if (this.#timers.length) this.#scheduleAuto();
    }, 0);
  }
}

/** Lets promise callbacks (and the macrotasks they queue right away) run. */
function settle(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}
