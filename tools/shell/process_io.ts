/**
 * @module
 * One process run to its end: spawn through the operations, stream stdout and stderr in arrival
 * order into a head+tail buffer and as `item/commandExecution/outputDelta`, kill the process group
 * on timeout or interrupt, and stop reading a short while after exit (background children may
 * hold the pipes open). `pump()` is shared with the unified-exec sessions.
 */
import { startTimer, type ToolContext, waitAtMost } from "../../kernel/mod.ts";
import type { RunningProcess, ShellOperations, SpawnRequest } from "./operations.ts";
import { DEFAULT_BUFFER_UNITS, HeadTailBuffer } from "./output_buffer.ts";

/** Codex's exit code for a command killed by its timeout. */
export const TIMEOUT_EXIT_CODE = 124;
/** How long output may keep flowing after the shell exits (from background children). */
const IO_DRAIN_MS = 2_000;
/** Cap on delta notifications per call (Codex: `MAX_EXEC_OUTPUT_DELTAS_PER_CALL`). */
export const MAX_DELTAS = 10_000;
/**
 * Bytes of output per delta at most (Codex reads 8 KiB at a time, one delta per read), so a call
 * streams at most `MAX_DELTAS * DELTA_BYTES` (80 MiB) as deltas; the rest reaches only the buffer.
 */
export const DELTA_BYTES = 8192;

/** Options of `runProcess()`. */
export interface RunProcessOptions {
  operations: ShellOperations;
  timeoutMs: number;
  /** The item the output deltas belong to. */
  itemId: string;
  /** Budget of the output kept (UTF-16 units). @default DEFAULT_BUFFER_UNITS */
  maxItemOutput?: number;
}

/** How a process run ended. */
export type ProcessRun =
  | {
    started: true;
    /** The exit code; `TIMEOUT_EXIT_CODE` when the timeout killed it. */
    exitCode: number;
    timedOut: boolean;
    interrupted: boolean;
    pid: number;
    output: HeadTailBuffer;
  }
  | { started: false; error: string };

/** Runs one process to its end; never throws. */
export async function runProcess(
  request: SpawnRequest,
  ctx: ToolContext,
  options: RunProcessOptions,
): Promise<ProcessRun> {
  let child: RunningProcess;
  try {
    child = await options.operations.spawn(request);
  } catch (error) {
    return { started: false, error: error instanceof Error ? error.message : String(error) };
  }
  const output = new HeadTailBuffer(options.maxItemOutput ?? DEFAULT_BUFFER_UNITS);
  let deltas = 0;
  const onText = (delta: string) => {
    output.push(delta);
    if (deltas++ >= MAX_DELTAS) return;
    ctx.emit("item/commandExecution/outputDelta", {
      threadId: ctx.threadId,
      turnId: ctx.turnId,
      itemId: options.itemId,
      delta,
    });
  };
  const readers = [child.stdout.getReader(), child.stderr.getReader()];
  const pumps = readers.map((reader) => pump(reader, onText));

  let exited = false;
  let timedOut = false;
  let interrupted = false;
  const cancelTimer = startTimer(options.timeoutMs, () => {
    timedOut = !exited;
    child.kill();
  });
  const onAbort = () => {
    interrupted = !exited;
    child.kill();
  };
  ctx.signal.addEventListener("abort", onAbort, { once: true });
  if (ctx.signal.aborted) onAbort(); // interrupted while it was being approved or spawned
  let code: number;
  try {
    code = (await child.status).code;
    exited = true;
    await drain(pumps, readers);
  } finally {
    cancelTimer();
    ctx.signal.removeEventListener("abort", onAbort);
  }
  const exitCode = timedOut ? TIMEOUT_EXIT_CODE : code;
  return { started: true, exitCode, timedOut, interrupted, pid: child.pid, output };
}

/**
 * Reads a stream to its end, decoding UTF-8 across chunk boundaries; `onText` gets the text of
 * `DELTA_BYTES` of output at most (a character split there goes with the next piece).
 */
export async function pump(
  reader: ReadableStreamDefaultReader<Uint8Array>,
  onText: (text: string) => void,
): Promise<void> {
  const decoder = new TextDecoder();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      for (let at = 0; at < value.length; at += DELTA_BYTES) {
        const text = decoder.decode(value.subarray(at, at + DELTA_BYTES), { stream: true });
        if (text) onText(text);
      }
    }
  } catch {
    // cancelled after the drain period, or the pipe broke: keep what arrived
  }
  const rest = decoder.decode();
  if (rest) onText(rest);
}

/** Waits for the pipes to close, at most `IO_DRAIN_MS`, then stops reading. */
export async function drain(
  pumps: Promise<void>[],
  readers: ReadableStreamDefaultReader<Uint8Array>[],
): Promise<void> {
  await waitAtMost(Promise.all(pumps), IO_DRAIN_MS);
  await Promise.all(readers.map((reader) => reader.cancel().catch(() => {})));
  await Promise.all(pumps);
}
