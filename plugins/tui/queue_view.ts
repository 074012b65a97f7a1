/**
 * @module
 * The thread's queued messages (`thread/queue/changed`), listed above the composer, each on one
 * line, until their turns start. Tab queues one while a turn runs. The list can hold a selection
 * (`queue_editor.ts` moves it and acts on it): the selected line is marked, and the keys that act
 * on it are shown under the list.
 */
import { type Component, truncateToWidth } from "@mariozechner/pi-tui";
import type { QueuedTurn } from "../../kernel/mod.ts";
import { theme } from "./theme.ts";

/** The text a queued turn sends (its text inputs; other inputs as `[type]`). */
export function queuedText(turn: QueuedTurn): string {
  return turn.turnStartParams.input.map((i) => (i.type === "text" ? i.text : `[${i.type}]`)).join(" ");
}

/** The list of queued messages; empty (no lines) when nothing waits. */
export class QueueView implements Component {
  #queued: QueuedTurn[] = [];
  /** The id of the selected message, while the list has the keys; null otherwise. */
  selectedId: string | null = null;
  /** The id of the message being edited in the composer, if any. */
  editingId: string | null = null;

  set(queued: QueuedTurn[]): void {
    this.#queued = queued;
  }

  get queued(): readonly QueuedTurn[] {
    return this.#queued;
  }

  render(width: number): string[] {
    const lines = this.#queued.map((turn) => {
      const failed = turn.status.type === "failed" ? theme.red(" (failed to start)") : "";
      const editing = turn.id === this.editingId ? theme.yellow(" (editing)") : "";
      const selected = turn.id === this.selectedId;
      const mark = selected ? theme.cyan("›") : " ";
      const text = queuedText(turn).replaceAll("\n", " ");
      return truncateToWidth(
        `${mark}${theme.dim("↳ queued:")} ${selected ? theme.cyan(text) : text}${failed}${editing}`,
        width,
      );
    });
    if (this.selectedId !== null && lines.length) {
      lines.push(truncateToWidth(theme.dim("  ↑↓ select · alt+↑↓ move · e edit · d delete · esc back"), width));
    }
    return lines;
  }

  invalidate(): void {}
}
