/**
 * @module
 * Lets other work run in the middle of a long synchronous job (scanning folders, reading many
 * `SKILL.md` files). A message through a `MessageChannel` rather than `setTimeout(0)`: nested zero
 * timers are clamped to 4 ms, which made a 1,000-skill discovery a third slower. (`setImmediate`
 * from `node:timers` would do too, but any `node:` import boots Deno's Node layer: ~8 ms of start-up.)
 */

/** Resolves after pending I/O callbacks and timers have had a turn. */
export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => {
    const { port1, port2 } = new MessageChannel();
    port1.onmessage = () => {
      port1.close();
      resolve();
    };
    port2.postMessage(null);
  });
}
