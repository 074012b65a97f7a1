/**
 * @module
 * The Landlock backend's plan: which access rights the ruleset handles for this kernel's Landlock
 * ABI, and which paths get which rights. Reading is allowed everywhere (`/`); writing only beneath
 * the writable roots, and to the few devices ordinary shells write to (`/dev/null`, a terminal).
 * Applying the plan is `confine_worker.ts`'s job; this module decides, and is tested as data.
 *
 * Landlock can only grant rights to a path and everything beneath it; it cannot take them back for
 * a subpath. So a writable root that holds a read-only path (its `.git`, `.tern`, or Tern's home) is
 * not granted whole: each of its other entries is (recursively where an entry holds a read-only path
 * deeper down). The cost: in such a directory, existing files and subdirectories are writable but
 * new entries cannot be created, removed or renamed directly in it (EACCES). Bubblewrap, where
 * installed, has no such limit and is preferred (`detect.ts`). See docs/tools.md.
 */
import { isInside, type ResolvedPaths } from "./protected_paths.ts";

/** Filesystem access rights (linux/landlock.h, `LANDLOCK_ACCESS_FS_*`). */
export const FS = {
  EXECUTE: 1n << 0n,
  WRITE_FILE: 1n << 1n,
  READ_FILE: 1n << 2n,
  READ_DIR: 1n << 3n,
  REMOVE_DIR: 1n << 4n,
  REMOVE_FILE: 1n << 5n,
  MAKE_CHAR: 1n << 6n,
  MAKE_DIR: 1n << 7n,
  MAKE_REG: 1n << 8n,
  MAKE_SOCK: 1n << 9n,
  MAKE_FIFO: 1n << 10n,
  MAKE_BLOCK: 1n << 11n,
  MAKE_SYM: 1n << 12n,
  /** ABI 2: link or rename a file into another directory. */
  REFER: 1n << 13n,
  /** ABI 3: truncate a file (`O_TRUNC`, `truncate()`). */
  TRUNCATE: 1n << 14n,
} as const;

/** Network rights (ABI 4, `LANDLOCK_ACCESS_NET_*`). */
const NET_BIND_TCP = 1n << 0n;
const NET_CONNECT_TCP = 1n << 1n;
/** Scopes (ABI 6, `LANDLOCK_SCOPE_*`). */
const SCOPE_ABSTRACT_UNIX_SOCKET = 1n << 0n;
const SCOPE_SIGNAL = 1n << 1n;

/** One rule: `access` granted on `path` and everything beneath it. */
export interface LandlockRule {
  path: string;
  access: bigint;
}

/** Everything `confine_worker.ts` needs to build and apply the ruleset. */
export interface LandlockPlan {
  abi: number;
  handledFs: bigint;
  /** 0 below ABI 4. */
  handledNet: bigint;
  /** 0 below ABI 6. */
  scoped: bigint;
  rules: LandlockRule[];
}

/** The lowest ABI Tern uses: 1 (Linux 5.13). */
export const MIN_LANDLOCK_ABI = 1;

/** Devices a command may write to (opened for writing by everyday shell code). */
const WRITABLE_DEVICES = ["/dev/null", "/dev/zero", "/dev/full", "/dev/tty", "/dev/ptmx", "/dev/pts"];

/** The filesystem rights this ABI knows, all handled (so all denied unless a rule grants them). */
export function handledFsAccess(abi: number): bigint {
  let access = (1n << 13n) - 1n; // ABI 1: EXECUTE .. MAKE_SYM
  if (abi >= 2) access |= FS.REFER;
  if (abi >= 3) access |= FS.TRUNCATE;
  return access;
}

/** The rights that make sense on a file (not a directory) at this ABI. */
function fileAccess(abi: number): bigint {
  return (FS.EXECUTE | FS.WRITE_FILE | FS.READ_FILE | FS.TRUNCATE) & handledFsAccess(abi);
}

/**
 * The plan for a policy's resolved paths on a kernel with Landlock `abi`.
 *
 * @example
 * ```ts
 * const plan = planLandlock({ writableRoots: ["/work"], readOnlyPaths: [] }, { abi: 6, networkAccess: false });
 * plan.rules.map((r) => r.path); // ["/", ...devices, "/work"]
 * ```
 */
export function planLandlock(paths: ResolvedPaths, options: { abi: number; networkAccess: boolean }): LandlockPlan {
  const { abi } = options;
  const all = handledFsAccess(abi);
  const read = FS.EXECUTE | FS.READ_FILE | FS.READ_DIR;
  const rules: LandlockRule[] = [{ path: "/", access: read }];
  for (const device of WRITABLE_DEVICES) {
    rules.push({ path: device, access: (FS.READ_FILE | FS.WRITE_FILE | FS.TRUNCATE) & all });
  }
  for (const root of paths.writableRoots) grant(root, paths.readOnlyPaths, { all, file: fileAccess(abi), rules });
  return {
    abi,
    handledFs: all,
    handledNet: abi >= 4 && !options.networkAccess ? NET_BIND_TCP | NET_CONNECT_TCP : 0n,
    scoped: abi >= 6 ? SCOPE_SIGNAL | (options.networkAccess ? 0n : SCOPE_ABSTRACT_UNIX_SOCKET) : 0n,
    rules,
  };
}

/** Grants `dir` whole, or, when it holds a read-only path, each of its other entries. */
function grant(dir: string, readOnly: string[], out: { all: bigint; file: bigint; rules: LandlockRule[] }): void {
  if (readOnly.some((path) => path === dir)) return;
  if (!readOnly.some((path) => isInside(path, dir))) {
    out.rules.push({ path: dir, access: out.all });
    return;
  }
  let entries: Deno.DirEntry[];
  try {
    entries = [...Deno.readDirSync(dir)];
  } catch {
    return; // unreadable: nothing beneath it is granted
  }
  for (const entry of entries) {
    const path = `${dir === "/" ? "" : dir}/${entry.name}`;
    if (entry.isSymlink) continue; // writes through a link are checked at its target
    if (entry.isDirectory) grant(path, readOnly, out);
    else if (!readOnly.includes(path)) out.rules.push({ path, access: out.file });
  }
}
