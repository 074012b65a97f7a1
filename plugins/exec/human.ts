/**
 * @module
 * The human-readable `tern exec` output. The transcript goes to stderr as events arrive: the
 * header, the agent's messages (streamed), reasoning, commands with the tail of their output,
 * compactions, warnings, retries, token use. stdout gets only the turn's final message, once the
 * turn ends, as Codex does, so `tern exec "..." > answer.txt` keeps just the answer; when stdout is
 * the terminal the transcript already shows it, and it is not printed twice.
 */
import type { Notification, ThreadItem } from "../../kernel/mod.ts";
import { displayCommand } from "../../lib/shell_words/mod.ts";
import type { LiveTail } from "./live_tail.ts";

/** Where the renderer writes. */
export interface HumanOutput {
  out(text: string): void;
  err(text: string): void;
  color: boolean;
  /** Whether stdout is a terminal (then the final message is not repeated there). */
  outIsTerminal?: boolean;
  /**
   * At a terminal, the live block of running commands (`err` must write through it): a command
   * shows there while it runs, and its whole cell (command, output tail, status) is written when
   * it ends. Without it, the command line is written when the command starts.
   */
  live?: LiveTail;
}

const OUTPUT_LINES = 6;
/** How many lines of one file's diff the transcript shows. */
const DIFF_LINES = 120;

const qualified = (namespace: string | null, tool: string) => (namespace ? `${namespace}.${tool}` : tool);

/** A tool's arguments on one line, cut at 160 characters. */
function oneLine(value: unknown): string {
  const text = value === undefined || value === null ? "" : typeof value === "string" ? value : JSON.stringify(value);
  return text.length > 160 ? `${text.slice(0, 159)}…` : text;
}

/** The text of an MCP result's content blocks (other blocks by their type). */
function contentText(content: unknown[]): string {
  return content.map((block) => {
    const b = block as { type?: string; text?: string };
    return b.type === "text" && typeof b.text === "string" ? b.text : `[${b.type ?? "content"}]`;
  }).join("\n");
}

/** A stateful renderer for one run. */
export class HumanRenderer {
  #io: HumanOutput;
  #streaming = new Set<string>();
  #tokens = 0;
  /** The turn's latest agent message: what stdout gets when the turn ends. */
  #finalMessage: string | undefined;
  /** The last fatal error shown, so the failed turn does not repeat it. */
  #shownError: string | undefined;

  constructor(io: HumanOutput) {
    this.#io = io;
  }

  header(lines: Record<string, string>): void {
    const width = Math.max(...Object.keys(lines).map((k) => k.length));
    this.#io.err(this.#dim(Object.entries(lines).map(([k, v]) => `${k.padEnd(width)}  ${v}`).join("\n")) + "\n");
  }

  render(n: Notification): void {
    const io = this.#io;
    switch (n.method) {
      case "item/started": {
        const item = n.params.item;
        if (item.type === "userMessage") {
          const text = item.content.map((c) => (c.type === "text" ? c.text : `[${c.type}]`)).join(" ");
          io.err(`\n${this.#bold("user")}\n${text}\n`);
        } else if (item.type === "commandExecution") {
          if (io.live) io.live.start(item.id, displayCommand(item.command));
          else this.#commandLine(item);
        } else if (item.type === "mcpToolCall" || item.type === "dynamicToolCall") {
          const name = item.type === "mcpToolCall"
            ? `${item.server}.${item.tool}`
            : qualified(item.namespace, item.tool);
          io.err(`\n${this.#bold("tool")} ${this.#cyan(name)}${this.#dim(`(${oneLine(item.arguments)})`)}\n`);
        }
        return;
      }
      case "item/agentMessage/delta":
        if (!this.#streaming.has(n.params.itemId)) {
          this.#streaming.add(n.params.itemId);
          io.err(`\n${this.#bold("tern")}\n`);
        }
        io.err(n.params.delta);
        return;
      case "item/completed": {
        const item = n.params.item;
        if (item.type === "agentMessage") {
          if (!this.#streaming.has(item.id)) io.err(`\n${this.#bold("tern")}\n${item.text}`);
          this.#streaming.delete(item.id);
          io.err("\n");
          this.#finalMessage = item.text;
        } else if (item.type === "reasoning" && item.summary.length) {
          io.err(`\n${this.#dim(this.#italic("thinking"))}\n${this.#dim(item.summary.join("\n"))}\n`);
        } else if (item.type === "commandExecution") {
          if (io.live) {
            io.live.finish(item.id);
            this.#commandLine(item);
          }
          const lines = (item.aggregatedOutput ?? "").replace(/\n$/, "").split("\n");
          const shown = lines.length > OUTPUT_LINES
            ? [
              `… ${lines.length - OUTPUT_LINES} ${lines.length - OUTPUT_LINES === 1 ? "line" : "lines"} above`,
              ...lines.slice(-OUTPUT_LINES),
            ]
            : lines;
          if (shown.join("") !== "") io.err(this.#dim(shown.map((l) => `  ${l}`).join("\n")) + "\n");
          const ok = item.status === "completed";
          const status = item.status === "declined"
            ? "✗ declined: not run"
            : `${ok ? "✓" : "✗"} exit ${item.exitCode ?? "?"} · ${item.durationMs ?? 0} ms`;
          io.err(`  ${ok ? this.#green(status) : this.#red(status)}\n`);
        } else if (item.type === "fileChange") {
          this.#fileChange(item);
        } else if (item.type === "mcpToolCall") {
          const text = item.error?.message ?? contentText(item.result?.content ?? []);
          this.#toolOutcome(item.status !== "failed", text, item.durationMs);
        } else if (item.type === "dynamicToolCall") {
          const text = (item.contentItems ?? []).map((c) => c.type === "inputText" ? c.text : "[image]").join("\n");
          this.#toolOutcome(item.status !== "failed" && item.success !== false, text, item.durationMs);
        } else if (item.type === "contextCompaction") {
          io.err(`\n${this.#dim("compacted the conversation: the model continues from a summary")}\n`);
        }
        return;
      }
      case "item/commandExecution/outputDelta":
        io.live?.output(n.params.itemId, n.params.delta);
        return;
      case "item/tool/progress":
        io.err(this.#dim(`${n.params.tool}: ${n.params.message}`) + "\n");
        return;
      case "turn/plan/updated": {
        const marks = { pending: "☐", inProgress: "▶", completed: "☑" } as const;
        const lines = n.params.plan.map((p) => `  ${marks[p.status]} ${p.step}`).join("\n");
        io.err(
          `\n${this.#bold("plan")}${n.params.explanation ? ` ${this.#dim(n.params.explanation)}` : ""}\n${lines}\n`,
        );
        return;
      }
      case "hook/completed": {
        const run = n.params.run;
        if (run.status === "completed" && run.entries.length === 0) return;
        const paint = run.status === "failed" ? this.#red : run.status === "completed" ? this.#dim : this.#yellow;
        const detail = run.entries.map((e) => `\n  ${e.kind}: ${e.text}`).join("");
        io.err(`${paint(`hook ${run.eventName} ${run.status}`)} ${this.#dim(run.sourcePath ?? "")}${detail}\n`);
        return;
      }
      case "thread/tokenUsage/updated":
        this.#tokens = n.params.tokenUsage.total.totalTokens;
        return;
      case "error":
        if (!n.params.willRetry) this.#shownError = n.params.error.message;
        io.err(`${n.params.willRetry ? this.#yellow("retrying") : this.#red("error")}: ${n.params.error.message}\n`);
        return;
      case "warning":
        io.err(`${this.#yellow("warning")}: ${n.params.message}\n`);
        return;
      case "turn/completed": {
        const turn = n.params.turn;
        if (this.#finalMessage !== undefined && !io.outIsTerminal) io.out(`${this.#finalMessage}\n`);
        this.#finalMessage = undefined;
        const secs = ((turn.durationMs ?? 0) / 1000).toFixed(1);
        const tail = `tokens used: ${this.#tokens} · ${secs} s`;
        if (turn.status === "completed") io.err(`\n${this.#dim(tail)}\n`);
        else if (turn.status === "interrupted") io.err(`\n${this.#yellow("turn interrupted")} ${this.#dim(tail)}\n`);
        else {
          const message = turn.error?.message ?? "unknown error";
          io.err(`\n${this.#red("turn failed")}${message === this.#shownError ? "" : `: ${message}`}\n`);
        }
        return;
      }
    }
  }

  /** A command cell's first line: the command and where it runs. */
  #commandLine(item: Extract<ThreadItem, { type: "commandExecution" }>): void {
    this.#io.err(
      `\n${this.#bold("exec")} ${this.#cyan(displayCommand(item.command))} ${this.#dim(`in ${item.cwd}`)}\n`,
    );
  }

  /** A patch: each file's change with its diff (git's layout, coloured at a terminal), then the outcome. */
  #fileChange(item: Extract<ThreadItem, { type: "fileChange" }>): void {
    const io = this.#io;
    const failed = item.status === "failed" || item.status === "declined";
    for (const change of item.changes) {
      const kind = change.kind.type === "update" && change.kind.move_path
        ? `move → ${change.kind.move_path}`
        : change.kind.type;
      const body = change.diff.split("\n").filter((line) =>
        line !== "" && !/^(diff --git |--- |\+\+\+ |index |new file mode|deleted file mode)/.test(line)
      );
      const added = body.filter((line) => line.startsWith("+")).length;
      const removed = body.filter((line) => line.startsWith("-")).length;
      io.err(`\n${this.#bold("patch")} ${kind} ${change.path} ${this.#dim(`(+${added} -${removed})`)}\n`);
      const shown = body.length > DIFF_LINES ? body.slice(0, DIFF_LINES) : body;
      for (const line of shown) {
        const paint = line.startsWith("+")
          ? this.#green
          : line.startsWith("-")
          ? this.#red
          : line.startsWith("@@")
          ? this.#cyan
          : this.#dim;
        io.err(`  ${paint(line)}\n`);
      }
      if (body.length > shown.length) io.err(this.#dim(`  … ${body.length - shown.length} more diff lines`) + "\n");
    }
    const status = item.status === "declined" ? "✗ declined: not applied" : failed ? "✗ patch failed" : "✓ applied";
    io.err(`  ${failed ? this.#red(status) : this.#green(status)}\n`);
  }

  /** A tool call's outcome: ✓ or ✗ with its duration, and the first lines of what it returned. */
  #toolOutcome(ok: boolean, text: string, durationMs: number | null): void {
    const lines = text.replace(/\n$/, "").split("\n").filter((line) => line !== "");
    const shown = lines.length > OUTPUT_LINES
      ? [...lines.slice(0, OUTPUT_LINES), `… ${lines.length - OUTPUT_LINES} more`]
      : lines;
    if (shown.length) this.#io.err(this.#dim(shown.map((l) => `  ${l}`).join("\n")) + "\n");
    const status = `${ok ? "✓" : "✗ failed"}${durationMs === null ? "" : ` · ${durationMs} ms`}`;
    this.#io.err(`  ${ok ? this.#green(status) : this.#red(status)}\n`);
  }

  #paint(code: string, text: string): string {
    return this.#io.color ? `\x1b[${code}m${text}\x1b[0m` : text;
  }
  #bold = (t: string) => this.#paint("1", t);
  #dim = (t: string) => this.#paint("2", t);
  #italic = (t: string) => this.#paint("3", t);
  #red = (t: string) => this.#paint("31", t);
  #green = (t: string) => this.#paint("32", t);
  #yellow = (t: string) => this.#paint("33", t);
  #cyan = (t: string) => this.#paint("36", t);
}
