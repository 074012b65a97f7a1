/**
 * @module
 * The questions of `request_user_input`: their parameter schema as the model writes them
 * (snake_case, Codex's limits: 1-3 questions, headers of at most 12 characters, 2-3 options) and
 * their conversion to the camelCase questions of the `item/tool/requestUserInput` request.
 */
import { z } from "zod";
import type { ServerRequestMap } from "../../kernel/mod.ts";

/** The longest header a client is expected to show. */
export const MAX_HEADER_CHARS = 12;

const Option = z.object({
  label: z.string().min(1).describe("User-facing label (1-5 words)."),
  description: z.string().describe("One short sentence on the impact or trade-off of choosing it."),
});

const Question = z.object({
  id: z.string().min(1).describe("Stable identifier the answer is returned under (snake_case)."),
  header: z.string().min(1).max(MAX_HEADER_CHARS, {
    error: `header must be ${MAX_HEADER_CHARS} characters or fewer`,
  }).describe(`Short header label shown in the UI (${MAX_HEADER_CHARS} or fewer chars).`),
  question: z.string().min(1).describe("Single-sentence question shown to the user."),
  options: z.array(Option).min(2, { error: "give 2-3 options, or none for a free-form answer" })
    .max(3, { error: "give 2-3 options, or none for a free-form answer" })
    .optional()
    .describe(
      '2-3 mutually exclusive choices, the recommended one first with its label suffixed "(Recommended)". ' +
        'Do not add an "Other" option: the user can always type their own answer. Leave out for a free-form answer.',
    ),
  is_other: z.boolean().optional().describe(
    "Whether the user may type an answer of their own besides the options. Defaults to true when there are options.",
  ),
  is_secret: z.boolean().optional().describe(
    "Whether the answer is secret (a token, a password), so the client hides it as it is typed. Defaults to false.",
  ),
});

/** The tool's parameters, as the model writes them. */
export const RequestUserInputParameters = z.object({
  questions: z.array(Question)
    .min(1, { error: "ask at least one question" })
    .max(3, { error: "ask at most 3 questions" })
    .describe("Questions to show the user. Prefer 1 and do not exceed 3."),
});
export type RequestUserInputParameters = z.infer<typeof RequestUserInputParameters>;

/** A question as the `item/tool/requestUserInput` request carries it. */
export type WireQuestion = ServerRequestMap["item/tool/requestUserInput"]["params"]["questions"][number];

/** Converts the model's questions to the request's questions. */
export function toWireQuestions(questions: RequestUserInputParameters["questions"]): WireQuestion[] {
  return questions.map((q) => ({
    id: q.id,
    header: q.header,
    question: q.question,
    isOther: q.is_other ?? q.options !== undefined,
    isSecret: q.is_secret ?? false,
    options: q.options?.map((o) => ({ label: o.label, description: o.description })) ?? null,
  }));
}

/** The first question id used twice, if any (answers are keyed by id, so ids must differ). */
export function duplicateId(questions: RequestUserInputParameters["questions"]): string | undefined {
  const seen = new Set<string>();
  for (const { id } of questions) {
    if (seen.has(id)) return id;
    seen.add(id);
  }
  return undefined;
}
