/**
 * @module
 * `--watch`: reloads a plugin when a code or manifest file in its folder changes. Changes are
 * gathered for a short while (an editor's save is several events) and then reloaded together;
 * the reload itself waits until no turn runs. Data files a plugin writes into its own folder
 * (say, a cache) do not count, nor do `node_modules/` and hidden folders. For a plugin that runs
 * in-process only a change to its entry or manifest takes full effect (Deno keeps the modules the
 * entry imports), which is reported; a worker plugin reloads every module.
 */
import { basename, extname, relative, resolve } from "../base/path.ts";
import type { LoadedPlugin, PluginReloadResult } from "./loaded.ts";
import { type CancelTimer, startTimer } from "../base/timer.ts";

/** Options for `watchPluginFolders()`. */
export interface WatchOptions {
  /** The plugins to watch (their folders are read once, at start). */
  plugins(): LoadedPlugin[];
  reload(names: string[]): Promise<PluginReloadResult[]>;
  warn(message: string): void;
  debug(message: string): void;
  /** Milliseconds of quiet before a reload. @default 150 */
  debounceMs?: number;
}

const CODE = new Set([".ts", ".tsx", ".mts", ".js", ".jsx", ".mjs", ".json", ".jsonc"]);

/** Starts watching; `close()` stops it. */
export function watchPluginFolders(options: WatchOptions): { close(): void } {
  const plugins = options.plugins();
  const folders = plugins.map((p) => ({ plugin: p, dir: resolve(p.dir!) }));
  if (folders.length === 0) return { close() {} };
  const watcher = Deno.watchFs(folders.map((f) => f.dir), { recursive: true });
  const changed = new Map<string, Set<string>>();
  let cancelTimer: CancelTimer = () => {};
  const flush = () => {
    const batch = new Map(changed);
    changed.clear();
    for (const [name, files] of batch) {
      const plugin = options.plugins().find((p) => p.name === name);
      if (plugin && plugin.manifest?.isolation !== "worker") warnIfPartial(plugin, files, options.warn);
    }
    options.debug(`plugin files changed: ${[...batch.keys()].join(", ")}`);
    void options.reload([...batch.keys()]).catch((error) => options.warn(`Cannot reload plugins: ${error.message}`));
  };
  void (async () => {
    try {
      for await (const event of watcher) {
        if (event.kind === "access" || event.kind === "other") continue;
        for (const path of event.paths) {
          const folder = folders.find(({ dir }) => path === dir || path.startsWith(dir + "/"));
          if (!folder || !counts(relative(folder.dir, path))) continue;
          let files = changed.get(folder.plugin.name);
          if (!files) changed.set(folder.plugin.name, files = new Set());
          files.add(path);
          cancelTimer();
          cancelTimer = startTimer(options.debounceMs ?? 150, flush);
        }
      }
    } catch (error) {
      if (!(error instanceof Deno.errors.BadResource)) {
        options.warn(`Stopped watching plugins: ${(error as Error).message}`);
      }
    }
  })();
  return {
    close() {
      cancelTimer();
      try {
        watcher.close();
      } catch {
        // already closed
      }
    },
  };
}

/** A code or manifest file, outside `node_modules/` and hidden folders. */
function counts(path: string): boolean {
  const parts = path.split("/");
  if (parts.some((p) => p === "node_modules" || (p.startsWith(".") && p.length > 1))) return false;
  return CODE.has(extname(path));
}

function warnIfPartial(plugin: LoadedPlugin, files: Set<string>, warn: (message: string) => void): void {
  const entry = plugin.manifest?.entry ? resolve(plugin.dir!, plugin.manifest.entry) : null;
  const manifest = plugin.manifest?.source?.file ?? resolve(plugin.dir!, "plugin.jsonc");
  const others = [...files].filter((f) => f !== entry && f !== manifest);
  if (others.length === 0) return;
  warn(
    `[${plugin.name}] ${others.map((f) => `"${basename(f)}"`).join(", ")} changed, but an in-process plugin reloads ` +
      `only its entry module (Deno keeps the modules it imports): restart Tern, or set "isolation": "worker"`,
  );
}
