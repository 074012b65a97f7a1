/**
 * @module
 * The clock plugins read time and wait through (`api.clock`): `now()`, `sleep()` and timers. The
 * runtime hands every plugin the system clock unless it was built with another one, so a test can
 * swap in a fake clock (`@tern/testing`'s `FakeClock`) and plugin code that uses `api.clock` runs
 * without real waiting. The kernel's own timestamps (item and turn times) stay on real time.
 */
import { type CancelTimer, delay, startTimer } from "./timer.ts";

/** Time and timers, as plugins should use them. */
export interface Clock {
  /** Milliseconds since the epoch, like `Date.now()`. */
  now(): number;
  /**
   * Resolves after `ms` milliseconds; rejects with the signal's reason when `signal` aborts first.
   *
   * @example
   * ```ts
   * await api.clock.sleep(1_000, { signal: ctx.signal });
   * ```
   */
  sleep(ms: number, options?: { signal?: AbortSignal }): Promise<void>;
  /** Calls `fn` once after `ms` milliseconds; returns an id for `clearTimeout()`. */
  setTimeout(fn: () => void, ms: number): number;
  /** Cancels a timer made by `setTimeout()` (an unknown id is ignored). */
  clearTimeout(id: number): void;
}

/** The timers of the real clock, by id. */
const running = new Map<number, CancelTimer>();
let lastTimerId = 0;

/** The real clock: `Date.now()` and the kernel's timers (`timer.ts`). */
export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms, options = {}) => delay(ms, options),
  setTimeout: (fn, ms) => {
    const id = ++lastTimerId;
    running.set(
      id,
      startTimer(ms, () => {
        running.delete(id);
        fn();
      }),
    );
    return id;
  },
  clearTimeout: (id) => {
    running.get(id)?.();
    running.delete(id);
  },
};

/**
 * `sleep()` built on a clock's `setTimeout()`/`clearTimeout()`, for `Clock` implementations:
 * resolves after `ms`, or rejects with `signal.reason` as soon as the signal aborts.
 */
export function sleepOn(clock: Pick<Clock, "setTimeout" | "clearTimeout">, ms: number, signal?: AbortSignal) {
  return new Promise<void>((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const onAbort = () => {
      clock.clearTimeout(id);
      reject(signal?.reason);
    };
    const id = clock.setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}
