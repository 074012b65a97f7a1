/**
 * @module
 * `PermissionRequest`: when a tool is about to ask the user to approve a call. A hook may allow
 * or deny it before anyone is asked (`hookSpecificOutput.decision.behavior`, with an optional
 * `message`; exit 2 with stderr denies; `continue: false` denies with its `stopReason`).
 * `updatedInput`, `updatedPermissions` and `interrupt: true` are not supported: such a hook fails
 * and the user is asked as usual (as in Codex). Merge: any deny wins, else any allow, else the
 * user is asked.
 */
import type { HookTool } from "../tool_names.ts";
import { type EventSpec, exit2WithoutReason, failed, trimmed, turnInput } from "./common.ts";
import type { EventBinding } from "./binding.ts";
import { hookToolFor, hookToolInput } from "../tool_names.ts";
import { outputLine, receivedLine, toolCommon, toolScenario } from "../conformance/profile.ts";

/** The approval about to be asked for. */
export interface PermissionRequestRequest {
  tool: HookTool;
  toolInput: Record<string, unknown>;
  /** The call waiting for approval: run ids end with it, so parallel calls' runs stay apart. */
  toolUseId?: string;
}

/** What the hooks decided; both null means "ask the user". */
export interface PermissionRequestOutcome {
  deny: string | null;
  allow: string | null;
}

interface Data {
  deny?: string;
  allow?: string;
}

export const permissionRequest: EventSpec<
  "PermissionRequest",
  PermissionRequestRequest,
  Data,
  PermissionRequestOutcome
> = {
  event: "PermissionRequest",
  scope: "turn",
  matcherInputs: (req) => req.tool.matcherInputs,
  runIdSuffix: (req) => req.toolUseId ?? null,
  buildInput: (req, ctx) => ({
    ...turnInput(ctx, "PermissionRequest"),
    tool_name: req.tool.name,
    tool_input: req.toolInput,
  }),
  decide(result) {
    switch (result.kind) {
      case "failed":
        return failed(result.error, {});
      case "empty":
      case "text":
        return { status: "completed", entries: [], data: {} };
      case "exit2":
        if (!result.stderr) return failed(exit2WithoutReason("PermissionRequest"), {});
        return {
          status: "blocked",
          entries: [{ kind: "feedback", text: result.stderr }],
          data: { deny: result.stderr },
        };
    }
    const out = result.output;
    if (out.continue === false) {
      const text = trimmed(out.stopReason) ?? "PermissionRequest hook stopped execution";
      return { status: "stopped", entries: [{ kind: "stop", text }], data: { deny: text } };
    }
    const decision = out.hookSpecificOutput?.decision;
    if (!decision) return { status: "completed", entries: [], data: {} };
    if (decision.updatedInput !== undefined) {
      return failed("PermissionRequest hook returned unsupported updatedInput", {});
    }
    if (decision.updatedPermissions !== undefined) {
      return failed("PermissionRequest hook returned unsupported updatedPermissions", {});
    }
    if (decision.interrupt) return failed("PermissionRequest hook returned unsupported interrupt:true", {});
    if (decision.behavior === "deny") {
      const message = trimmed(decision.message) ?? "PermissionRequest hook denied approval";
      return { status: "blocked", entries: [{ kind: "feedback", text: message }], data: { deny: message } };
    }
    const message = trimmed(decision.message) ?? "approved by a PermissionRequest hook";
    return { status: "completed", entries: [{ kind: "feedback", text: message }], data: { allow: message } };
  },
  merge(results) {
    const deny = results.find((r) => r.data.deny !== undefined)?.data.deny ?? null;
    const allow = deny ? null : results.find((r) => r.data.allow !== undefined)?.data.allow ?? null;
    return { deny, allow };
  },
};

/** At `permissionRequest`: the call waiting for approval; a deny wins over an allow. */
export const permissionRequestBinding: EventBinding<
  "PermissionRequest",
  PermissionRequestRequest,
  PermissionRequestOutcome
> = {
  conformance: {
    event: "PermissionRequest",
    matcher: "Bash",
    scenario: (options) => toolScenario(options, ['approval_policy="untrusted"']),
    expectedInput: (o, _i, options) => ({
      ...toolCommon(o, "PermissionRequest", options),
    }),
    unaffected(o, c, options) {
      c.equal("the user was asked", o.asked.length, 1);
      c.equal("the tool ran once the user approved", outputLine(o), receivedLine(options, " (approval accept)"));
    },
  },
  spec: permissionRequest,
  request(input) {
    const tool = hookToolFor(input.toolName, "function");
    return { tool, toolInput: hookToolInput(tool, input.toolInput), toolUseId: input.callId };
  },
  outcome: (outcome) => ({ deny: outcome.deny ?? undefined, allow: outcome.allow ?? undefined }),
  sample: (options) => ({
    tool: hookToolFor("shell_command", "function"),
    toolInput: { command: options.bash },
    toolUseId: "hooks-test-call",
  }),
};
