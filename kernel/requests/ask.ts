/**
 * @module
 * `ctx.ask()`: a tool asks the user through the `item/tool/requestUserInput` server request and
 * gets typed answers back. It never hangs: with no client attached the bus's policy declines, and
 * an interrupted turn cancels the request. Questions are written loosely (a string will do) and
 * filled out to the wire's shape here.
 */
import type { RequestOutcome, RequestSender } from "./server_requests.ts";

/** One question for the user. */
export interface AskQuestion {
  /** The key its answers come back under. @default "q1", "q2", ... by position */
  id?: string;
  /** A short title shown above the question. @default "" */
  header?: string;
  question: string;
  /** Choices to offer; a string is a label without a description. @default free text */
  options?: readonly (string | { label: string; description?: string })[];
  /** Hide the answer as it is typed (say, a token). @default false */
  secret?: boolean;
  /** With `options`: also accept an answer that is none of them. @default false */
  allowOther?: boolean;
}

/** What `ctx.ask()` resolves to. */
export type AskResult =
  | {
    status: "answered";
    /** Every question's answers, by question id. */
    answers: Record<string, string[]>;
    /** The first question's answers joined with ", " (the whole answer to a one-question ask). */
    text: string;
  }
  | { status: "declined" | "cancelled" | "failed"; reason: string };

/** What `askUser()` needs from a tool context. */
export interface AskTarget extends RequestSender {
  threadId: string;
  turnId: string;
  callId: string;
}

/**
 * Asks the user `question` (one or several) for the call `target` is; the implementation behind
 * `ctx.ask()`.
 *
 * @example
 * ```ts
 * const answer = await askUser(ctx, { question: "Deploy now?", options: ["yes", "no"] });
 * if (answer.status === "answered" && answer.text === "yes") deploy();
 * ```
 */
export async function askUser(
  target: AskTarget,
  question: string | AskQuestion | readonly AskQuestion[],
): Promise<AskResult> {
  const list: readonly AskQuestion[] = typeof question === "string"
    ? [{ question }]
    : Array.isArray(question)
    ? question
    : [question as AskQuestion];
  if (list.length === 0) throw new TypeError("Cannot ask the user: no question given");
  const questions = list.map((q, i) => ({
    id: q.id ?? `q${i + 1}`,
    header: q.header ?? "",
    question: q.question,
    isOther: q.allowOther ?? false,
    isSecret: q.secret ?? false,
    options: q.options?.map((o) =>
      typeof o === "string" ? { label: o, description: "" } : {
        label: o.label,
        description: o.description ?? "",
      }
    ) ?? null,
  }));
  const outcome: RequestOutcome<"item/tool/requestUserInput"> = await target.request("item/tool/requestUserInput", {
    threadId: target.threadId,
    turnId: target.turnId,
    itemId: target.callId,
    isBlocking: true,
    questions,
  });
  if (outcome.status === "failed") return { status: "failed", reason: outcome.message };
  if (outcome.status !== "answered") return outcome;
  const answers: Record<string, string[]> = {};
  for (const q of questions) answers[q.id] = outcome.response.answers[q.id]?.answers ?? [];
  return { status: "answered", answers, text: answers[questions[0].id].join(", ") };
}
