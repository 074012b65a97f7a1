/**
 * @module
 * `Stop`: when the model has answered without tool calls. A hook may keep the turn going
 * (`decision: "block"` + reason, or exit 2 with stderr): the reason comes back to the model as a
 * `<hook_prompt hook_run_id="…">` user message, and the next Stop run sees
 * `stop_hook_active: true`. `continue: false` ends the turn. Plain text on stdout is invalid
 * (as in Codex). Matchers are ignored. Merge: any stop wins over blocks; otherwise each block
 * becomes one continuation fragment, in declaration order. The kernel caps continuations
 * (`maxHookContinuations`); when a block would pass the cap, its summary says so.
 */
import { type EventSpec, failed, trimmed, turnInput } from "./common.ts";
import { type EventBinding, nonEmpty } from "./binding.ts";
import { ANSWERS, common, prompt } from "../conformance/profile.ts";

/** The finished answer, as Stop hooks see it. */
export interface StopRequest {
  /** True when the turn already continued because of a Stop hook. */
  stopHookActive: boolean;
  lastAssistantMessage: string | null;
  /** How many times Stop hooks already continued this turn. */
  continuations: number;
  /** The kernel's cap (`maxHookContinuations`). */
  maxContinuations: number;
}

/** What the hooks decided. */
export interface StopOutcome {
  /** Continuation prompts, one per blocking hook, in declaration order. */
  continueWith: { text: string; hookRunId: string }[];
  /** Ends the turn, with this reason. */
  stop: string | null;
}

interface Data {
  block?: string;
  stop?: string;
}

export const stop: EventSpec<"Stop", StopRequest, Data, StopOutcome> = {
  event: "Stop",
  scope: "turn",
  matcherInputs: () => null,
  buildInput: (req, ctx) => ({
    ...turnInput(ctx, "Stop"),
    stop_hook_active: req.stopHookActive,
    last_assistant_message: req.lastAssistantMessage,
  }),
  decide(result) {
    switch (result.kind) {
      case "failed":
        return failed(result.error, {});
      case "empty":
        return { status: "completed", entries: [], data: {} };
      case "text":
        return failed("hook returned invalid stop JSON output", {});
      case "exit2":
        if (!result.stderr) {
          return failed("Stop hook exited with code 2 but did not write a continuation prompt to stderr", {});
        }
        return {
          status: "blocked",
          entries: [{ kind: "feedback", text: result.stderr }],
          data: { block: result.stderr },
        };
    }
    const out = result.output;
    if (out.continue === false) {
      const reason = trimmed(out.stopReason);
      return {
        status: "stopped",
        entries: reason ? [{ kind: "stop", text: reason }] : [],
        data: { stop: reason ?? "Stop hook stopped the turn" },
      };
    }
    if (out.decision === "block") {
      const reason = trimmed(out.reason);
      if (!reason) return failed("Stop hook returned decision:block without a non-empty reason", {});
      return { status: "blocked", entries: [{ kind: "feedback", text: reason }], data: { block: reason } };
    }
    return { status: "completed", entries: [], data: {} };
  },
  merge(results, req) {
    const stopped = results.find((r) => r.data.stop !== undefined);
    if (stopped) return { continueWith: [], stop: stopped.data.stop! };
    const blocking = results.filter((r) => r.data.block !== undefined);
    if (blocking.length && req.continuations >= req.maxContinuations) {
      const text =
        `Stop hook continuation cap reached: the turn already continued ${req.continuations} times (maxHookContinuations = ${req.maxContinuations}), so it ends here`;
      for (const r of blocking) r.run.entries.push({ kind: "warning", text });
    }
    return { continueWith: blocking.map((r) => ({ text: r.data.block!, hookRunId: r.run.id })), stop: null };
  },
};

/**
 * At `stop`: how many times Stop hooks continued this turn (counted here, per thread and turn) and
 * the kernel's cap; a continuation adds the hooks' prompts to the turn.
 */
export const stopBinding: EventBinding<"Stop", StopRequest, StopOutcome> = {
  conformance: {
    event: "Stop",
    scenario: (options) => ({
      prompt: prompt(options, "fix the failing test"),
      responses: ANSWERS.map((say) => [{ say }]),
    }),
    expectedInput: (o, index) => ({
      ...common(o, "Stop", true),
      stop_hook_active: index > 0,
      last_assistant_message: ANSWERS[index] ?? null,
    }),
    unaffected(o, c) {
      c.equal("the turn was not continued", o.items.filter((i) => i.type === "hookPrompt").length, 0);
      c.equal("the turn ended with the model's answer", o.history.at(-1), `assistant: ${ANSWERS[0]}`);
    },
  },
  spec: stop,
  request(input, state) {
    const previous = state.continued.get(input.threadId);
    return {
      stopHookActive: input.stopHookActive,
      lastAssistantMessage: input.lastAssistantMessage,
      continuations: previous?.turnId === input.turnId ? previous.count : 0,
      maxContinuations: state.maxContinuations,
    };
  },
  outcome(outcome, input, state) {
    if (outcome.stop === null && outcome.continueWith.length) {
      const previous = state.continued.get(input.threadId);
      const count = previous?.turnId === input.turnId ? previous.count : 0;
      state.continued.set(input.threadId, { turnId: input.turnId, count: count + 1 });
    }
    return { continueWith: nonEmpty(outcome.continueWith), stop: outcome.stop ?? undefined };
  },
  sample: () => ({ stopHookActive: false, lastAssistantMessage: "Done.", continuations: 0, maxContinuations: 8 }),
};
