/**
 * @module
 * The status line under the composer: model, sandbox and approval mode; while a turn runs, a
 * spinner with the elapsed time and the key that interrupts; otherwise the keys that quit, or a
 * transient hint (`Press Ctrl+C again to quit`).
 */
import { type Component, truncateToWidth } from "@mariozechner/pi-tui";
import { formatDuration } from "./cells.ts";
import { theme } from "./theme.ts";

const FRAMES = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"];

/** The status line. `tick()` advances the spinner; the session calls it on a timer while working. */
export class StatusLine implements Component {
  model = "";
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
    const facts = theme.dim(`${this.model} · ${this.sandbox} · approvals: ${this.approval}`);
    let left: string;
    if (this.workingSince !== null) {
      const elapsed = formatDuration(Math.floor((Date.now() - this.workingSince) / 1000) * 1000);
      left = `${theme.cyan(FRAMES[this.#frame])} Working ${theme.dim(`(${elapsed} · esc to interrupt)`)}`;
    } else {
      left = this.hint ? theme.yellow(this.hint) : theme.dim("enter send · ctrl+j newline · ctrl+d quit");
    }
    return [truncateToWidth(left, width), truncateToWidth(facts, width)];
  }

  invalidate(): void {}
}
