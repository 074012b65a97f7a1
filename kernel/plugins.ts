/**
 * @module
 * The plugin host. Resolves each entry of the config's plugin list (`builtin:NAME`, a path, or
 * `npm:SPEC`), reads and validates its `plugin.jsonc`, imports its entry and calls `setup(api)`,
 * one plugin at a time, in list order, each under a timeout. A plugin that fails is reported by
 * name with the reason, everything it registered is undone, and the others still load. After
 * setup, what a plugin registered is checked against its manifest's `contributes`.
 */
import { dirname, isAbsolute, join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import type { z } from "zod";
import { ConfigError, ErrorCodes, PluginError } from "./errors.ts";
import { type PluginManifest, readManifest } from "./manifest.ts";
import type { PluginApi, PluginDefinition } from "./plugin_api.ts";

/** What each plugin registered, by kind. */
export interface Contributions {
  tools: string[];
  providers: string[];
  commands: string[];
  stores: string[];
  context: string[];
  hooks: string[];
}

/** One entry of the plugin list, after loading. */
export interface LoadedPlugin {
  spec: string;
  name: string;
  manifest: PluginManifest | null;
  dir: string | null;
  /** `deferred`: a command-only plugin, imported when one of its commands runs. */
  status: "loaded" | "failed" | "deferred";
  error: string | null;
  /** Milliseconds from resolving to the end of `setup()`. */
  loadMs: number;
  /** Milliseconds `setup()` itself took. */
  setupMs: number;
  contributed: Contributions;
}

/** What the host needs from the runtime. */
export interface PluginHostContext {
  /** Built-in plugin folders by name (`builtin:shell` → `/…/tools/shell`). */
  builtins: Record<string, string>;
  /** Directory that relative plugin paths resolve against. */
  baseDir: string;
  timeoutMs: number;
  /** Makes the API for one plugin; `track` records each registration and its undo. */
  makeApi(name: string, track: (kind: keyof Contributions | null, id: string, undo: () => void) => void): PluginApi;
  /** Validates a plugin's config section. */
  section(name: string, schema: z.ZodType): Promise<unknown>;
  /**
   * Registers the commands of a deferred plugin (one whose manifest contributes only commands):
   * `activate` imports and sets it up when one of them is first run.
   */
  defer(plugin: LoadedPlugin, activate: () => Promise<LoadedPlugin>): void;
}

/**
 * Loads plugins in order. Manifests are read and entry modules imported for all plugins at once
 * (that is I/O, and order does not matter for it); `setup()` then runs one plugin at a time, in
 * list order. A plugin whose manifest says `"activation": "onCommand"` (front ends such as
 * `tern exec`, `tern app-server`) is deferred: its commands are listed, and it is imported and set
 * up when one of them runs, so a run pays only for the front end it uses. Never throws for a single plugin's failure.
 */
export async function loadPlugins(specs: readonly string[], host: PluginHostContext): Promise<LoadedPlugin[]> {
  const pending = specs.map((spec) => {
    const started = performance.now();
    const resolved = resolvePlugin(spec, host);
    const module = resolved.then((r) => (commandOnly(r.manifest) ? null : importEntry(r)));
    module.catch(() => {}); // handled in order below
    return { spec, started, resolved, module };
  });
  const loaded: LoadedPlugin[] = [];
  const seen = new Set<string>();
  for (const { spec, started, resolved, module } of pending) {
    const deferred = await resolved.then((r) => (commandOnly(r.manifest) ? r : null), () => null);
    if (deferred?.manifest) {
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
        return setupOne(spec, performance.now(), importEntry(deferred), host, seen);
      });
      loaded.push(plugin);
      continue;
    }
    loaded.push(await setupOne(spec, started, module.then((m) => m!), host, seen));
  }
  return loaded;
}

/** True for a manifest that asks to load on first use of one of its (named) commands. */
function commandOnly(manifest: PluginManifest | null): boolean {
  if (!manifest || manifest.activation !== "onCommand") return false;
  const commands = manifest.contributes.commands;
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
  definition: PluginDefinition;
}

async function importEntry(
  { manifest, dir, entryUrl }: { manifest: PluginManifest | null; dir: string | null; entryUrl: string },
): Promise<ImportedPlugin> {
  const name = manifest?.name ?? entryUrl;
  const module = await import(entryUrl).catch((error) => {
    throw new PluginError(name, `entry "${entryUrl}" failed to import: ${(error as Error).message}`);
  });
  const definition = module.default as PluginDefinition | undefined;
  if (!definition || typeof definition.setup !== "function") {
    throw new PluginError(name, `entry "${entryUrl}" has no default export made with definePlugin()`);
  }
  if (manifest && definition.name !== manifest.name) {
    throw new PluginError(name, `entry declares name "${definition.name}" but the manifest says "${manifest.name}"`);
  }
  return { manifest, dir, definition };
}

async function setupOne(
  spec: string,
  started: number,
  imported: Promise<ImportedPlugin>,
  host: PluginHostContext,
  seen: Set<string>,
): Promise<LoadedPlugin> {
  const contributed: Contributions = { tools: [], providers: [], commands: [], stores: [], context: [], hooks: [] };
  const undos: (() => void)[] = [];
  const result: LoadedPlugin = {
    spec,
    name: spec,
    manifest: null,
    dir: null,
    status: "failed",
    error: null,
    loadMs: 0,
    setupMs: 0,
    contributed,
  };
  try {
    const { manifest, dir, definition } = await imported;
    const setupStarted = performance.now();
    result.manifest = manifest;
    result.dir = dir;
    result.name = manifest?.name ?? definition.name;
    if (seen.has(result.name)) throw new PluginError(result.name, `listed twice (second time as "${spec}")`);
    seen.add(result.name);
    const config = definition.config ? await host.section(definition.name, definition.config) : undefined;
    const api = host.makeApi(result.name, (kind, id, undo) => {
      if (kind) contributed[kind].push(id);
      undos.push(undo);
    });
    await withTimeout(Promise.resolve(definition.setup(api, config)), host.timeoutMs, result.name);
    if (manifest) checkContributes(manifest, contributed, api);
    result.setupMs = performance.now() - setupStarted;
    result.status = "loaded";
  } catch (error) {
    for (const undo of undos.reverse()) undo();
    if (error instanceof PluginError) result.name = error.plugin;
    result.error = error instanceof PluginError
      ? error.message
      : `Cannot load plugin "${result.name}": ${error instanceof ConfigError ? "" : "setup() threw: "}${
        (error as Error).message ?? String(error)
      }`;
  }
  result.loadMs = performance.now() - started;
  return result;
}

async function resolvePlugin(
  spec: string,
  host: PluginHostContext,
): Promise<{ manifest: PluginManifest | null; dir: string | null; entryUrl: string }> {
  if (spec.startsWith("npm:") || spec.startsWith("jsr:") || spec.startsWith("https:")) {
    return { manifest: null, dir: null, entryUrl: spec };
  }
  let dir: string;
  if (spec.startsWith("builtin:")) {
    const name = spec.slice("builtin:".length);
    const found = host.builtins[name];
    if (!found) {
      throw new PluginError(
        name,
        `no built-in plugin is named "${name}" (built-ins: ${Object.keys(host.builtins).join(", ")})`,
      );
    }
    dir = found;
  } else {
    dir = isAbsolute(spec) ? spec : resolve(host.baseDir, spec);
  }
  const manifestPath = spec.endsWith(".jsonc") ? dir : join(dir, "plugin.jsonc");
  const manifest = await readManifest(manifestPath);
  const root = dirname(manifestPath);
  const entryPath = resolve(root, manifest.entry);
  try {
    await Deno.stat(entryPath);
  } catch {
    throw new PluginError(manifest.name, `entry "${manifest.entry}" not found`);
  }
  return { manifest, dir: root, entryUrl: pathToFileURL(entryPath).href };
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
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () =>
        reject(
          new PluginError(name, `setup() did not finish within ${ms} ms`, { code: ErrorCodes.PLUGIN_SETUP_TIMEOUT }),
        ),
      ms,
    );
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
