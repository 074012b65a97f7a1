/**
 * @module
 * Runs one shell command for a tool call and reports it the Codex way: a `commandExecution` item
 * started before the spawn, stdout and stderr streamed as `item/commandExecution/outputDelta` in
 * arrival order, the item completed with aggregated output, exit code and duration, and Codex's
 * text for the model. A timeout (exit code 124, as Codex) or an interrupt kills the process group.
 * Failure is data: a missing directory or shell becomes a failed item and result, never a throw.
 */
import type { CommandExecutionItem, ToolContext, ToolResult } from "../../kernel/mod.ts";
import { parseCommandActions } from "./command_actions.ts";
import { formatCommandOutput } from "./format_output.ts";
import type { RunningProcess, ShellOperations } from "./operations.ts";
import { DEFAULT_BUFFER_UNITS, HeadTailBuffer } from "./output_buffer.ts";

/** Codex's exit code for a command killed by its timeout. */
export const TIMEOUT_EXIT_CODE = 124;
/** How long output may keep flowing after the shell exits (from background children). */
const IO_DRAIN_MS = 2_000;
/** Cap on delta notifications per command (Codex: `MAX_EXEC_OUTPUT_DELTAS_PER_CALL`). */
const MAX_DELTAS = 10_000;

/** One command to run. */
export interface RunCommandRequest {
  command: string;
  /** Absolute working directory. */
  cwd: string;
  timeoutMs: number;
}

/** How to run it. */
export interface RunCommandOptions {
  operations: ShellOperations;
  /** Absolute path of the shell. */
  shell: string;
  /** Run `<shell> -lc` instead of `<shell> -c`. */
  login: boolean;
  /** Byte budget of the output the model reads. */
  maxOutputBytes: number;
  /** Budget of the output kept on the item (UTF-16 units). @default DEFAULT_BUFFER_UNITS */
  maxItemOutput?: number;
}

/** Runs `request.command` in the user's shell; never throws. */
export async function runCommand(
  request: RunCommandRequest,
  ctx: ToolContext,
  options: RunCommandOptions,
): Promise<ToolResult> {
  const { command, cwd, timeoutMs } = request;
  const item: CommandExecutionItem = {
    type: "commandExecution",
    id: ctx.callId,
    command,
    cwd,
    processId: null,
    source: "agent",
    status: "inProgress",
    commandActions: parseCommandActions(command),
    aggregatedOutput: null,
    exitCode: null,
    durationMs: null,
  };
  ctx.startItem(item);
  const started = performance.now();
  const fail = (message: string): ToolResult => {
    const durationMs = Math.round(performance.now() - started);
    ctx.completeItem({ ...item, status: "failed", aggregatedOutput: message, durationMs });
    return { output: message, success: false };
  };

  if (ctx.signal.aborted) return fail("Cannot run shell command: the turn was interrupted before it started");
  const kind = await options.operations.pathKind(cwd);
  if (kind === "missing") return fail(`Cannot run shell command: working directory "${cwd}" does not exist`);
  if (kind === "other") return fail(`Cannot run shell command: working directory "${cwd}" is not a directory`);

  let child: RunningProcess;
  try {
    child = options.operations.spawn({
      program: options.shell,
      args: [options.login ? "-lc" : "-c", command],
      cwd,
    });
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return fail(`Cannot run shell command: failed to start "${options.shell}": ${reason}`);
  }

  const buffer = new HeadTailBuffer(options.maxItemOutput ?? DEFAULT_BUFFER_UNITS);
  let deltas = 0;
  const onText = (delta: string) => {
    buffer.push(delta);
    if (deltas++ >= MAX_DELTAS) return;
    ctx.emit("item/commandExecution/outputDelta", {
      threadId: ctx.threadId,
      turnId: ctx.turnId,
      itemId: ctx.callId,
      delta,
    });
  };
  const readers = [child.stdout.getReader(), child.stderr.getReader()];
  const pumps = readers.map((reader) => pump(reader, onText));

  let exited = false;
  let timedOut = false;
  let interrupted = false;
  const timer = setTimeout(() => {
    timedOut = !exited;
    child.kill();
  }, timeoutMs);
  const onAbort = () => {
    interrupted = !exited;
    child.kill();
  };
  ctx.signal.addEventListener("abort", onAbort, { once: true });
  // The turn may have been interrupted while the process was being set up.
  if (ctx.signal.aborted) onAbort();
  let code: number;
  try {
    code = (await child.status).code;
    exited = true;
    await drain(pumps, readers);
  } finally {
    clearTimeout(timer);
    ctx.signal.removeEventListener("abort", onAbort);
  }

  const durationMs = Math.round(performance.now() - started);
  const exitCode = timedOut ? TIMEOUT_EXIT_CODE : code;
  const succeeded = exitCode === 0 && !timedOut && !interrupted;
  ctx.completeItem({
    ...item,
    processId: String(child.pid),
    status: succeeded ? "completed" : "failed",
    aggregatedOutput: buffer.toString(),
    exitCode,
    durationMs,
  });
  const output = formatCommandOutput({
    exitCode,
    durationMs,
    output: buffer.parts(),
    totalLines: buffer.lines,
    timedOutAfterMs: timedOut ? timeoutMs : undefined,
    interrupted,
  }, { maxBytes: options.maxOutputBytes });
  return { output, success: succeeded };
}

/** Reads a stream to its end, decoding UTF-8 across chunk boundaries. */
async function pump(reader: ReadableStreamDefaultReader<Uint8Array>, onText: (text: string) => void): Promise<void> {
  const decoder = new TextDecoder();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      const text = decoder.decode(value, { stream: true });
      if (text) onText(text);
    }
  } catch {
    // cancelled after the drain period, or the pipe broke: keep what arrived
  }
  const rest = decoder.decode();
  if (rest) onText(rest);
}

/** Waits for the pipes to close, at most `IO_DRAIN_MS`, then stops reading. */
async function drain(pumps: Promise<void>[], readers: ReadableStreamDefaultReader<Uint8Array>[]): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<void>((resolve) => (timer = setTimeout(resolve, IO_DRAIN_MS)));
  await Promise.race([Promise.all(pumps), timeout]);
  clearTimeout(timer);
  await Promise.all(readers.map((reader) => reader.cancel().catch(() => {})));
  await Promise.all(pumps);
}
