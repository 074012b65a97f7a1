/**
 * @module
 * The form shown above the composer for `item/tool/requestUserInput` (the model's
 * `request_user_input` tool): its questions one at a time, each with its header, its text, its
 * options (numbered) and, when the question allows it (`isOther`, or no options), a line for an
 * answer of the user's own (hidden as it is typed when `isSecret`). Up and Down move, a number
 * picks that option, typing writes the free answer, Enter answers the question (the last one
 * submits the form), Esc declines the whole form.
 */
import { type Component, matchesKey, truncateToWidth, wrapTextWithAnsi } from "@mariozechner/pi-tui";
import type { ServerRequestMap } from "../../kernel/mod.ts";
import { isPrintable } from "./picker.ts";
import { theme } from "./theme.ts";

type Request = ServerRequestMap["item/tool/requestUserInput"];
/** A question as the request carries it. */
export type Question = Request["params"]["questions"][number];
/** The response the form sends. */
export type UserInputAnswers = Request["response"];

/** What a key did to the form: the form is answered, declined, or still open (null). */
export type FormOutcome = { answered: UserInputAnswers } | { declined: true } | null;

/** The form; the session hands it every key while it is open (`handleKey`). */
export class QuestionForm implements Component {
  #index = 0;
  /** The row selected in the current question: an option, or `options.length` for the free answer. */
  #row = 0;
  #typed = "";
  readonly #answers: UserInputAnswers["answers"] = {};

  constructor(readonly questions: Question[]) {}

  get #question(): Question {
    return this.questions[this.#index]!;
  }

  get #options(): { label: string; description: string }[] {
    return this.#question.options ?? [];
  }

  /** Whether the current question takes an answer the user types. */
  get #free(): boolean {
    return this.#question.isOther || this.#options.length === 0;
  }

  /** The number of rows the user can move between. */
  get #rows(): number {
    return this.#options.length + (this.#free ? 1 : 0);
  }

  /** Takes one key. */
  handleKey(data: string): FormOutcome {
    if (matchesKey(data, "escape")) return { declined: true };
    if (matchesKey(data, "up")) this.#row = (this.#row + this.#rows - 1) % this.#rows;
    else if (matchesKey(data, "down")) this.#row = (this.#row + 1) % this.#rows;
    else if (matchesKey(data, "enter")) return this.#answer();
    else if (matchesKey(data, "backspace")) this.#typed = this.#typed.slice(0, -1);
    else if (/^[1-9]$/.test(data) && this.#typed === "" && Number(data) <= this.#options.length) {
      this.#row = Number(data) - 1;
      return this.#answer();
    } else if (isPrintable(data) && this.#free) {
      this.#typed += data;
      this.#row = this.#options.length;
    }
    return null;
  }

  /** Answers the current question with the selected row; the last answer submits the form. */
  #answer(): FormOutcome {
    const option = this.#options[this.#row];
    const answer = option ? option.label : this.#typed.trim();
    if (!answer) return null;
    this.#answers[this.#question.id] = { answers: [answer] };
    if (this.#index === this.questions.length - 1) return { answered: { answers: this.#answers } };
    this.#index += 1;
    this.#row = 0;
    this.#typed = "";
    return null;
  }

  render(width: number): string[] {
    const q = this.#question;
    const wrap = (text: string, indent: string) =>
      wrapTextWithAnsi(text, Math.max(10, width - indent.length)).map((l) => indent + l);
    const count = this.questions.length > 1 ? ` (${this.#index + 1}/${this.questions.length})` : "";
    const lines = [
      theme.yellow("─".repeat(Math.max(1, width))),
      truncateToWidth(theme.bold(`${q.header}${count}`), width),
      ...wrap(q.question, "  "),
      "",
    ];
    const mark = (row: number) => row === this.#row ? theme.cyan("›") : " ";
    this.#options.forEach((option, i) => {
      const description = option.description ? theme.dim(`  ${option.description}`) : "";
      lines.push(truncateToWidth(`${mark(i)} ${theme.cyan(`${i + 1}.`)} ${option.label}${description}`, width));
    });
    if (this.#free) {
      const typed = q.isSecret ? "•".repeat(this.#typed.length) : this.#typed;
      const label = this.#options.length ? "Other: " : "Answer: ";
      lines.push(truncateToWidth(`${mark(this.#options.length)} ${label}${typed}${theme.dim("▏")}`, width));
    }
    const keys = [
      this.#rows > 1 ? "↑↓ move" : "",
      this.#options.length ? `1-${this.#options.length} pick` : "",
      this.#free ? "type an answer" : "",
      "enter submit",
      "esc decline",
    ].filter(Boolean);
    lines.push("", truncateToWidth(theme.dim(keys.join(" · ")), width));
    return lines;
  }

  invalidate(): void {}
}
