/**
 * @module
 * Runs one command hook: `$SHELL -c <command>` (`cmd.exe /C` on Windows) in the thread's working
 * directory, the input JSON on stdin, stdout and stderr captured. The process gets its own
 * process group (Unix), so a timeout, an interrupt or runaway output kills it with everything it
 * started. Once the hook's own process exits, its output is read for at most `OUTPUT_DRAIN_MS` more
 * (a background child may hold the pipes open), then whatever it left running is killed: the hook's
 * exit code and what it wrote by then are its result. A child that left the process group cannot
 * hold a hook past its timeout (plus that drain) either: reading stops. Never throws: a hook that cannot start, hangs or floods its
 * output comes back as a `RunResult` with `error` set.
 */
import { startTimer, waitAtMost } from "../kernel/mod.ts";

/** What running one hook produced. Times are epoch milliseconds. */
export interface RunResult {
  startedAt: number;
  completedAt: number;
  durationMs: number;
  /** The exit code (0 for in-process hooks), or null when the hook did not exit by itself. */
  exitCode: number | null;
  stdout: string;
  stderr: string;
  /** Why the hook did not run to completion (spawn failure, timeout, interrupt, crash). */
  error: string | null;
  /** In-process hooks: the value the handler returned. */
  value?: unknown;
}

/** Options for `runCommand()`. */
export interface CommandRunOptions {
  cwd: string;
  /** Variables added to the inherited environment. */
  env: Record<string, string>;
  /** Written to the hook's stdin, which is then closed. */
  stdin: string;
  timeoutSec: number;
  /** Aborting it kills the hook (the turn was interrupted). */
  signal?: AbortSignal;
  /** The shell and its flag. @default [$SHELL or /bin/sh, "-c"] */
  shell?: string[];
}

/** The most a hook may write to stdout or stderr before it is killed. */
export const MAX_OUTPUT_BYTES = 4 * 1024 * 1024;
/** How long a killed hook's output may keep arriving (from leftover pipe holders). */
const KILLED_OUTPUT_GRACE_MS = 200;
/** How long an exited hook's output may keep arriving before what it left running is killed. */
const OUTPUT_DRAIN_MS = 1_000;
const isWindows = Deno.build.os === "windows";

let setsidPath: string | null | undefined;

/**
 * How to start a hook in a process group of its own (so a timeout kills its children too):
 * through the `setsid` program on Linux, which keeps Deno's fast spawn path and lets several
 * hooks start at once; else Deno's `detached`, which forks the runtime and serialises spawns
 * (eight hooks then cost several times one spawn; see `bench/hooks_overhead.ts`).
 */
function ownSession(program: string, args: string[]): { program: string; args: string[]; detached: boolean } {
  if (isWindows) return { program, args, detached: false };
  setsidPath ??= Deno.build.os === "linux" ? findOnPath("setsid") : null;
  // setsid would report a missing program as its own exit code: let the spawn fail instead.
  const resolved = program.includes("/") ? (isFile(program) ? program : null) : findOnPath(program);
  if (!setsidPath || !resolved) return { program, args, detached: true };
  return { program: setsidPath, args: [resolved, ...args], detached: false };
}

function findOnPath(name: string): string | null {
  for (const dir of (Deno.env.get("PATH") ?? "/usr/bin:/bin").split(":")) {
    if (dir && isFile(`${dir}/${name}`)) return `${dir}/${name}`;
  }
  return null;
}

function isFile(path: string): boolean {
  try {
    return Deno.statSync(path).isFile;
  } catch {
    return false;
  }
}

/** The shell command hooks run in: `$SHELL -c`, falling back to `/bin/sh -c` (`cmd.exe /C` on Windows). */
export function defaultShell(): string[] {
  if (isWindows) return [Deno.env.get("COMSPEC") ?? "cmd.exe", "/C"];
  return [Deno.env.get("SHELL") || "/bin/sh", "-c"];
}

/**
 * Runs `command` and collects its result.
 *
 * @example
 * ```ts
 * const result = await runCommand("cat", { cwd: "/tmp", env: {}, stdin: "{}", timeoutSec: 5 });
 * result.stdout; // "{}"
 * ```
 */
export async function runCommand(command: string, options: CommandRunOptions): Promise<RunResult> {
  const startedAt = Date.now();
  const started = performance.now();
  const done = (fields: Pick<RunResult, "exitCode" | "stdout" | "stderr" | "error">): RunResult => ({
    startedAt,
    completedAt: Date.now(),
    durationMs: Math.round(performance.now() - started),
    ...fields,
  });
  if (options.signal?.aborted) return done({ exitCode: null, stdout: "", stderr: "", error: cancelled() });
  const [program, ...flags] = options.shell ?? defaultShell();
  let child: Deno.ChildProcess;
  try {
    const session = ownSession(program, [...flags, command]);
    child = new Deno.Command(session.program, {
      args: session.args,
      cwd: options.cwd,
      env: options.env,
      stdin: "piped",
      stdout: "piped",
      stderr: "piped",
      detached: session.detached,
    }).spawn();
  } catch (error) {
    return done({ exitCode: null, stdout: "", stderr: "", error: `cannot start hook: ${(error as Error).message}` });
  }

  let stopReason: string | null = null;
  let stopped!: () => void;
  const whenStopped = new Promise<void>((resolve) => stopped = resolve);
  const kill = (reason: string) => {
    if (stopReason !== null) return;
    stopReason = reason;
    killTree(child);
    stopped();
  };
  const cancelTimer = startTimer(options.timeoutSec * 1000, () => kill(`hook timed out after ${options.timeoutSec}s`));
  const onAbort = () => kill(cancelled());
  options.signal?.addEventListener("abort", onAbort, { once: true });

  // A hook that does not read its stdin is fine: ignore a closed pipe.
  const writer = child.stdin.getWriter();
  writer.write(new TextEncoder().encode(options.stdin)).then(() => writer.close()).catch(() => {});

  const stdout = collect(child.stdout, () => kill(`hook wrote more than ${MAX_OUTPUT_BYTES} bytes to stdout`));
  const stderr = collect(child.stderr, () => kill(`hook wrote more than ${MAX_OUTPUT_BYTES} bytes to stderr`));
  try {
    const status = await child.status;
    const texts = Promise.all([stdout.text, stderr.text]);
    let output: string[] | undefined;
    if (stopReason === null) {
      // It exited in time: read on while its background children write, for the drain time at most
      // (an interrupt still stops it), then kill what it left running.
      cancelTimer();
      output = await waitAtMost(Promise.race([texts, whenStopped.then(() => undefined)]), OUTPUT_DRAIN_MS);
      if (output === undefined) killTree(child);
    }
    // Once killed, leftover pipe holders are gone with the group (or left it): do not wait on them for long.
    output ??= await waitAtMost(texts, KILLED_OUTPUT_GRACE_MS);
    if (output === undefined) {
      stdout.cancel();
      stderr.cancel();
      output = await texts;
    }
    if (stopReason !== null) {
      stdout.cancel();
      stderr.cancel();
      return done({ exitCode: null, stdout: output[0], stderr: output[1], error: stopReason });
    }
    if (status.signal) {
      return done({
        exitCode: null,
        stdout: output[0],
        stderr: output[1],
        error: `hook was killed by ${status.signal}`,
      });
    }
    return done({ exitCode: status.code, stdout: output[0], stderr: output[1], error: null });
  } finally {
    cancelTimer();
    options.signal?.removeEventListener("abort", onAbort);
  }
}

function cancelled(): string {
  return "hook was cancelled: the turn was interrupted";
}

function killTree(child: Deno.ChildProcess): void {
  if (!isWindows) {
    try {
      Deno.kill(-child.pid, "SIGKILL");
      return;
    } catch {
      // the group is gone: fall through to the process itself
    }
  }
  try {
    child.kill("SIGKILL");
  } catch {
    // already exited
  }
}

/** Reads a stream to text, calling `overflow` (once) when it passes `MAX_OUTPUT_BYTES`. */
function collect(stream: ReadableStream<Uint8Array>, overflow: () => void) {
  const reader = stream.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  const text = (async () => {
    try {
      while (true) {
        const { done, value } = await reader.read();
        if (done) break;
        if (size >= MAX_OUTPUT_BYTES) continue;
        chunks.push(value);
        size += value.length;
        if (size >= MAX_OUTPUT_BYTES) overflow();
      }
    } catch {
      // cancelled or broken pipe: keep what arrived
    }
    const all = new Uint8Array(size);
    let offset = 0;
    for (const chunk of chunks) {
      all.set(chunk, offset);
      offset += chunk.length;
    }
    return new TextDecoder().decode(all);
  })();
  return { text, cancel: () => void reader.cancel().catch(() => {}) };
}
