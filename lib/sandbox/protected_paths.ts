/**
 * @module
 * What a sandbox policy means on this machine's filesystem, for every backend alike: the writable
 * roots that exist (real paths, parents first) and the paths inside them that stay read-only. Those
 * are each root's `.git` and `.tern` (as Codex keeps `.git` and `.codex`), the git directory a `.git`
 * pointer file names (a worktree's), and the policy's read-only paths: Tern's home (`$TERN_HOME`),
 * whose hooks and config run unsandboxed in the next session, so a command must never plant them,
 * whatever the writable roots. The kernel's `canWrite()` applies the same rule to every other
 * write path (apply_patch); this module resolves it on disk for the command sandboxes.
 */

import { PROTECTED_NAMES } from "../../kernel/mod.ts";

/** The filesystem side of a policy, resolved. */
export interface ResolvedPaths {
  /** Existing writable directories, real paths, shortest first (`["/"]` for the whole disk). */
  writableRoots: string[];
  /** Existing paths inside the writable roots that stay read-only, real paths. */
  readOnlyPaths: string[];
}

/**
 * Resolves the writable roots of a policy and the read-only paths inside them.
 *
 * @example
 * ```ts
 * resolvePaths(["/work/repo", "/tmp"], { readOnlyPaths: ["/home/me/.tern"] });
 * // { writableRoots: ["/tmp", "/work/repo"], readOnlyPaths: ["/work/repo/.git"] }
 * ```
 */
export function resolvePaths(writableRoots: string[], options: { readOnlyPaths?: string[] } = {}): ResolvedPaths {
  const roots = [...new Set(writableRoots.flatMap((root) => realDirectory(root) ?? []))]
    .sort((a, b) => a.length - b.length);
  const candidates = new Set<string>();
  for (const root of roots) {
    for (const name of PROTECTED_NAMES) {
      for (const path of protectedEntry(`${root === "/" ? "" : root}/${name}`)) candidates.add(path);
    }
  }
  for (const path of options.readOnlyPaths ?? []) {
    const real = realPath(path);
    if (real) candidates.add(real);
  }
  const readOnlyPaths = [...candidates].filter((path) => roots.some((root) => isInside(path, root))).sort();
  return { writableRoots: roots, readOnlyPaths };
}

/** True when `path` is `root` or lies beneath it. */
export function isInside(path: string, root: string): boolean {
  return root === "/" || path === root || path.startsWith(root + "/");
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
  if (info.isSymlink) return realPath(path) ? [realPath(path)!] : []; // a dangling link protects nothing
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

function realPath(path: string): string | undefined {
  try {
    return Deno.realPathSync(path);
  } catch {
    return undefined;
  }
}

function realDirectory(path: string): string | undefined {
  const real = realPath(path);
  try {
    return real && Deno.statSync(real).isDirectory ? real : undefined;
  } catch {
    return undefined; // a root that does not exist cannot be written to anyway
  }
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
