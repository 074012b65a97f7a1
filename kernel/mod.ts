/**
 * @module
 * The kernel's public API: everything a plugin, `main.ts` or a test outside `kernel/` may import.
 * This file only re-exports.
 */
export * from "./protocol/mod.ts";
export * from "./errors.ts";
export * from "./bus.ts";
export * from "./provider.ts";
export * from "./tools.ts";
export * from "./ask.ts";
export * from "./clock.ts";
export * from "./timer.ts";
export * from "./import_on_use.ts";
export * from "./path.ts";
export * from "./cassette.ts";
export * from "./approvals.ts";
export * from "./tool_context_testing.ts";
export * from "./lifecycle.ts";
export * from "./hook_registry.ts";
export * from "./store.ts";
export * from "./context.ts";
export * from "./config_schema.ts";
export * from "./plugin_api.ts";
export type { PluginConfig } from "./plugin_config.ts";
export * from "./manifest.ts";
export * from "./config.ts";
export * from "./config_edit.ts";
export * from "./json_text.ts";
export * from "./compat_manifest.ts";
export { Runtime, type RuntimeOptions, type StartThreadOptions } from "./runtime.ts";
export { DEFAULT_PLUGINS } from "./default_plugins.ts";
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
export type { Contributions, LoadedPlugin } from "./plugins.ts";
export type { PluginReloadResult } from "./plugin_host/reload.ts";
export { DEFAULT_INSTRUCTIONS } from "./instructions.ts";
