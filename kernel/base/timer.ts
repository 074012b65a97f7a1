/**
 * @module
 * Timers that leave Deno's Node layer asleep. In Deno 2.9 the global `setTimeout` is Node's: its
 * first call loads Deno's Node timers (about 4 ms, which every run paid on its way to the first
 * model request) and each call makes a Node `Timeout` object. `AbortSignal.timeout()` runs on
 * Deno's own web timers instead, and behaves as a timer should: while its signal has an "abort"
 * listener it keeps the process alive, and once the listener is removed it no longer does
 * (`kernel/base/timer_test.ts` holds Deno to both). The kernel, the built-in plugins and the tools
 * use these for every timer on a run's path:
 *
 * - `startTimer(ms, fn)`: calls `fn` once after `ms`; returns a function that cancels it;
 * - `delay(ms, { signal })`: a wait that an abort cuts short (it rejects with the signal's reason);
 * - `withDeadline(promise, ms, onTimeout)`: the promise, or `onTimeout()`'s error after `ms`;
 * - `waitAtMost(promise, ms)`: the promise's value, or `undefined` once `ms` have passed.
 *
 * None of them can make a timer that does not keep the process alive (Node's `unref`); code that
 * needs one cancels its timer when it closes instead.
 */

/** Cancels a timer; calling it again, or after the timer fired, does nothing. */
export type CancelTimer = () => void;

/**
 * Calls `callback` once, `ms` milliseconds from now (a negative or NaN delay is 0; `Infinity`
 * never fires). The timer keeps the process alive until it fires or is cancelled.
 *
 * @example
 * ```ts
 * const cancel = startTimer(5_000, () => controller.abort(new Error("no answer in 5 s")));
 * try { await answer; } finally { cancel(); }
 * ```
 */
export function startTimer(ms: number, callback: () => void): CancelTimer {
  if (ms === Infinity) return () => {};
  const wait = Number.isFinite(ms) && ms > 0 ? Math.ceil(ms) : 0;
  // Web timers take a 32-bit delay and fire at once past it: wait the longest one, then the rest.
  if (wait > LONGEST_DELAY_MS) {
    let cancelRest: CancelTimer = () => {};
    const cancelFirst = startTimer(LONGEST_DELAY_MS, () => {
      cancelRest = startTimer(wait - LONGEST_DELAY_MS, callback);
    });
    return () => {
      cancelFirst();
      cancelRest();
    };
  }
  const signal = AbortSignal.timeout(wait);
  const fire = () => callback();
  signal.addEventListener("abort", fire, { once: true });
  return () => signal.removeEventListener("abort", fire);
}

/** The longest delay a web timer takes (2^31 - 1 ms, about 24.8 days). */
const LONGEST_DELAY_MS = 2 ** 31 - 1;

/** Resolves after `ms` milliseconds; rejects with `signal.reason` as soon as `signal` aborts. */
export function delay(ms: number, options: { signal?: AbortSignal } = {}): Promise<void> {
  const { signal } = options;
  if (signal?.aborted) return Promise.reject(signal.reason);
  return new Promise<void>((resolve, reject) => {
    const onAbort = () => {
      cancel();
      reject(signal?.reason);
    };
    const cancel = startTimer(ms, () => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    });
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

/**
 * Settles as `promise` does, unless `ms` milliseconds pass first: then it rejects with the error
 * `onTimeout()` returns. The timer is cancelled as soon as `promise` settles.
 */
export function withDeadline<T>(promise: Promise<T>, ms: number, onTimeout: () => Error): Promise<T> {
  let cancel: CancelTimer = () => {};
  const deadline = new Promise<never>((_, reject) => {
    cancel = startTimer(ms, () => reject(onTimeout()));
  });
  return Promise.race([promise, deadline]).finally(cancel);
}

/**
 * Waits for `promise` at most `ms` milliseconds: resolves to its value, or to `undefined` when the
 * time runs out first (the promise goes on; its later result is ignored). Rejects if it does.
 */
export function waitAtMost<T>(promise: Promise<T>, ms: number): Promise<T | undefined> {
  let cancel: CancelTimer = () => {};
  const timeUp = new Promise<undefined>((resolve) => {
    cancel = startTimer(ms, () => resolve(undefined));
  });
  return Promise.race([promise, timeUp]).finally(cancel);
}
