/**
 * @module
 * The shell plugin's seam to the OS: start a process, kill it with everything it started, look at
 * a directory. `denoShellOperations` is the default; tests and the later sandbox layer swap it.
 * Unix children are spawned `detached` (`setsid`), so `kill()` SIGKILLs the group (`kill(-pid)`).
 * Trade-off: Ctrl+C no longer reaches them, so Tern kills them on interrupt and on `onClose`.
 */

/** A process to start. */
export interface SpawnRequest {
  /** Program to run, e.g. `/bin/bash`. */
  program: string;
  args: string[];
  /** Absolute working directory. */
  cwd: string;
  /** Variables added to the inherited environment. */
  env?: Record<string, string>;
}

/** How a process ended. `code` is 128 + the signal number when a signal killed it. */
export interface ProcessExit {
  code: number;
  signal: string | null;
}

/** A started process with piped output and no stdin. */
export interface RunningProcess {
  pid: number;
  stdout: ReadableStream<Uint8Array>;
  stderr: ReadableStream<Uint8Array>;
  status: Promise<ProcessExit>;
  /** Kills the process and the processes it started. Safe to call twice and after exit. */
  kill(): void;
}

/** What a working directory turned out to be. */
export type PathKind = "directory" | "other" | "missing";

/** Everything the shell tool does to the outside world. */
export interface ShellOperations {
  /** Starts a process; throws when it cannot be started (program or directory missing). */
  spawn(request: SpawnRequest): RunningProcess;
  /** Reports whether `path` is a directory, something else, or absent. */
  pathKind(path: string): Promise<PathKind>;
}

const isWindows = Deno.build.os === "windows";

/** The default operations: `Deno.Command` and `Deno.stat`. */
export const denoShellOperations: ShellOperations = {
  spawn(request) {
    const child = new Deno.Command(request.program, {
      args: request.args,
      cwd: request.cwd,
      env: request.env,
      stdin: "null",
      stdout: "piped",
      stderr: "piped",
      detached: !isWindows,
    }).spawn();
    let exited = false;
    const status = child.status.then((s) => {
      exited = true;
      return { code: s.code, signal: s.signal };
    });
    return {
      pid: child.pid,
      stdout: child.stdout,
      stderr: child.stderr,
      status,
      kill() {
        if (!isWindows) {
          try {
            Deno.kill(-child.pid, "SIGKILL");
            return;
          } catch {
            // the group is gone or unreachable: fall through to the child itself
          }
        }
        if (exited) return;
        try {
          child.kill("SIGKILL");
        } catch {
          // already exited
        }
      },
    };
  },
  async pathKind(path) {
    try {
      return (await Deno.stat(path)).isDirectory ? "directory" : "other";
    } catch (error) {
      if (error instanceof Deno.errors.NotFound) return "missing";
      return "other";
    }
  },
};
