/**
 * @module
 * Hot reload of plugins (`Runtime.reloadPlugins()`, the `plugin/reload` method, `--watch`). Each
 * plugin's new version loads and runs `setup()` beside the running one (`stageReload()`); once no
 * turn runs, every new version that loaded is swapped in at once, in one synchronous step, so a
 * turn sees either the old registrations or the new ones, never a mix. A version that fails
 * (import error, bad manifest, `setup()` throws) is dropped and the running one stays; the error
 * is warned and sent as a `warning` notification. Reloads run one at a time.
 */
import { importOnUse } from "../startup/import_on_use.ts";
import type { PluginHostContext } from "./plugins.ts";
import type { LoadedPlugin, PluginReloadResult } from "./loaded.ts";
export type { PluginReloadResult } from "./loaded.ts";
import { stageReload } from "./plugins.ts";
import { delay } from "../base/timer.ts";

/** What the reloader needs from the runtime. */
export interface ReloaderHost {
  plugins(): LoadedPlugin[];
  /** Puts `next` where `old` is in the runtime's plugin list. */
  replace(old: LoadedPlugin, next: LoadedPlugin): void;
  pluginHost: PluginHostContext;
  /** True when no turn runs (or waits) on any thread. */
  idle(): boolean;
  warn(message: string): void;
  debug(message: string): void;
  /** Tells clients (a `warning` notification). */
  notify(message: string): void;
}

/** How often the reloader looks whether the turns have finished. */
const IDLE_POLL_MS = 20;

/** Reloads plugins between turns; see the module comment. */
export class PluginReloader {
  readonly #host: ReloaderHost;
  #queue: Promise<unknown> = Promise.resolve();
  #closed = new AbortController();
  #watcher: { close(): void } | null = null;
  #listeners = new Set<(results: PluginReloadResult[]) => void>();

  constructor(host: ReloaderHost) {
    this.#host = host;
  }

  /**
   * Reloads `names` (default: every plugin that is not built in); resolves once swapped in. With
   * `quiet`, a failure is not warned (the caller shows the results); clients still get the notification.
   */
  reload(names?: readonly string[], options: { quiet?: boolean } = {}): Promise<PluginReloadResult[]> {
    const run = this.#queue.then(() => this.#reload(names, options.quiet ?? false));
    this.#queue = run.catch(() => {});
    return run;
  }

  /** True while `watch()` watches the plugins' folders. */
  get watching(): boolean {
    return this.#watcher !== null;
  }

  /**
   * Reloads a plugin when a file in its folder changes (debounced), until `close()`; `onReload`
   * hears what each of those reloads did.
   */
  async watch(onReload?: (results: PluginReloadResult[]) => void): Promise<void> {
    if (onReload) this.#listeners.add(onReload);
    if (this.#watcher || this.#closed.signal.aborted) return;
    const { watchPluginFolders } = await importOnUse<typeof import("./watch.ts")>("./watch.ts", import.meta.url);
    this.#watcher ??= watchPluginFolders({
      plugins: () => this.#host.plugins().filter(reloadable),
      reload: async (names) => {
        // A listener shows the results; warning as well would print each failure twice.
        const results = await this.reload(names, { quiet: this.#listeners.size > 0 });
        for (const listener of this.#listeners) listener(results);
        return results;
      },
      warn: this.#host.warn,
      debug: this.#host.debug,
    });
  }

  /** Stops watching; a reload still waiting for the turns to end is dropped. */
  close(): Promise<unknown> {
    this.#closed.abort();
    this.#watcher?.close();
    this.#watcher = null;
    return this.#queue;
  }

  async #reload(names: readonly string[] | undefined, quiet: boolean): Promise<PluginReloadResult[]> {
    const host = this.#host;
    const all = host.plugins();
    const results: PluginReloadResult[] = [];
    const targets: LoadedPlugin[] = [];
    for (const name of names ?? all.filter(reloadable).map((p) => p.name)) {
      const plugin = all.find((p) => p.name === name);
      if (!plugin) {
        results.push({
          name,
          status: "failed",
          error: `Cannot reload plugin "${name}": no plugin has that name`,
          generation: 0,
        });
      } else if (plugin.status === "deferred") {
        const error = `not started yet: it loads from its files when one of its commands first runs`;
        results.push({ name, status: "skipped", error, generation: 0 });
      } else targets.push(plugin);
    }
    // Each new version sets up in list order, beside the running one.
    const staged = [];
    for (const plugin of targets) {
      const others = host.plugins().filter((p) => p !== plugin).map((p) => p.name);
      staged.push({ plugin, reload: await stageReload(plugin, host.pluginHost, others) });
    }
    const ready = staged.filter(({ plugin, reload }) => {
      if (reload.next.status === "loaded") return true;
      this.#failed(results, plugin, reload.next.error ?? `Cannot reload plugin "${plugin.name}"`, quiet);
      return false;
    });
    for (const { reload } of staged) if (reload.next.status !== "loaded") await reload.discard();
    if (ready.length && !(await this.#idle())) {
      for (const { plugin, reload } of ready) {
        await reload.discard();
        results.push({ name: plugin.name, status: "skipped", error: "Tern is shutting down", generation: 0 });
      }
      return order(results, names, all);
    }
    // The swap: synchronous from here to the end of the loop, so no turn starts halfway.
    const swapped = [];
    for (const { plugin, reload } of ready) {
      try {
        reload.commit();
        host.replace(plugin, reload.next);
        swapped.push(reload);
        results.push({ name: plugin.name, status: "reloaded", error: null, generation: reload.next.generation ?? 1 });
      } catch (error) {
        this.#failed(results, plugin, `Cannot reload plugin "${plugin.name}": ${(error as Error).message}`, quiet);
        await reload.discard();
      }
    }
    for (const reload of swapped) await reload.closeReplaced();
    for (const result of results) {
      if (result.status === "reloaded") host.debug(`plugin ${result.name}: reloaded (generation ${result.generation})`);
    }
    return order(results, names, all);
  }

  #failed(results: PluginReloadResult[], plugin: LoadedPlugin, error: string, quiet: boolean): void {
    const running = plugin.status === "loaded";
    const message = running ? `${error} (the running version stays)` : error;
    if (!quiet) this.#host.warn(message);
    this.#host.notify(message);
    results.push({ name: plugin.name, status: "failed", error, generation: running ? plugin.generation ?? 1 : 0 });
  }

  /** Resolves true once no turn runs, false when the reloader is closed first. */
  async #idle(): Promise<boolean> {
    while (!this.#host.idle()) {
      if (this.#closed.signal.aborted) return false;
      await delay(IDLE_POLL_MS);
    }
    return !this.#closed.signal.aborted;
  }
}

/** Plugins a reload without names covers: those the user added (not `builtin:`), started. */
function reloadable(plugin: LoadedPlugin): boolean {
  return !plugin.spec.startsWith("builtin:") && plugin.status !== "deferred" && plugin.dir !== null;
}

/** Results in the order asked for (or the plugin list's). */
function order(
  results: PluginReloadResult[],
  names: readonly string[] | undefined,
  all: LoadedPlugin[],
): PluginReloadResult[] {
  const rank = names ?? all.map((p) => p.name);
  return results.sort((a, b) => rank.indexOf(a.name) - rank.indexOf(b.name));
}

/** Reads the `plugin/reload` params: `{}` or `{names: string[]}`. Throws `TypeError` otherwise. */
export function reloadParams(params: unknown): string[] | undefined {
  const names = (params as { names?: unknown } | null)?.names;
  if (names === undefined || names === null) return undefined;
  if (!Array.isArray(names) || names.some((n) => typeof n !== "string")) {
    throw new TypeError('Invalid "names": expected an array of plugin names');
  }
  return names;
}
