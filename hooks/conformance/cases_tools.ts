/**
 * @module
 * Conformance cases for the tool events: `PreToolUse` (deny in its three spellings, rewrite with
 * `updatedInput`, `ask`, context, `continue: false`, matchers, apply_patch naming),
 * `PermissionRequest` (allow, deny, unsupported fields) and `PostToolUse` (block, output
 * replacement, context, ending the turn). The simulated tools show exactly what reached them.
 */
import { type ConformanceCase, expectFailed, expectRun, specific } from "./cases.ts";
import type { Checker } from "./checks.ts";
import { CALL_ID, DEFAULT_BASH, DEFAULT_PATCH, outputLine } from "./events.ts";
import type { Observation } from "./scenario.ts";

const line = (text: string) => `output(${CALL_ID}): ${text}`;
const blockedLine = (reason: string) => line(`Command blocked by PreToolUse hook: ${reason}. Command: ${DEFAULT_BASH}`);
const received = (json: unknown, suffix = "") => line(`tool received ${JSON.stringify(json)}${suffix}`);

/** Checks what the model read for the call, and that it answered afterwards unless `ended`. */
function expectOutput(o: Observation, c: Checker, expected: string, ended = false): void {
  c.equal("the model read the documented output for the call", outputLine(o), expected);
  if (ended) c.equal("the turn ended after the tool round", o.history.at(-1), expected);
  else c.equal("the model answered after reading it", o.history.at(-1), "assistant: done");
}

/** Checks that `context` is a developer message right after the call's output. */
function expectContextAfterOutput(o: Observation, c: Checker, context: string): void {
  const at = o.history.findIndex((l) => l.startsWith(`output(${CALL_ID}):`));
  c.equal("the context is a developer message right after the output", o.history[at + 1], `developer: ${context}`);
}

const deny = (reason: string) =>
  specific("PreToolUse", { permissionDecision: "deny", permissionDecisionReason: reason });

const preToolUse: ConformanceCase[] = [
  {
    event: "PreToolUse",
    name: "permissionDecision deny: the tool never runs and the model reads the reason",
    hook: { output: deny("no listing today") },
    expect(o, c) {
      expectRun(o, c, "blocked", [{ kind: "feedback", text: "no listing today" }]);
      expectOutput(o, c, blockedLine("no listing today"));
    },
  },
  {
    event: "PreToolUse",
    name: "the legacy decision:block with a reason denies the same way",
    hook: { output: { decision: "block", reason: "quota" } },
    expect(o, c) {
      expectRun(o, c, "blocked", [{ kind: "feedback", text: "quota" }]);
      expectOutput(o, c, blockedLine("quota"));
    },
  },
  {
    event: "PreToolUse",
    name: "exit 2 denies with stderr as the reason",
    kinds: ["command"],
    hook: { exit: 2, stderr: "not in prod" },
    expect(o, c) {
      expectRun(o, c, "blocked", [{ kind: "feedback", text: "not in prod" }]);
      expectOutput(o, c, blockedLine("not in prod"));
    },
  },
  {
    event: "PreToolUse",
    name: "exit 2 without stderr fails, and the call runs",
    kinds: ["command"],
    hook: { exit: 2 },
    expect: (o, c, x) =>
      expectFailed(o, c, x, "PreToolUse hook exited with code 2 but did not write a blocking reason to stderr"),
  },
  {
    event: "PreToolUse",
    name: "deny without a reason fails, and the call runs",
    hook: { output: specific("PreToolUse", { permissionDecision: "deny" }) },
    expect: (o, c, x) =>
      expectFailed(
        o,
        c,
        x,
        "PreToolUse hook returned permissionDecision:deny without a non-empty permissionDecisionReason",
      ),
  },
  {
    event: "PreToolUse",
    name: "allow with updatedInput rewrites the call",
    hook: { output: specific("PreToolUse", { permissionDecision: "allow", updatedInput: { command: "ls" } }) },
    expect(o, c) {
      expectRun(o, c, "completed", []);
      expectOutput(o, c, received({ command: "ls" }));
    },
  },
  {
    event: "PreToolUse",
    name: "updatedInput without allow fails, and the call runs unchanged",
    hook: { output: specific("PreToolUse", { updatedInput: { command: "ls" } }) },
    expect: (o, c, x) =>
      expectFailed(o, c, x, "PreToolUse hook returned updatedInput without permissionDecision:allow"),
  },
  {
    event: "PreToolUse",
    name: "ask routes the call to the approval flow with the reason",
    hook: { output: specific("PreToolUse", { permissionDecision: "ask", permissionDecisionReason: "check first" }) },
    expect(o, c) {
      expectRun(o, c, "completed", [{ kind: "feedback", text: "approval required: check first" }]);
      c.equal("the user was asked, with the reason", o.asked, [{
        method: "item/commandExecution/requestApproval",
        command: DEFAULT_BASH,
        reason: "check first",
      }]);
      expectOutput(o, c, received({ command: DEFAULT_BASH }, " (approval accept)"));
    },
  },
  {
    event: "PreToolUse",
    name: "additionalContext becomes a developer message after the call's output",
    hook: { output: specific("PreToolUse", { additionalContext: "listing is slow here" }) },
    expect(o, c) {
      expectRun(o, c, "completed", [{ kind: "context", text: "listing is slow here" }]);
      expectContextAfterOutput(o, c, "listing is slow here");
    },
  },
  {
    event: "PreToolUse",
    name: "continue:false denies the call with stopReason and ends the turn after this round",
    hook: { output: { continue: false, stopReason: "frozen" } },
    expect(o, c) {
      expectRun(o, c, "stopped", [{ kind: "stop", text: "frozen" }]);
      expectOutput(o, c, blockedLine("frozen"), true);
    },
  },
  {
    event: "PreToolUse",
    name: "permissionDecision defer changes nothing: the approval policy applies",
    hook: { output: specific("PreToolUse", { permissionDecision: "defer" }) },
    expect(o, c, x) {
      expectRun(o, c, "completed", []);
      x.unaffected();
    },
  },
  {
    event: "PreToolUse",
    name: "a bare allow (without updatedInput) changes nothing",
    hook: { output: specific("PreToolUse", { permissionDecision: "allow" }) },
    expect(o, c, x) {
      expectRun(o, c, "completed", []);
      x.unaffected();
    },
  },
  {
    event: "PreToolUse",
    name: "plain text on stdout is ignored",
    hook: { output: "looks fine" },
    expect(o, c, x) {
      expectRun(o, c, "completed", []);
      x.unaffected();
    },
  },
  {
    event: "PreToolUse",
    name: "a matcher that does not name the tool keeps the hook from running",
    hook: { output: deny("never") },
    matcher: "Edit|Write",
    runs: 0,
    expect: (_o, _c, x) => x.unaffected(),
  },
  {
    event: "PreToolUse",
    name: "apply_patch is named apply_patch, matches Edit|Write, and carries the patch as tool_input.command",
    hook: {},
    scenario: { toolCall: { tool: "apply_patch", text: DEFAULT_PATCH } },
    expect: (_o, _c, x) => x.unaffected(),
  },
];

const decision = (behavior: string, fields: Record<string, unknown> = {}) =>
  specific("PermissionRequest", { decision: { behavior, ...fields } });

const permissionRequest: ConformanceCase[] = [
  {
    event: "PermissionRequest",
    name: "behavior allow approves the call without asking the user",
    hook: { output: decision("allow", { message: "read-only listing" }) },
    expect(o, c) {
      expectRun(o, c, "completed", [{ kind: "feedback", text: "read-only listing" }]);
      c.equal("the user was not asked", o.asked, []);
      expectOutput(o, c, received({ command: DEFAULT_BASH }, " (approval accept: read-only listing)"));
    },
  },
  {
    event: "PermissionRequest",
    name: "behavior deny declines the call without asking the user",
    hook: { output: decision("deny", { message: "no listing" }) },
    expect(o, c) {
      expectRun(o, c, "blocked", [{ kind: "feedback", text: "no listing" }]);
      c.equal("the user was not asked", o.asked, []);
      expectOutput(o, c, line("not run (approval decline: no listing)"));
    },
  },
  {
    event: "PermissionRequest",
    name: "exit 2 declines with stderr as the message",
    kinds: ["command"],
    hook: { exit: 2, stderr: "denied by policy" },
    expect(o, c) {
      expectRun(o, c, "blocked", [{ kind: "feedback", text: "denied by policy" }]);
      expectOutput(o, c, line("not run (approval decline: denied by policy)"));
    },
  },
  {
    event: "PermissionRequest",
    name: "continue:false declines with stopReason",
    hook: { output: { continue: false, stopReason: "frozen" } },
    expect(o, c) {
      expectRun(o, c, "stopped", [{ kind: "stop", text: "frozen" }]);
      expectOutput(o, c, line("not run (approval decline: frozen)"));
    },
  },
  {
    event: "PermissionRequest",
    name: "updatedInput is not supported: the hook fails and the user is asked",
    hook: { output: decision("allow", { updatedInput: { command: "ls" } }) },
    expect: (o, c, x) => expectFailed(o, c, x, "PermissionRequest hook returned unsupported updatedInput"),
  },
  {
    event: "PermissionRequest",
    name: "updatedPermissions is not supported: the hook fails and the user is asked",
    hook: { output: decision("allow", { updatedPermissions: [{ type: "addRules" }] }) },
    expect: (o, c, x) => expectFailed(o, c, x, "PermissionRequest hook returned unsupported updatedPermissions"),
  },
  {
    event: "PermissionRequest",
    name: "interrupt:true is not supported: the hook fails and the user is asked",
    hook: { output: decision("deny", { interrupt: true }) },
    expect: (o, c, x) => expectFailed(o, c, x, "PermissionRequest hook returned unsupported interrupt:true"),
  },
  {
    event: "PermissionRequest",
    name: "plain text on stdout is ignored: the user is asked",
    hook: { output: "fine by me" },
    expect(o, c, x) {
      expectRun(o, c, "completed", []);
      x.unaffected();
    },
  },
];

const postToolUse: ConformanceCase[] = [
  {
    event: "PostToolUse",
    name: "decision:block replaces the output the model reads with the reason",
    hook: { output: { decision: "block", reason: "output hidden: it contains a token" } },
    expect(o, c) {
      expectRun(o, c, "blocked", [{ kind: "feedback", text: "output hidden: it contains a token" }]);
      expectOutput(o, c, line("output hidden: it contains a token"));
    },
  },
  {
    event: "PostToolUse",
    name: "exit 2 replaces the output with stderr",
    kinds: ["command"],
    hook: { exit: 2, stderr: "lint failed" },
    expect(o, c) {
      expectRun(o, c, "blocked", [{ kind: "feedback", text: "lint failed" }]);
      expectOutput(o, c, line("lint failed"));
    },
  },
  {
    event: "PostToolUse",
    name: "exit 2 without stderr fails, and the output is kept",
    kinds: ["command"],
    hook: { exit: 2 },
    expect: (o, c, x) =>
      expectFailed(o, c, x, "PostToolUse hook exited with code 2 but did not write feedback to stderr"),
  },
  {
    event: "PostToolUse",
    name: "updatedToolOutput (a string) is what the model reads",
    hook: { output: specific("PostToolUse", { updatedToolOutput: "3 files (summarised)" }) },
    expect(o, c) {
      expectRun(o, c, "completed", [{ kind: "feedback", text: "replaced the tool output (20 characters)" }]);
      expectOutput(o, c, line("3 files (summarised)"));
    },
  },
  {
    event: "PostToolUse",
    name: "updatedToolOutput that is not a string reaches the model as JSON",
    hook: { output: specific("PostToolUse", { updatedToolOutput: { files: 3 } }) },
    expect(o, c) {
      expectRun(o, c, "completed");
      expectOutput(o, c, line(`{"files":3}`));
    },
  },
  {
    event: "PostToolUse",
    name: "updatedMCPToolOutput (Claude Code's name) works like updatedToolOutput",
    hook: { output: specific("PostToolUse", { updatedMCPToolOutput: "summarised" }) },
    expect(o, c) {
      expectRun(o, c, "completed");
      expectOutput(o, c, line("summarised"));
    },
  },
  {
    event: "PostToolUse",
    name: "additionalContext becomes a developer message after the output",
    hook: { output: specific("PostToolUse", { additionalContext: "remember the linter" }) },
    expect(o, c) {
      expectRun(o, c, "completed", [{ kind: "context", text: "remember the linter" }]);
      expectContextAfterOutput(o, c, "remember the linter");
    },
  },
  {
    event: "PostToolUse",
    name: "continue:false replaces the output with stopReason and ends the turn after this round",
    hook: { output: { continue: false, stopReason: "stop after this" } },
    expect(o, c) {
      expectRun(o, c, "stopped", [{ kind: "stop", text: "stop after this" }]);
      expectOutput(o, c, line("stop after this"), true);
    },
  },
  {
    event: "PostToolUse",
    name: "reason without decision fails, and the output is kept",
    hook: { output: { reason: "why?" } },
    expect: (o, c, x) => expectFailed(o, c, x, "PostToolUse hook returned reason without decision"),
  },
  {
    event: "PostToolUse",
    name: "plain text on stdout is ignored",
    hook: { output: "noted" },
    expect(o, c, x) {
      expectRun(o, c, "completed", []);
      x.unaffected();
    },
  },
];

/** The cases of PreToolUse, PermissionRequest and PostToolUse. */
export const TOOL_CASES: ConformanceCase[] = [...preToolUse, ...permissionRequest, ...postToolUse];
