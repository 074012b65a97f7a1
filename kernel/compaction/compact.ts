/**
 * @module
 * Compaction of a thread's model history, for the turn loop. `compactHistory()` runs the
 * PreCompact point (a stop cancels), asks the thread's model for a handoff summary of the history,
 * and hands the thread a replacement through `sink.replaceHistory`: the most recent user messages
 * (at most `USER_TEXT_BUDGET` characters of their text, newest kept) followed by the summary as a
 * user message opening with `SUMMARY_PREFIX`; then the PostCompact point runs. Instructions and
 * context contributions are not history: every request rebuilds them. A request that fails or is
 * interrupted leaves the history exactly as it was. `AutoCompactGate` decides when a turn compacts
 * on its own (`modelAutoCompactTokenLimit`).
 */
import type { ModelEvent, ModelRequest } from "../provider.ts";
import type { ModelUsage, ResponseItem } from "../protocol/model.ts";
import type { TurnError } from "../protocol/turn.ts";
import type { TurnInputs } from "../turn_inputs.ts";
import type { ItemEvents } from "../_sampling.ts";
import type { LifecycleBase } from "../extensions/lifecycle.ts";

/** The first line of the summary message; marks it as a summary (and not something the user typed). */
export const SUMMARY_PREFIX = "Summary of the conversation so far (earlier messages were compacted):";

/** How much user text (in characters) the compacted history keeps, newest first. */
export const USER_TEXT_BUDGET = 20_000;

/** The instruction sent after the history; the model answers with the summary. */
export const COMPACT_PROMPT =
  `Stop here and hand the work over. Someone who cannot see this conversation will take it from this point, with only your summary and the user's recent messages. Write that summary now, in plain text, under these headings:

Goal: what the user wants done, the constraints and preferences they stated, and how they will judge it finished.
Decisions: what was decided and why, including approaches tried and dropped (say why they failed).
Files: every file read, created, changed or deleted that still matters, with what changed in each.
State: where the work stands now: what works, what is broken or unverified, the commands and tests run and their results, anything in progress.
Next steps: what remains, in order, starting with the very next action.

Be specific (exact paths, names, commands, error messages, values) and brief. Do not call tools. Answer with the summary only.`;

/** What set a compaction off. */
export type CompactTrigger = "manual" | "auto";

/** How a compaction ended. */
export type CompactResult =
  /** The history was replaced; `stop` is set when a PostCompact handler asked to stop. */
  | { status: "compacted"; stop?: string }
  /** A PreCompact handler cancelled it; the history is unchanged. */
  | { status: "cancelled"; reason: string }
  /** There was no history to compact. */
  | { status: "empty" }
  | { status: "interrupted" }
  /** The summary request failed; the history is unchanged. */
  | { status: "failed"; error: TurnError };

/** What `compactHistory()` needs from the turn besides its inputs. */
export interface CompactContext {
  itemEvents: ItemEvents;
  newId: () => string;
  /** Counts the summary request's usage with the turn's. */
  onUsage(usage: ModelUsage | undefined): void;
  /** The fields every lifecycle handler is told, for this turn. */
  lifecycleBase(): LifecycleBase;
  /** Tells clients the summary request failed and will be tried again. */
  onRetrying(event: Extract<ModelEvent, { type: "retrying" }>): void;
  /** The turn error a failed summary request stands for. */
  toTurnError(error: unknown): TurnError;
}

/** Compacts the history of `inputs`' thread; never throws. */
export async function compactHistory(
  inputs: TurnInputs,
  trigger: CompactTrigger,
  ctx: CompactContext,
): Promise<CompactResult> {
  const { lifecycle, signal, sink } = inputs;
  if (inputs.history.length === 0) return { status: "empty" };
  const base = () => ({ ...ctx.lifecycleBase(), turnId: inputs.turnId, trigger });
  if (lifecycle.has("preCompact")) {
    const out = await lifecycle.run("preCompact", base());
    if (out.stop !== undefined) return { status: "cancelled", reason: out.stop };
  }
  if (signal.aborted) return { status: "interrupted" };
  const item = { type: "contextCompaction" as const, id: ctx.newId() };
  ctx.itemEvents.start(item);
  let summary: string;
  try {
    summary = await summarize(inputs, ctx);
  } catch (error) {
    if (signal.aborted) return { status: "interrupted" };
    const turnError = ctx.toTurnError(error);
    const why = turnError.message.replace(/^Turn failed: /, "");
    return { status: "failed", error: { ...turnError, message: `Cannot compact thread "${inputs.threadId}": ${why}` } };
  }
  if (signal.aborted) return { status: "interrupted" };
  sink.replaceHistory(replacementHistory(inputs.history, summary), summary);
  ctx.itemEvents.complete(item);
  if (lifecycle.has("postCompact")) {
    const out = await lifecycle.run("postCompact", base());
    if (out.stop !== undefined) return { status: "compacted", stop: out.stop };
  }
  return { status: "compacted" };
}

/** Streams the summary request; returns the summary text or throws. */
async function summarize(inputs: TurnInputs, ctx: CompactContext): Promise<string> {
  const { settings, signal } = inputs;
  const request: ModelRequest = {
    model: settings.model,
    instructions: settings.instructions,
    input: [...inputs.history, userMessage(inputs.compactPrompt ?? COMPACT_PROMPT)],
    tools: [],
    parallelToolCalls: false,
    reasoning: settings.effort ? { effort: settings.effort } : undefined,
  };
  const done: string[] = [];
  let streamed = "";
  let completed = false;
  for await (const event of inputs.provider.stream(request, { signal })) {
    if (signal.aborted) break;
    if (event.type === "textDelta") streamed += event.delta;
    else if (event.type === "itemDone" && event.item.type === "message" && event.item.role === "assistant") {
      done.push(event.item.content.map((c) => ("text" in c ? c.text : "")).join(""));
    } else if (event.type === "retrying") ctx.onRetrying(event);
    else if (event.type === "completed") {
      completed = true;
      ctx.onUsage(event.usage);
    }
  }
  if (signal.aborted) throw new Error("interrupted");
  if (!completed) throw new Error("the model stream ended before the summary was complete");
  const summary = (done.length ? done.join("\n\n") : streamed).trim();
  if (!summary) throw new Error("the model answered with an empty summary");
  return summary;
}

/**
 * The history after a compaction: the user's most recent messages (text only; earlier summaries
 * and `<hook_prompt>` continuations left out), oldest first, within `USER_TEXT_BUDGET` characters
 * (the oldest one kept may be cut, marked so), then the summary message.
 */
export function replacementHistory(history: readonly ResponseItem[], summary: string): ResponseItem[] {
  const kept: string[] = [];
  let budget = USER_TEXT_BUDGET;
  for (let i = history.length - 1; i >= 0 && budget > 0; i--) {
    const text = userText(history[i]);
    if (text === null) continue;
    const cut = `${text.slice(0, budget)}\n[... the rest of this message was cut when the history was compacted]`;
    kept.unshift(text.length <= budget ? text : cut);
    budget -= text.length;
  }
  return [...kept.map(userMessage), userMessage(`${SUMMARY_PREFIX}\n${summary}`)];
}

function userMessage(text: string): ResponseItem {
  return { type: "message", role: "user", content: [{ type: "input_text", text }] };
}

/** The text of a message the user wrote, or null for anything else. */
function userText(item: ResponseItem): string | null {
  if (item.type !== "message" || item.role !== "user") return null;
  const text = item.content.flatMap((c) => (c.type === "input_text" ? [c.text] : [])).join("\n");
  if (!text.trim() || text.startsWith(SUMMARY_PREFIX) || text.startsWith("<hook_prompt")) return null;
  return text;
}

/**
 * When a turn compacts on its own: after a response whose usage reached `limit` (total tokens,
 * else input plus output) when the turn goes on. After a compaction that failed or was cancelled,
 * and after one whose next response is still over the limit (compacting again would not help),
 * it stays off for the rest of the turn.
 */
export class AutoCompactGate {
  #limit: number | undefined;
  #off = false;
  #justCompacted = false;

  constructor(limit: number | undefined) {
    this.#limit = limit;
  }

  /** True when the turn should compact now; `warn` is told when the gate turns itself off. */
  due(usage: ModelUsage | undefined, warn: (message: string) => void): boolean {
    if (this.#limit === undefined || this.#off || !usage) return false;
    const tokens = usage.totalTokens || usage.inputTokens + usage.outputTokens;
    const over = tokens >= this.#limit;
    if (over && this.#justCompacted) {
      this.#off = true;
      warn(
        `The history is still ${tokens} tokens after compaction, at or over modelAutoCompactTokenLimit (${this.#limit}); no more automatic compaction in this turn`,
      );
      return false;
    }
    this.#justCompacted = false;
    return over;
  }

  /** Records how a compaction the gate asked for ended. */
  settled(result: CompactResult): void {
    if (result.status === "compacted") this.#justCompacted = true;
    else this.#off = true;
  }
}
