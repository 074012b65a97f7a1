/**
 * @module
 * The `request_user_input` tool. It sends the questions as the `item/tool/requestUserInput`
 * server request (item id: the call id) and waits. Answers come back to the model as Codex
 * returns them, `{"answers": {"<id>": {"answers": [...]}}}`. A request that is declined (no
 * client can answer), fails or is cancelled becomes a failed result telling the model what
 * happened and what to do instead; the tool never throws.
 */
import {
  defineTool,
  type FunctionTool,
  type RequestOutcome,
  ServerRequests,
  type ToolResult,
} from "../../kernel/mod.ts";
import { duplicateId, RequestUserInputParameters, toWireQuestions } from "./questions.ts";

const METHOD = "item/tool/requestUserInput";

const DESCRIPTION = "Request user input for one to three short questions and wait for the response. " +
  "Ask only when you cannot proceed sensibly without the user's choice. Before calling this tool, " +
  "send a short message to the user that says what you need to know and why.";

const PROCEED = "proceed with your best judgement and say what you assumed";

/** Creates the `request_user_input` tool. */
export function createRequestUserInputTool(): FunctionTool<typeof RequestUserInputParameters> {
  return defineTool({
    name: "request_user_input",
    reportsItself: true,
    description: DESCRIPTION,
    parameters: RequestUserInputParameters,
    async execute(args, ctx) {
      const duplicate = duplicateId(args.questions);
      if (duplicate !== undefined) {
        return {
          output: `Cannot ask the user: question id ${JSON.stringify(duplicate)} is used twice; ` +
            "give each question its own id",
          success: false,
        };
      }
      const outcome = await ctx.request(METHOD, {
        threadId: ctx.threadId,
        turnId: ctx.turnId,
        itemId: ctx.callId,
        isBlocking: true,
        questions: toWireQuestions(args.questions),
      });
      return toResult(outcome);
    },
  });
}

/** What the model reads for each outcome of the request. */
function toResult(outcome: RequestOutcome<typeof METHOD>): ToolResult {
  switch (outcome.status) {
    case "answered": {
      const parsed = ServerRequests[METHOD].response.safeParse(outcome.response);
      if (!parsed.success) {
        const issues = parsed.error.issues.map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`).join("; ");
        return { output: `The user's answer could not be read (${issues}); ${PROCEED}`, success: false };
      }
      return { output: JSON.stringify({ answers: parsed.data.answers }) };
    }
    case "declined":
      return { output: couldNotAsk(outcome.reason), success: false };
    case "failed":
      return { output: couldNotAsk(`the client failed to answer: ${outcome.message}`), success: false };
    case "cancelled":
      return {
        output: `The user did not answer: the question was cancelled (${outcome.reason})`,
        success: false,
      };
  }
}

function couldNotAsk(reason: string): string {
  // Some front ends already say what to do instead (`tern exec` without a terminal); keep it once.
  return /best judgement/i.test(reason)
    ? `The user could not be asked: ${reason}`
    : `The user could not be asked (${reason}); ${PROCEED}`;
}
