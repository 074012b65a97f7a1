/**
 * @module
 * What every event shares: the `EventSpec` contract each event file implements (matcher inputs,
 * input builder, per-handler decision, merge rule), the fields every hook input starts with, and
 * `classify()`, which turns a raw run into one of five cases (nothing, text, JSON output checked
 * against the event's schema, exit 2, failure) with Codex's wording for each failure.
 */
import {
  type HookEventName,
  HookEvents,
  type HookInput,
  type HookRunSummary,
  type NotificationMap,
  type Topic,
} from "../../kernel/mod.ts";
import type { z } from "zod";
import type { RunResult } from "../command_runner.ts";
import type { ConfiguredHandler } from "../discovery.ts";

/** Where an event fires: the thread and turn, and how to report. */
export interface EventContext {
  threadId: string;
  /** The turn the run belongs to (summaries are persisted with it); null outside a turn. */
  turnId: string | null;
  cwd: string;
  model: string;
  transcriptPath: string | null;
  approvalPolicy: string;
  /** Aborted when the turn is interrupted: running hooks are killed. */
  signal: AbortSignal;
  /** Publishes `hook/started`, `hook/completed` and `warning`. */
  emit<T extends Topic>(topic: T, params: NotificationMap[T]): void;
}

/** A summary entry. */
export type Entry = HookRunSummary["entries"][number];

/** The parsed output of an event `E`. */
export type ParsedOutput<E extends HookEventName> = z.output<(typeof HookEvents)[E]["output"]>;

/** A run, reduced to what decides its effect. */
export type Classified<O> =
  | { kind: "empty" }
  | { kind: "text"; text: string }
  | { kind: "json"; output: O }
  | { kind: "exit2"; stderr: string }
  | { kind: "failed"; error: string };

/** One handler's verdict: its summary status and entries, and the data the merge rule reads. */
export interface Decision<D> {
  status: HookRunSummary["status"];
  entries: Entry[];
  data: D;
}

/** A finished handler, as the merge rule sees it (in declaration order). */
export interface HandlerResult<D> {
  handler: ConfiguredHandler;
  /** Its summary; the merge rule may add entries (they are emitted after merging). */
  run: HookRunSummary;
  data: D;
  /** 0 for the first handler to finish. */
  completionOrder: number;
}

/** Everything one event defines. */
export interface EventSpec<E extends HookEventName, Req, Data, Out> {
  event: E;
  /** `thread` for SessionStart, else `turn` (as Codex reports it). */
  scope: "thread" | "turn";
  /** Values matchers are tested against, or null when the event ignores matchers. */
  matcherInputs(req: Req): string[] | null;
  /** The hook input (stdin JSON for command hooks). */
  buildInput(req: Req, ctx: EventContext): HookInput<E>;
  /** Appended to run ids (`:<tool_use_id>` for tool events). */
  runIdSuffix?(req: Req): string | null;
  /** One handler's effect. */
  decide(result: Classified<ParsedOutput<E>>): Decision<Data>;
  /** Combines every handler's data, in declaration order, into the event's outcome. */
  merge(results: readonly HandlerResult<Data>[], req: Req): Out;
}

/** `preToolUse`: the v2 wire spelling of an event name. */
export function camelEventName(event: string): string {
  return event[0].toLowerCase() + event.slice(1);
}

/** `pre-tool-use`: the spelling run ids and messages use. */
export function kebabEventName(event: string): string {
  return event.replace(/[A-Z]/g, (c, i) => (i === 0 ? c.toLowerCase() : `-${c.toLowerCase()}`));
}

/** The fields every thread-scoped hook input starts with, in Codex's order. */
export function sessionInput<E extends HookEventName>(ctx: EventContext, event: E) {
  return {
    session_id: ctx.threadId,
    transcript_path: ctx.transcriptPath,
    cwd: ctx.cwd,
    hook_event_name: event,
    model: ctx.model,
    permission_mode: ctx.approvalPolicy === "never" ? "bypassPermissions" as const : "default" as const,
  };
}

/** The fields every turn-scoped hook input starts with (`turn_id` second, as Codex sends it). */
export function turnInput<E extends HookEventName>(ctx: EventContext, event: E) {
  const { session_id, ...rest } = sessionInput(ctx, event);
  return { session_id, turn_id: ctx.turnId ?? "", ...rest };
}

/** Reduces a run to its case. JSON output is checked against the event's output schema. */
export function classify<E extends HookEventName>(event: E, result: RunResult): Classified<ParsedOutput<E>> {
  if (result.error !== null) return { kind: "failed", error: result.error };
  if ("value" in result) return classifyValue(event, result.value);
  if (result.exitCode === 2) return { kind: "exit2", stderr: result.stderr.trim() };
  if (result.exitCode === null) return { kind: "failed", error: "hook exited without a status code" };
  if (result.exitCode !== 0) return { kind: "failed", error: `hook exited with code ${result.exitCode}` };
  const text = result.stdout.trim();
  if (text === "") return { kind: "empty" };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    if (text.startsWith("{") || text.startsWith("[")) return { kind: "failed", error: invalidJson(event) };
    return { kind: "text", text };
  }
  if (!value || typeof value !== "object" || Array.isArray(value)) {
    return text.startsWith("[") ? { kind: "failed", error: invalidJson(event) } : { kind: "text", text };
  }
  return checkOutput(event, value);
}

function classifyValue<E extends HookEventName>(event: E, value: unknown): Classified<ParsedOutput<E>> {
  if (value === undefined || value === null) return { kind: "empty" };
  if (typeof value === "string") return value.trim() === "" ? { kind: "empty" } : { kind: "text", text: value.trim() };
  if (typeof value !== "object" || Array.isArray(value)) {
    return { kind: "failed", error: `${invalidJson(event)}: expected an object or a string` };
  }
  return checkOutput(event, value);
}

function checkOutput<E extends HookEventName>(event: E, value: object): Classified<ParsedOutput<E>> {
  const parsed = HookEvents[event].output.safeParse(value);
  if (parsed.success) return { kind: "json", output: parsed.data as ParsedOutput<E> };
  const issue = parsed.error.issues[0];
  return { kind: "failed", error: `${invalidJson(event)}: ${issue.path.join(".") || "(root)"}: ${issue.message}` };
}

function invalidJson(event: string): string {
  return `hook returned invalid ${kebabEventName(event)} JSON output`;
}

/** The trimmed text, or null when it is empty or absent. */
export function trimmed(text: string | undefined | null): string | null {
  const t = text?.trim();
  return t ? t : null;
}

/** A failed decision with one error entry. */
export function failed<D>(error: string, data: D): Decision<D> {
  return { status: "failed", entries: [{ kind: "error", text: error }], data };
}

/** The error for an exit 2 without stderr, for events where exit 2 blocks. */
export function exit2WithoutReason(event: string): string {
  return `${event} hook exited with code 2 but did not write a blocking reason to stderr`;
}

/** Joins texts with blank lines (Codex's `join_text_chunks`), or null when there are none. */
export function joinTexts(texts: readonly string[]): string | null {
  return texts.length ? texts.join("\n\n") : null;
}
