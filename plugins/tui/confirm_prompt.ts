/**
 * @module
 * A yes/no question shown above the composer (`/init` over an existing AGENTS.md): a title, a few
 * lines, `y` yes, `n` or Esc no. Like a picker, it takes every key until answered.
 */
import { type Component, matchesKey, truncateToWidth, wrapTextWithAnsi } from "@mariozechner/pi-tui";
import { theme } from "./theme.ts";

/** The question; `onAnswer` gets true for `y`, false for `n`, Esc or Ctrl+C. */
export class ConfirmPrompt implements Component {
  constructor(
    readonly question: { title: string; body: string; yes: string; no: string; onAnswer: (yes: boolean) => void },
  ) {}

  handleKey(data: string): void {
    if (data.toLowerCase() === "y") this.question.onAnswer(true);
    else if (data.toLowerCase() === "n" || matchesKey(data, "escape") || matchesKey(data, "ctrl+c")) {
      this.question.onAnswer(false);
    }
  }

  render(width: number): string[] {
    const { title, body, yes, no } = this.question;
    return [
      theme.yellow("─".repeat(Math.max(1, width))),
      truncateToWidth(theme.bold(title), width),
      ...wrapTextWithAnsi(body, Math.max(10, width - 2)).map((line) => `  ${line}`),
      "",
      truncateToWidth(`  ${theme.cyan("[y]")} ${yes}`, width),
      truncateToWidth(`  ${theme.cyan("[n]")} ${no} ${theme.dim("(or esc)")}`, width),
    ];
  }

  invalidate(): void {}
}
