/**
 * @module
 * The live block `tern exec` keeps at the bottom of a terminal while commands run: for each
 * running command, its command line with the time it has run so far and the last few lines of its
 * output, redrawn in place ten times a second. Every transcript write goes through `write()`,
 * which erases the block, writes, and draws it again below, so the block always sits under the
 * transcript and leaves nothing behind when the last command ends. Used only when stderr is a
 * terminal; logs and pipes get the plain transcript.
 *
 * Terminal control is three escape codes (cursor up `CSI n A`, carriage return, erase below
 * `CSI J`), written by hand: an npm library (`log-update`, `ansi-escapes`) would add start-up cost
 * for no more than that. Each drawn line is cut to fit the terminal's width so that it takes
 * exactly one row, which is what lets the block be erased by moving up as many rows as it drew.
 */
import { type CancelTimer, startTimer } from "../../kernel/mod.ts";

/** The terminal the block is drawn on. */
export interface LiveTerminal {
  write(text: string): void;
  /** The terminal's size now (read at every redraw, so a resize is followed). */
  size(): { columns: number; rows: number };
  color: boolean;
}

/** How often the block is redrawn while a command runs (elapsed time and new output). */
const TICK_MS = 100;
/** Output lines shown for one running command; fewer when several run at once. */
const TAIL_LINES = 5;
/** The most output text kept per command (the tail is all that is drawn). */
const KEEP_CHARS = 16_384;

interface Running {
  command: string;
  startedAt: number;
  output: string;
}

/** The live block of running commands. */
export class LiveTail {
  #term: LiveTerminal;
  #now: () => number;
  #running = new Map<string, Running>();
  /** Rows the block takes on screen now. */
  #drawn = 0;
  /** Whether the transcript's last write ended a line (the block is drawn only then). */
  #atLineStart = true;
  #cancelTick: CancelTimer | undefined;

  constructor(term: LiveTerminal, now: () => number = Date.now) {
    this.#term = term;
    this.#now = now;
  }

  /** Writes transcript text above the block. */
  write(text: string): void {
    if (text === "") return;
    const erase = this.#eraseCodes();
    this.#atLineStart = text.endsWith("\n");
    this.#term.write(erase + text + this.#block());
  }

  /** The cursor is at the start of a line that something else ended (the terminal's echo of Enter). */
  lineEnded(): void {
    this.#atLineStart = true;
    this.#redraw();
  }

  /** A command started: it joins the block. */
  start(id: string, command: string): void {
    this.#running.set(id, { command, startedAt: this.#now(), output: "" });
    this.#redraw();
    this.#tick();
  }

  /** More output of a running command (shown at the next redraw). */
  output(id: string, delta: string): void {
    const run = this.#running.get(id);
    if (run) run.output = (run.output + delta).slice(-KEEP_CHARS);
  }

  /** A command ended: it leaves the block (its final cell is then written through `write()`). */
  finish(id: string): void {
    if (!this.#running.delete(id)) return;
    this.#redraw();
  }

  /** Erases the block and stops redrawing (the run is over). */
  close(): void {
    this.#running.clear();
    this.#cancelTick?.();
    this.#cancelTick = undefined;
    this.#redraw();
  }

  #tick(): void {
    if (this.#cancelTick) return;
    this.#cancelTick = startTimer(TICK_MS, () => {
      this.#cancelTick = undefined;
      if (this.#running.size === 0) return;
      this.#redraw();
      this.#tick();
    });
  }

  #redraw(): void {
    const text = this.#eraseCodes() + this.#block();
    if (text) this.#term.write(text);
  }

  /** Moves to the block's first row and erases from there down. */
  #eraseCodes(): string {
    if (this.#drawn === 0) return "";
    const rows = this.#drawn;
    this.#drawn = 0;
    return `\x1b[${rows}A\r\x1b[J`;
  }

  /** The block's text (each line one row), or "" when nothing runs or a line is unfinished. */
  #block(): string {
    if (this.#running.size === 0 || !this.#atLineStart) return "";
    const { columns, rows } = this.#term.size();
    const width = Math.max(10, columns - 1);
    // Keep the block on screen: rows it cannot erase once they scroll away would stay behind.
    const budget = Math.max(1, rows - 2);
    const perCommand = Math.max(0, Math.min(TAIL_LINES, Math.floor(budget / this.#running.size) - 1));
    const lines: string[] = [];
    for (const run of this.#running.values()) {
      const secs = ((this.#now() - run.startedAt) / 1000).toFixed(1);
      const head = fit(`  ⠿ running ${oneLine(run.command)}`, width - secs.length - 5);
      lines.push(`${this.#paint("36", head)} ${this.#paint("2", `· ${secs} s`)}`);
      if (perCommand > 0) {
        for (const line of outputLines(run.output).slice(-perCommand)) {
          lines.push(this.#paint("2", fit(`    ${line}`, width)));
        }
      }
    }
    const shown = lines.slice(0, budget);
    this.#drawn = shown.length;
    return shown.map((line) => `${line}\n`).join("");
  }

  #paint(code: string, text: string): string {
    return this.#term.color ? `\x1b[${code}m${text}\x1b[0m` : text;
  }
}

/** A command on one line: line breaks shown as spaces. */
function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, " ");
}

/** A command's output as lines fit to draw: escape sequences dropped, a `\r` line keeps what follows it. */
function outputLines(output: string): string[] {
  const lines = output
    // deno-lint-ignore no-control-regex
    .replace(/\x1b\[[0-?]*[ -/]*[@-~]|\x1b[@-_]/g, "")
    .replace(/\t/g, "  ")
    .replace(/\n$/, "")
    .split("\n")
    .map((line) => line.slice(line.lastIndexOf("\r") + 1))
    // deno-lint-ignore no-control-regex
    .map((line) => line.replace(/[\x00-\x1f\x7f]/g, ""));
  return lines.length === 1 && lines[0] === "" ? [] : lines;
}

/** `text` cut to `width` columns (with "…" when cut); wide characters count two. */
export function fit(text: string, width: number): string {
  let used = 0;
  let out = "";
  for (const char of text) {
    const w = charWidth(char.codePointAt(0)!);
    if (used + w > width - 1) {
      // Room for the rest without an ellipsis?
      const rest = [...text.slice(out.length)].reduce((sum, c) => sum + charWidth(c.codePointAt(0)!), 0);
      return used + rest <= width ? text : `${out}…`;
    }
    used += w;
    out += char;
  }
  return out;
}

/** Columns a code point takes: 2 for East Asian wide and emoji ranges, else 1 (a close enough rule). */
function charWidth(code: number): number {
  const wide = (code >= 0x1100 && code <= 0x115f) || (code >= 0x2e80 && code <= 0xa4cf) ||
    (code >= 0xac00 && code <= 0xd7a3) || (code >= 0xf900 && code <= 0xfaff) ||
    (code >= 0xfe30 && code <= 0xfe4f) || (code >= 0xff00 && code <= 0xff60) ||
    (code >= 0xffe0 && code <= 0xffe6) || (code >= 0x1f300 && code <= 0x1faff) ||
    (code >= 0x20000 && code <= 0x3fffd);
  return wide ? 2 : 1;
}
