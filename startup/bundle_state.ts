/**
 * @module
 * Where Tern's start-up bundle lives and whether it can be used. The bundle (`build.ts`) holds
 * `main.ts`, the kernel, the built-in plugins and zod in a few files, which Deno loads much
 * faster than the ~300 modules they come from. It sits in `<tern>/.cache/startup/`; `state.json`
 * names its folder and every source file it was built from, with their sizes and modification
 * times, so a changed, added-to or removed source makes it stale, and a stale bundle is never used.
 *
 * This module is imported by the launcher (`tern.ts`) before anything else, so it imports nothing.
 */

/** What `state.json` records about the current bundle. */
export interface BundleState {
  /** The bundle's folder, relative to the state file's folder. */
  dir: string;
  /** The entry module's file name in that folder. */
  entry: string;
  /** Every source the bundle was built from: path relative to Tern's folder, size, mtime (ms). */
  inputs: [path: string, size: number, mtimeMs: number][];
}

/** The folder the bundle and its state live in. */
export function bundleRoot(ternRoot: URL): URL {
  return new URL(".cache/startup/", ternRoot);
}

/** The current bundle as `state.json` describes it, or null when there is none (or it is unreadable). */
export interface BundleCandidate {
  /** The URL of the bundle's entry module. */
  entryUrl: string;
  state: BundleState;
}

/** Reads `state.json`; the bundle it names is usable only once `isFresh()` says so. */
export function currentBundle(ternRoot: URL): BundleCandidate | null {
  const root = bundleRoot(ternRoot);
  try {
    const state: BundleState = JSON.parse(Deno.readTextFileSync(new URL("state.json", root)));
    if (!Array.isArray(state?.inputs) || typeof state.dir !== "string" || typeof state.entry !== "string") return null;
    return { entryUrl: new URL(`${state.dir}/${state.entry}`, root).href, state };
  } catch {
    return null;
  }
}

/**
 * Whether every source the bundle was built from still has its size and modification time.
 * ~260 `statSync` calls on plain paths cost ~2 ms (made into `URL`s first they cost ten times that).
 */
export function isFresh(ternRoot: URL, candidate: BundleCandidate): boolean {
  const root = decodeURIComponent(ternRoot.pathname);
  return candidate.state.inputs.every(([path, size, mtimeMs]) => {
    try {
      const info = Deno.statSync(root + path);
      return info.size === size && info.mtime?.getTime() === mtimeMs;
    } catch {
      return false;
    }
  });
}

/** Touches the bundle's folder: a build keeps folders runs used lately (their chunks load on first use). */
export function markUsed(candidate: BundleCandidate): void {
  try {
    const now = new Date();
    Deno.utimeSync(new URL(".", candidate.entryUrl), now, now);
  } catch {
    // a read-only tree: nothing to keep track of
  }
}

/** How long a build may hold the lock before another run may start one. */
const LOCK_STALE_MS = 120_000;

/**
 * Starts a build in the background, for the next run, unless one is under way or the folder
 * cannot be written. Never throws and never waits: this run goes on from the sources.
 */
export function requestBuild(ternRoot: URL): void {
  const root = bundleRoot(ternRoot);
  const lock = new URL("build.lock", root);
  try {
    Deno.mkdirSync(root, { recursive: true });
    try {
      const age = Date.now() - (Deno.statSync(lock).mtime?.getTime() ?? 0);
      if (age < LOCK_STALE_MS) return;
      Deno.removeSync(lock);
    } catch {
      // no lock: go on
    }
    Deno.writeTextFileSync(lock, `${Deno.pid}\n`, { createNew: true });
    const child = new Deno.Command(Deno.execPath(), {
      args: [
        "run",
        "-A",
        "--no-check",
        "--config",
        new URL("deno.json", ternRoot).pathname,
        new URL("startup/build.ts", ternRoot).pathname,
        "--holding-lock",
      ],
      env: { DENO_NO_UPDATE_CHECK: "1" },
      stdin: "null",
      stdout: "null",
      stderr: "null",
    }).spawn();
    child.unref();
  } catch {
    // A read-only install or a lost race for the lock: the sources serve this run and the next.
  }
}
