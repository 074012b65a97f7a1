/**
 * @module
 * Registers the in-process hooks the conformance kit set up for this runtime, found by the
 * runtime's `TERN_HOME` (each scenario has its own), through `api.hooks.on` like any plugin.
 */
import { definePlugin } from "../../../kernel/mod.ts";
import { inProcessHooksFor } from "../registry.ts";

export default definePlugin({
  name: "hook-conformance-in-process",
  setup(api) {
    for (const hook of inProcessHooksFor(api.ternHome)) api.hooks.on(hook.event, hook.options, hook.handler);
  },
});
