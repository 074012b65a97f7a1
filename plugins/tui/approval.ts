/**
 * @module
 * The approval prompt shown above the composer while a server request waits for the user: a
 * command approval (`item/commandExecution/requestApproval`: the command, its working directory
 * and the model's reason) or a file-change approval (the diff, as the transcript draws it, capped).
 * It offers exactly the request's
 * `availableDecisions`, each under its key: `y` accept, `a` accept for the session, `n` decline,
 * Esc cancel. `n` first opens a line for an optional note to the model (why, or what to do
 * instead); Enter declines with it, Esc goes back to the choices.
 */
import { type Component, matchesKey, truncateToWidth, wrapTextWithAnsi } from "@mariozechner/pi-tui";
import { isPrintable } from "./picker.ts";
import { theme } from "./theme.ts";

/** An approval decision, as the protocol names it. */
export type Decision = "accept" | "acceptForSession" | "decline" | "cancel";

const CHOICES: { decision: Decision; key: string; keyLabel: string; label: string }[] = [
  { decision: "accept", key: "y", keyLabel: "y", label: "Yes, run it" },
  { decision: "acceptForSession", key: "a", keyLabel: "a", label: "Yes, and don't ask again this session" },
  { decision: "decline", key: "n", keyLabel: "n", label: "No, and tell the model" },
  { decision: "cancel", key: "\x1b", keyLabel: "esc", label: "Cancel (stop the turn)" },
];

/** What the prompt shows. */
export interface ApprovalRequest {
  title: string;
  command?: string | null;
  /** Lines shown under the title (a permission request's folders and network). */
  details?: string[];
  /** Lines drawn at the width given, under the title (a file-change approval's diff). */
  preview?: (width: number) => string[];
  /** Labels in place of the command approval's (`Yes, run it`, ...). */
  labels?: Partial<Record<Decision, string>>;
  cwd?: string | null;
  reason?: string | null;
  decisions: Decision[];
}

/** What the user chose: a decision, and with a decline the note typed for the model (may be empty). */
export interface Answer {
  decision: Decision;
  note?: string;
}

/** The prompt; `handleKey(key)` returns the answer once the user has given one. */
export class ApprovalPrompt implements Component {
  /** The note being typed after `n`; null while the choices are shown. */
  #note: string | null = null;

  constructor(readonly request: ApprovalRequest) {}

  handleKey(key: string): Answer | null {
    if (this.#note !== null) {
      if (matchesKey(key, "enter")) return { decision: "decline", note: this.#note.trim() };
      if (matchesKey(key, "escape")) this.#note = null;
      else if (matchesKey(key, "backspace")) this.#note = this.#note.slice(0, -1);
      else if (isPrintable(key)) this.#note += key;
      return null;
    }
    const pressed = matchesKey(key, "escape") ? "\x1b" : key.toLowerCase();
    const choice = CHOICES.find((c) => c.key === pressed && this.request.decisions.includes(c.decision));
    if (choice?.decision === "decline") {
      this.#note = "";
      return null;
    }
    return choice ? { decision: choice.decision } : null;
  }

  render(width: number): string[] {
    const { title, command, details = [], preview, cwd, reason, decisions, labels = {} } = this.request;
    const wrap = (text: string, indent: string) =>
      wrapTextWithAnsi(text, Math.max(10, width - indent.length)).map((l) => indent + l);
    const lines = [theme.yellow("─".repeat(Math.max(1, width))), theme.bold(truncateToWidth(title, width))];
    if (command) lines.push(...wrap(`$ ${command}`, "  "));
    if (preview) lines.push(...preview(width));
    for (const detail of details) lines.push(...wrap(detail, "  "));
    if (cwd) lines.push(truncateToWidth(theme.dim(`  in ${cwd}`), width));
    if (reason) lines.push(...wrap(theme.italic(`Reason: ${reason}`), "  "));
    lines.push("");
    if (this.#note !== null) {
      lines.push(
        truncateToWidth(`  ${theme.cyan("[n]")} No. Tell the model why or what to do instead (optional):`, width),
        truncateToWidth(`  › ${this.#note}${theme.dim("▏")}`, width),
        truncateToWidth(theme.dim("  enter decline · esc back"), width),
      );
      return lines;
    }
    for (const choice of CHOICES) {
      if (!decisions.includes(choice.decision)) continue;
      const label = labels[choice.decision] ?? choice.label;
      lines.push(truncateToWidth(`  ${theme.cyan(`[${choice.keyLabel}]`)} ${label}`, width));
    }
    return lines;
  }

  invalidate(): void {}
}
