/**
 * @module
 * The `apply-patch` plugin: registers `apply_patch`, the Codex patch format as a freeform tool
 * (see `apply_patch_tool.ts`), and drops a thread's turn-diff state when its next turn starts.
 * The format, the leniency and the matching rules are pinned by the corpus in `conformance/`.
 * Only the tool's description and grammar load at start-up; the implementation (parser, matcher,
 * writer, diffs) loads with the first patch, so runs that edit nothing do not pay for it.
 */
import { definePlugin, type FreeformTool, importOnUse } from "../../kernel/mod.ts";
import { APPLY_PATCH_DESCRIPTION, APPLY_PATCH_LARK_GRAMMAR } from "./grammar.ts";
import type { TurnDiffs } from "./turn_diff.ts";

export default definePlugin({
  name: "apply-patch",
  setup(api) {
    let loaded: Promise<{ tool: FreeformTool; turnDiffs: TurnDiffs }> | null = null;
    const implementation = () =>
      loaded ??= Promise.all([
        importOnUse<typeof import("./apply_patch_tool.ts")>("./apply_patch_tool.ts", import.meta.url),
        importOnUse<typeof import("./turn_diff.ts")>("./turn_diff.ts", import.meta.url),
      ]).then(([tool, diffs]) => {
        const turnDiffs = new diffs.TurnDiffs();
        return { tool: tool.createApplyPatchTool({ turnDiffs }), turnDiffs };
      });
    api.tools.register({
      kind: "freeform",
      name: "apply_patch",
      reportsItself: true,
      description: APPLY_PATCH_DESCRIPTION,
      format: { type: "grammar", syntax: "lark", definition: APPLY_PATCH_LARK_GRAMMAR },
      execute: async (input, ctx) => (await implementation()).tool.execute(input, ctx),
    });
    const forget = (threadId: string, keepTurn?: string) => loaded?.then((l) => l.turnDiffs.forget(threadId, keepTurn));
    api.bus.on("turn/started", ({ threadId, turn }) => void forget(threadId, turn.id));
    api.bus.on("thread/closed", ({ threadId }) => void forget(threadId));
  },
});
