/**
 * @module
 * The transcript: the cells of the session, kept inline (they scroll into the terminal's
 * scrollback), made and updated from the protocol's items and notifications: `item/started` and
 * `item/completed` of each kind, message and output deltas, plan updates, hook runs, skill
 * activations; and from a resumed thread's saved turns, drawn the same way.
 */
import { type Component, Container } from "@mariozechner/pi-tui";
import type {
  CommandExecutionItem,
  FileChangeItem,
  FileUpdateChange,
  HookRunSummary,
  ThreadItem,
  Turn,
} from "../../kernel/mod.ts";
import {
  AgentCell,
  CommandCell,
  FileChangeCell,
  NoticeCell,
  PlanCell,
  SkillCell,
  ToolCallCell,
  UserCell,
} from "./cells.ts";
import { theme } from "./theme.ts";
import { type CancelTimer, startTimer } from "../../kernel/mod.ts";

/**
 * Streamed text (message and output deltas, a message's start and end) is drawn at most this
 * often: what arrives in between is drawn by the next frame, together. pi-tui alone would draw up
 * to 60 frames a second, each rewriting the lines below the stream's end (the status line, the
 * editor), which at thousands of deltas a second cost the stream a third of its time. A key, a new
 * cell or the turn's end is still drawn on pi-tui's next frame, with whatever text waits.
 */
export const STREAM_FRAME_MS = 33;

/** The transcript component; `add()` appends any cell. */
export class Transcript extends Container {
  /** The thread's working directory (paths under it are shown relative). */
  cwd = "";
  readonly #requestRender: () => void;
  /** Messages shown when submitted whose `userMessage` items have not arrived yet. */
  #echoed: string[] = [];
  #agentCells = new Map<string, AgentCell>();
  #commandCells = new Map<string, CommandCell>();
  #fileCells = new Map<string, FileChangeCell>();
  #toolCells = new Map<string, ToolCallCell>();
  /** The stream's next frame, when one waits; when the last one was asked for. */
  #streamFrame: CancelTimer | null = null;
  #streamFrameAt = -Infinity;

  constructor(requestRender: () => void) {
    super();
    this.#requestRender = requestRender;
  }

  /** Appends a cell and asks for a frame. */
  add(cell: Component): void {
    this.addChild(cell);
    this.#requestRender();
  }

  /** Shows the user's message now; its `userMessage` item, when the turn records it, is then not shown again. */
  echo(text: string): void {
    this.add(new UserCell(text));
    this.#echoed.push(text);
  }

  /** `item/agentMessage/delta`. */
  agentDelta(itemId: string, delta: string): void {
    this.agentCell(itemId).append(delta);
    this.#streamed();
  }

  /** `item/commandExecution/outputDelta`. */
  commandOutput(itemId: string, delta: string): void {
    this.#commandCells.get(itemId)?.appendOutput(delta);
    this.#streamed();
  }

  /** `item/tool/progress`: a plugin tool's progress message, under its running call. */
  toolProgress(itemId: string, message: string): void {
    this.#toolCells.get(itemId)?.progress(message);
    this.#requestRender();
  }

  /** `turn/plan/updated`. */
  plan(explanation: string | null, plan: ConstructorParameters<typeof PlanCell>[1]): void {
    this.add(new PlanCell(explanation, plan));
  }

  /** `• Running Stop hook: checking the tower wards`, then its outcome and what it said. */
  hookRun(started: boolean, run: HookRunSummary): void {
    // The wire names events in camelCase (`stop`, `preToolUse`); hooks.json and Codex's UI in PascalCase.
    const event = run.eventName.charAt(0).toUpperCase() + run.eventName.slice(1);
    const what = `${event} hook${run.statusMessage ? `: ${run.statusMessage}` : ""}`;
    if (started) return this.add(new NoticeCell(`• Running ${what}`));
    const style = run.status === "completed" ? theme.dim : theme.yellow;
    this.add(new NoticeCell(`${event} hook (${run.status})`, style));
    for (const entry of run.entries) {
      this.add(new NoticeCell(`${entry.kind}: ${entry.text}`, entry.kind === "error" ? theme.red : theme.yellow));
    }
  }

  /** `skill/activated`: a skill's instructions entered the conversation. */
  skillActivated(skill: { name: string; path: string; reason: string }): void {
    this.add(new SkillCell(skill, this.cwd));
  }

  /** The agent message cell of `itemId`, made on first use. */
  agentCell(itemId: string): AgentCell {
    let cell = this.#agentCells.get(itemId);
    if (!cell) {
      cell = new AgentCell();
      this.#agentCells.set(itemId, cell);
      this.addChild(cell);
      this.#streamed();
    }
    return cell;
  }

  /** The changes of file-change item `itemId` as shown so far, or null when none is shown. */
  fileChanges(itemId: string): readonly FileUpdateChange[] | null {
    return this.#fileCells.get(itemId)?.fileChanges ?? null;
  }

  itemStarted(item: ThreadItem): void {
    if (item.type === "userMessage") {
      // A message this session did not just show: a queued turn's, or another client's.
      const text = item.content.map((c) => (c.type === "text" ? c.text : "")).join("").trim();
      const echoed = this.#echoed.indexOf(text);
      if (echoed >= 0) this.#echoed.splice(echoed, 1);
      else this.add(new UserCell(text));
    } else if (item.type === "agentMessage") this.agentCell(item.id);
    else if (item.type === "mcpToolCall" || item.type === "dynamicToolCall") {
      const name = item.type === "mcpToolCall" ? `${item.server}.${item.tool}` : [item.namespace, item.tool]
        .filter(Boolean).join(".");
      const cell = new ToolCallCell(name, item.arguments, null);
      this.#toolCells.set(item.id, cell);
      this.add(cell);
    } else if (item.type === "commandExecution") {
      const cell = new CommandCell(item as CommandExecutionItem);
      this.#commandCells.set(item.id, cell);
      this.add(cell);
    } else if (item.type === "fileChange") {
      const change = item as FileChangeItem;
      const cell = new FileChangeCell(change.changes, change.status, this.cwd);
      this.#fileCells.set(item.id, cell);
      this.add(cell);
    }
  }

  itemCompleted(item: ThreadItem): void {
    if (item.type === "agentMessage") {
      this.agentCell(item.id).setText(item.text);
      return this.#streamed();
    } else if (item.type === "commandExecution") {
      const cell = this.#commandCells.get(item.id);
      if (cell) cell.update(item as CommandExecutionItem);
      else this.itemStarted(item);
    } else if (item.type === "fileChange") {
      const change = item as FileChangeItem;
      const cell = this.#fileCells.get(item.id);
      if (cell) cell.update(change.changes, change.status);
      else this.itemStarted(item);
    } else if (item.type === "reasoning") {
      // Collapsed: the first line of the summary, if the model gave one.
      const first = item.summary.join("\n").trim().split("\n")[0];
      if (first) this.add(new NoticeCell(`• ${first.replace(/^\*\*(.*)\*\*$/, "$1")}`, theme.italic));
    } else if (item.type === "mcpToolCall" || item.type === "dynamicToolCall") {
      if (!this.#toolCells.has(item.id)) this.itemStarted(item);
      const failed = item.status === "failed";
      const outcome = item.type === "mcpToolCall"
        ? item.error?.message ?? toolText(item.result?.content ?? [])
        : toolText(item.contentItems ?? []);
      this.#toolCells.get(item.id)?.update(outcome || item.status, failed);
    } else if (item.type === "contextCompaction") {
      this.add(new NoticeCell("• Context compacted"));
    }
    this.#requestRender();
  }

  /** Asks for a frame for streamed text: at once if none was asked for in `STREAM_FRAME_MS`, else then. */
  #streamed(): void {
    if (this.#streamFrame) return;
    const wait = this.#streamFrameAt + STREAM_FRAME_MS - performance.now();
    const frame = () => {
      this.#streamFrame = null;
      this.#streamFrameAt = performance.now();
      this.#requestRender();
    };
    if (wait <= 0) frame();
    else this.#streamFrame = startTimer(wait, frame);
  }

  /** Draws a resumed thread's saved turns, as their notifications would have. */
  replay(turns: Turn[], threadId: string): void {
    // Drawn afresh below what is on screen, even when its items were shown before (`/resume` of a
    // thread this session already showed): new cells, not the earlier ones updated.
    for (const cells of [this.#agentCells, this.#commandCells, this.#fileCells, this.#toolCells]) cells.clear();
    for (const turn of turns) {
      for (const item of turn.items) {
        this.itemStarted(item);
        this.itemCompleted(item);
      }
      this.add(new NoticeCell(`─ ${turn.status === "interrupted" ? "Interrupted" : "Turn ended"} ─`));
    }
    if (turns.length) this.add(new NoticeCell(`Resumed thread ${threadId}`, theme.cyan));
  }
}

/** The text parts of a tool's result content (`{type: "text"|"inputText", text}`), joined. */
function toolText(content: unknown[]): string {
  return content.map((c) => (c as { text?: unknown }).text).filter((t) => typeof t === "string").join("\n").trim();
}
