/**
 * @module
 * The `apply-patch` plugin: registers `apply_patch`, the Codex patch format as a freeform tool
 * (see `apply_patch_tool.ts`), and drops a thread's turn-diff state when its next turn starts.
 * The format, the leniency and the matching rules are pinned by the corpus in `conformance/`.
 */
import { definePlugin } from "../../kernel/mod.ts";
import { createApplyPatchTool } from "./apply_patch_tool.ts";
import { TurnDiffs } from "./turn_diff.ts";

export default definePlugin({
  name: "apply-patch",
  setup(api) {
    const turnDiffs = new TurnDiffs();
    api.tools.register(createApplyPatchTool({ turnDiffs }));
    api.bus.on("turn/started", ({ threadId, turn }) => turnDiffs.forget(threadId, turn.id));
    api.bus.on("thread/closed", ({ threadId }) => turnDiffs.forget(threadId));
  },
});
