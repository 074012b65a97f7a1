/**
 * @module
 * Lets other work run in the middle of a long synchronous job (scanning folders, reading many
 * `SKILL.md` files). `setImmediate` rather than `setTimeout(0)`: nested zero timers are clamped
 * to 4 ms, which made a 1,000-skill discovery a third slower.
 */
import { setImmediate } from "node:timers";

/** Resolves after pending I/O callbacks and timers have had a turn. */
export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
