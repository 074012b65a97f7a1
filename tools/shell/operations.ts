/**
 * @module
 * The shell plugin's seam to the OS: start a process, kill it with everything it started, look at
 * a directory, find the sandbox. `denoShellOperations` is the default; tests swap it (a fake
 * `sandbox()` plays a machine without bubblewrap). Unix children start in a session of their own,
 * so `kill()` SIGKILLs the group (`kill(-pid)`): through the `setsid` program where there is one
 * (Deno's `detached` forks the whole runtime, about 4 ms a spawn; `setsid` keeps `posix_spawn`),
 * else `detached`. Trade-off: Ctrl+C no longer reaches them, so Tern kills them on interrupt and
 * on `onClose`. On Linux they also get `PR_SET_PDEATHSIG` (`setpriv --pdeathsig KILL`), so they die
 * with Tern even when it is killed (`launcher()`). Bubblewrap spawns skip both: its PID namespace
 * dies with bwrap, which has `--die-with-parent`. A request with
 * `confine` (Landlock, seccomp) starts from a worker thread that confines itself first
 * (`lib/sandbox/confined_spawn.ts`).
 */
import type { SandboxPolicy } from "../../kernel/mod.ts";
import {
  type AvailableSandbox,
  describeSandbox,
  detectSandbox,
  findOnPath,
  sandboxCommand,
  type SandboxedCommand,
  type SandboxSupport,
  sandboxWarning,
  spawnConfined,
} from "../../lib/sandbox/mod.ts";

/** A process to start. */
export interface SpawnRequest {
  /** Program to run, e.g. `/bin/bash`. */
  program: string;
  args: string[];
  /** Absolute working directory. */
  cwd: string;
  /** Variables added to the inherited environment. */
  env?: Record<string, string>;
  /** `piped` gives the process a stdin to write to (unified exec). @default "null" */
  stdin?: "null" | "piped";
  /**
   * Start the process in a session (and process group) of its own, so `kill()` reaches what it
   * started. Off for bubblewrap, whose PID namespace does that job. @default true
   */
  ownSession?: boolean;
  /** Confinement the starting thread applies first (Linux sandboxes; see `lib/sandbox`). */
  confine?: SandboxedCommand["confine"];
}

/** How a process ended. `code` is 128 + the signal number when a signal killed it. */
export interface ProcessExit {
  code: number;
  signal: string | null;
}

/** A started process with piped output. */
export interface RunningProcess {
  pid: number;
  /** The process's stdin when it was spawned with `stdin: "piped"`, else null. */
  stdin: WritableStream<Uint8Array> | null;
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
  /** Starts a process; rejects when it cannot be started (program or directory missing, confinement failed). */
  spawn(request: SpawnRequest): Promise<RunningProcess>;
  /** Reports whether `path` is a directory, something else, or absent. */
  pathKind(path: string): Promise<PathKind>;
  /** The sandbox `spawn()` requests can be wrapped in (looked up once, then cached). */
  sandbox(): Promise<SandboxSupport>;
}

const isWindows = Deno.build.os === "windows";
let setsidPath: string | null | undefined;
let pdeathsigPrefix: Promise<string[]> | undefined;

/**
 * How to start `request` so that it dies with Tern and a kill reaches what it started: in a
 * session of its own (through `setsid`, else `detached`), and on Linux with `PR_SET_PDEATHSIG`
 * set to SIGKILL (through util-linux's `setpriv --pdeathsig`, where there is one that knows it), so
 * the kernel kills it when Tern dies, even by SIGKILL. Deno cannot run code between fork and exec,
 * so a program must set it; `setsid` and `setpriv` each exec in place (no extra process). The
 * signal is tied to the thread that spawned the command: Deno spawns on the calling JS thread (the
 * main thread, or the confinement worker that stays until its commands end), not a pool thread.
 */
async function launcher(request: SpawnRequest): Promise<{ program: string; args: string[]; detached: boolean }> {
  const { program, args } = request;
  if (isWindows || request.ownSession === false) return { program, args, detached: false };
  setsidPath ??= Deno.build.os === "linux" ? findOnPath("setsid") ?? null : null;
  const prefix = await findPdeathsig();
  // setsid would report a missing program as its own failure (exit code 1): fail the spawn instead.
  const resolved = program.includes("/") ? program : findOnPath(program);
  const wrapped = setsidPath || prefix.length > 0;
  if (wrapped && (!resolved || !isFile(resolved))) {
    throw new Deno.errors.NotFound(`No such file or directory (os error 2)`);
  }
  const inner = prefix.length > 0 ? [...prefix, resolved!, ...args] : [program, ...args];
  if (!setsidPath) return { program: inner[0], args: inner.slice(1), detached: true };
  return { program: setsidPath, args: inner, detached: false };
}

/**
 * `setpriv --pdeathsig KILL --` when this machine's setpriv knows the option (util-linux 2.33+),
 * else nothing; found once (a trial run, ~10 ms, which the shell plugin starts with the first turn).
 */
export function findPdeathsig(): Promise<string[]> {
  return pdeathsigPrefix ??= (async () => {
    const setpriv = Deno.build.os === "linux" ? findOnPath("setpriv") : undefined;
    if (!setpriv) return [];
    try {
      const probe = await new Deno.Command(setpriv, {
        args: ["--pdeathsig", "KILL", "--", setpriv, "--help"],
        stdin: "null",
        stdout: "null",
        stderr: "null",
      }).output();
      return probe.success ? [setpriv, "--pdeathsig", "KILL", "--"] : [];
    } catch {
      return [];
    }
  })();
}

function isFile(path: string): boolean {
  try {
    return Deno.statSync(path).isFile;
  } catch {
    return false;
  }
}

/** The default operations: `Deno.Command` and `Deno.stat`. */
export const denoShellOperations: ShellOperations = {
  async spawn(request) {
    const { program, args, detached } = await launcher(request);
    if (request.confine) {
      if (detached) throw new Error("Cannot confine the command: the setsid program is missing");
      const { landlock, seccomp, killGroupOnExit } = request.confine;
      return await spawnConfined({
        program,
        args,
        cwd: request.cwd,
        env: request.env,
        stdin: request.stdin,
        landlock,
        seccomp,
        killGroupOnExit,
      });
    }
    const child = new Deno.Command(program, {
      args,
      cwd: request.cwd,
      env: request.env,
      stdin: request.stdin ?? "null",
      stdout: "piped",
      stderr: "piped",
      detached,
    }).spawn();
    let exited = false;
    const status = child.status.then((s) => {
      exited = true;
      return { code: s.code, signal: s.signal };
    });
    return {
      pid: child.pid,
      stdin: request.stdin === "piped" ? child.stdin : null,
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
  sandbox: () => detectSandbox(),
};

/** Where `warnWithoutSandbox()` reports. */
export interface SandboxReporters {
  /** Called once when there is no sandbox, with the warning and what is missing. */
  warn(message: string, support: Extract<SandboxSupport, { kind: "none" }>): void;
  /** Names the backend (`--debug`). @default nothing */
  log?(message: string): void;
}

/**
 * Wraps operations so the sandbox is looked up once, the backend is named through `log`, and a
 * missing one is reported through `warn` that one time (with what the user can do about it).
 */
export function warnWithoutSandbox(base: ShellOperations, reporters: SandboxReporters): ShellOperations {
  let detection: Promise<SandboxSupport> | undefined;
  return {
    ...base,
    sandbox() {
      return detection ??= base.sandbox().then((support) => {
        reporters.log?.(`sandbox: ${describeSandbox(support)}`);
        const warning = sandboxWarning(support);
        if (warning && support.kind === "none") reporters.warn(warning, support);
        return support;
      });
    },
  };
}

/** Rewrites a spawn request to run under `policy` in `support` (see `lib/sandbox`). */
export function sandboxSpawn(request: SpawnRequest, policy: SandboxPolicy, support: AvailableSandbox): SpawnRequest {
  return { ...request, ...sandboxCommand(request, policy, support) };
}
