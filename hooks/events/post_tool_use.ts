/**
 * @module
 * `PostToolUse`: after a tool's handler ran (not after a call PreToolUse blocked). A hook may
 * replace what the model reads with feedback (`decision: "block"` + reason, or exit 2 with
 * stderr), replace it with a new output (`hookSpecificOutput.updatedToolOutput`, a Tern
 * extension; `updatedMCPToolOutput` is accepted as an alias), add context, or end the turn after
 * this round of tool calls (`continue: false`). Merge: feedback wins over a replacement and all
 * feedback is joined with blank lines in declaration order; replacements apply in declaration
 * order (the last one is what the model reads); the first stop wins; contexts concatenate.
 */
import type { HookTool } from "../tool_names.ts";
import { type EventSpec, failed, joinTexts, trimmed, turnInput } from "./common.ts";
import { type EventBinding, nonEmpty } from "./binding.ts";
import type { ToolOutputPart } from "../../kernel/mod.ts";
import { hookToolFor, hookToolInput } from "../tool_names.ts";
import { CALL_ID, receivedLine, toolUseProfile } from "../conformance/profile.ts";

/** One finished tool call, as PostToolUse hooks see it. */
export interface PostToolUseRequest {
  tool: HookTool;
  toolInput: Record<string, unknown>;
  toolUseId: string;
  /** The output text the model would read. */
  toolResponse: string;
}

/** What the hooks decided about the call's output. */
export interface PostToolUseOutcome {
  /** Replaces the output the model reads (feedback, or a hook's new output); null keeps it. */
  output: string | null;
  /** True when `output` is feedback from a blocking or stopping hook. */
  blocked: boolean;
  /** Ends the turn after this round of tool calls, with this reason. */
  stopTurn: string | null;
  context: string[];
}

interface Data {
  feedback: string[];
  replacement?: string;
  stop?: string;
  context: string[];
}

export const postToolUse: EventSpec<"PostToolUse", PostToolUseRequest, Data, PostToolUseOutcome> = {
  event: "PostToolUse",
  scope: "turn",
  matcherInputs: (req) => req.tool.matcherInputs,
  buildInput: (req, ctx) => ({
    ...turnInput(ctx, "PostToolUse"),
    tool_name: req.tool.name,
    tool_input: req.toolInput,
    tool_response: req.toolResponse,
    tool_use_id: req.toolUseId,
  }),
  runIdSuffix: (req) => req.toolUseId,
  decide(result) {
    const none: Data = { feedback: [], context: [] };
    switch (result.kind) {
      case "failed":
        return failed(result.error, none);
      case "empty":
      case "text":
        return { status: "completed", entries: [], data: none };
      case "exit2": {
        if (!result.stderr) {
          return failed("PostToolUse hook exited with code 2 but did not write feedback to stderr", none);
        }
        return {
          status: "blocked",
          entries: [{ kind: "feedback", text: result.stderr }],
          data: { ...none, feedback: [result.stderr] },
        };
      }
    }
    const out = result.output;
    const specific = out.hookSpecificOutput;
    const reason = trimmed(out.reason);
    const stopping = out.continue === false;
    if (!stopping && out.decision === "block" && !reason) {
      return failed("PostToolUse hook returned decision:block without a non-empty reason", none);
    }
    if (!stopping && out.decision !== "block" && out.reason !== undefined) {
      return failed("PostToolUse hook returned reason without decision", none);
    }
    const data: Data = { feedback: [], context: [] };
    const entries: { kind: "context" | "feedback" | "stop"; text: string }[] = [];
    const context = trimmed(specific?.additionalContext);
    if (context) {
      data.context.push(context);
      entries.push({ kind: "context", text: context });
    }
    if (stopping) {
      const stopText = trimmed(out.stopReason) ?? "PostToolUse hook stopped execution";
      entries.push({ kind: "stop", text: stopText });
      return { status: "stopped", entries, data: { ...data, stop: stopText, feedback: [reason ?? stopText] } };
    }
    if (out.decision === "block") {
      entries.push({ kind: "feedback", text: reason! });
      return { status: "blocked", entries, data: { ...data, feedback: [reason!] } };
    }
    const replacement = specific?.updatedToolOutput ?? specific?.updatedMCPToolOutput;
    if (replacement !== undefined) {
      data.replacement = typeof replacement === "string" ? replacement : JSON.stringify(replacement);
      entries.push({ kind: "feedback", text: `replaced the tool output (${data.replacement.length} characters)` });
    }
    return { status: "completed", entries, data };
  },
  merge(results) {
    const feedback = joinTexts(results.flatMap((r) => r.data.feedback));
    const replacements = results.flatMap((r) => (r.data.replacement !== undefined ? [r.data.replacement] : []));
    return {
      output: feedback ?? replacements.at(-1) ?? null,
      blocked: feedback !== null,
      stopTurn: results.find((r) => r.data.stop !== undefined)?.data.stop ?? null,
      context: results.flatMap((r) => r.data.context),
    };
  },
};

/** At `afterCall` (every tool call that ran): the output may be replaced, the turn stopped. */
export const postToolUseBinding: EventBinding<"PostToolUse", PostToolUseRequest, PostToolUseOutcome> = {
  conformance: toolUseProfile("PostToolUse", (options) => ({
    tool_response: receivedLine(options).slice(`output(${CALL_ID}): `.length),
  })),
  spec: postToolUse,
  request({ call, result, ctx }) {
    const tool = hookToolFor(call.name, call.kind);
    return {
      tool,
      toolInput: hookToolInput(tool, call.input),
      toolUseId: ctx.callId,
      toolResponse: outputText(result.output),
    };
  },
  outcome: (outcome, { result }) => ({
    result: outcome.output === null
      ? undefined
      : { output: outcome.output, success: outcome.blocked ? false : result.success },
    context: nonEmpty(outcome.context),
    stopTurn: outcome.stopTurn ?? undefined,
  }),
  sample: (options) => ({
    tool: hookToolFor("shell_command", "function"),
    toolInput: { command: options.bash },
    toolUseId: "hooks-test-call",
    toolResponse: "",
  }),
};

/** The text of a tool's output (text parts joined by newlines; images left out). */
export function outputText(output: string | ToolOutputPart[]): string {
  if (typeof output === "string") return output;
  return output.flatMap((part) => (part.type === "input_text" ? [part.text] : [])).join("\n");
}
