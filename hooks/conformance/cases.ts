/**
 * @module
 * The shape of a conformance case (one documented behaviour of one event: what the hook does,
 * and what must follow), helpers to state expectations, and the cases every firing event shares:
 * the documented input, `systemMessage`, `suppressOutput`, invalid output, failing exit codes, a
 * throwing handler and the timeout. Event-specific cases live in `cases_session.ts` and
 * `cases_tools.ts`; `ALL_CASES` in `kit.ts` joins them.
 */
import type { HookRunSummary } from "../../kernel/mod.ts";
import { kebabEventName } from "../events/common.ts";
import type { Behaviour, HandlerKind } from "./behaviour.ts";
import type { Checker } from "./checks.ts";
import type { EventProfile, FiringEvent, ProfileOptions, ToolChoice } from "./events.ts";
import type { Observation } from "./scenario.ts";

/** What a case's expectations get besides the observation. */
export interface CaseContext {
  kind: HandlerKind;
  options: ProfileOptions;
  profile: EventProfile;
  /** Checks that the turn went on exactly as without the hook. */
  unaffected(): void;
}

/** One documented behaviour of one event. */
export interface ConformanceCase {
  event: FiringEvent;
  /** The documented behaviour the case proves, as a sentence. */
  name: string;
  /** The handler kinds it applies to. @default both */
  kinds?: HandlerKind[];
  hook: Behaviour;
  /** The matcher to declare instead of the profile's (null: none). */
  matcher?: string | null;
  /** Changes to the profile's scenario. */
  scenario?: { overrides?: string[]; toolCall?: ToolChoice };
  /** How many times the hook runs. @default 1 */
  runs?: number;
  expect(o: Observation, c: Checker, x: CaseContext): void;
}

/** The summary of the `index`th run. */
export function runOf(o: Observation, index = 0): HookRunSummary | undefined {
  return o.runs[index]?.run;
}

/** Checks the first run's status and entries. */
export function expectRun(
  o: Observation,
  c: Checker,
  status: HookRunSummary["status"],
  entries?: HookRunSummary["entries"],
): void {
  c.equal(`the run is reported as ${status}`, runOf(o)?.status, status);
  if (entries) c.equal("the run summary has the documented entries", runOf(o)?.entries, entries);
}

/** Checks that the first run failed with `error` (a prefix when `prefix` is set) and changed nothing. */
export function expectFailed(o: Observation, c: Checker, x: CaseContext, error: string, prefix = false): void {
  c.equal("the run is reported as failed", runOf(o)?.status, "failed");
  const entries = runOf(o)?.entries ?? [];
  const text = entries.find((e) => e.kind === "error")?.text ?? "";
  if (prefix) c.ok(`the error says "${error}..."`, text.startsWith(error), `got ${JSON.stringify(text)}`);
  else c.equal("the error entry says why", entries, [{ kind: "error", text: error }]);
  x.unaffected();
}

/** Events whose JSON output has `hookSpecificOutput.additionalContext`. */
export const CONTEXT_EVENTS = new Set<FiringEvent>(["SessionStart", "UserPromptSubmit", "PreToolUse", "PostToolUse"]);

/** `{hookSpecificOutput: {hookEventName, ...fields}}`. */
export function specific(event: FiringEvent, fields: Record<string, unknown>): Record<string, unknown> {
  return { hookSpecificOutput: { hookEventName: event, ...fields } };
}

/** The cases every firing event shares. */
export function commonCases(event: FiringEvent): ConformanceCase[] {
  const invalid = `hook returned invalid ${kebabEventName(event)} JSON output`;
  const withContext = CONTEXT_EVENTS.has(event);
  return [
    {
      event,
      name: "receives the documented input; empty output changes nothing",
      hook: {},
      expect(o, c, x) {
        expectRun(o, c, "completed", []);
        x.unaffected();
      },
    },
    {
      event,
      name: "systemMessage is shown to the user as a warning",
      hook: { output: { systemMessage: "heads up" } },
      expect(o, c, x) {
        expectRun(o, c, "completed", [{ kind: "warning", text: "heads up" }]);
        c.ok(
          "a warning notification carries it",
          o.warnings.includes(`${event} hook: heads up`),
          o.warnings.join("; "),
        );
        x.unaffected();
      },
    },
    {
      event,
      name: withContext
        ? "suppressOutput keeps the warning and context out of the summary; the model still gets the context"
        : "suppressOutput keeps the warning out of the summary and sends no warning",
      hook: {
        output: {
          systemMessage: "quiet",
          suppressOutput: true,
          ...(withContext ? specific(event, { additionalContext: "quiet context" }) : {}),
        },
      },
      expect(o, c, x) {
        expectRun(o, c, "completed", []);
        c.equal("no warning notification", o.warnings.filter((w) => w.startsWith(`${event} hook`)), []);
        if (withContext) c.ok("the model got the context", o.history.includes("developer: quiet context"));
        else x.unaffected();
      },
    },
    {
      event,
      name: "a field of the wrong type fails the hook, which then changes nothing",
      hook: { output: { continue: "no" } },
      expect: (o, c, x) => expectFailed(o, c, x, `${invalid}: continue:`, true),
    },
    {
      event,
      name: "unparsable JSON on stdout fails the hook, which then changes nothing",
      kinds: ["command"],
      hook: { rawStdout: "{not json" },
      expect: (o, c, x) => expectFailed(o, c, x, invalid),
    },
    {
      event,
      name: "an exit code other than 0 and 2 fails the hook without blocking anything",
      kinds: ["command"],
      hook: { exit: 1, stderr: "boom" },
      expect: (o, c, x) => expectFailed(o, c, x, "hook exited with code 1"),
    },
    {
      event,
      name: "a handler that throws fails without blocking anything",
      kinds: ["inProcess"],
      hook: { throws: "boom" },
      expect: (o, c, x) => expectFailed(o, c, x, "hook threw: boom"),
    },
    {
      event,
      name: "a hook that outlives its timeout is killed and fails; what it would have said has no effect",
      hook: { sleepSec: 5, timeoutSec: 1, output: { continue: false, stopReason: "too late" } },
      expect: (o, c, x) => expectFailed(o, c, x, "hook timed out after 1s"),
    },
  ];
}
