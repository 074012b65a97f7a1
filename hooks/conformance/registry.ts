/**
 * @module
 * Hands in-process hooks from the conformance kit to the plugin that registers them
 * (`_in_process/`): the kit files them under the scenario's `TERN_HOME` before booting the
 * runtime, the plugin reads them in `setup()`. Keyed by home, so scenarios may run concurrently.
 */
import type { HookEventName, HookHandler, HookOptions } from "../../kernel/mod.ts";

/** One in-process hook to register. */
export interface InProcessHook {
  event: HookEventName;
  options: HookOptions;
  // deno-lint-ignore no-explicit-any
  handler: HookHandler<any>;
}

const byHome = new Map<string, InProcessHook[]>();

/** Files `hooks` for the runtime whose `TERN_HOME` is `ternHome`; returns the function that forgets them. */
export function provideInProcessHooks(ternHome: string, hooks: InProcessHook[]): () => void {
  byHome.set(ternHome, hooks);
  return () => void byHome.delete(ternHome);
}

/** The hooks filed for `ternHome` (none when the kit filed nothing). */
export function inProcessHooksFor(ternHome: string): InProcessHook[] {
  return byHome.get(ternHome) ?? [];
}
