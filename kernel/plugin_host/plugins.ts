/**
 * @module
 * The plugin host. Resolves each entry of the config's plugin list (`builtin:NAME`, a path, or
 * `npm:SPEC`), reads and validates its `plugin.jsonc`, imports its entry and calls `setup(api)`,
 * every plugin's at once, each under a timeout; what each registers is made in list order once
 * it and the plugins before it are set up. A plugin that fails is reported by name with the
 * reason, everything it registered is undone, and the others still load. After
 * setup, what a plugin registered is checked against its manifest's `contributes`. A manifest with
 * `"isolation": "worker"` runs the plugin in a Deno worker (`plugin_host/worker_host.ts`), and
 * `stageReload()` loads a new version of a plugin beside the running one (`plugin_host/reload.ts`).
 */
import { importOnUse } from "../startup/import_on_use.ts";
import type { z } from "zod";
import { ConfigError, ErrorCodes, PluginError } from "../base/errors.ts";
import type { PluginManifest } from "./manifest.ts";
import { manifestOnly } from "../lib/compat_manifest.ts";
import { resolvePlugin } from "./_plugin_resolve.ts";
import type { PluginApi, PluginDefinition } from "../plugin_api.ts";
import type { Contributions, LoadedPlugin, Track } from "./loaded.ts";
export type { Contributions, LoadedPlugin } from "./loaded.ts";
import { Generation } from "./generation.ts";
import { ImportBatch, type ModuleNamespace } from "../startup/_import_batch.ts";
import { withDeadline } from "../base/timer.ts";

/** What the host needs from the runtime. */
export interface PluginHostContext {
  /** Built-in plugin folders by name (`builtin:shell` → `/…/tools/shell`). */
  builtins: Record<string, string>;
  /** Directory that relative plugin paths resolve against. */
  baseDir: string;
  timeoutMs: number;
  /** Makes the API for one plugin; `track` makes (or stages) each registration and can undo it. */
  makeApi(name: string, track: Track): PluginApi;
  /** Validates a plugin's config section. */
  section(name: string, schema: z.ZodType): Promise<unknown>;
  /**
   * Registers the commands of a deferred plugin (one whose manifest contributes only commands):
   * `activate` imports and sets it up when one of them is first run.
   */
  defer(plugin: LoadedPlugin, activate: () => Promise<LoadedPlugin>): void;
  /** Where problems outside any plugin's API go (a reload's `onClose` failures). @default console.error */
  warn?(message: string): void;
  /**
   * A folder for the module that imports every entry at once (see `_import_batch.ts`); without
   * it each entry is imported on its own, which costs more at start-up.
   */
  cacheDir?: string;
  /**
   * Entry modules already loaded, by entry URL (the built-in plugins of a start-up bundle, see
   * `startup/`): a plugin whose entry is here is set up from it instead of being imported.
   */
  preloaded?: ReadonlyMap<string, ModuleNamespace>;
  /** Validated manifests already at hand, by plugin folder (a start-up bundle's built-ins). */
  preloadedManifests?: ReadonlyMap<string, PluginManifest>;
  /**
   * The command this run is for (`exec`): the deferred plugin that contributes it loads with the
   * others at start-up instead of on first use, in the same module graph.
   */
  command?: string;
}

/**
 * Loads plugins in order. Manifests are read and entry modules imported for all plugins at once
 * (that is I/O, and order does not matter for it). Every `setup()` then runs at once, each
 * against staged registrations and under its own timeout, so start-up waits for the slowest
 * plugin (at most its timeout), not for the sum. Order is kept where it shows: names are claimed
 * in list order (a plugin listed twice fails the second time, before its setup runs), and each
 * plugin's registrations are made in list order, once it and every plugin before it are set up,
 * so tools, hooks, context and the first store come in list order as when plugins set up one by
 * one. A plugin sees no other plugin's registrations during its `setup()` (nor did it see later
 * ones before): what it needs from others it reads later, or after `api.plugins.loaded`.
 * A plugin whose manifest says `"activation": "onCommand"` (front ends such as
 * `tern exec`, `tern app-server`) is deferred: its commands are listed, and it is imported and set
 * up when one of them runs, so a run pays only for the front end it uses. The entries imported at
 * start-up are imported together, as one module graph (`ImportBatch`). Never throws for a single plugin's failure.
 */
export async function loadPlugins(specs: readonly string[], host: PluginHostContext): Promise<LoadedPlugin[]> {
  const batch = new ImportBatch(specs.length, host.cacheDir ?? null);
  const pending = specs.map((spec) => {
    const started = performance.now();
    const resolved = resolvePlugin(spec, host);
    resolved.catch(() => batch.skip());
    const module = resolved.then((r) => {
      // Deferred, code-less and worker plugins import nothing here.
      const importsNow = !commandOnly(r.manifest, host.command) && r.entryUrl !== null &&
        r.manifest?.isolation !== "worker";
      const preloaded = importsNow && host.preloaded?.has(r.entryUrl!);
      if (!importsNow || preloaded) batch.skip();
      if (commandOnly(r.manifest, host.command)) return null;
      const namespace = importsNow && !preloaded ? batch.add(r.entryUrl!) : null;
      return importEntry(r, { preloaded: host.preloaded, ...(namespace ? { load: () => namespace } : {}) });
    });
    module.catch(() => {}); // handled in order below
    return { spec, started, resolved, module };
  });
  const loaded: (LoadedPlugin | Promise<LoadedPlugin>)[] = [];
  const seen = new Set<string>();
  // Each plugin claims its name once the plugin before it has claimed its own (`named`).
  let named: Promise<void> = Promise.resolve();
  for (const { spec, started, resolved, module } of pending) {
    const deferred = await resolved.then((r) => (commandOnly(r.manifest, host.command) ? r : null), () => null);
    if (deferred?.manifest) {
      await named;
      const plugin = deferredPlugin(spec, deferred.manifest, deferred.dir, started);
      if (seen.has(plugin.name)) {
        loaded.push({
          ...plugin,
          status: "failed",
          error: `Cannot load plugin "${plugin.name}": listed twice (second time as "${spec}")`,
        });
        continue;
      }
      seen.add(plugin.name);
      host.defer(plugin, () => {
        seen.delete(plugin.name);
        const imported = importEntry(deferred, { preloaded: host.preloaded });
        return setupOne(spec, performance.now(), imported, host, seen);
      });
      loaded.push(plugin);
      continue;
    }
    const turn = named;
    const claimed = Promise.withResolvers<void>();
    named = claimed.promise;
    const imported = turn.then(() => module.then((m) => m!));
    loaded.push(setupOne(spec, started, imported, host, seen, { staged: true, onNamed: claimed.resolve }));
  }
  const result: LoadedPlugin[] = [];
  for (const plugin of loaded) result.push(await goLive(await plugin, host));
  return result;
}

/**
 * Makes the staged registrations of a plugin set up at start-up (in list order: see
 * `loadPlugins()`). A registration that cannot be made (a tool name an earlier plugin took) fails
 * the plugin, as it would have failed its `setup()`.
 */
async function goLive(plugin: LoadedPlugin, host: PluginHostContext): Promise<LoadedPlugin> {
  const generation = generations.get(plugin);
  if (plugin.status !== "loaded" || !generation) return plugin;
  try {
    generation.activate();
  } catch (error) {
    generation.retire();
    await generation.close((message) => (host.warn ?? console.error)(`[${plugin.name}] ${message}`));
    plugin.status = "failed";
    plugin.error = `Cannot load plugin "${plugin.name}": setup() threw: ${(error as Error).message ?? String(error)}`;
  }
  return plugin;
}

/** True for a manifest that asks to load on first use of one of its (named) commands. */
function commandOnly(manifest: PluginManifest | null, runningCommand?: string): boolean {
  if (!manifest || manifest.activation !== "onCommand") return false;
  const commands = manifest.contributes.commands;
  if (runningCommand !== undefined && commands.includes(runningCommand)) return false;
  return commands.length > 0 && commands.every((name) => name !== "*");
}

function deferredPlugin(spec: string, manifest: PluginManifest, dir: string | null, started: number): LoadedPlugin {
  return {
    spec,
    name: manifest.name,
    manifest,
    dir,
    status: "deferred",
    error: null,
    loadMs: performance.now() - started,
    setupMs: 0,
    contributed: {
      tools: [],
      providers: [],
      commands: [...manifest.contributes.commands],
      stores: [],
      context: [],
      hooks: [],
    },
  };
}

interface ImportedPlugin {
  manifest: PluginManifest | null;
  dir: string | null;
  /** Null for a plugin that runs in a worker: the host never imports its code. */
  definition: PluginDefinition | null;
  entryUrl: string | null;
}

/** Reloaded entry modules are imported under a new query each time (`?reload=3`): Deno caches failures too. */
let reloads = 0;

async function importEntry(
  { manifest, dir, entryUrl }: { manifest: PluginManifest | null; dir: string | null; entryUrl: string | null },
  options: {
    generation?: number;
    load?: (url: string) => Promise<ModuleNamespace>;
    /** Entry modules already loaded (`PluginHostContext.preloaded`), used for a first load. */
    preloaded?: ReadonlyMap<string, ModuleNamespace>;
  } = {},
): Promise<ImportedPlugin> {
  if (entryUrl === null) return { manifest, dir, definition: manifestOnly(manifest!), entryUrl };
  if (manifest?.isolation === "worker") return { manifest, dir, definition: null, entryUrl };
  const name = manifest?.name ?? entryUrl;
  const url = options.generation && options.generation > 1 ? `${entryUrl}?reload=${++reloads}` : entryUrl;
  const reloading = url !== entryUrl;
  const load = options.load ?? ((url: string) => import(url) as Promise<ModuleNamespace>);
  const ready = reloading ? undefined : options.preloaded?.get(entryUrl);
  const module = ready ?? await load(url).catch((error) => {
    throw new PluginError(name, `entry "${entryUrl}" failed to import: ${(error as Error).message}`);
  });
  const definition = module.default as PluginDefinition | undefined;
  if (!definition || typeof definition.setup !== "function") {
    throw new PluginError(name, `entry "${entryUrl}" has no default export made with definePlugin()`);
  }
  if (manifest && definition.name !== manifest.name) {
    throw new PluginError(name, `entry declares name "${definition.name}" but the manifest says "${manifest.name}"`);
  }
  return { manifest, dir, definition, entryUrl };
}

/** Each loaded plugin's registrations (private: the reloader swaps them through `stageReload()`). */
const generations = new WeakMap<LoadedPlugin, Generation>();

async function setupOne(
  spec: string,
  started: number,
  imported: Promise<ImportedPlugin>,
  host: PluginHostContext,
  seen: Set<string>,
  options: {
    staged?: boolean;
    generation?: number;
    /** Called once the plugin's name is claimed in `seen`, or it failed before that. */
    onNamed?: () => void;
  } = {},
): Promise<LoadedPlugin> {
  const generation = new Generation(options.staged ? "staged" : "live");
  const result: LoadedPlugin = {
    spec,
    name: spec,
    manifest: null,
    dir: null,
    status: "failed",
    error: null,
    loadMs: 0,
    setupMs: 0,
    contributed: generation.contributed,
    generation: options.generation ?? 1,
  };
  generations.set(result, generation);
  let api: PluginApi | null = null;
  try {
    const { manifest, dir, definition, entryUrl } = await imported;
    const setupStarted = performance.now();
    result.manifest = manifest;
    result.dir = dir;
    result.name = manifest?.name ?? definition?.name ?? spec;
    if (seen.has(result.name)) throw new PluginError(result.name, `listed twice (second time as "${spec}")`);
    seen.add(result.name);
    options.onNamed?.();
    const timeoutMs = manifest?.timeouts?.setupSec ? manifest.timeouts.setupSec * 1000 : host.timeoutMs;
    api = host.makeApi(result.name, generation.track);
    if (!definition) {
      const { setupInWorker } = await importOnUse<typeof import("./worker_host.ts")>(
        "./worker_host.ts",
        import.meta.url,
      );
      await setupInWorker({
        manifest: manifest!,
        dir: dir!,
        entryUrl: entryUrl!,
        api,
        timeoutMs,
        section: host.section,
      });
    } else {
      const config = definition.config ? await host.section(definition.name, definition.config) : undefined;
      await withTimeout(Promise.resolve(definition.setup(api, config)), timeoutMs, result.name);
    }
    if (manifest) checkContributes(manifest, generation.contributed, api);
    result.setupMs = performance.now() - setupStarted;
    result.status = "loaded";
  } catch (error) {
    options.onNamed?.();
    generation.retire();
    await generation.close(api?.warn ?? (() => {}));
    if (error instanceof PluginError) result.name = error.plugin;
    const configError = error instanceof ConfigError ? error : (error as Error)?.cause;
    if (configError instanceof ConfigError) result.errorLocation = configError.location;
    result.error = error instanceof PluginError
      ? error.message
      : `Cannot load plugin "${result.name}": ${error instanceof ConfigError ? "" : "setup() threw: "}${
        (error as Error).message ?? String(error)
      }`;
  }
  result.loadMs = performance.now() - started;
  return result;
}

/** A new version of a plugin, set up beside the running one and not swapped in yet. */
export interface StagedReload {
  /** The new version (`status: "failed"` with its `error` when it did not load). */
  next: LoadedPlugin;
  /**
   * Swaps the registrations at once: the running version's are undone and the new version's made.
   * When one of the new ones cannot be made, the running version's are made again and it throws.
   */
  commit(): void;
  /** Drops the new version (runs its `onClose` handlers); the running one stays. */
  discard(): Promise<void>;
  /** After `commit()`: runs the replaced version's `onClose` handlers (a worker is stopped). */
  closeReplaced(): Promise<void>;
}

/**
 * Loads a new version of `plugin` beside the running one: the manifest is read again, the entry
 * imported again (a worker plugin gets a new worker; an in-process plugin's entry module is
 * imported under a new query, while the modules it imports stay cached by Deno), and `setup()`
 * runs against staged registrations that `commit()` swaps in. `others` are the names of the other
 * plugins, which the new version may not take.
 */
export async function stageReload(
  plugin: LoadedPlugin,
  host: PluginHostContext,
  others: Iterable<string>,
): Promise<StagedReload> {
  const number = (plugin.generation ?? 1) + 1;
  const imported = resolvePlugin(plugin.spec, host).then((r) => importEntry(r, { generation: number }));
  const next = await setupOne(plugin.spec, performance.now(), imported, host, new Set(others), {
    staged: true,
    generation: number,
  });
  const fresh = generations.get(next)!;
  const warn = (message: string) => (host.warn ?? console.error)(`[${plugin.name}] ${message}`);
  if (next.status === "loaded" && next.name !== plugin.name) {
    fresh.retire();
    await fresh.close(warn);
    next.status = "failed";
    next.error = `Cannot reload plugin "${plugin.name}": its manifest now names it "${next.name}" (restart to rename)`;
  }
  const running = plugin.status === "loaded" ? generations.get(plugin) ?? null : null;
  return {
    next,
    commit() {
      if (next.status !== "loaded") throw new Error(next.error ?? `Cannot reload plugin "${plugin.name}"`);
      running?.deactivate();
      try {
        fresh.activate();
      } catch (error) {
        running?.activate();
        throw error;
      }
      running?.retire();
    },
    async discard() {
      fresh.retire();
      await fresh.close(warn);
    },
    closeReplaced: () => running?.close(warn) ?? Promise.resolve(),
  };
}

function checkContributes(manifest: PluginManifest, contributed: Contributions, api: PluginApi): void {
  for (const kind of ["tools", "providers", "commands"] as const) {
    const declared = new Set(manifest.contributes[kind]);
    const actual = new Set(contributed[kind]);
    // "*" declares registrations decided at run time (say, one provider per config entry).
    const undeclared = declared.has("*") ? [] : [...actual].filter((id) => !declared.has(id));
    const missing = [...declared].filter((id) => id !== "*" && !actual.has(id));
    if (undeclared.length) api.warn(`registered ${kind} not declared in plugin.jsonc: ${undeclared.join(", ")}`);
    if (missing.length) api.warn(`declared ${kind} in plugin.jsonc but did not register them: ${missing.join(", ")}`);
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number, name: string): Promise<T> {
  return withDeadline(
    promise,
    ms,
    () => new PluginError(name, `setup() did not finish within ${ms} ms`, { code: ErrorCodes.PLUGIN_SETUP_TIMEOUT }),
  );
}
