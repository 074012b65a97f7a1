/**
 * @module
 * `UserPromptSubmit`: before the user's prompt enters history. A hook may block the prompt
 * (`decision: "block"` + reason, or exit 2 with stderr: the prompt stays out of history and the
 * turn ends), stop the turn after recording the prompt (`continue: false`), or add context
 * (`additionalContext`, or plain text on stdout), which the model reads as developer messages.
 * Matchers are ignored. Merge: the first block wins, then the first stop; contexts concatenate
 * in declaration order (the kernel drops them when the prompt is blocked or the turn stops).
 */
import { type EventSpec, exit2WithoutReason, failed, trimmed, turnInput } from "./common.ts";
import { type EventBinding, nonEmpty } from "./binding.ts";
import { answered, common, prompt } from "../conformance/profile.ts";

/** The prompt, as UserPromptSubmit hooks see it. */
export interface UserPromptSubmitRequest {
  prompt: string;
}

/** What the hooks decided about the prompt. */
export interface UserPromptSubmitOutcome {
  /** Keeps the prompt out of history and ends the turn, with this reason. */
  block: string | null;
  /** Records the prompt, then ends the turn, with this reason. */
  stop: string | null;
  context: string[];
}

interface Data {
  block?: string;
  stop?: string;
  context: string[];
}

export const userPromptSubmit: EventSpec<"UserPromptSubmit", UserPromptSubmitRequest, Data, UserPromptSubmitOutcome> = {
  event: "UserPromptSubmit",
  scope: "turn",
  matcherInputs: () => null,
  buildInput: (req, ctx) => ({
    ...turnInput(ctx, "UserPromptSubmit"),
    prompt: req.prompt,
  }),
  decide(result) {
    const none: Data = { context: [] };
    switch (result.kind) {
      case "failed":
        return failed(result.error, none);
      case "empty":
        return { status: "completed", entries: [], data: none };
      case "text":
        return {
          status: "completed",
          entries: [{ kind: "context", text: result.text }],
          data: { context: [result.text] },
        };
      case "exit2":
        if (!result.stderr) return failed(exit2WithoutReason("UserPromptSubmit"), none);
        return {
          status: "blocked",
          entries: [{ kind: "feedback", text: result.stderr }],
          data: { ...none, block: result.stderr },
        };
    }
    const out = result.output;
    const reason = trimmed(out.reason);
    if (out.continue !== false && out.decision === "block" && !reason) {
      return failed("UserPromptSubmit hook returned decision:block without a non-empty reason", none);
    }
    const data: Data = { context: [] };
    const entries: { kind: "context" | "feedback" | "stop"; text: string }[] = [];
    const context = trimmed(out.hookSpecificOutput?.additionalContext);
    if (context) {
      data.context.push(context);
      entries.push({ kind: "context", text: context });
    }
    if (out.continue === false) {
      const stop = trimmed(out.stopReason);
      if (stop) entries.push({ kind: "stop", text: stop });
      return { status: "stopped", entries, data: { ...data, stop: stop ?? "UserPromptSubmit hook stopped the turn" } };
    }
    if (out.decision === "block") {
      entries.push({ kind: "feedback", text: reason! });
      return { status: "blocked", entries, data: { ...data, block: reason! } };
    }
    return { status: "completed", entries, data };
  },
  merge: (results) => ({
    block: results.find((r) => r.data.block !== undefined)?.data.block ?? null,
    stop: results.find((r) => r.data.stop !== undefined)?.data.stop ?? null,
    context: results.flatMap((r) => r.data.context),
  }),
};

/** At `userPromptSubmit`: the prompt; a block keeps it out of the history. */
export const userPromptSubmitBinding: EventBinding<
  "UserPromptSubmit",
  UserPromptSubmitRequest,
  UserPromptSubmitOutcome
> = {
  conformance: {
    event: "UserPromptSubmit",
    scenario: (options) => ({ prompt: prompt(options, "fix the build"), responses: [[{ say: "ok" }]] }),
    expectedInput: (o, _i, options) => ({
      ...common(o, "UserPromptSubmit", true),
      prompt: prompt(options, "fix the build"),
    }),
    unaffected: (o, c, options) =>
      c.equal("the prompt was recorded and answered", o.history, answered(options, "fix the build")),
  },
  spec: userPromptSubmit,
  request: (input) => ({ prompt: input.prompt }),
  outcome: (outcome) => ({
    block: outcome.block ?? undefined,
    stop: outcome.stop ?? undefined,
    context: nonEmpty(outcome.context),
  }),
  sample: (options) => ({ prompt: options.prompt }),
};
