/**
 * @module
 * The contract between the plugin that starts commands (`builtin:shell`, which provides the
 * service) and the app-server's `command/exec`, which runs a client's process outside any turn.
 * Plugins do not import each other; they meet here. The service starts the process in the sandbox
 * the request names, the same way the shell tool does, and fails closed: a sandboxed request on a
 * machine without a sandbox is refused, never run unsandboxed.
 */
import type { SandboxPolicy } from "../../kernel/mod.ts";

/** The name of the service (`runtime.service(COMMAND_EXEC_SERVICE)`). */
export const COMMAND_EXEC_SERVICE = "command-exec";

/** One process to start. */
export interface ExecRequest {
  /** The program and its arguments (not a shell line). */
  argv: string[];
  /** Absolute, existing working directory. */
  cwd: string;
  /** Variables set (a string) or removed (null) in the inherited environment. */
  env: Record<string, string | null>;
  /** The sandbox to run in (`danger-full-access`: none). */
  sandbox: SandboxPolicy;
  /** Give the process a stdin the caller writes to; else it reads nothing. */
  stdin: boolean;
  /** Run it on a pty of this size (its output then all comes on `stdout`, its stdin is piped). */
  tty?: { rows: number; cols: number } | null;
}

/** A started process, as `command/exec` drives it. */
export interface ExecProcess {
  /** Present when the request asked for stdin. */
  stdin: WritableStream<Uint8Array> | null;
  output: { stdout: ReadableStream<Uint8Array>; stderr: ReadableStream<Uint8Array> };
  /** The exit code (128 + the signal number when a signal killed it). */
  exitCode: Promise<number>;
  /** Kills the process and what it started. Safe to call twice and after exit. */
  kill(): void;
  /** Present on a pty: changes its size. */
  resize?(size: { rows: number; cols: number }): Promise<void>;
}

/** Starts processes for `command/exec`. */
export interface CommandExecService {
  /** Starts `request`; rejects with a message saying why when it cannot (no sandbox, no program). */
  start(request: ExecRequest): Promise<ExecProcess>;
}
