/**
 * @module
 * The `write_stdin` tool (Codex's unified exec): writes `chars` to a running `exec_command`
 * session (empty `chars` only polls), waits, and returns the output since the last call. Waits as
 * Codex does: after a write 250-30000 ms (default 250); an empty poll 5000-300000 ms (default
 * 5000); both end early when the process exits, whose exit code is then reported and its session
 * forgotten. Each call gets its own `commandExecution` item (source `unifiedExecInteraction`, the
 * session's command, `processId` = the session id), with the call's output as deltas.
 */
import { z } from "zod";
import { type CommandExecutionItem, defineTool, type FunctionTool } from "../../kernel/mod.ts";
import { parseCommandActions } from "./command_actions.ts";
import { clampYield, type UnifiedExecOptions } from "./exec_command.ts";
import { DEFAULT_MAX_OUTPUT_BYTES } from "./truncate.ts";
import { BYTES_PER_TOKEN, collect, finishCall } from "./unified_output.ts";

/** Codex's yield bounds after a write. */
export const WRITE_YIELD = { default: 250, min: 250, max: 30_000 };
/** Codex's yield bounds for an empty poll. */
export const POLL_YIELD = { default: 5_000, min: 5_000, max: 300_000 };

const DESCRIPTION = [
  "Writes characters to the stdin of a running exec_command session and returns its recent output.",
  "- Pass empty `chars` to wait for more output without writing.",
  "- Include a newline in `chars` to submit a line.",
].join("\n");

/** The tool's parameters. */
export const WriteStdinParameters = z.object({
  session_id: z.number().int().describe("Identifier of the running session (from exec_command)."),
  chars: z.string().optional().describe("Bytes to write to stdin; empty or omitted only polls for output."),
  yield_time_ms: z.number().optional().describe(
    `How long to wait for output, in milliseconds (after a write ${WRITE_YIELD.min}-${WRITE_YIELD.max}, ` +
      `default ${WRITE_YIELD.default}; an empty poll ${POLL_YIELD.min}-${POLL_YIELD.max}).`,
  ),
  max_output_tokens: z.number().int().positive().optional().describe(
    "Maximum number of tokens to return. Excess output will be truncated.",
  ),
});

/** Creates `write_stdin`. */
export function createWriteStdinTool(options: UnifiedExecOptions): FunctionTool<typeof WriteStdinParameters> {
  return defineTool({
    name: "write_stdin",
    reportsItself: true,
    description: DESCRIPTION,
    parameters: WriteStdinParameters,
    async execute(args, ctx) {
      const session = options.sessions.get(ctx.threadId, args.session_id);
      if (!session) {
        return {
          output: `write_stdin failed: no running process has session ID ${args.session_id} ` +
            "(it exited and its end was already reported, or it was killed); start one with exec_command",
          success: false,
        };
      }
      const chars = args.chars ?? "";
      const waitMs = clampYield(args.yield_time_ms, chars === "" ? POLL_YIELD : WRITE_YIELD);
      const maxBytes = args.max_output_tokens
        ? args.max_output_tokens * BYTES_PER_TOKEN
        : options.maxOutputBytes ?? DEFAULT_MAX_OUTPUT_BYTES;
      const item: CommandExecutionItem = {
        type: "commandExecution",
        id: ctx.callId,
        command: session.command,
        cwd: session.cwd,
        processId: String(session.id),
        source: "unifiedExecInteraction",
        status: "inProgress",
        commandActions: parseCommandActions(session.command),
        aggregatedOutput: null,
        exitCode: null,
        durationMs: null,
      };
      ctx.startItem(item);
      const started = performance.now();
      let notice: string | undefined;
      const write = async () => {
        if (chars === "") return;
        try {
          await session.write(chars);
        } catch (error) {
          notice = `could not write to the process's stdin: ${(error as Error).message ?? error}`;
        }
      };
      const collected = await collect(session, ctx, { itemId: ctx.callId, waitMs, before: write });
      return finishCall(item, session, collected, ctx, { sessions: options.sessions, maxBytes, started, notice });
    },
  });
}
