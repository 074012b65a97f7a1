/**
 * @module
 * The `dynamic-tools` plugin: on a thread's first turn after it starts or resumes (the
 * `sessionStart` point), registers the tools its client declared at `thread/start` as tools only
 * that thread sees, and drops them when the thread closes. Specs that fail validation, or whose
 * name another tool already has, are skipped with a warning. No config section.
 */
import { definePlugin, importOnUse } from "../../kernel/mod.ts";

export default definePlugin({
  name: "dynamic-tools",
  setup(api) {
    const registered = new Map<string, (() => void)[]>();
    api.lifecycle.on("sessionStart", async ({ threadId, dynamicTools }) => {
      if (registered.has(threadId) || dynamicTools.length === 0) return;
      // The tool code loads only for threads that have dynamic tools.
      const [{ createDynamicTool }, { validateDynamicTools }] = await Promise.all([
        importOnUse<typeof import("./dynamic_tool.ts")>("./dynamic_tool.ts", import.meta.url),
        importOnUse<typeof import("./validate.ts")>("./validate.ts", import.meta.url),
      ]);
      if (registered.has(threadId)) return;
      const { valid, errors } = validateDynamicTools(dynamicTools);
      for (const error of errors) api.warn(`${error} (thread ${threadId})`);
      const undo: (() => void)[] = [];
      for (const spec of valid) {
        try {
          undo.push(api.tools.register(createDynamicTool(spec), { threadId }));
        } catch (error) {
          api.warn(`Cannot use dynamic tool "${spec.name}" (thread ${threadId}): ${(error as Error).message}`);
        }
      }
      registered.set(threadId, undo);
    });
    api.bus.on("thread/closed", ({ threadId }) => {
      for (const fn of registered.get(threadId) ?? []) fn();
      registered.delete(threadId);
    });
  },
});
