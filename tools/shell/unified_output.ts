/**
 * @module
 * What `exec_command` and `write_stdin` share once a session exists: listening to it for one call
 * (output streamed as deltas on the call's item), ending the call's item, and Codex's unified-exec
 * text for the model: `Wall time: {s:.4} seconds`, then `Process exited with code N` or
 * `Process running with session ID N`, `Original token count: N` when truncated, and `Output:`.
 * Token budgets are bytes / 4 (Codex's estimate); the marker counts chars, as elsewhere in Tern.
 */
import type { CommandExecutionItem, ToolContext, ToolResult } from "../../kernel/mod.ts";
import type { ExecSession, ExecSessions } from "./exec_sessions.ts";
import type { HeadTailBuffer } from "./output_buffer.ts";
import { MAX_DELTAS } from "./process_io.ts";
import { truncateMiddle } from "./truncate.ts";

/** Bytes per token in Codex's estimate. */
export const BYTES_PER_TOKEN = 4;

/** The output of one call to a session. */
export interface Collected {
  output: HeadTailBuffer;
  /** The exit code when the process has ended (and its end is now reported). */
  exitCode: number | undefined;
}

/**
 * Streams a session's output as deltas on `itemId` while waiting up to `waitMs` (or until exit),
 * then takes what the call gets. `before` runs once listening has started (say, a stdin write).
 */
export async function collect(
  session: ExecSession,
  ctx: ToolContext,
  options: { itemId: string; waitMs: number; before?: () => Promise<void> },
): Promise<Collected> {
  let deltas = 0;
  const stop = session.listen((delta) => {
    if (deltas++ >= MAX_DELTAS) return;
    ctx.emit("item/commandExecution/outputDelta", {
      threadId: ctx.threadId,
      turnId: ctx.turnId,
      itemId: options.itemId,
      delta,
    });
  });
  try {
    await options.before?.();
    await session.wait(options.waitMs, ctx.signal);
  } finally {
    stop();
  }
  return { output: session.take(), exitCode: session.exit?.code };
}

/** Options of `finishCall()`. */
export interface FinishOptions {
  sessions: ExecSessions;
  /** Byte budget of the output the model reads. */
  maxBytes: number;
  /** `performance.now()` when the call started. */
  started: number;
  /** A line put before the output (a write that failed, a refused re-run). */
  notice?: string;
}

/**
 * Completes the call's item, forgets the session once its end is reported, and formats the
 * result for the model.
 */
export function finishCall(
  item: CommandExecutionItem,
  session: ExecSession,
  collected: Collected,
  ctx: ToolContext,
  options: FinishOptions,
): ToolResult {
  const durationMs = performance.now() - options.started;
  const { output, exitCode } = collected;
  if (exitCode !== undefined) options.sessions.remove(ctx.threadId, session.id);
  ctx.completeItem({
    ...item,
    processId: String(session.id),
    status: exitCode === undefined || exitCode === 0 ? "completed" : "failed",
    aggregatedOutput: output.toString() || null,
    exitCode: exitCode ?? null,
    durationMs: Math.round(durationMs),
  });
  const text = formatUnifiedOutput({
    wallMs: durationMs,
    exitCode,
    sessionId: exitCode === undefined ? session.id : undefined,
    output,
    maxBytes: options.maxBytes,
    notice: options.notice,
  });
  return { output: text, success: exitCode === undefined || exitCode === 0 };
}

/** What the model is told after an `exec_command` or `write_stdin` call. */
export interface UnifiedOutcome {
  wallMs: number;
  /** Set when the process has exited. */
  exitCode?: number;
  /** Set when the process still runs. */
  sessionId?: number;
  output: HeadTailBuffer;
  maxBytes: number;
  notice?: string;
}

/**
 * Formats a unified-exec result, truncating the output to `maxBytes`.
 *
 * @example
 * ```ts
 * // "Wall time: 0.2513 seconds\nProcess running with session ID 1000\nOutput:\nready\n"
 * ```
 */
export function formatUnifiedOutput(outcome: UnifiedOutcome): string {
  const lines = [`Wall time: ${(outcome.wallMs / 1000).toFixed(4)} seconds`];
  if (outcome.exitCode !== undefined) lines.push(`Process exited with code ${outcome.exitCode}`);
  if (outcome.sessionId !== undefined) lines.push(`Process running with session ID ${outcome.sessionId}`);
  const parts = outcome.output.parts();
  const head = outcome.notice ? `${outcome.notice}\n${parts.head}` : parts.head;
  const { text, truncated } = truncateMiddle({ ...parts, head }, outcome.maxBytes);
  if (truncated) {
    const bytes = new TextEncoder().encode(head + parts.tail).length + parts.omitted;
    lines.push(`Original token count: ${Math.ceil(bytes / BYTES_PER_TOKEN)}`);
  }
  lines.push("Output:", text);
  return lines.join("\n");
}
