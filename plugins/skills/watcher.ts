/**
 * @module
 * Live reload: watches the skill roots with `Deno.watchFs` and reports changes, debounced. An
 * existing root is watched recursively; a missing one through its nearest existing ancestor,
 * non-recursively, for the entry that would create it (so a new `.agents/skills` is noticed).
 * Symlinked skill folders are watched at their real paths. `close()` ends every watch, so a
 * process can exit.
 */
import { type CancelTimer, dirname, relative, startTimer } from "../../kernel/mod.ts";

/** Options for `SkillsWatcher`. */
export interface SkillsWatcherOptions {
  /** Called on every relevant file event, at once (to drop caches). */
  onEvent?: () => void;
  /** Called once a burst of events has been quiet for `debounceMs`. */
  onChange: () => void;
  /** @default 100 */
  debounceMs?: number;
  /** Where failures to watch are reported. */
  log?: (message: string) => void;
}

interface Watch {
  watcher: Deno.FsWatcher;
  /** For a non-recursive watch: the paths whose events count (null: every event). */
  only: Set<string> | null;
}

/** Watches skill roots; reuse one for every cwd. */
export class SkillsWatcher {
  #watches = new Map<string, Watch>();
  #cancelReport: CancelTimer = () => {};
  #closed = false;
  readonly #options: SkillsWatcherOptions;

  constructor(options: SkillsWatcherOptions) {
    this.#options = options;
  }

  /** Starts watching `roots` (recursively when they exist) and `linkedDirs`; known ones are kept. */
  async watch(roots: readonly string[], linkedDirs: readonly string[] = []): Promise<void> {
    for (const root of roots) {
      const target = await nearestExisting(root);
      if (target === null) continue;
      if (target === root) this.#add(root, true);
      else {
        // Watch the ancestor for the first missing component on the way to the root.
        const first = relative(target, root).split("/")[0];
        this.#add(target, false, `${target === "/" ? "" : target}/${first}`);
      }
    }
    for (const dir of linkedDirs) this.#add(dir, true);
  }

  /** Stops every watch and the pending change report. */
  close(): void {
    this.#closed = true;
    this.#cancelReport();
    for (const { watcher } of this.#watches.values()) {
      try {
        watcher.close();
      } catch {
        // already closed
      }
    }
    this.#watches.clear();
  }

  #add(path: string, recursive: boolean, only?: string): void {
    if (this.#closed) return;
    const key = `${recursive ? "r" : "n"}:${path}`;
    const existing = this.#watches.get(key);
    if (existing) {
      if (only) existing.only?.add(only);
      return;
    }
    let watcher: Deno.FsWatcher;
    try {
      watcher = Deno.watchFs(path, { recursive });
    } catch (error) {
      this.#options.log?.(`cannot watch ${path} for skill changes: ${(error as Error).message}`);
      return;
    }
    const watch: Watch = { watcher, only: only ? new Set([only]) : null };
    this.#watches.set(key, watch);
    this.#pump(watch);
  }

  async #pump(watch: Watch): Promise<void> {
    try {
      for await (const event of watch.watcher) {
        if (event.kind === "access") continue;
        const only = watch.only;
        if (only && !event.paths.some((p) => [...only].some((o) => p === o || p.startsWith(o + "/")))) continue;
        this.#changed();
      }
    } catch {
      // the watch was closed or its folder removed
    }
  }

  #changed(): void {
    if (this.#closed) return;
    this.#options.onEvent?.();
    this.#cancelReport();
    this.#cancelReport = startTimer(this.#options.debounceMs ?? 100, () => {
      if (!this.#closed) this.#options.onChange();
    });
  }
}

async function nearestExisting(path: string): Promise<string | null> {
  for (let dir = path;; dir = dirname(dir)) {
    try {
      if ((await Deno.stat(dir)).isDirectory) return dir;
    } catch {
      // keep climbing
    }
    if (dirname(dir) === dir) return null;
  }
}
