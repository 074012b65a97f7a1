/**
 * @module
 * What a hook event's conformance profile is made of: the `EventProfile` each event's module in
 * `hooks/events/` declares in its binding (the scripted turn that makes the event fire, the
 * documented input, what "the hook changed nothing" looks like), the observation it is checked
 * against, and the shared scripted turns and constants. Nothing here runs a turn (`scenario.ts`
 * does) or imports the hooks plugin, so the event modules can hold their own profile.
 */
import type { HookEventName, HookRunSummary, ThreadItem } from "../../kernel/mod.ts";
import type { Checker } from "./checks.ts";
import type { InProcessHook } from "./registry.ts";

/** What the simulated tools answer: `<RECEIVED> <input>` (`_tools/`). */
export const RECEIVED = "tool received";

/** The model's call id in tool events (hooks receive it as `tool_use_id`). */
export const CALL_ID = "call_1";
/** The shell command the model runs in tool events, unless told otherwise. */
export const DEFAULT_BASH = "ls -la";
/** The patch the model applies when the tool is apply_patch. */
export const DEFAULT_PATCH = "*** Begin Patch\n*** Add File: hello.txt\n+hello\n*** End Patch";
/** What the model answers, request after request (Stop hooks read them as `last_assistant_message`). */
export const ANSWERS = ["done", "done again", "done, really"];
/** The summary the model writes when the compact events' turn compacts its history. */
export const SUMMARY = "Listed the workspace; nothing is left to do.";
/** The first line of the summary message that replaces the history (kernel/compaction/compact.ts). */
export const SUMMARY_PREFIX = "Summary of the conversation so far (earlier messages were compacted):";

/** What the model does in tool events. */
export interface ToolChoice {
  tool: "Bash" | "apply_patch";
  /** The shell command line (Bash) or the patch text (apply_patch). */
  text: string;
}

/** Knobs of a profile's scenario. */
export interface ProfileOptions {
  prompt?: string;
  toolCall?: ToolChoice;
}

/** One event, as the kit drives it. */
export interface EventProfile {
  event: HookEventName;
  /** The matcher the kit declares, or undefined when the event ignores matchers. */
  matcher?: string;
  /** The turn that makes the event fire. */
  scenario(options: ProfileOptions): Omit<ScenarioSpec, "event" | "hooks" | "inProcess">;
  /** The documented input of the `index`th run in `o`, field by field, in Codex's order. */
  expectedInput(o: Observation, index: number, options: ProfileOptions): Record<string, unknown>;
  /** Checks that the turn went on exactly as without the hook. */
  unaffected(o: Observation, c: Checker, options: ProfileOptions): void;
}

/** The tool call of a scenario (default: Bash `ls -la`). */
export function toolCallOf(options: ProfileOptions): ToolChoice {
  return options.toolCall ?? { tool: "Bash", text: DEFAULT_BASH };
}

/** `tool_input` as hooks receive it for the scenario's call. */
export function toolInputOf(options: ProfileOptions): Record<string, unknown> {
  return { command: toolCallOf(options).text };
}

/** The history line of the call's output when the tool received the call unchanged. */
export function receivedLine(options: ProfileOptions, suffix = ""): string {
  const call = toolCallOf(options);
  const received = call.tool === "Bash" ? JSON.stringify({ command: call.text }) : call.text;
  return `output(${CALL_ID}): ${RECEIVED} ${received}${suffix}`;
}

/** The history line of the call's output, if any. */
export function outputLine(o: Observation): string | undefined {
  return o.history.find((line) => line.startsWith(`output(${CALL_ID}):`));
}

export function common(o: Observation, event: HookEventName, turnScoped: boolean): Record<string, unknown> {
  return {
    session_id: o.threadId,
    ...(turnScoped ? { turn_id: o.turnId } : {}),
    transcript_path: o.transcriptPath,
    cwd: o.cwd,
    hook_event_name: event,
    model: o.model,
    permission_mode: o.permissionMode,
  };
}

/** The input fields of a tool event up to its own: the common ones, `tool_name` and `tool_input`. */
export function toolCommon(o: Observation, event: HookEventName, options: ProfileOptions): Record<string, unknown> {
  return { ...common(o, event, true), tool_name: toolCallOf(options).tool, tool_input: toolInputOf(options) };
}

/** The profile of a tool-use event: its own input fields come between `tool_input` and `tool_use_id`. */
export function toolUseProfile(
  event: "PreToolUse" | "PostToolUse",
  own: (options: ProfileOptions) => Record<string, unknown>,
): EventProfile {
  return {
    event,
    matcher: "Bash",
    scenario: (options) => toolScenario(options),
    expectedInput: (o, _i, options) => ({ ...toolCommon(o, event, options), ...own(options), tool_use_id: CALL_ID }),
    unaffected: toolRanUnchanged,
  };
}

export const prompt = (options: ProfileOptions, fallback: string) => options.prompt ?? fallback;
export const answered = (
  options: ProfileOptions,
  fallback: string,
) => [`user: ${prompt(options, fallback)}`, "assistant: ok"];

export function toolScenario(options: ProfileOptions, overrides: string[] = []) {
  const call = toolCallOf(options);
  const step = call.tool === "Bash"
    ? { call: "shell_command", args: { command: call.text }, id: CALL_ID }
    : { custom: "apply_patch", input: call.text, id: CALL_ID };
  return { prompt: prompt(options, "Tidy up the workspace"), responses: [[step], [{ say: "done" }]], overrides };
}

export function toolRanUnchanged(o: Observation, c: Checker, options: ProfileOptions): void {
  c.equal("the tool received the call unchanged", outputLine(o), receivedLine(options));
  c.equal("the model answered after reading the output", o.history.at(-1), "assistant: done");
  c.equal("no context was added", o.history.filter((l) => l.startsWith("developer:")), []);
}

/**
 * The compact events' turn: the model calls a tool, the response reaches the token limit (1), so
 * the history is compacted (trigger `auto`) before the model answers.
 */
export function compactScenario(options: ProfileOptions) {
  return { ...toolScenario(options, ["model_auto_compact_token_limit=1"]), responses: compactResponses(options) };
}

function compactResponses(options: ProfileOptions): unknown[][] {
  return [toolScenario(options).responses[0], [{ say: SUMMARY }], [{ say: "done" }]];
}

/** The history after the compact events' turn when it compacted and went on. */
export function compactedHistory(options: ProfileOptions): string[] {
  return [
    `user: ${prompt(options, "Tidy up the workspace")}`,
    `user: ${SUMMARY_PREFIX}\n${SUMMARY}`,
    "assistant: done",
  ];
}

export function compacted(o: Observation, c: Checker, options: ProfileOptions): void {
  c.equal("the history was compacted and the turn went on", o.history, compactedHistory(options));
  c.equal("the turn shows one contextCompaction item", o.items.filter((i) => i.type === "contextCompaction").length, 1);
}

/** What to run. */
export interface ScenarioSpec {
  /** The event under test: its runs are the observation's `runs`. */
  event: HookEventName;
  prompt: string;
  /** Scripted model responses, one list of steps per request. */
  responses: unknown[][];
  /** `-c` overrides (say, `approval_policy="untrusted"`). */
  overrides?: string[];
  /** Command hooks: the `hooks` config key. */
  hooks?: Record<string, unknown>;
  /** In-process hooks, registered by a plugin. */
  inProcess?: InProcessHook[];
  /** The workspace. @default `<root>/ws` */
  cwd?: string;
}

/** A hook run, with the turn it was reported for. */
export interface ObservedRun {
  turnId: string | null;
  run: HookRunSummary;
}

/** An approval request the simulated user answered. */
export interface AskedApproval {
  method: string;
  command: string | null;
  reason: string | null;
}

/** Everything one scenario showed. */
export interface Observation {
  threadId: string;
  turnId: string;
  transcriptPath: string | null;
  cwd: string;
  model: string;
  permissionMode: "default" | "bypassPermissions";
  turnStatus: string;
  /** The model-visible history (`role: text`, `output(call): text`, ...). */
  history: string[];
  /** The turn's items. */
  items: ThreadItem[];
  /** `Turn.hookRuns`: the summaries stored with the turn. */
  storedRuns: HookRunSummary[];
  /** The completed runs of the event under test, in the order they were reported. */
  runs: ObservedRun[];
  /** `warning` notifications. */
  warnings: string[];
  asked: AskedApproval[];
  /** Problems reported while booting (bad declarations, plugin failures), before the turn. */
  bootWarnings: string[];
}
