/**
 * @module
 * Runs one in-process hook (a function a plugin added with `api.hooks.on`) under the same rules as
 * a command hook: a timeout, cancellation with the turn, and failure as data. The handler gets its
 * own copy of the input, so parallel handlers cannot see each other's changes; what it returns is
 * kept as `RunResult.value` for the event to interpret.
 */
import { type CancelTimer, type HookHandler, startTimer } from "../kernel/mod.ts";
import type { RunResult } from "./command_runner.ts";

/** Options for `runInProcess()`. */
export interface InProcessRunOptions {
  timeoutSec: number;
  /** Aborted when the turn is interrupted. */
  signal?: AbortSignal;
}

/** Calls `handler` with a copy of `input`; never throws. */
export async function runInProcess(
  // deno-lint-ignore no-explicit-any
  handler: HookHandler<any>,
  input: unknown,
  options: InProcessRunOptions,
): Promise<RunResult> {
  const startedAt = Date.now();
  const started = performance.now();
  const done = (value: unknown, error: string | null): RunResult => ({
    startedAt,
    completedAt: Date.now(),
    durationMs: Math.round(performance.now() - started),
    exitCode: error === null ? 0 : null,
    stdout: "",
    stderr: "",
    error,
    ...(error === null ? { value } : {}),
  });
  if (options.signal?.aborted) return done(undefined, "hook was cancelled: the turn was interrupted");
  const controller = new AbortController();
  let cancelTimer: CancelTimer = () => {};
  let onAbort = () => {};
  const stopped = new Promise<string>((resolve) => {
    onAbort = () => {
      controller.abort();
      resolve("hook was cancelled: the turn was interrupted");
    };
    if (options.signal?.aborted) onAbort();
    else options.signal?.addEventListener("abort", onAbort, { once: true });
    cancelTimer = startTimer(options.timeoutSec * 1000, () => {
      controller.abort();
      resolve(`hook timed out after ${options.timeoutSec}s`);
    });
  });
  const call = Promise.resolve().then(() => handler(structuredClone(input), { signal: controller.signal }));
  try {
    const winner = await Promise.race([
      call.then((value) => ({ value }), (error) => ({ thrown: error })),
      stopped.then((reason) => ({ stopped: reason })),
    ]);
    if ("stopped" in winner) return done(undefined, winner.stopped);
    if ("thrown" in winner) {
      const message = winner.thrown instanceof Error ? winner.thrown.message : String(winner.thrown);
      return done(undefined, `hook threw: ${message}`);
    }
    return done(winner.value, null);
  } finally {
    cancelTimer();
    options.signal?.removeEventListener("abort", onAbort);
  }
}
