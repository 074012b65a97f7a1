/**
 * @module
 * Conformance cases for the events around a turn: `SessionStart` (context, stop, the source
 * matcher), `UserPromptSubmit` (block, stop, context), `Stop` (continuation with `<hook_prompt>`,
 * `stop_hook_active`, the `maxHookContinuations` cap, stop, invalid text) and `SessionEnd`. Each
 * case states one documented effect from `docs/hooks.md` and checks what a user would see.
 */
import { type ConformanceCase, expectFailed, expectRun, runOf, specific } from "./cases.ts";
import type { Checker } from "./checks.ts";
import { ANSWERS } from "./events.ts";
import type { Observation } from "./scenario.ts";

const contextLines = (prompt: string, context: string) => [`user: ${prompt}`, `developer: ${context}`, "assistant: ok"];

const sessionStart: ConformanceCase[] = [
  {
    event: "SessionStart",
    name: "additionalContext becomes a developer message after the first prompt",
    hook: { output: specific("SessionStart", { additionalContext: "CI is green" }) },
    expect(o, c) {
      expectRun(o, c, "completed", [{ kind: "context", text: "CI is green" }]);
      c.equal("the model read the context", o.history, contextLines("hello", "CI is green"));
    },
  },
  {
    event: "SessionStart",
    name: "plain text on stdout becomes context",
    hook: { output: "this repo uses pnpm" },
    expect(o, c) {
      expectRun(o, c, "completed", [{ kind: "context", text: "this repo uses pnpm" }]);
      c.equal("the model read the context", o.history, contextLines("hello", "this repo uses pnpm"));
    },
  },
  {
    event: "SessionStart",
    name: "continue:false ends the first turn before the model is asked",
    hook: { output: { continue: false, stopReason: "setup missing" } },
    expect(o, c) {
      expectRun(o, c, "stopped", [{ kind: "stop", text: "setup missing" }]);
      c.equal("the model was never asked", o.history.filter((l) => l.startsWith("assistant:")), []);
    },
  },
  {
    event: "SessionStart",
    name: "the matcher is tested against the source: a resume-only hook does not run at startup",
    hook: { output: { continue: false } },
    matcher: "resume",
    runs: 0,
    expect: (_o, _c, x) => x.unaffected(),
  },
  {
    event: "SessionStart",
    name: "exit 2 is an ordinary failure here: nothing is blocked",
    kinds: ["command"],
    hook: { exit: 2, stderr: "nope" },
    expect: (o, c, x) => expectFailed(o, c, x, "hook exited with code 2"),
  },
];

const userPromptSubmit: ConformanceCase[] = [
  {
    event: "UserPromptSubmit",
    name: "decision:block keeps the prompt out of history and the model is never asked",
    hook: { output: { decision: "block", reason: "no secrets in prompts" } },
    expect(o, c) {
      expectRun(o, c, "blocked", [{ kind: "feedback", text: "no secrets in prompts" }]);
      c.equal("nothing entered history", o.history, []);
      c.equal("the turn has no items", o.items.length, 0);
    },
  },
  {
    event: "UserPromptSubmit",
    name: "exit 2 blocks the prompt with stderr as the reason",
    kinds: ["command"],
    hook: { exit: 2, stderr: "prompt rejected" },
    expect(o, c) {
      expectRun(o, c, "blocked", [{ kind: "feedback", text: "prompt rejected" }]);
      c.equal("nothing entered history", o.history, []);
    },
  },
  {
    event: "UserPromptSubmit",
    name: "exit 2 without stderr fails without blocking",
    kinds: ["command"],
    hook: { exit: 2 },
    expect: (o, c, x) =>
      expectFailed(o, c, x, "UserPromptSubmit hook exited with code 2 but did not write a blocking reason to stderr"),
  },
  {
    event: "UserPromptSubmit",
    name: "decision:block without a reason fails without blocking",
    hook: { output: { decision: "block" } },
    expect: (o, c, x) =>
      expectFailed(o, c, x, "UserPromptSubmit hook returned decision:block without a non-empty reason"),
  },
  {
    event: "UserPromptSubmit",
    name: "continue:false records the prompt, then ends the turn",
    hook: { output: { continue: false, stopReason: "paused" } },
    expect(o, c) {
      expectRun(o, c, "stopped", [{ kind: "stop", text: "paused" }]);
      c.equal("the prompt is in history and the model was not asked", o.history, ["user: fix the build"]);
    },
  },
  {
    event: "UserPromptSubmit",
    name: "additionalContext becomes a developer message after the prompt",
    hook: { output: specific("UserPromptSubmit", { additionalContext: "branch: main" }) },
    expect(o, c) {
      expectRun(o, c, "completed", [{ kind: "context", text: "branch: main" }]);
      c.equal("the model read the context", o.history, contextLines("fix the build", "branch: main"));
    },
  },
  {
    event: "UserPromptSubmit",
    name: "plain text on stdout becomes context",
    hook: { output: "the build is red" },
    expect(o, c) {
      expectRun(o, c, "completed", [{ kind: "context", text: "the build is red" }]);
      c.equal("the model read the context", o.history, contextLines("fix the build", "the build is red"));
    },
  },
];

/** Checks a continuation by the first run, with `reason`, answered by the model's second answer. */
function expectContinued(o: Observation, c: Checker, reason: string): void {
  const id = runOf(o)?.id ?? "?";
  c.equal("the statuses are blocked, then completed", o.runs.map((r) => r.run.status), ["blocked", "completed"]);
  c.equal("the run says why", runOf(o)?.entries, [{ kind: "feedback", text: reason }]);
  c.equal("the model read the reason as a <hook_prompt> user message, then answered again", o.history, [
    "user: fix the failing test",
    `assistant: ${ANSWERS[0]}`,
    `user: <hook_prompt hook_run_id="${id}">${reason}</hook_prompt>`,
    `assistant: ${ANSWERS[1]}`,
  ]);
  const item = o.items.find((i) => i.type === "hookPrompt");
  c.equal(
    "the turn has a hookPrompt item with one fragment",
    item?.type === "hookPrompt" ? item.fragments : null,
    [{ text: reason, hookRunId: id }],
  );
}

const loopGuard = { field: "stop_hook_active", equals: false };

const stop: ConformanceCase[] = [
  {
    event: "Stop",
    name: "decision:block continues the turn with a <hook_prompt>, and the next run sees stop_hook_active",
    hook: { when: loopGuard, output: { decision: "block", reason: "run the tests first" } },
    runs: 2,
    expect: (o, c) => expectContinued(o, c, "run the tests first"),
  },
  {
    event: "Stop",
    name: "exit 2 continues the turn with stderr as the prompt",
    kinds: ["command"],
    hook: { when: loopGuard, exit: 2, stderr: "tests are failing" },
    runs: 2,
    expect: (o, c) => expectContinued(o, c, "tests are failing"),
  },
  {
    event: "Stop",
    name: "a hook that always blocks is cut off at maxHookContinuations, and the summary and a warning say so",
    hook: { output: { decision: "block", reason: "keep going" } },
    scenario: { overrides: ["max_hook_continuations=2"] },
    runs: 3,
    expect(o, c) {
      c.equal("the turn continued twice", o.items.filter((i) => i.type === "hookPrompt").length, 2);
      c.equal("it ended with the third answer", o.history.at(-1), `assistant: ${ANSWERS[2]}`);
      const last = JSON.stringify(runOf(o, 2)?.entries ?? []);
      c.includes(
        "the last run's summary names the cap",
        last,
        "continuation cap reached: the turn already continued 2 times (maxHookContinuations = 2)",
      );
      c.includes("a warning says the turn stopped at the cap", o.warnings.join("\n"), "stopped after 2 continuations");
    },
  },
  {
    event: "Stop",
    name: "exit 2 without stderr fails without continuing",
    kinds: ["command"],
    hook: { exit: 2 },
    expect: (o, c, x) =>
      expectFailed(o, c, x, "Stop hook exited with code 2 but did not write a continuation prompt to stderr"),
  },
  {
    event: "Stop",
    name: "decision:block without a reason fails without continuing",
    hook: { output: { decision: "block" } },
    expect: (o, c, x) => expectFailed(o, c, x, "Stop hook returned decision:block without a non-empty reason"),
  },
  {
    event: "Stop",
    name: "continue:false ends the turn",
    hook: { output: { continue: false, stopReason: "enough" } },
    expect(o, c, x) {
      expectRun(o, c, "stopped", [{ kind: "stop", text: "enough" }]);
      x.unaffected();
    },
  },
  {
    event: "Stop",
    name: "plain text on stdout is invalid here: the hook fails and the turn is not continued",
    hook: { output: "please continue" },
    expect: (o, c, x) => expectFailed(o, c, x, "hook returned invalid stop JSON output"),
  },
];

const sessionEnd: ConformanceCase[] = [
  {
    event: "SessionEnd",
    name: "exit 2 is an ordinary failure here",
    kinds: ["command"],
    hook: { exit: 2, stderr: "nope" },
    expect: (o, c, x) => expectFailed(o, c, x, "hook exited with code 2"),
  },
  {
    event: "SessionEnd",
    name: "continue:false has nothing to stop",
    hook: { output: { continue: false, stopReason: "bye" } },
    expect(o, c, x) {
      expectRun(o, c, "completed", []);
      c.equal("no warning was shown", o.warnings, []);
      x.unaffected();
    },
  },
  {
    event: "SessionEnd",
    name: "plain text on stdout is ignored",
    hook: { output: "bye" },
    expect(o, c, x) {
      expectRun(o, c, "completed", []);
      c.equal("no warning was shown", o.warnings, []);
      x.unaffected();
    },
  },
];

/** The cases of SessionStart, UserPromptSubmit, Stop and SessionEnd. */
export const SESSION_CASES: ConformanceCase[] = [...sessionStart, ...userPromptSubmit, ...stop, ...sessionEnd];
