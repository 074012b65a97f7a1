/**
 * @module
 * Which sandbox this machine offers, found once per process and per choice. The strongest that
 * works wins: on Linux, bubblewrap (mount, PID and network namespaces) with Tern's seccomp filter
 * when `bwrap` is installed and works, else Landlock + seccomp (no binary needed: Linux 5.13 and
 * later); on macOS, Seatbelt (`/usr/bin/sandbox-exec`). bubblewrap and Seatbelt are proved with a
 * trial run before they are chosen; Landlock by asking the kernel for its ABI. When none works the
 * answer says what is missing on this machine and what the
 * user can do, for the warning, `tern doctor` and app-server clients alike.
 *
 * `TERN_SANDBOX_BACKEND` (`auto`, `bwrap`, `landlock`, `seatbelt`, `none`) forces one backend, for
 * tests and for users who want to compare; a forced backend that does not work is reported as none.
 */
import { bwrapArgs } from "./bwrap.ts";
import { MIN_LANDLOCK_ABI } from "./landlock.ts";
import { findOnPath } from "./protected_paths.ts";
import { currentSeccompArch } from "./seccomp.ts";
import { SANDBOX_EXEC, seatbeltArgs } from "./seatbelt.ts";

/** What sandbox this machine offers. */
export type SandboxSupport =
  | {
    kind: "bwrap";
    path: string;
    /** Mount a fresh `/proc` (some containers refuse it). */
    mountProc: boolean;
    /** Tern's seccomp filter runs under bwrap (false where no_new_privs breaks a setuid bwrap). */
    seccomp: boolean;
  }
  | { kind: "landlock"; abi: number }
  | { kind: "seatbelt"; path: string }
  | {
    kind: "none";
    /** What is missing on this machine. */
    reason: string;
    /** What the user can do about it. */
    advice: string;
  };

/** A backend that can run commands. */
export type AvailableSandbox = Exclude<SandboxSupport, { kind: "none" }>;

/** The backends a user can force with `TERN_SANDBOX_BACKEND`. */
export const SANDBOX_BACKENDS = ["auto", "bwrap", "landlock", "seatbelt", "none"] as const;
export type SandboxBackendChoice = typeof SANDBOX_BACKENDS[number];

const TRIAL_TIMEOUT_MS = 5_000;
const cache = new Map<SandboxBackendChoice, Promise<SandboxSupport>>();

/** The backend choice from `TERN_SANDBOX_BACKEND` (default `auto`); throws on an unknown value. */
export function backendChoice(): SandboxBackendChoice {
  let value: string | undefined;
  try {
    value = Deno.env.get("TERN_SANDBOX_BACKEND");
  } catch {
    value = undefined; // no env permission: auto
  }
  if (!value) return "auto";
  if (!(SANDBOX_BACKENDS as readonly string[]).includes(value)) {
    throw new TypeError(
      `Cannot choose sandbox backend "${value}" from TERN_SANDBOX_BACKEND: expected one of ${
        SANDBOX_BACKENDS.join(", ")
      }`,
    );
  }
  return value as SandboxBackendChoice;
}

/**
 * Finds the sandbox to use, once per process and choice.
 *
 * @example
 * ```ts
 * const support = await detectSandbox();
 * if (support.kind === "none") console.warn(`${support.reason}. ${support.advice}`);
 * ```
 */
export function detectSandbox(choice?: SandboxBackendChoice): Promise<SandboxSupport> {
  try {
    choice ??= backendChoice();
  } catch (error) {
    // A mistyped TERN_SANDBOX_BACKEND fails closed: no sandbox, and the message says why.
    return Promise.resolve({ kind: "none", reason: message(error), advice: UNSET_CHOICE });
  }
  let found = cache.get(choice);
  if (!found) cache.set(choice, found = probe(choice));
  return found;
}

async function probe(choice: SandboxBackendChoice): Promise<SandboxSupport> {
  if (choice === "none") {
    return { kind: "none", reason: "TERN_SANDBOX_BACKEND=none turns the sandbox off", advice: UNSET_CHOICE };
  }
  const os = Deno.build.os;
  if (os === "darwin") {
    if (choice !== "auto" && choice !== "seatbelt") return notOnThisOs(choice);
    if (!isExecutable(SANDBOX_EXEC)) {
      return {
        kind: "none",
        reason: `macOS Seatbelt's ${SANDBOX_EXEC} is missing`,
        advice: 'Restore it (it ships with macOS), or choose the "danger-full-access" sandbox mode',
      };
    }
    // A profile this macOS refuses would fail every command: prove it once, and fail closed.
    const args = seatbeltArgs({ writableRoots: [], readOnlyPaths: [], networkAccess: false }, ["/usr/bin/true"]);
    const failure = await plainTrial(SANDBOX_EXEC, args);
    if (!failure) return { kind: "seatbelt", path: SANDBOX_EXEC };
    return {
      kind: "none",
      reason: `Seatbelt refused Tern's sandbox profile: ${failure}`,
      advice: 'Report this with your macOS version; meanwhile choose the "danger-full-access" sandbox mode',
    };
  }
  if (os !== "linux") {
    return {
      kind: "none",
      reason: `Tern has no sandbox for ${os} (it has Landlock or bubblewrap on Linux, Seatbelt on macOS)`,
      advice: 'Run Tern under WSL2 or on Linux or macOS, or choose the "danger-full-access" sandbox mode',
    };
  }
  if (choice === "seatbelt") return notOnThisOs(choice);
  const landlock = choice === "bwrap" ? undefined : probeLandlock();
  const bwrap = choice === "landlock" ? undefined : await probeBwrap();
  // bwrap without Tern's filter (setuid) leaves host Unix sockets reachable: Landlock + seccomp is stronger then.
  if (bwrap?.kind === "bwrap" && (bwrap.seccomp || landlock?.kind !== "landlock")) return bwrap;
  if (landlock?.kind === "landlock") return landlock;
  if (bwrap?.kind === "bwrap") return bwrap;
  const reasons = [landlock, bwrap].flatMap((r) => r?.kind === "none" ? [r.reason] : []);
  return {
    kind: "none",
    reason: reasons.join("; "),
    advice: choice === "auto"
      ? 'Install bubblewrap (e.g. "apt-get install bubblewrap" or "dnf install bubblewrap"), or run a kernel ' +
        'with Landlock (Linux 5.13+, "landlock" in the lsm= boot list), or choose the "danger-full-access" sandbox mode'
      : UNSET_CHOICE,
  };
}

const UNSET_CHOICE = "Unset TERN_SANDBOX_BACKEND to let Tern pick the sandbox that works here";

function notOnThisOs(choice: SandboxBackendChoice): SandboxSupport {
  return {
    kind: "none",
    reason: `TERN_SANDBOX_BACKEND=${choice} is not available on ${Deno.build.os}`,
    advice: UNSET_CHOICE,
  };
}

/**
 * Landlock's ABI and seccomp's presence, asked of the kernel (no trial command: that would cost a
 * worker thread, ~25 MiB, in every run). The first confined command is the proof: a step that
 * fails there refuses that command, naming the step, and runs nothing.
 */
function probeLandlock(): SandboxSupport {
  if (!currentSeccompArch()) {
    return { kind: "none", reason: `Landlock: Tern's seccomp filter does not know ${Deno.build.arch}`, advice: "" };
  }
  let abi: number;
  let seccomp: number;
  try {
    const lib = openLibc();
    try {
      abi = Number(lib.symbols.syscall(444n, 0n, 0n, 1n)); // landlock_create_ruleset(NULL, 0, VERSION)
      seccomp = lib.symbols.prctl(21, 0n, 0n, 0n, 0n); // PR_GET_SECCOMP
    } finally {
      lib.close();
    }
  } catch (error) {
    return { kind: "none", reason: `Landlock: cannot call into libc (${message(error)})`, advice: "" };
  }
  if (abi < MIN_LANDLOCK_ABI) {
    return {
      kind: "none",
      reason: `Landlock is not available in this kernel (Linux ${kernelRelease()}: needs 5.13+ with Landlock enabled)`,
      advice: "",
    };
  }
  if (seccomp < 0) return { kind: "none", reason: "seccomp is not available in this kernel", advice: "" };
  return { kind: "landlock", abi };
}

/**
 * A bubblewrap that works here, proved with a trial run. Tern's seccomp filter goes with it unless
 * bwrap is setuid-root: no_new_privs, which the filter needs, would take its privileges away.
 */
async function probeBwrap(): Promise<SandboxSupport> {
  const path = findOnPath("bwrap");
  if (!path) return { kind: "none", reason: "bubblewrap (bwrap) is not installed", advice: "" };
  const seccomp = currentSeccompArch() !== undefined && !isSetuid(path);
  let failure = "";
  // Some containers refuse a fresh /proc even with a PID namespace; Codex retries without it.
  for (const mountProc of [true, false]) {
    const args = bwrapArgs({ writableRoots: [], readOnlyPaths: [] }, ["true"], {
      cwd: "/",
      mountProc,
      networkAccess: false,
    });
    failure = await plainTrial(path, args) ?? "";
    if (!failure) return { kind: "bwrap", path, mountProc, seccomp };
  }
  return { kind: "none", reason: `bubblewrap at "${path}" cannot create a sandbox here: ${failure}`, advice: "" };
}

function isSetuid(path: string): boolean {
  try {
    return ((Deno.statSync(path).mode ?? 0) & 0o4000) !== 0;
  } catch {
    return false;
  }
}

async function plainTrial(program: string, args: string[]): Promise<string | undefined> {
  try {
    const out = await new Deno.Command(program, {
      args,
      stdin: "null",
      stdout: "null",
      stderr: "piped",
      signal: AbortSignal.timeout(TRIAL_TIMEOUT_MS),
    }).output();
    return out.success ? undefined : new TextDecoder().decode(out.stderr).trim() || `exit code ${out.code}`;
  } catch (error) {
    return message(error);
  }
}

function openLibc() {
  const symbols = {
    syscall: { parameters: ["i64", "i64", "i64", "i64"], result: "i64" },
    prctl: { parameters: ["i32", "u64", "u64", "u64", "u64"], result: "i32" },
  } as const;
  try {
    return Deno.dlopen("libc.so.6", symbols);
  } catch {
    return Deno.dlopen("libc.so", symbols);
  }
}

function kernelRelease(): string {
  try {
    return Deno.osRelease();
  } catch {
    return "unknown";
  }
}

function isExecutable(path: string): boolean {
  try {
    return Deno.statSync(path).isFile;
  } catch {
    return false;
  }
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
