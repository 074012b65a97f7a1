/**
 * @module
 * The `request_permissions` tool. The model names what it needs beyond the sandbox (folders to
 * write, the network) and why; the tool sends it as the `item/permissions/requestApproval` server
 * request (Codex's shape: item id the call id, paths made absolute against the turn's cwd) and
 * applies the part the user grants, for the turn or the session (`scope`). Only what was asked can
 * be granted: anything else in the answer is ignored. Under the `never` approval policy nobody is
 * asked and nothing is granted; a sandbox with full access has nothing to widen. The model reads
 * what was granted, or why nothing was.
 */
import { resolve } from "@std/path";
import { z } from "zod";
import {
  defineTool,
  type FunctionTool,
  type RequestOutcome,
  ServerRequests,
  type ToolResult,
} from "../../kernel/mod.ts";
import { type Grant, type Grants, widen } from "./grants.ts";

const METHOD = "item/permissions/requestApproval";

const DESCRIPTION = "Ask the user for permissions the sandbox does not give you: write access to folders outside " +
  "the writable ones, or network access for commands. Ask only for what the task needs, say why in `reason`, and " +
  "wait for the answer; the user may grant all, part or none of it, for this turn or for the session.";

/** The tool's parameters. */
export const RequestPermissionsParameters = z.object({
  reason: z.string().optional().describe("Why the task needs these permissions, in one sentence for the user"),
  permissions: z.object({
    file_system: z.object({
      write: z.array(z.string()).optional().describe("Folders to write in (absolute, or relative to the cwd)"),
    }).optional(),
    network: z.object({ enabled: z.boolean().optional().describe("true to reach the network") }).optional(),
  }),
});

/** Creates the tool; what the user grants for the session goes into `grants`. */
export function createRequestPermissionsTool(grants: Grants): FunctionTool<typeof RequestPermissionsParameters> {
  return defineTool({
    name: "request_permissions",
    description: DESCRIPTION,
    parameters: RequestPermissionsParameters,
    async execute(args, ctx) {
      const asked: Grant = {
        write: [...new Set((args.permissions.file_system?.write ?? []).map((p) => resolve(ctx.cwd, p)))],
        network: args.permissions.network?.enabled === true,
      };
      if (!asked.write.length && !asked.network) {
        return {
          output: "Nothing asked: name folders in permissions.file_system.write or set network.enabled",
          success: false,
        };
      }
      if (ctx.sandbox.mode === "danger-full-access") {
        return { output: "Nothing to ask: the sandbox already gives full access (every folder, the network)" };
      }
      if (ctx.approvalPolicy === "never") {
        return {
          output: 'Not granted: the approval policy is "never", so the user is not asked; stay within the sandbox',
          success: false,
        };
      }
      const outcome = await ctx.request(METHOD, {
        threadId: ctx.threadId,
        turnId: ctx.turnId,
        itemId: ctx.callId,
        startedAtMs: Date.now(),
        cwd: ctx.cwd,
        reason: args.reason ?? null,
        permissions: {
          ...(asked.write.length ? { fileSystem: { write: asked.write } } : {}),
          ...(asked.network ? { network: { enabled: true } } : {}),
        },
      });
      return apply(outcome, asked, (grant, scope) => {
        widen(ctx.sandbox, grant);
        if (scope === "session") grants.addSession(ctx.threadId, grant);
      });
    },
  });
}

/** Applies the granted part of `asked` and says what it was. */
function apply(
  outcome: RequestOutcome<typeof METHOD>,
  asked: Grant,
  grant: (grant: Grant, scope: "turn" | "session") => void,
): ToolResult {
  if (outcome.status !== "answered") {
    const why = outcome.status === "failed" ? outcome.message : outcome.reason;
    return { output: `Not granted: the user could not be asked (${why}); stay within the sandbox`, success: false };
  }
  const parsed = ServerRequests[METHOD].response.safeParse(outcome.response);
  if (!parsed.success) {
    return { output: "Not granted: the answer could not be read; stay within the sandbox", success: false };
  }
  const { permissions, scope } = parsed.data;
  const answered = new Set(permissions.fileSystem?.write ?? []);
  const granted: Grant = {
    write: asked.write.filter((path) => answered.has(path)),
    network: asked.network && permissions.network?.enabled === true,
  };
  if (!granted.write.length && !granted.network) {
    return { output: "Not granted: the user declined; stay within the sandbox", success: false };
  }
  grant(granted, scope);
  return {
    output: JSON.stringify({
      granted: { write: granted.write, network: granted.network },
      scope,
      note: scope === "session" ? "granted for the rest of the session" : "granted for this turn",
    }),
  };
}
