/**
 * @module
 * Retry timing: exponential backoff with jitter (Codex's shape: `base * 2^(n-1)`, times a random
 * factor in [0.9, 1.1]), a server-requested delay when there is one, and a 10 s cap; plus a sleep
 * that an `AbortSignal` ends early. Which failures are retried is decided in `failure.ts`.
 */
import { delay } from "../../kernel/mod.ts";

/** The longest wait between attempts, in milliseconds. */
export const MAX_RETRY_DELAY_MS = 10_000;

/** The default backoff base, in milliseconds. */
export const DEFAULT_RETRY_BASE_MS = 200;

/**
 * The delay before retry number `retry` (1 for the first retry): `retryAfterMs` when the server
 * asked for one, else `baseMs * 2^(retry-1)` with ±10 % jitter; never more than 10 s.
 */
export function retryDelayMs(retry: number, options: { baseMs: number; retryAfterMs?: number }): number {
  if (options.retryAfterMs !== undefined) return Math.min(MAX_RETRY_DELAY_MS, Math.round(options.retryAfterMs));
  const exponential = options.baseMs * 2 ** Math.max(0, retry - 1);
  const jitter = 0.9 + Math.random() * 0.2;
  return Math.min(MAX_RETRY_DELAY_MS, Math.round(exponential * jitter));
}

/** Waits `ms`; resolves early (to `false`) when `signal` aborts, else to `true`. */
export function sleep(ms: number, signal: AbortSignal): Promise<boolean> {
  if (signal.aborted) return Promise.resolve(false);
  return delay(ms, { signal }).then(() => true, () => false);
}
