/**
 * @module
 * `SkillsManager`: the catalogs of every cwd asked about, cached across threads and dropped when
 * a watched root changes (then `onChange` fires, debounced: the plugin turns it into
 * `skills/changed`). One manager serves the prompt listing, mentions, script approvals and
 * `skills/list`, so they always agree.
 */
import { type CancelTimer, resolve, startTimer } from "../../kernel/mod.ts";
import { type Catalog, type CatalogOptions, loadCatalog, type Skill } from "./catalog.ts";
import { SkillsWatcher } from "./watcher.ts";

/** Options for `new SkillsManager()`. */
export interface SkillsManagerOptions extends CatalogOptions {
  /** Watch the roots and drop the cache on changes. @default true */
  watch?: boolean;
  /**
   * How long after a load the roots start being watched, unless the load asked for `watchNow`.
   * A one-shot run (`tern exec`) ends before that and never pays for watchers; when watching
   * starts, the cache is dropped, so nothing changed in the meantime is missed. @default 250
   */
  watchDelayMs?: number;
  /** Quiet time before `onChange` fires. @default 100 */
  debounceMs?: number;
  /** Called after the skills changed on disk (debounced). */
  onChange?: () => void;
}

/** Caches catalogs per cwd and keeps them fresh. */
export class SkillsManager {
  #cache = new Map<string, Promise<Catalog>>();
  #watcher: SkillsWatcher | null;
  /** Deferred watch starts, by cwd. */
  #pending = new Map<string, CancelTimer>();
  /** The cwds whose roots are watched. */
  #watched = new Set<string>();
  #closed = false;
  readonly #options: SkillsManagerOptions;

  constructor(options: SkillsManagerOptions) {
    this.#options = options;
    this.#watcher = options.watch === false ? null : new SkillsWatcher({
      onEvent: () => this.invalidate(),
      onChange: () => {
        this.invalidate();
        options.onChange?.();
      },
      debounceMs: options.debounceMs,
      log: options.log,
    });
  }

  /**
   * The catalog for `cwd`, from the cache unless `forceReload`. `watchNow` starts watching its
   * roots before answering (a client listing skills wants `skills/changed` from then on).
   */
  load(cwd: string, options: { forceReload?: boolean; watchNow?: boolean } = {}): Promise<Catalog> {
    const key = resolve(cwd);
    const cached = this.#cache.get(key);
    if (cached && !options.forceReload) {
      return options.watchNow ? cached.then(async (c) => (await this.#watch(c, 0), c)) : cached;
    }
    const loading = loadCatalog(key, this.#options).then(async (catalog) => {
      await this.#watch(catalog, options.watchNow ? 0 : this.#options.watchDelayMs ?? 250);
      return catalog;
    });
    this.#cache.set(key, loading);
    loading.catch(() => {
      if (this.#cache.get(key) === loading) this.#cache.delete(key);
    });
    return loading;
  }

  /** The enabled skill named `name` in `cwd`, if any. */
  async find(cwd: string, name: string): Promise<Skill | undefined> {
    return (await this.load(cwd)).skills.find((s) => s.name === name && s.enabled);
  }

  /** Drops every cached catalog. */
  invalidate(): void {
    this.#cache.clear();
  }

  /** Stops watching (call on shutdown). */
  close(): void {
    this.#closed = true;
    for (const cancel of this.#pending.values()) cancel();
    this.#pending.clear();
    this.#watcher?.close();
    this.#cache.clear();
  }

  /** Watches a catalog's roots now, or after `delayMs` (an unref'd timer, so it never holds the process). */
  async #watch(catalog: Catalog, delayMs: number): Promise<void> {
    const watcher = this.#watcher;
    if (!watcher || this.#closed) return;
    const start = async () => {
      await watcher.watch(catalog.roots.map((r) => r.path), catalog.linkedDirs);
      this.#watched.add(catalog.cwd);
    };
    const pending = this.#pending.get(catalog.cwd);
    if (delayMs <= 0 || this.#watched.has(catalog.cwd)) {
      pending?.();
      this.#pending.delete(catalog.cwd);
      return await start();
    }
    if (pending !== undefined) return;
    // close() cancels a start still waiting, so a one-shot run never starts the watchers.
    const cancel = startTimer(delayMs, () => {
      this.#pending.delete(catalog.cwd);
      // Whatever changed before the watchers started is picked up by the next load.
      start().then(() => this.invalidate(), () => {});
    });
    this.#pending.set(catalog.cwd, cancel);
  }
}
