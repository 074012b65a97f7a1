/**
 * @module
 * `PluginSet`: the plugins of one run, for the runtime. It loads them through the plugin host,
 * sets a deferred plugin up when one of its commands runs or a service it lists is asked for,
 * answers `service()`, reloads and watches plugins (the reloader loads on first use), and answers
 * the kernel's own plugin methods (`plugin/reload`).
 */
import { importOnUse } from "../startup/import_on_use.ts";
import { ErrorCodes, TernError } from "../base/errors.ts";
import type { Command, MethodHandler } from "../plugin_api.ts";
import { deferCommands } from "./_deferred_commands.ts";
import { type LoadedPlugin, loadPlugins, type PluginHostContext } from "./plugins.ts";
import type { PluginReloader, PluginReloadResult } from "./reload.ts";

type Reload = typeof import("./reload.ts");

/** What the set needs of the runtime. */
export interface PluginSetDeps {
  /** The command registry deferred plugins list their commands in. */
  commands: Map<string, Command>;
  /** Services plugins provide (`api.services.provide`), by name. */
  services: Map<string, { owner: string; value: unknown }>;
  /** True when no turn runs (reloads swap plugins in only then). */
  idle(): boolean;
  /** Tells clients about a failed reload (a `warning` notification). */
  notify(message: string): void;
  warn(message: string): void;
  debug(message: string): void;
}

/** The plugins of a run. */
export class PluginSet {
  list: LoadedPlugin[] = [];
  readonly #deps: PluginSetDeps;
  /** Set-up of deferred plugins, by the services their manifests list. */
  readonly #deferredServices = new Map<string, () => Promise<unknown>>();
  #host: PluginHostContext | null = null;
  #reloader: PluginReloader | null = null;

  constructor(deps: PluginSetDeps) {
    this.#deps = deps;
  }

  /** How long a call of `owner`'s tools may run: an in-process plugin's `timeouts.toolSec` (worker plugins time their own). */
  toolDeadlineMs(owner: string): number | undefined {
    const manifest = this.list.find((p) => p.name === owner)?.manifest;
    const seconds = manifest?.isolation === "worker" ? undefined : manifest?.timeouts?.toolSec;
    return seconds === undefined ? undefined : seconds * 1000;
  }

  /** Loads `specs` (failures are recorded on the plugin, not thrown) and reports how each went. */
  async load(specs: string[], host: Omit<PluginHostContext, "defer">): Promise<void> {
    this.#host = { ...host, defer: (plugin, activate) => this.#defer(plugin, activate) };
    this.list = await loadPlugins(specs, this.#host);
    for (const plugin of this.list) {
      if (plugin.status === "failed") this.#deps.warn(plugin.error ?? `Cannot load plugin "${plugin.name}"`);
      const { loadMs, setupMs } = plugin;
      this.#deps.debug(
        `plugin ${plugin.name}: ${plugin.status} in ${loadMs.toFixed(1)} ms (setup ${setupMs.toFixed(1)} ms)`,
      );
    }
  }

  /** Registers the kernel's plugin methods: `plugin/reload`. */
  registerMethods(methods: Map<string, { owner: string; handler: MethodHandler }>): void {
    methods.set("plugin/reload", {
      owner: "kernel",
      handler: async (params) => {
        const { reloadParams } = await importOnUse<Reload>("./reload.ts", import.meta.url);
        return { plugins: await this.reload(reloadParams(params)) };
      },
    });
  }

  /** Lists a deferred plugin's commands; running one imports and sets the plugin up first. */
  #defer(plugin: LoadedPlugin, activate: () => Promise<LoadedPlugin>): void {
    const activateOnce = deferCommands(plugin, activate, {
      commands: this.#deps.commands,
      swap: (done) => this.#replace(plugin, done),
      debug: this.#deps.debug,
      warn: this.#deps.warn,
    });
    for (const service of plugin.manifest?.contributes.services ?? []) {
      this.#deferredServices.set(service, activateOnce);
    }
  }

  #replace(old: LoadedPlugin, next: LoadedPlugin): void {
    const index = this.list.indexOf(old);
    if (index >= 0) this.list[index] = next;
  }

  /** The service `name`, setting up first the deferred plugin that lists it; a `TernError` when none provides it. */
  async service<T>(name: string): Promise<T> {
    const { services } = this.#deps;
    if (!services.has(name)) await this.#deferredServices.get(name)?.();
    const entry = services.get(name);
    if (!entry) throw new TernError(ErrorCodes.PLUGIN_LOAD_FAILED, `No plugin provides the service "${name}"`);
    return entry.value as T;
  }

  /** Reloads `names`, else every plugin that is not built in (see `Runtime.reloadPlugins`). */
  async reload(names?: string[], options: { quiet?: boolean } = {}): Promise<PluginReloadResult[]> {
    return (await this.#reloaderNow()).reload(names, options);
  }

  /** Reloads a plugin when a file in its folder changes, until `close()`. */
  async watch(onReload?: (results: PluginReloadResult[]) => void): Promise<void> {
    await (await this.#reloaderNow()).watch(onReload);
  }

  get watching(): boolean {
    return this.#reloader?.watching ?? false;
  }

  /** Stops watching. */
  async close(): Promise<void> {
    await this.#reloader?.close();
  }

  async #reloaderNow(): Promise<PluginReloader> {
    if (this.#reloader) return this.#reloader;
    const { PluginReloader } = await importOnUse<Reload>("./reload.ts", import.meta.url);
    return this.#reloader ??= new PluginReloader({
      plugins: () => this.list,
      replace: (old, next) => this.#replace(old, next),
      pluginHost: this.#host!,
      idle: this.#deps.idle,
      warn: this.#deps.warn,
      debug: this.#deps.debug,
      notify: this.#deps.notify,
    });
  }
}
