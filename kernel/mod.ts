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
export * from "./store.ts";
export * from "./context.ts";
export * from "./config_schema.ts";
export * from "./plugin_api.ts";
export type { Runtime } from "./runtime.ts";
