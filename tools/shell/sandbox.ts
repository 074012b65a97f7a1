/**
 * @module
 * Sandboxing on Linux with bubblewrap. `detectSandbox()` finds `bwrap` on PATH and proves it works
 * with a trial run (cached for the process). `sandboxSpawn()` rewrites a spawn request so the
 * command runs under a `SandboxPolicy`: the filesystem read-only, the writable roots bound back
 * read-write, `.git` and `.tern` inside them read-only again, no network unless the policy allows
 * it. Which calls run sandboxed is decided elsewhere (`approval_policy.ts`).
 *
 * Kill semantics: `--unshare-pid` makes the command's first process the init of its own PID
 * namespace and `--die-with-parent` ties it to bwrap, so killing bwrap takes every process in the
 * sandbox with it, even though `--new-session` puts the command in a session of its own (which
 * keeps it from reaching a terminal with `TIOCSTI`). bwrap itself needs no session of its own.
 */
import type { SandboxPolicy } from "../../kernel/mod.ts";
import type { SpawnRequest } from "./operations.ts";

/** What sandbox this machine offers. */
export type SandboxSupport =
  | { kind: "bwrap"; path: string; mountProc: boolean }
  | { kind: "none"; reason: string };

/** Entries of a writable root that stay read-only, as in Codex (`.codex` there, `.tern` here). */
export const PROTECTED_NAMES = [".git", ".tern"];

/** How long the trial run may take before bubblewrap is taken as unusable. */
const TRIAL_TIMEOUT_MS = 5_000;

let detected: Promise<SandboxSupport> | undefined;

/**
 * Finds a working bubblewrap, once per process.
 *
 * @example
 * ```ts
 * const support = await detectSandbox();
 * if (support.kind === "none") console.warn(support.reason);
 * ```
 */
export function detectSandbox(): Promise<SandboxSupport> {
  return detected ??= probe();
}

async function probe(): Promise<SandboxSupport> {
  if (Deno.build.os !== "linux") {
    return { kind: "none", reason: `Tern has no sandbox for ${Deno.build.os} yet (only Linux with bubblewrap)` };
  }
  const path = findOnPath("bwrap");
  if (!path) return { kind: "none", reason: "bubblewrap (bwrap) is not installed" };
  let failure = "";
  // Some containers refuse a fresh /proc even with a PID namespace; Codex retries without it.
  for (const mountProc of [true, false]) {
    const args = bwrapArgs({ mode: "read-only", writableRoots: [], networkAccess: false }, ["true"], {
      cwd: "/",
      mountProc,
    });
    try {
      const out = await new Deno.Command(path, {
        args,
        stdin: "null",
        stdout: "null",
        stderr: "piped",
        signal: AbortSignal.timeout(TRIAL_TIMEOUT_MS),
      }).output();
      if (out.success) return { kind: "bwrap", path, mountProc };
      failure = new TextDecoder().decode(out.stderr).trim() || `exit code ${out.code}`;
    } catch (error) {
      failure = error instanceof Error ? error.message : String(error);
    }
  }
  return { kind: "none", reason: `bubblewrap at "${path}" cannot create a sandbox here: ${failure}` };
}

/** Options of `bwrapArgs()`. */
export interface BwrapOptions {
  /** Directory the command starts in (`--chdir`). */
  cwd: string;
  /** Mount a fresh `/proc` in the PID namespace. @default true */
  mountProc?: boolean;
}

/**
 * The bubblewrap arguments that run `command` under `policy` (everything after `bwrap`).
 *
 * @example
 * ```ts
 * bwrapArgs({ mode: "read-only", writableRoots: [], networkAccess: false }, ["ls"], { cwd: "/src" });
 * // ["--new-session", "--die-with-parent", "--ro-bind", "/", "/", "--dev", "/dev", "--unshare-pid",
 * //  "--unshare-net", "--proc", "/proc", "--chdir", "/src", "--", "ls"]
 * ```
 */
export function bwrapArgs(policy: SandboxPolicy, command: string[], options: BwrapOptions): string[] {
  const args = ["--new-session", "--die-with-parent"];
  if (policy.writableRoots.includes("/")) {
    args.push("--bind", "/", "/", "--dev-bind", "/dev", "/dev");
  } else {
    args.push(...filesystemArgs(policy.writableRoots));
  }
  args.push("--unshare-pid");
  if (!policy.networkAccess) args.push("--unshare-net");
  if (options.mountProc ?? true) args.push("--proc", "/proc");
  args.push("--chdir", options.cwd, "--", ...command);
  return args;
}

/**
 * Rewrites a spawn request to run inside bubblewrap under `policy`. A `danger-full-access` policy
 * with network leaves the request as it is.
 */
export function sandboxSpawn(
  request: SpawnRequest,
  policy: SandboxPolicy,
  support: Extract<SandboxSupport, { kind: "bwrap" }>,
): SpawnRequest {
  if (policy.writableRoots.includes("/") && policy.networkAccess) return request;
  return {
    ...request,
    program: support.path,
    args: bwrapArgs(policy, [request.program, ...request.args], { cwd: request.cwd, mountProc: support.mountProc }),
    ownSession: false,
    env: {
      ...request.env,
      TERN_SANDBOX: "bwrap",
      ...(policy.networkAccess ? {} : { TERN_SANDBOX_NETWORK_DISABLED: "1" }),
    },
  };
}

/**
 * Read-only root, a minimal `/dev`, each existing writable root bound read-write (parents first,
 * so a nested root is not hidden), then the protected entries of each root bound read-only again.
 */
function filesystemArgs(writableRoots: string[]): string[] {
  const args = ["--ro-bind", "/", "/", "--dev", "/dev"];
  const roots = [...new Set(writableRoots.flatMap((root) => realDirectory(root) ?? []))]
    .sort((a, b) => a.length - b.length);
  for (const root of roots) args.push("--bind", root, root);
  const protectedPaths = new Set<string>();
  for (const root of roots) {
    for (const name of PROTECTED_NAMES) {
      for (const path of protectedEntry(`${root === "/" ? "" : root}/${name}`)) {
        if (roots.some((r) => isInside(path, r))) protectedPaths.add(path);
      }
    }
  }
  for (const path of protectedPaths) args.push("--ro-bind", path, path);
  return args;
}

/**
 * The paths to keep read-only for one protected entry: the entry (a directory, or a `.git`
 * pointer file) and, for a pointer file, the git directory it names; a symlink is followed.
 */
function protectedEntry(path: string): string[] {
  let info: Deno.FileInfo;
  try {
    info = Deno.lstatSync(path);
  } catch {
    return [];
  }
  if (info.isSymlink) {
    try {
      return [Deno.realPathSync(path)];
    } catch {
      return []; // a dangling link: nothing to protect behind it
    }
  }
  if (!info.isFile) return [path];
  const paths = [path];
  try {
    const match = Deno.readTextFileSync(path).match(/^gitdir:\s*(.+?)\s*$/m);
    if (match) {
      const dir = match[1].startsWith("/") ? match[1] : `${path.slice(0, path.lastIndexOf("/"))}/${match[1]}`;
      paths.push(Deno.realPathSync(dir));
    }
  } catch {
    // unreadable pointer or missing git directory: protect the file alone
  }
  return paths;
}

function realDirectory(path: string): string | undefined {
  try {
    const real = Deno.realPathSync(path);
    return Deno.statSync(real).isDirectory ? real : undefined;
  } catch {
    return undefined; // bwrap cannot bind what does not exist (an unset TMPDIR, a removed root)
  }
}

function isInside(path: string, root: string): boolean {
  return root === "/" || path === root || path.startsWith(root + "/");
}

/** The first executable named `name` on PATH (then the usual system directories). */
export function findOnPath(name: string): string | undefined {
  let pathEnv = "";
  try {
    pathEnv = Deno.env.get("PATH") ?? "";
  } catch {
    // no env permission: the system directories below still apply
  }
  const dirs = [...pathEnv.split(":").filter((d) => d.startsWith("/")), "/usr/bin", "/bin", "/usr/local/bin"];
  for (const dir of dirs) {
    try {
      const info = Deno.statSync(`${dir}/${name}`);
      if (info.isFile && ((info.mode ?? 0o111) & 0o111) !== 0) return `${dir}/${name}`;
    } catch {
      // not here
    }
  }
  return undefined;
}
