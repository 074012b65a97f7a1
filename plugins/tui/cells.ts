/**
 * @module
 * The transcript's cells, as pi-tui components: the header, the user's message, the agent's
 * message (Markdown, re-rendered as deltas stream in), a command (command, working directory,
 * output tail, exit status and duration), a file change (a coloured diff), a skill activation and
 * one-line notices.
 * Each renders to the width it is given, so a 60-column terminal wraps rather than breaks.
 */
import { type Component, truncateToWidth, visibleWidth, wrapTextWithAnsi } from "@mariozechner/pi-tui";
import type { CommandExecutionItem, FileUpdateChange } from "../../kernel/mod.ts";
import { displayCommand } from "../../lib/shell_words/mod.ts";
import { markdownTheme } from "./markdown_theme.ts";
import { StreamedMarkdown } from "./streamed_markdown.ts";
import { theme } from "./theme.ts";

/** Lines of a command's output shown under it. */
const OUTPUT_TAIL_LINES = 5;
/** Lines of a file change's diff shown. */
const DIFF_LINES = 40;

/** Wraps `text` to `width`, prefixing the first line with `first` and the others with `rest`. */
function hanging(text: string, width: number, first: string, rest: string): string[] {
  const inner = Math.max(10, width - visibleWidth(first));
  const lines = text.split("\n").flatMap((line) => line === "" ? [""] : wrapTextWithAnsi(line, inner));
  return lines.map((line, i) => (i === 0 ? first : rest) + line);
}

/** A cell whose lines are computed once per width and text. */
export abstract class CachedCell implements Component {
  #cache: { width: number; lines: string[] } | null = null;
  abstract draw(width: number): string[];
  render(width: number): string[] {
    if (this.#cache?.width !== width) this.#cache = { width, lines: [...this.draw(width), ""] };
    return this.#cache.lines;
  }
  invalidate(): void {
    this.#cache = null;
  }
}

/** The card at the top: product, version, workspace, model and permissions. */
export class HeaderCell extends CachedCell {
  constructor(private info: { version: string; cwd: string; model: string; sandbox: string; approval: string }) {
    super();
  }
  draw(width: number): string[] {
    const { version, cwd, model, sandbox, approval } = this.info;
    const lines = [
      `${theme.bold(">_ Tern")} ${theme.dim(`(v${version})`)}`,
      `${theme.dim("model:")}     ${model}`,
      `${theme.dim("directory:")} ${cwd}`,
      `${theme.dim("sandbox:")}   ${sandbox} ${theme.dim("· approvals:")} ${approval}`,
    ];
    return lines.map((line) => truncateToWidth(line, width));
  }
}

/** The user's message: `› text`. */
export class UserCell extends CachedCell {
  constructor(private text: string) {
    super();
  }
  draw(width: number): string[] {
    return hanging(this.text, width, theme.cyan("› "), "  ");
  }
}

/**
 * The agent's message, rendered as Markdown; `append()` streams deltas into it. A frame re-renders
 * only the message's unfinished tail (`streamed_markdown.ts`).
 */
export class AgentCell implements Component {
  readonly #markdown: StreamedMarkdown;
  constructor(text = "") {
    this.#markdown = new StreamedMarkdown(markdownTheme, text, {
      decorate: (line, i) => (i === 0 ? "• " : "  ") + line,
      trailer: [""],
    });
  }
  append(delta: string): void {
    this.#markdown.append(delta);
  }
  setText(text: string): void {
    this.#markdown.setText(text);
  }
  /** The same array while the text is unchanged (a keystroke's frame then builds nothing for the cells above). */
  render(width: number): string[] {
    return this.#markdown.render(Math.max(10, width - 2));
  }
  invalidate(): void {
    this.#markdown.invalidate();
  }
}

/** A command the agent (or the user) runs: live output tail, then exit status and duration. */
export class CommandCell extends CachedCell {
  #item: CommandExecutionItem;
  #output = "";
  constructor(item: CommandExecutionItem) {
    super();
    this.#item = item;
  }
  /** The command's output grew. */
  appendOutput(delta: string): void {
    this.#output += delta;
    this.invalidate();
  }
  /** The command finished (or was declined). */
  update(item: CommandExecutionItem): void {
    this.#item = item;
    if (item.aggregatedOutput !== null) this.#output = item.aggregatedOutput;
    this.invalidate();
  }
  draw(width: number): string[] {
    const item = this.#item;
    const verb = item.status === "inProgress" ? "Running" : item.status === "declined" ? "Declined" : "Ran";
    const bullet = item.status === "inProgress"
      ? theme.dim("•")
      : item.status === "completed" && (item.exitCode ?? 0) === 0
      ? theme.green("•")
      : theme.red("•");
    // The script, not the shell wrapper the wire carries (`/bin/bash -lc '...'`).
    const lines = hanging(theme.bold(displayCommand(item.command)), width, `${bullet} ${verb} `, "    ");
    const facts = [`cwd ${item.cwd}`];
    if (item.exitCode !== null) facts.push(`exit ${item.exitCode}`);
    if (item.durationMs !== null) facts.push(formatDuration(item.durationMs));
    lines.push(truncateToWidth(`  └ ${theme.dim(facts.join(" · "))}`, width));
    const trimmed = this.#output.replace(/\n+$/, "");
    const tail = trimmed === "" ? [] : trimmed.split("\n");
    const shown = tail.slice(-OUTPUT_TAIL_LINES);
    if (tail.length > shown.length) lines.push(theme.dim(`    … ${tail.length - shown.length} earlier lines`));
    for (const line of shown) lines.push(truncateToWidth(`    ${theme.dim(line)}`, width));
    return lines;
  }
}

/** A file change: each file's path, then its diff, added lines green and removed ones red. */
export class FileChangeCell extends CachedCell {
  constructor(private changes: FileUpdateChange[], private status: string, private cwd: string) {
    super();
  }
  update(changes: FileUpdateChange[], status: string): void {
    this.changes = changes;
    this.status = status;
    this.invalidate();
  }
  /** The changes as they stand (a file-change approval shows them). */
  get fileChanges(): readonly FileUpdateChange[] {
    return this.changes;
  }
  draw(width: number): string[] {
    const verb = this.status === "declined" ? "Declined edit of" : this.status === "inProgress" ? "Editing" : "Edited";
    return fileChangeLines(this.changes, { cwd: this.cwd, verb, width, maxLines: DIFF_LINES });
  }
}

/**
 * Each file's `• VERB PATH +A -R` line, then its diff coloured line by line, at most `maxLines`
 * lines of it (then `… N more lines`): the transcript's file-change cells and the file-change
 * approval draw changes this way.
 */
export function fileChangeLines(
  changes: readonly FileUpdateChange[],
  { cwd, verb, width, maxLines }: { cwd: string; verb: string; width: number; maxLines: number },
): string[] {
  const lines: string[] = [];
  for (const change of changes) {
    const diff = change.diff.replace(/\n+$/, "").split("\n").filter((l) => !/^(\+\+\+|---|diff --git|index )/.test(l));
    const added = diff.filter((l) => l.startsWith("+")).length;
    const removed = diff.filter((l) => l.startsWith("-")).length;
    lines.push(
      truncateToWidth(
        `${theme.green("•")} ${verb} ${theme.bold(relativeTo(cwd, change.path))} ${theme.green(`+${added}`)} ${
          theme.red(`-${removed}`)
        }`,
        width,
      ),
    );
    const shown = diff.slice(0, maxLines);
    for (const line of shown) lines.push(truncateToWidth(`    ${diffLineStyle(line)(line)}`, width));
    if (diff.length > shown.length) lines.push(theme.dim(`    … ${diff.length - shown.length} more lines`));
  }
  return lines;
}

/** Added lines green, removed ones red, file headers bold, hunk headers cyan, context dim. */
function diffLineStyle(line: string): (text: string) => string {
  if (/^(\+\+\+|---|diff --git|index |new file|deleted file|rename )/.test(line)) return theme.bold;
  if (line.startsWith("@@")) return theme.cyan;
  return line.startsWith("+") ? theme.green : line.startsWith("-") ? theme.red : theme.dim;
}

/** `/diff`: the turn's whole diff (`turn/diff/updated`), every file, coloured line by line. */
export class DiffCell extends CachedCell {
  constructor(private diff: string) {
    super();
  }
  draw(width: number): string[] {
    const lines = this.diff.replace(/\n+$/, "").split("\n");
    return [
      theme.bold("• Diff of the last turn that changed files"),
      ...lines.map((line) => truncateToWidth(`  ${diffLineStyle(line)(line)}`, width)),
    ];
  }
}

/** A one-line notice: an error, a warning, an interruption, how long a turn took. */
export class NoticeCell extends CachedCell {
  constructor(private text: string, private style: (t: string) => string = theme.dim) {
    super();
  }
  draw(width: number): string[] {
    return hanging(this.style(this.text), width, "", "  ");
  }
}

/** Why a skill's instructions entered the conversation (`skill/activated`'s `reason`), as the cell says it. */
const SKILL_REASONS: Record<string, string> = {
  mention: "mentioned in the message",
  inputItem: "picked with $",
  read: "the model read its SKILL.md",
};

/** A skill activation (`skill/activated`): `• Skill NAME activated (why)`, and its file under it. */
export class SkillCell extends CachedCell {
  constructor(private skill: { name: string; path: string; reason: string }, private cwd: string) {
    super();
  }
  draw(width: number): string[] {
    const { name, path, reason } = this.skill;
    const why = SKILL_REASONS[reason] ?? reason;
    return [
      ...hanging(`${theme.cyan("•")} Skill ${theme.bold(name)} activated ${theme.dim(`(${why})`)}`, width, "", "  "),
      truncateToWidth(theme.dim(`  └ ${relativeTo(this.cwd, path)}`), width),
    ];
  }
}

/** `path` relative to `cwd` when it lies inside it, else as it is. */
function relativeTo(cwd: string, path: string): string {
  const base = cwd.endsWith("/") ? cwd : cwd + "/";
  return path.startsWith(base) ? path.slice(base.length) : path;
}

/** `850 ms`, `3.2 s`, `2m 05s`. */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const seconds = Math.round(ms / 1000);
  return `${Math.floor(seconds / 60)}m ${String(seconds % 60).padStart(2, "0")}s`;
}

/** A plan update (`turn/plan/updated`) as a checklist. */
export class PlanCell extends CachedCell {
  constructor(
    private explanation: string | null,
    private plan: { step: string; status: "pending" | "inProgress" | "completed" }[],
  ) {
    super();
  }
  draw(width: number): string[] {
    const lines = [theme.bold("• Updated plan")];
    if (this.explanation) lines.push(...hanging(theme.dim(this.explanation), width, "  ", "  "));
    for (const { step, status } of this.plan) {
      const box = status === "completed" ? theme.green("✔") : status === "inProgress" ? theme.cyan("□") : "□";
      const text = status === "completed" ? theme.dim(theme.strikethrough(step)) : step;
      lines.push(...hanging(text, width, `  ${box} `, "    "));
    }
    return lines;
  }
}

/** A tool call other than a command or a patch (an MCP tool, a dynamic tool): its name, arguments, outcome. */
export class ToolCallCell extends CachedCell {
  /** The tool's latest progress message while it runs (`item/tool/progress`), shown until its outcome. */
  #progress: string | null = null;
  constructor(private name: string, private args: unknown, private outcome: string | null, private failed = false) {
    super();
  }
  update(outcome: string | null, failed: boolean): void {
    this.outcome = outcome;
    this.failed = failed;
    this.invalidate();
  }
  progress(message: string): void {
    this.#progress = message;
    this.invalidate();
  }
  draw(width: number): string[] {
    const args = this.args === undefined || this.args === null ? "" : JSON.stringify(this.args);
    const bullet = this.outcome === null ? theme.dim("•") : this.failed ? theme.red("•") : theme.green("•");
    const lines = [
      truncateToWidth(
        `${bullet} ${this.outcome === null ? "Calling" : "Called"} ${theme.bold(this.name)}${theme.dim(`(${args})`)}`,
        width,
      ),
    ];
    if (this.outcome) {
      for (const line of this.outcome.split("\n").slice(0, OUTPUT_TAIL_LINES)) {
        lines.push(truncateToWidth(`  └ ${theme.dim(line)}`, width));
      }
    } else if (this.#progress) {
      lines.push(truncateToWidth(`  └ ${theme.dim(`${this.#progress.split("\n")[0]}…`)}`, width));
    }
    return lines;
  }
}

/** `/status`: one fact a line, its name in a column. */
export class StatusCard extends CachedCell {
  constructor(private facts: [string, string][]) {
    super();
  }
  draw(width: number): string[] {
    const lines = [theme.bold("• Status")];
    for (const [name, value] of this.facts) {
      lines.push(...hanging(value, width, `  ${theme.dim(`${name}:`.padEnd(14))}`, " ".repeat(16)));
    }
    return lines;
  }
}
