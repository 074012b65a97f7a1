/**
 * @module
 * `PreToolUse`: before a tool's handler runs, for every tool. A hook may deny the call
 * (`permissionDecision: "deny"` with a reason, legacy `decision: "block"`, exit 2 with stderr,
 * or `continue: false`, which also ends the turn after this round of calls), rewrite its input (`allow` or `ask` with `updatedInput`), route it to the
 * approval flow (`ask`), and add context. Merge: any deny wins (the first deny's reason in
 * declaration order is what the model reads); otherwise any ask wins; `updatedInput` objects are
 * merged key by key over `tool_input` in declaration order; contexts concatenate in order.
 * Plain text on stdout is ignored (as Codex does).
 */
import type { HookTool } from "../tool_names.ts";
import { type EventSpec, exit2WithoutReason, failed, trimmed, turnInput } from "./common.ts";
import { type EventBinding, nonEmpty } from "./binding.ts";
import { applyUpdatedInput, blockedMessage, hookToolFor, hookToolInput } from "../tool_names.ts";
import { toolUseProfile } from "../conformance/profile.ts";

/** One tool call, as PreToolUse hooks see it. */
export interface PreToolUseRequest {
  tool: HookTool;
  toolInput: Record<string, unknown>;
  toolUseId: string;
}

/** What the hooks decided for the call. */
export interface PreToolUseOutcome {
  /** Set when the call must not run: the deny reason. */
  block: string | null;
  /** Set when a hook said `continue: false`: the turn ends after this round (the first stop reason). */
  stop: string | null;
  /** Set when the user must approve the call first: the reason. */
  ask: string | null;
  /** `tool_input` with every hook's `updatedInput` merged over it, when one changed it (never with `block`). */
  updatedInput: Record<string, unknown> | null;
  /** Developer messages to add after the call's output. */
  context: string[];
}

interface Data {
  block?: string;
  stop?: string;
  ask?: string;
  updatedInput?: Record<string, unknown>;
  context: string[];
}

export const preToolUse: EventSpec<"PreToolUse", PreToolUseRequest, Data, PreToolUseOutcome> = {
  event: "PreToolUse",
  scope: "turn",
  matcherInputs: (req) => req.tool.matcherInputs,
  buildInput: (req, ctx) => ({
    ...turnInput(ctx, "PreToolUse"),
    tool_name: req.tool.name,
    tool_input: req.toolInput,
    tool_use_id: req.toolUseId,
  }),
  runIdSuffix: (req) => req.toolUseId,
  decide(result) {
    const none: Data = { context: [] };
    switch (result.kind) {
      case "failed":
        return failed(result.error, none);
      case "empty":
      case "text":
        return { status: "completed", entries: [], data: none };
      case "exit2": {
        if (!result.stderr) return failed(exit2WithoutReason("PreToolUse"), none);
        return {
          status: "blocked",
          entries: [{ kind: "feedback", text: result.stderr }],
          data: { ...none, block: result.stderr },
        };
      }
    }
    const out = result.output;
    const specific = out.hookSpecificOutput;
    const decision = specific?.permissionDecision;
    const reason = trimmed(specific?.permissionDecisionReason) ?? trimmed(out.reason);
    if (specific?.updatedInput && decision !== "allow" && decision !== "ask") {
      return failed("PreToolUse hook returned updatedInput without permissionDecision:allow", none);
    }
    if (decision === "deny" && !reason) {
      return failed(
        "PreToolUse hook returned permissionDecision:deny without a non-empty permissionDecisionReason",
        none,
      );
    }
    if (!decision && out.decision === "block" && !reason) {
      return failed("PreToolUse hook returned decision:block without a non-empty reason", none);
    }
    const data: Data = { context: [] };
    const entries: { kind: "context" | "feedback" | "stop"; text: string }[] = [];
    const context = trimmed(specific?.additionalContext);
    if (context) {
      data.context.push(context);
      entries.push({ kind: "context", text: context });
    }
    if (out.continue === false) {
      const text = trimmed(out.stopReason) ?? reason ?? "PreToolUse hook stopped execution";
      entries.push({ kind: "stop", text });
      return { status: "stopped", entries, data: { ...data, block: text, stop: text } };
    }
    if (decision === "deny" || (!decision && out.decision === "block")) {
      entries.push({ kind: "feedback", text: reason! });
      return { status: "blocked", entries, data: { ...data, block: reason! } };
    }
    if (specific?.updatedInput) data.updatedInput = specific.updatedInput;
    if (decision === "ask") {
      data.ask = reason ?? "A PreToolUse hook asked for approval";
      entries.push({ kind: "feedback", text: `approval required: ${data.ask}` });
    }
    return { status: "completed", entries, data };
  },
  merge(results, req) {
    const block = results.find((r) => r.data.block !== undefined)?.data.block ?? null;
    const ask = block ? null : results.find((r) => r.data.ask !== undefined)?.data.ask ?? null;
    const updates = block ? [] : results.flatMap((r) => (r.data.updatedInput ? [r.data.updatedInput] : []));
    return {
      block,
      stop: results.find((r) => r.data.stop !== undefined)?.data.stop ?? null,
      ask,
      updatedInput: updates.length ? Object.assign({ ...req.toolInput }, ...updates) : null,
      context: results.flatMap((r) => r.data.context),
    };
  },
};

/** At `beforeCall` (every tool call): a block refuses the call, `updatedInput` rewrites it. */
export const preToolUseBinding: EventBinding<"PreToolUse", PreToolUseRequest, PreToolUseOutcome> = {
  conformance: toolUseProfile("PreToolUse", () => ({})),
  spec: preToolUse,
  request({ call, ctx }) {
    const tool = hookToolFor(call.name, call.kind);
    return { tool, toolInput: hookToolInput(tool, call.input), toolUseId: ctx.callId };
  },
  outcome(outcome, { call }) {
    const tool = hookToolFor(call.name, call.kind);
    const context = nonEmpty(outcome.context);
    if (outcome.block !== null) {
      const message = blockedMessage(tool, hookToolInput(tool, call.input), outcome.block);
      return { block: message, context, stopTurn: outcome.stop ?? undefined };
    }
    return {
      updatedInput: outcome.updatedInput ? applyUpdatedInput(tool, call.input, outcome.updatedInput) : undefined,
      ask: outcome.ask ?? undefined,
      context,
    };
  },
  sample: (options) => ({
    tool: hookToolFor("shell_command", "function"),
    toolInput: { command: options.bash },
    toolUseId: "hooks-test-call",
  }),
};
