/**
 * @module
 * `SessionStart`: before the first turn after a thread starts (`startup`) or resumes (`resume`);
 * `clear` and `compact` are accepted sources for when Tern has them. The matcher is tested
 * against the source. A hook may add context (`additionalContext`, or plain text on stdout),
 * which the model reads as developer messages after the first prompt, or end that turn
 * (`continue: false`). Exit 2 has no special meaning here (a failed hook, as in Codex). Runs are
 * thread-scoped; they are still reported with the turn they ran in. Merge: contexts concatenate
 * in declaration order; the first stop wins. The input has no `turn_id`.
 */
import { type EventSpec, failed, sessionInput, trimmed } from "./common.ts";
import { type EventBinding, nonEmpty } from "./binding.ts";
import { answered, common, prompt } from "../conformance/profile.ts";

/** Why the session starts. */
export interface SessionStartRequest {
  source: "startup" | "resume" | "clear" | "compact";
}

/** What the hooks decided. */
export interface SessionStartOutcome {
  context: string[];
  /** Ends the turn before the model is asked, with this reason. */
  stop: string | null;
}

interface Data {
  context: string[];
  stop?: string;
}

export const sessionStart: EventSpec<"SessionStart", SessionStartRequest, Data, SessionStartOutcome> = {
  event: "SessionStart",
  scope: "thread",
  matcherInputs: (req) => [req.source],
  buildInput: (req, ctx) => ({ ...sessionInput(ctx, "SessionStart"), source: req.source }),
  decide(result) {
    switch (result.kind) {
      case "failed":
        return failed(result.error, { context: [] });
      case "exit2":
        return failed("hook exited with code 2", { context: [] });
      case "empty":
        return { status: "completed", entries: [], data: { context: [] } };
      case "text":
        return {
          status: "completed",
          entries: [{ kind: "context", text: result.text }],
          data: { context: [result.text] },
        };
    }
    const out = result.output;
    const data: Data = { context: [] };
    const entries: { kind: "context" | "stop"; text: string }[] = [];
    const context = trimmed(out.hookSpecificOutput?.additionalContext);
    if (context) {
      data.context.push(context);
      entries.push({ kind: "context", text: context });
    }
    if (out.continue === false) {
      const reason = trimmed(out.stopReason);
      if (reason) entries.push({ kind: "stop", text: reason });
      return { status: "stopped", entries, data: { ...data, stop: reason ?? "SessionStart hook stopped the turn" } };
    }
    return { status: "completed", entries, data };
  },
  merge: (results) => ({
    context: results.flatMap((r) => r.data.context),
    stop: results.find((r) => r.data.stop !== undefined)?.data.stop ?? null,
  }),
};

/** At `sessionStart`: the source; the contexts join the model's input, a stop ends the turn. */
export const sessionStartBinding: EventBinding<"SessionStart", SessionStartRequest, SessionStartOutcome> = {
  conformance: {
    event: "SessionStart",
    matcher: "startup",
    scenario: (options) => ({ prompt: prompt(options, "hello"), responses: [[{ say: "ok" }]] }),
    expectedInput: (o) => ({ ...common(o, "SessionStart", false), source: "startup" }),
    unaffected: (o, c, options) => c.equal("the turn went on as usual", o.history, answered(options, "hello")),
  },
  spec: sessionStart,
  request: (input) => ({ source: input.source }),
  outcome: (outcome) => ({ context: nonEmpty(outcome.context), stop: outcome.stop ?? undefined }),
  sample: () => ({ source: "startup" }),
};
