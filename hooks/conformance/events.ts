/**
 * @module
 * One profile per hook event for the conformance kit: the scripted turn that makes the event fire
 * (prompt, model responses, overrides), the matcher the kit declares, the documented value of
 * every input field for that turn, and what "the hook changed nothing" looks like. The case
 * tables (`cases_*.ts`) and the third-party probe (`probe.ts`) both build on these.
 */
import { HOOK_EVENT_ORDER, type HookEventName } from "../../kernel/mod.ts";
import { RECEIVED } from "./_tools/mod.ts";
import type { Checker } from "./checks.ts";
import type { Observation, ScenarioSpec } from "./scenario.ts";

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

/** Events Tern accepts and lists but never fires, with why (none at present; the probe skips them). */
export const SILENT_EVENTS: Partial<Record<HookEventName, string>> = {};

/** The events that fire, in the order a session meets them (the kernel's `EXTENSION_POINTS` table). */
export const FIRING_EVENTS: readonly HookEventName[] = HOOK_EVENT_ORDER.filter((event) => !(event in SILENT_EVENTS));
export type FiringEvent = HookEventName;

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
  event: FiringEvent;
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

function common(o: Observation, event: FiringEvent, turnScoped: boolean): Record<string, unknown> {
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

const prompt = (options: ProfileOptions, fallback: string) => options.prompt ?? fallback;
const answered = (options: ProfileOptions, fallback: string) => [`user: ${prompt(options, fallback)}`, "assistant: ok"];

function toolScenario(options: ProfileOptions, overrides: string[] = []) {
  const call = toolCallOf(options);
  const step = call.tool === "Bash"
    ? { call: "shell_command", args: { command: call.text }, id: CALL_ID }
    : { custom: "apply_patch", input: call.text, id: CALL_ID };
  return { prompt: prompt(options, "Tidy up the workspace"), responses: [[step], [{ say: "done" }]], overrides };
}

function toolRanUnchanged(o: Observation, c: Checker, options: ProfileOptions): void {
  c.equal("the tool received the call unchanged", outputLine(o), receivedLine(options));
  c.equal("the model answered after reading the output", o.history.at(-1), "assistant: done");
  c.equal("no context was added", o.history.filter((l) => l.startsWith("developer:")), []);
}

/**
 * The compact events' turn: the model calls a tool, the response reaches the token limit (1), so
 * the history is compacted (trigger `auto`) before the model answers.
 */
function compactScenario(options: ProfileOptions) {
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

function compacted(o: Observation, c: Checker, options: ProfileOptions): void {
  c.equal("the history was compacted and the turn went on", o.history, compactedHistory(options));
  c.equal("the turn shows one contextCompaction item", o.items.filter((i) => i.type === "contextCompaction").length, 1);
}

const compactProfile = (event: "PreCompact" | "PostCompact"): EventProfile => ({
  event,
  matcher: "auto",
  scenario: compactScenario,
  expectedInput: (o) => ({ ...common(o, event, true), trigger: "auto" }),
  unaffected: compacted,
});

const toolMatcher = (options: ProfileOptions) => (toolCallOf(options).tool === "Bash" ? "Bash" : "Edit|Write");

/** The profiles, by event. */
export const PROFILES: Record<FiringEvent, EventProfile> = {
  SessionStart: {
    event: "SessionStart",
    matcher: "startup",
    scenario: (options) => ({ prompt: prompt(options, "hello"), responses: [[{ say: "ok" }]] }),
    expectedInput: (o) => ({ ...common(o, "SessionStart", false), source: "startup" }),
    unaffected: (o, c, options) => c.equal("the turn went on as usual", o.history, answered(options, "hello")),
  },
  UserPromptSubmit: {
    event: "UserPromptSubmit",
    scenario: (options) => ({ prompt: prompt(options, "fix the build"), responses: [[{ say: "ok" }]] }),
    expectedInput: (o, _i, options) => ({
      ...common(o, "UserPromptSubmit", true),
      prompt: prompt(options, "fix the build"),
    }),
    unaffected: (o, c, options) =>
      c.equal("the prompt was recorded and answered", o.history, answered(options, "fix the build")),
  },
  PreToolUse: {
    event: "PreToolUse",
    matcher: "Bash",
    scenario: (options) => toolScenario(options),
    expectedInput: (o, _i, options) => ({
      ...common(o, "PreToolUse", true),
      tool_name: toolCallOf(options).tool,
      tool_input: toolInputOf(options),
      tool_use_id: CALL_ID,
    }),
    unaffected: toolRanUnchanged,
  },
  PermissionRequest: {
    event: "PermissionRequest",
    matcher: "Bash",
    scenario: (options) => toolScenario(options, ['approval_policy="untrusted"']),
    expectedInput: (o, _i, options) => ({
      ...common(o, "PermissionRequest", true),
      tool_name: toolCallOf(options).tool,
      tool_input: toolInputOf(options),
    }),
    unaffected(o, c, options) {
      c.equal("the user was asked", o.asked.length, 1);
      c.equal("the tool ran once the user approved", outputLine(o), receivedLine(options, " (approval accept)"));
    },
  },
  PostToolUse: {
    event: "PostToolUse",
    matcher: "Bash",
    scenario: (options) => toolScenario(options),
    expectedInput: (o, _i, options) => ({
      ...common(o, "PostToolUse", true),
      tool_name: toolCallOf(options).tool,
      tool_input: toolInputOf(options),
      tool_response: receivedLine(options).slice(`output(${CALL_ID}): `.length),
      tool_use_id: CALL_ID,
    }),
    unaffected: toolRanUnchanged,
  },
  PreCompact: compactProfile("PreCompact"),
  PostCompact: compactProfile("PostCompact"),
  Stop: {
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
  SessionEnd: {
    event: "SessionEnd",
    scenario: (options) => ({ prompt: prompt(options, "hello"), responses: [[{ say: "ok" }]] }),
    expectedInput: (o) => ({ ...common(o, "SessionEnd", false), reason: "exit" }),
    unaffected: (o, c, options) => c.equal("the session went on as usual", o.history, answered(options, "hello")),
  },
};

/** The matcher to declare for `profile` given the scenario's tool. */
export function matcherFor(profile: EventProfile, options: ProfileOptions): string | undefined {
  if (profile.matcher === "Bash") return toolMatcher(options);
  return profile.matcher;
}
