/**
 * @module
 * The text the model reads after a shell command, in Codex's `shell_command` format:
 * `Exit code`, `Wall time` (one decimal), `Total output lines` only when the body was truncated,
 * then `Output:` and the body. A timeout or an interrupt is announced on the body's first line,
 * as Codex does (`command timed out after {ms} milliseconds`); so is any other `notice` the tool
 * adds (a declined re-run outside the sandbox).
 */
import type { HeadTail } from "./output_buffer.ts";
import { truncateMiddle } from "./truncate.ts";

/** How a command ended, as far as the model is told. */
export interface CommandOutcome {
  exitCode: number;
  durationMs: number;
  /** The output kept for the command, interleaved in arrival order. */
  output: HeadTail;
  /** Lines of the full output (before any truncation). */
  totalLines: number;
  /** Set when the timeout killed the command: the timeout that was applied. */
  timedOutAfterMs?: number;
  /** Set when the turn was interrupted while the command ran. */
  interrupted?: boolean;
  /** One more line for the body's head, after the timeout or interrupt notice. */
  notice?: string;
}

/** Formats a finished command for the model, truncating the body to `maxBytes`. */
export function formatCommandOutput(outcome: CommandOutcome, options: { maxBytes: number }): string {
  const ended = outcome.timedOutAfterMs !== undefined
    ? `command timed out after ${outcome.timedOutAfterMs} milliseconds\n`
    : outcome.interrupted
    ? `command interrupted after ${Math.round(outcome.durationMs)} milliseconds\n`
    : "";
  const notice = ended + (outcome.notice ? `${outcome.notice}\n` : "");
  const body = { ...outcome.output, head: notice + outcome.output.head };
  const { text, truncated } = truncateMiddle(body, options.maxBytes);
  const lines = [
    `Exit code: ${outcome.exitCode}`,
    `Wall time: ${(outcome.durationMs / 1000).toFixed(1)} seconds`,
  ];
  if (truncated) lines.push(`Total output lines: ${outcome.totalLines + notice.split("\n").length - 1}`);
  lines.push("Output:", text);
  return lines.join("\n");
}
