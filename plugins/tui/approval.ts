/**
 * @module
 * The approval prompt shown above the composer while a server request waits for the user: a
 * command approval (`item/commandExecution/requestApproval`: the command, its working directory
 * and the model's reason) or a file-change approval. It offers exactly the request's
 * `availableDecisions`, each under its key: `y` accept, `a` accept for the session, `n` decline,
 * Esc cancel.
 */
import { type Component, truncateToWidth, wrapTextWithAnsi } from "@mariozechner/pi-tui";
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
  cwd?: string | null;
  reason?: string | null;
  decisions: Decision[];
}

/** The prompt; `decide(key)` returns the decision a key picks, if the request offers it. */
export class ApprovalPrompt implements Component {
  constructor(readonly request: ApprovalRequest) {}

  decide(key: string): Decision | null {
    const choice = CHOICES.find((c) => c.key === key.toLowerCase() && this.request.decisions.includes(c.decision));
    return choice?.decision ?? null;
  }

  render(width: number): string[] {
    const { title, command, cwd, reason, decisions } = this.request;
    const wrap = (text: string, indent: string) =>
      wrapTextWithAnsi(text, Math.max(10, width - indent.length)).map((l) => indent + l);
    const lines = [theme.yellow("─".repeat(Math.max(1, width))), theme.bold(truncateToWidth(title, width))];
    if (command) lines.push(...wrap(`$ ${command}`, "  "));
    if (cwd) lines.push(truncateToWidth(theme.dim(`  in ${cwd}`), width));
    if (reason) lines.push(...wrap(theme.italic(`Reason: ${reason}`), "  "));
    lines.push("");
    for (const choice of CHOICES) {
      if (!decisions.includes(choice.decision)) continue;
      lines.push(truncateToWidth(`  ${theme.cyan(`[${choice.keyLabel}]`)} ${choice.label}`, width));
    }
    return lines;
  }

  invalidate(): void {}
}
