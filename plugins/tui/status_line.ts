/**
 * @module
 * The status line under the composer: model and reasoning effort, the context left (from the
 * latest token usage and the model's context window), sandbox and approval mode; while a turn runs, a
 * spinner with the elapsed time and the key that interrupts; otherwise the keys that quit, or a
 * transient hint (`Press Ctrl+C again to quit`).
 */
import { type Component, truncateToWidth } from "@mariozechner/pi-tui";
import type { ThreadTokenUsage } from "../../kernel/mod.ts";
import { formatDuration } from "./cells.ts";
import { theme } from "./theme.ts";

const FRAMES = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"];

/** The status line. `tick()` advances the spinner; the session calls it on a timer while working. */
export class StatusLine implements Component {
  model = "";
  /** The reasoning effort the model runs with (`high`, ...), or null when the model has none. */
  effort: string | null = null;
  /** The latest token usage of the thread; null before the first turn. */
  usage: ThreadTokenUsage | null = null;
  sandbox = "";
  approval = "";
  /** When the running turn started (ms since the epoch), null when idle. */
  workingSince: number | null = null;
  /** A hint shown in place of the idle keys until cleared. */
  hint: string | null = null;
  #frame = 0;

  tick(): void {
    this.#frame = (this.#frame + 1) % FRAMES.length;
  }

  render(width: number): string[] {
    const model = this.effort ? `${this.model} ${this.effort}` : this.model;
    const left = contextLeft(this.usage);
    const context = left === null ? "" : ` · ${left}% context left`;
    const facts = theme.dim(`${model}${context} · ${this.sandbox} · approvals: ${this.approval}`);
    let status: string;
    if (this.workingSince !== null) {
      const elapsed = formatDuration(Math.floor((Date.now() - this.workingSince) / 1000) * 1000);
      status = `${theme.cyan(FRAMES[this.#frame])} Working ${theme.dim(`(${elapsed} · esc to interrupt)`)}`;
    } else {
      status = this.hint ? theme.yellow(this.hint) : theme.dim("enter send · ctrl+j newline · ctrl+d quit");
    }
    return [truncateToWidth(status, width), truncateToWidth(facts, width)];
  }

  invalidate(): void {}
}

/**
 * The share of the context window still free, in whole percent: the last request's tokens against
 * the model's window. Null when either is unknown.
 */
export function contextLeft(usage: ThreadTokenUsage | null): number | null {
  const window = usage?.modelContextWindow;
  if (!usage || !window) return null;
  return Math.max(0, Math.round(100 - (usage.last.totalTokens / window) * 100));
}
