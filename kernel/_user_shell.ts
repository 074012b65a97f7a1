/**
 * @module
 * The body of a `userShell` turn (`thread/shellCommand`): runs the user's command through the
 * runner a plugin provides, with a tool context of this turn (the thread's cwd, sandbox policy,
 * approvals, item events), then records the command and its output in the model history as Codex
 * does, a user message wrapped in `<user_shell_command>`, so the model's next request sees both.
 */
import { type ItemEvents, toolContext } from "./_sampling.ts";
import type { ResponseItem } from "./protocol/model.ts";
import type { ToolResult } from "./tools.ts";
import type { TurnInputs, UserShellTask } from "./turn_inputs.ts";

/** The tool name a user's shell command runs under (what lifecycle handlers and logs see). */
export const USER_SHELL_TOOL = "user_shell";

/** Runs the command and records it in the history; never throws. */
export async function runUserShell(
  inputs: TurnInputs,
  task: UserShellTask,
  itemEvents: ItemEvents,
  newId: () => string,
): Promise<void> {
  const call = { callId: newId(), name: USER_SHELL_TOOL, input: task.command, kind: "function" as const };
  let result: ToolResult;
  try {
    result = await task.run(toolContext(inputs, call, itemEvents));
  } catch (error) {
    result = { output: `Cannot run shell command: ${error instanceof Error ? error.message : String(error)}` };
  }
  inputs.sink.pushHistory(userShellRecord(task.command, result));
}

/** The history item the model reads: the command and what it printed. */
export function userShellRecord(command: string, result: ToolResult): ResponseItem {
  const output = typeof result.output === "string"
    ? result.output
    : result.output.map((part) => ("text" in part ? part.text : "")).join("");
  const text = [
    "<user_shell_command>",
    "<command>",
    command,
    "</command>",
    "<result>",
    output,
    "</result>",
    "</user_shell_command>",
  ].join("\n");
  return { type: "message", role: "user", content: [{ type: "input_text", text }] };
}
