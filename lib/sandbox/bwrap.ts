/**
 * @module
 * The bubblewrap backend's arguments: the filesystem read-only, each writable root bound back
 * read-write (parents first, so a nested root is not hidden), the read-only paths inside them bound
 * read-only again, a PID namespace, and a network namespace unless the policy allows network.
 *
 * Kill semantics: `--unshare-pid` makes the command's first process the init of its own PID
 * namespace and `--die-with-parent` ties it to bwrap, so killing bwrap takes every process in the
 * sandbox with it, even though `--new-session` puts the command in a session of its own (which
 * keeps it from reaching a terminal with `TIOCSTI`). bwrap itself needs no session of its own.
 * Unix sockets of host services stay visible through the read-only bind of `/`: the seccomp filter
 * that `confine_worker.ts` applies before bwrap starts closes them (`seccomp.ts`).
 */
import type { ResolvedPaths } from "./protected_paths.ts";

/** Options of `bwrapArgs()`. */
export interface BwrapOptions {
  /** Directory the command starts in (`--chdir`). */
  cwd: string;
  /** Let the command use the network. */
  networkAccess: boolean;
  /** Mount a fresh `/proc` in the PID namespace (some containers refuse it). @default true */
  mountProc?: boolean;
}

/**
 * The bubblewrap arguments that run `command` with `paths` (everything after `bwrap`).
 *
 * @example
 * ```ts
 * bwrapArgs({ writableRoots: [], readOnlyPaths: [] }, ["ls"], { cwd: "/src", networkAccess: false });
 * // ["--new-session", "--die-with-parent", "--ro-bind", "/", "/", "--dev", "/dev", "--unshare-pid",
 * //  "--unshare-net", "--proc", "/proc", "--chdir", "/src", "--", "ls"]
 * ```
 */
export function bwrapArgs(paths: ResolvedPaths, command: string[], options: BwrapOptions): string[] {
  const args = ["--new-session", "--die-with-parent"];
  if (paths.writableRoots.includes("/")) {
    args.push("--bind", "/", "/", "--dev-bind", "/dev", "/dev");
  } else {
    args.push("--ro-bind", "/", "/", "--dev", "/dev");
    for (const root of paths.writableRoots) args.push("--bind", root, root);
  }
  for (const path of paths.readOnlyPaths) args.push("--ro-bind", path, path);
  args.push("--unshare-pid");
  if (!options.networkAccess) args.push("--unshare-net");
  if (options.mountProc ?? true) args.push("--proc", "/proc");
  args.push("--chdir", options.cwd, "--", ...command);
  return args;
}
