/**
 * @module
 * The `request-permissions` plugin: registers `request_permissions`, with which the model asks the
 * user for more than the thread's sandbox allows (write access to folders, network), and applies
 * what the user grants: for the rest of the turn, or for the rest of the session (every later
 * tool call of the thread, through a before-call hook). No config section; not in the default
 * plugin list (`extraPlugins: ["builtin:request-permissions"]`).
 */
import { definePlugin } from "../../kernel/mod.ts";
import { Grants } from "./grants.ts";
import { createRequestPermissionsTool } from "./request_permissions.ts";

export default definePlugin({
  name: "request-permissions",
  setup(api) {
    const grants = new Grants();
    api.tools.register(createRequestPermissionsTool(grants));
    // Session grants widen every later call's sandbox in the thread (each turn builds its policy afresh).
    api.tools.beforeCall((_call, ctx) => grants.applySession(ctx.threadId, ctx.sandbox));
  },
});
