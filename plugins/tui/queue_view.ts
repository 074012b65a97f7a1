/**
 * @module
 * The thread's queued messages (`thread/queue/changed`), listed above the composer, each on one
 * line, until their turns start. Tab queues one while a turn runs.
 */
import { type Component, truncateToWidth } from "@mariozechner/pi-tui";
import type { QueuedTurn } from "../../kernel/mod.ts";
import { theme } from "./theme.ts";

/** The list of queued messages; empty (no lines) when nothing waits. */
export class QueueView implements Component {
  #queued: QueuedTurn[] = [];

  set(queued: QueuedTurn[]): void {
    this.#queued = queued;
  }

  render(width: number): string[] {
    return this.#queued.map((turn) => {
      const text = turn.turnStartParams.input.map((i) => (i.type === "text" ? i.text : `[${i.type}]`)).join(" ");
      const failed = turn.status.type === "failed" ? theme.red(" (failed to start)") : "";
      return truncateToWidth(`${theme.dim("↳ queued:")} ${text.replaceAll("\n", " ")}${failed}`, width);
    });
  }

  invalidate(): void {}
}
