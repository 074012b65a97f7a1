/**
 * @module
 * `SessionEnd`: when the runtime shuts down with the thread loaded (`reason: "exit"`). Hooks run
 * for their side effects (logging, cleanup); only the universal fields are read, and nothing they
 * return changes anything except `systemMessage`, which is shown as a warning. Matchers are
 * ignored. Runs belong to no turn, so they are not persisted with one.
 */
import { type EventSpec, failed, sessionInput } from "./common.ts";
import type { EventBinding } from "./binding.ts";
import { answered, common, prompt } from "../conformance/profile.ts";

/** Why the session ends. */
export interface SessionEndRequest {
  reason: "exit" | "closed" | "other";
}

export const sessionEnd: EventSpec<"SessionEnd", SessionEndRequest, Record<never, never>, Record<never, never>> = {
  event: "SessionEnd",
  scope: "thread",
  matcherInputs: () => null,
  buildInput: (req, ctx) => ({ ...sessionInput(ctx, "SessionEnd"), reason: req.reason }),
  decide(result) {
    if (result.kind === "failed") return failed(result.error, {});
    if (result.kind === "exit2") return failed("hook exited with code 2", {});
    return { status: "completed", entries: [], data: {} };
  },
  merge: () => ({}),
};

/** At `sessionEnd`: the reason; what the wiring remembers of the thread is dropped. */
export const sessionEndBinding: EventBinding<"SessionEnd", SessionEndRequest, Record<never, never>> = {
  conformance: {
    event: "SessionEnd",
    scenario: (options) => ({ prompt: prompt(options, "hello"), responses: [[{ say: "ok" }]] }),
    expectedInput: (o) => ({ ...common(o, "SessionEnd", false), reason: "exit" }),
    unaffected: (o, c, options) => c.equal("the session went on as usual", o.history, answered(options, "hello")),
  },
  spec: sessionEnd,
  request: (input) => ({ reason: input.reason }),
  outcome(_outcome, input, state) {
    state.continued.delete(input.threadId);
  },
  sample: () => ({ reason: "exit" }),
};
