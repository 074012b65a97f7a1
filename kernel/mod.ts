/**
 * @module
 * The kernel's public API: everything a plugin, `main.ts` or a test outside `kernel/` may import.
 * This file only re-exports.
 */
export * from "./protocol/mod.ts";
export * from "./base/errors.ts";
export * from "./bus.ts";
export * from "./provider.ts";
export * from "./tools.ts";
export * from "./tool_registry.ts";
export * from "./requests/ask.ts";
export * from "./base/clock.ts";
export * from "./base/timer.ts";
export * from "./startup/import_on_use.ts";
export * from "./base/path.ts";
export * from "./lib/cassette.ts";
export * from "./requests/approvals.ts";
export * from "./testing/tool_context_testing.ts";
export * from "./extensions/lifecycle.ts";
export * from "./extensions/hook_registry.ts";
export * from "./extensions/points.ts";
export * from "./store/thread_store.ts";
export * from "./context.ts";
export * from "./config/config_schema.ts";
export * from "./plugin_api.ts";
import type { FrontEnd } from "./plugin_api.ts";
export type { PluginConfig } from "./plugin_host/plugin_config.ts";
export * from "./plugin_host/manifest.ts";
export * from "./config/config.ts";
export * from "./config/config_edit.ts";
export * from "./config/json_text.ts";
export * from "./lib/compat_manifest.ts";
export type { RuntimeOptions } from "./runtime.ts";
import { Runtime as RuntimeClass } from "./runtime.ts";
/** Builds the kernel (`Runtime.create()`, for `main.ts` and tests). */
export const Runtime: typeof RuntimeClass = RuntimeClass;
/**
 * The runtime as a front end sees it.
 * @deprecated as a type name: use `FrontEnd` (the same interface); this alias goes in the next release.
 */
export type Runtime = FrontEnd;
/** The kernel's runtime itself (what `Runtime.create()` returns), for tests that inspect it. */
export type KernelRuntime = RuntimeClass;
export { Thread, type ThreadSettings, type TurnOptions } from "./thread.ts";
// The wire's `Thread` (schema and type) under a name that does not clash with the class above.
export { Thread as WireThread } from "./protocol/thread.ts";
export {
  runTurn,
  type TurnInputs,
  type TurnOutcome,
  type TurnSettings,
  type TurnSink,
  type UserShellTask,
} from "./turn.ts";
export type { Contributions, LoadedPlugin } from "./plugin_host/plugins.ts";
export type { PluginReloadResult } from "./plugin_host/reload.ts";
export { DEFAULT_INSTRUCTIONS } from "./config/default_instructions.ts";
