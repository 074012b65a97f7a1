/**
 * @module
 * Simulated tools for the hook conformance kit: `shell_command` (hooks see it as `Bash`) and the
 * freeform `apply_patch`. Neither runs anything: each answers `tool received <input>`, so the
 * history shows exactly what reached the tool (or that nothing did). Both ask for approval, like
 * the real tools, when a PreToolUse hook asked or the policy is `untrusted`; that request is what
 * PermissionRequest hooks see.
 */
import { z } from "zod";
import { definePlugin, defineTool, requestApproval, type ToolContext } from "../../../kernel/mod.ts";
import { RECEIVED } from "../profile.ts";

/** The output prefix of a call that reached the tool. */
export { RECEIVED };

/** Asks for approval when a hook asked or the policy is `untrusted`; null when nobody was asked. */
async function approve(ctx: ToolContext, command: string | null): Promise<string | null> {
  if (ctx.approvalRequired === null && ctx.approvalPolicy !== "untrusted") return null;
  const base = { threadId: ctx.threadId, turnId: ctx.turnId, itemId: ctx.callId, startedAtMs: Date.now() };
  const reason = ctx.approvalRequired;
  const result = command === null
    ? await requestApproval(ctx, "item/fileChange/requestApproval", { ...base, reason })
    : await requestApproval(ctx, "item/commandExecution/requestApproval", { ...base, command, cwd: ctx.cwd, reason });
  return `approval ${result.decision}${result.reason ? `: ${result.reason}` : ""}`;
}

/** The tool's answer: what it received, or why it did not run. */
function answer(received: string, approval: string | null) {
  if (approval && !approval.startsWith("approval accept")) return { output: `not run (${approval})`, success: false };
  return { output: `${RECEIVED} ${received}${approval ? ` (${approval})` : ""}` };
}

export default definePlugin({
  name: "hook-conformance-tools",
  setup(api) {
    api.tools.register(defineTool({
      name: "shell_command",
      description: "Runs a shell command (simulated: nothing runs)",
      parameters: z.object({ command: z.string(), workdir: z.string().optional() }),
      execute: async (args, ctx) => answer(JSON.stringify(args), await approve(ctx, args.command)),
    }));
    api.tools.register({
      kind: "freeform",
      name: "apply_patch",
      description: "Applies a patch (simulated: nothing is written)",
      format: { type: "text" },
      execute: async (input, ctx) => answer(input, await approve(ctx, null)),
    });
  },
});
