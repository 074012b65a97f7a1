/**
 * @module
 * `command/exec` and `command/exec/write|terminate|resize`: a client runs one process outside any
 * thread, in the sandbox of its `sandboxPolicy` (else the configured `sandbox_mode`), through the
 * shell plugin's `command-exec` service (the shell tool's own sandboxing; fail closed). The answer
 * `{exitCode, stdout, stderr}` comes when the process has exited. With `streamStdoutStderr` the
 * output goes out as `command/exec/outputDelta` notifications to this connection only (and is not
 * repeated in the answer); with `streamStdin`, `command/exec/write` feeds stdin. Each stream keeps
 * at most `outputBytesCap` bytes (default `DEFAULT_OUTPUT_BYTES_CAP`); `disableOutputCap` lifts it
 * for streamed output, while buffered output stays under `MAX_BUFFERED_BYTES` whatever the client
 * asks. Processes are per connection (`processId` is the client's) and die with it. `tty` runs the
 * process on a pty of `size` (default 24 x 80; through `script(1)`, see the shell plugin's `pty.ts`),
 * which implies both streams; `command/exec/resize` changes its size.
 */
import {
  type CommandExecParams,
  type CommandExecResizeParams,
  type CommandExecResponse,
  type CommandExecTerminateParams,
  type CommandExecWriteParams,
  type EmptyResponse,
  sandboxPolicyFor,
  startTimer,
} from "../../kernel/mod.ts";
import { COMMAND_EXEC_SERVICE, type CommandExecService, type ExecProcess } from "../../lib/command_exec/mod.ts";
import type { Connection } from "./connection.ts";
import type { MethodContext } from "./method_context.ts";
import { invalidRequest, RpcCodes, RpcError } from "./rpc_error.ts";
import { checkCwd, sandboxModeOf } from "./settings.ts";
import { isAbsolute, resolve } from "@std/path";

/** The timeout when the client gives none, as Codex's: 10 s. */
export const DEFAULT_EXEC_TIMEOUT_MS = 10_000;
/** Bytes kept per stream when the client gives no `outputBytesCap`: 1 MiB. */
export const DEFAULT_OUTPUT_BYTES_CAP = 1024 * 1024;
/** The most a buffered stream keeps even with `disableOutputCap`: 16 MiB (the answer is one message). */
export const MAX_BUFFERED_BYTES = 16 * 1024 * 1024;
/** A pty's size when the client gives none. */
export const DEFAULT_PTY_SIZE = { rows: 24, cols: 80 };
/** The exit code of a process killed at its timeout (the shell tool's). */
export const EXEC_TIMEOUT_EXIT_CODE = 124;

/** A running process of a connection. */
interface Started {
  process: ExecProcess;
  stdin: WritableStreamDefaultWriter<Uint8Array> | null;
}

/**
 * A process of a connection, registered before it starts, so a `command/exec/write` sent right
 * behind its `command/exec` (the two run concurrently) waits for it instead of missing it.
 */
interface Session {
  started: Promise<Started>;
}

const sessions = new WeakMap<Connection, Map<string, Session>>();

function sessionsOf(connection: Connection): Map<string, Session> {
  let map = sessions.get(connection);
  if (!map) {
    const created = new Map<string, Session>();
    sessions.set(connection, created);
    connection.onClose(() => {
      for (const session of created.values()) session.started.then((s) => s.process.kill(), () => {});
      created.clear();
    });
    map = created;
  }
  return map;
}

function badParams(field: string, message: string): RpcError {
  return new RpcError(RpcCodes.INVALID_PARAMS, `Invalid params for "command/exec" at "${field}": ${message}`);
}

/** Checks the combinations the schema cannot say. */
function checkParams(params: CommandExecParams): void {
  if (params.size && !params.tty) throw badParams("size", "is only valid with tty");
  if (params.outputBytesCap != null && params.disableOutputCap) {
    throw badParams("outputBytesCap", "cannot be combined with disableOutputCap");
  }
  if (params.timeoutMs != null && params.disableTimeout) {
    throw badParams("timeoutMs", "cannot be combined with disableTimeout");
  }
  if ((params.streamStdin || params.streamStdoutStderr || params.tty) && !params.processId) {
    throw badParams("processId", "is required with tty, streamStdin and streamStdoutStderr");
  }
}

/** Runs the process; answers when it has exited. */
export async function commandExec(params: CommandExecParams, ctx: MethodContext): Promise<CommandExecResponse> {
  checkParams(params);
  const { runtime, connection } = ctx;
  const cwd = params.cwd ? (isAbsolute(params.cwd) ? params.cwd : resolve(runtime.cwd, params.cwd)) : runtime.cwd;
  checkCwd(cwd, "command/exec", "cwd");
  const mine = sessionsOf(connection);
  const processId = params.processId ?? null;
  if (processId !== null && mine.has(processId)) {
    throw invalidRequest(`A process with processId "${processId}" is already running on this connection`);
  }
  const session: Session = { started: start(params, cwd, ctx) };
  session.started.catch(() => {});
  if (processId !== null) mine.set(processId, session);
  try {
    return await finish(session, params, ctx);
  } finally {
    if (processId !== null && mine.get(processId) === session) mine.delete(processId);
  }
}

/** Starts the process in its sandbox (`-32600` saying why it cannot). */
async function start(params: CommandExecParams, cwd: string, ctx: MethodContext): Promise<Started> {
  const { runtime } = ctx;
  let service: CommandExecService;
  try {
    service = await runtime.service<CommandExecService>(COMMAND_EXEC_SERVICE);
  } catch {
    throw invalidRequest("Cannot run the command: no plugin runs commands (the shell plugin is not loaded)");
  }
  const config = runtime.config;
  const wire = params.sandboxPolicy;
  const mode = wire ? sandboxModeOf(wire) : config.sandboxMode;
  const sandbox = sandboxPolicyFor(mode, cwd, {
    extraWritableRoots: wire?.type === "workspaceWrite"
      ? wire.writableRoots
      : config.sandboxWorkspaceWrite.writableRoots,
    networkAccess: wire?.type === "workspaceWrite" ? wire.networkAccess : config.sandboxWorkspaceWrite.networkAccess,
    readOnlyPaths: [runtime.ternHome],
  });
  if (wire?.type === "readOnly" && wire.networkAccess) sandbox.networkAccess = true;
  const streamStdin = params.streamStdin === true || params.tty === true;
  const tty = params.tty ? params.size ?? DEFAULT_PTY_SIZE : null;
  let process: ExecProcess;
  try {
    process = await service.start({
      argv: params.command,
      cwd,
      env: params.env ?? {},
      sandbox,
      stdin: streamStdin,
      tty,
    });
  } catch (error) {
    throw invalidRequest(`Cannot run "${params.command[0]}": ${(error as Error).message ?? error}`);
  }
  return { process, stdin: process.stdin?.getWriter() ?? null };
}

/** Collects or streams the output until the process exits, then answers. */
async function finish(session: Session, params: CommandExecParams, ctx: MethodContext): Promise<CommandExecResponse> {
  const { connection } = ctx;
  const processId = params.processId ?? null;
  const { process, stdin } = await session.started;
  const stream = params.streamStdoutStderr === true || params.tty === true;
  const cap = params.disableOutputCap
    ? (stream ? Infinity : MAX_BUFFERED_BYTES)
    : Math.min(params.outputBytesCap ?? DEFAULT_OUTPUT_BYTES_CAP, stream ? Infinity : MAX_BUFFERED_BYTES);
  const timeoutMs = params.disableTimeout ? null : params.timeoutMs ?? DEFAULT_EXEC_TIMEOUT_MS;
  let timedOut = false;
  const cancelTimer = timeoutMs === null ? () => {} : startTimer(timeoutMs, () => {
    timedOut = true;
    process.kill();
  });
  try {
    const read = (name: "stdout" | "stderr", source: ReadableStream<Uint8Array>) =>
      pump(
        source,
        cap,
        stream
          ? (bytes, capReached) =>
            connection.notify("command/exec/outputDelta", {
              processId: processId!,
              stream: name,
              deltaBase64: toBase64(bytes),
              capReached,
            })
          : null,
      );
    const [stdout, stderr, exitCode] = await Promise.all([
      read("stdout", process.output.stdout),
      read("stderr", process.output.stderr),
      process.exitCode,
    ]);
    return {
      exitCode: timedOut ? EXEC_TIMEOUT_EXIT_CODE : exitCode,
      stdout: stream ? "" : stdout,
      stderr: stream ? "" : stderr,
    };
  } finally {
    cancelTimer();
    await stdin?.close().catch(() => {});
  }
}

/**
 * Reads `source` to its end, keeping at most `cap` bytes: sent through `send` (the chunk that
 * reaches the cap says so), else collected and returned as text.
 */
async function pump(
  source: ReadableStream<Uint8Array>,
  cap: number,
  send: ((bytes: Uint8Array, capReached: boolean) => void) | null,
): Promise<string> {
  const decoder = new TextDecoder();
  let text = "";
  let total = 0;
  let full = false;
  for await (const chunk of source) {
    if (full) continue; // drain, so the process is not blocked on a full pipe
    let piece = chunk;
    if (total + chunk.length >= cap) {
      piece = chunk.subarray(0, cap - total);
      full = total + chunk.length > cap;
    }
    total += piece.length;
    if (send) {
      if (piece.length > 0 || full) send(piece, full);
    } else text += decoder.decode(piece, { stream: true });
  }
  return send ? "" : text + decoder.decode();
}

/** Base64 of `bytes`, a slice at a time (a spread of a whole chunk could overflow the call stack). */
function toBase64(bytes: Uint8Array): string {
  let binary = "";
  for (let i = 0; i < bytes.length; i += 0x4000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x4000));
  return btoa(binary);
}

/** The running process `processId` of this connection, or `-32600`. */
async function sessionOf(processId: string, ctx: MethodContext): Promise<Started> {
  const session = sessions.get(ctx.connection)?.get(processId);
  if (!session) throw invalidRequest(`No running command/exec process "${processId}" on this connection`);
  try {
    return await session.started;
  } catch {
    throw invalidRequest(`Process "${processId}" did not start`);
  }
}

/** Writes to the process's stdin and/or closes it. */
export async function commandExecWrite(params: CommandExecWriteParams, ctx: MethodContext): Promise<EmptyResponse> {
  const session = await sessionOf(params.processId, ctx);
  if (!session.stdin) {
    throw invalidRequest(`Process "${params.processId}" was not started with streamStdin: its stdin cannot be written`);
  }
  if (params.deltaBase64) {
    if (!/^[A-Za-z0-9+/]*={0,2}$/.test(params.deltaBase64)) {
      throw new RpcError(
        RpcCodes.INVALID_PARAMS,
        'Invalid params for "command/exec/write" at "deltaBase64": not base64',
      );
    }
    const bytes = Uint8Array.from(atob(params.deltaBase64), (c) => c.charCodeAt(0));
    try {
      await session.stdin.write(bytes);
    } catch (error) {
      throw invalidRequest(`Cannot write to process "${params.processId}": ${(error as Error).message ?? error}`);
    }
  }
  if (params.closeStdin) await session.stdin.close().catch(() => {});
  return {};
}

/** Kills the process; its `command/exec` then answers with the kill's exit code. */
export async function commandExecTerminate(
  params: CommandExecTerminateParams,
  ctx: MethodContext,
): Promise<EmptyResponse> {
  (await sessionOf(params.processId, ctx)).process.kill();
  return {};
}

/** Changes the size of the process's pty. */
export async function commandExecResize(params: CommandExecResizeParams, ctx: MethodContext): Promise<EmptyResponse> {
  const { process } = await sessionOf(params.processId, ctx);
  if (!process.resize) {
    throw invalidRequest(`Process "${params.processId}" has no pty to resize (it was started without tty)`);
  }
  try {
    await process.resize(params.size);
  } catch (error) {
    throw invalidRequest(`Cannot resize the pty of "${params.processId}": ${(error as Error).message ?? error}`);
  }
  return {};
}
