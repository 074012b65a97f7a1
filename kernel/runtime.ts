/**
 * @module
 * The runtime: config, bus, registries, plugins and live threads in one object that front ends
 * drive (`startThread`, `resumeThread`, `thread.run`). It loads the plugins through the plugin
 * host (`PluginSet`) and gives each a `PluginApi` over these registries; it owns no tool, provider or store.
 */
import type { z } from "zod";
import { EventBus } from "./bus.ts";
import type { KernelConfig } from "./config/config_schema.ts";
import type { PluginManifest } from "./plugin_host/manifest.ts";
import type { LoadedConfig } from "./config/config.ts";
import type { ContextContributor } from "./context.ts";
import { ErrorCodes, TernError, ThreadNotFoundError } from "./base/errors.ts";
import { definedOnly, threadSettings } from "./config/thread_settings.ts";
import type { Command, FrontEnd, MethodHandler, StartThreadOptions } from "./plugin_api.ts";
export type { StartThreadOptions } from "./plugin_api.ts";
import type { LoadedPlugin } from "./plugin_host/plugins.ts";
import type { PluginReloadResult } from "./plugin_host/reload.ts";
import { PluginSet } from "./plugin_host/plugin_set.ts";
import type { ModelProvider } from "./provider.ts";
import type { SessionMeta, ThreadStore } from "./store/thread_store.ts";
import { Thread, type ThreadSettings } from "./thread.ts";
import { ToolRegistry } from "./tool_registry.ts";
import { Lifecycle } from "./extensions/lifecycle.ts";
import { endSessions } from "./extensions/session_end.ts";
import { type ApiHost, createPluginApi } from "./plugin_host/_plugin_api.ts";
import { HookRegistry } from "./extensions/hook_registry.ts";
import { type Clock, systemClock } from "./base/clock.ts";

/** Options for `Runtime.create()`. */
export interface RuntimeOptions {
  cwd: string;
  ternHome: string;
  loaded: LoadedConfig;
  /** Built-in plugin folders by name. */
  builtins: Record<string, string>;
  /**
   * The plugins loaded when the config's `plugins` key does not list any (the entry point passes its
   * built-in list; the kernel names no plugin). @default every entry of `builtins`, in order
   */
  defaultPlugins?: readonly string[];
  cliVersion: string;
  /** Where warnings go. @default console.error */
  warn?: (message: string) => void;
  /** Where debug lines go (only when set). */
  debug?: (message: string) => void;
  /** The command this run is for: its plugin loads at start-up even if it is deferred. */
  command?: string;
  /** Plugin entry modules already loaded, by entry URL (a start-up bundle's built-in plugins). */
  preloaded?: ReadonlyMap<string, Record<string, unknown>>;
  /** Validated plugin manifests already at hand, by plugin folder (the same bundle's built-ins). */
  preloadedManifests?: ReadonlyMap<string, PluginManifest>;
  /** The clock plugins get as `api.clock` (tests pass a fake one). @default systemClock */
  clock?: Clock;
}

/** A running Tern: what `main.ts` builds and front ends drive. */
export class Runtime implements FrontEnd {
  readonly bus: EventBus;
  readonly tools = new ToolRegistry();
  #loaded: LoadedConfig;
  readonly ternHome: string;
  readonly cwd: string;
  readonly cliVersion: string;
  readonly builtins: Readonly<Record<string, string>>;
  readonly threads = new Map<string, Thread>();
  readonly commands = new Map<string, Command>();
  readonly methods = new Map<string, { owner: string; handler: MethodHandler }>();
  /** Services plugins provide (`api.services.provide`), by name; use them through `service()`. */
  readonly #services = new Map<string, { owner: string; value: unknown }>();
  readonly lifecycle: Lifecycle;
  /** Hooks plugins registered (`api.hooks`); the hook engine plugin runs them. */
  readonly hooks = new HookRegistry();
  readonly #plugins: PluginSet;
  #providers = new Map<string, ModelProvider>();
  #contributors: ContextContributor[] = [];
  #stores: ThreadStore[] = [];
  #closers: (() => void | Promise<void>)[] = [];
  readonly #pluginsLoaded = Promise.withResolvers<void>();
  readonly warn: (message: string) => void;
  readonly debug: (message: string) => void;
  readonly clock: Clock;

  get config(): KernelConfig {
    return this.#loaded.config;
  }

  get loaded(): LoadedConfig {
    return this.#loaded;
  }

  async reloadConfig(): Promise<void> {
    this.#loaded = await this.#loaded.reread();
  }

  private constructor(options: RuntimeOptions) {
    this.#loaded = options.loaded;
    this.ternHome = options.ternHome;
    this.cwd = options.cwd;
    this.cliVersion = options.cliVersion;
    this.builtins = options.builtins;
    this.warn = options.warn ?? ((m) => console.error(m));
    this.debug = options.debug ?? (() => {});
    this.clock = options.clock ?? systemClock;
    this.bus = new EventBus({ onError: (error, owner) => this.warn(`Subscriber "${owner}" failed: ${error}`) });
    this.#plugins = new PluginSet({
      commands: this.commands,
      services: this.#services,
      idle: () => [...this.threads.values()].every((thread) => !thread.busy),
      notify: (message) => this.bus.emit("warning", { threadId: null, message }),
      warn: this.warn,
      debug: this.debug,
    });
    this.lifecycle = new Lifecycle({
      onError: (error, owner, point) =>
        this.warn(`[${owner}] ${point} handler failed: ${(error as Error).message ?? error}`),
    });
    this.tools.deadlineFor = (owner) => this.#plugins.toolDeadlineMs(owner);
  }

  /** Builds a runtime and loads its plugins. Plugin failures are warnings, not errors. */
  static async create(options: RuntimeOptions): Promise<Runtime> {
    const runtime = new Runtime(options);
    const defaults = options.defaultPlugins ?? Object.keys(options.builtins).map((name) => `builtin:${name}`);
    const specs = [...(runtime.config.plugins ?? defaults), ...runtime.config.extraPlugins];
    const baseDir = options.loaded.projectDir ?? options.cwd;
    await runtime.#plugins.load(specs, {
      builtins: options.builtins,
      baseDir,
      timeoutMs: runtime.config.pluginSetupTimeoutSec * 1000,
      makeApi: (name, track) => createPluginApi(runtime.#apiHost(), name, track),
      section: (name: string, schema: z.ZodType) => options.loaded.section(name, schema),
      warn: runtime.warn,
      cacheDir: `${options.ternHome}/cache`,
      preloaded: options.preloaded,
      preloadedManifests: options.preloadedManifests,
      command: options.command,
    });
    runtime.#pluginsLoaded.resolve();
    runtime.#plugins.registerMethods(runtime.methods);
    // Every plugin in the list (loaded, deferred or failed) owns the section named after it.
    const sections = runtime.plugins.flatMap((p) => [p.name, ...(p.manifest?.contributes.configSections ?? [])]);
    for (const unknown of await options.loaded.checkUnknownKeys(sections)) runtime.warn(`warning: ${unknown.message}`);
    return runtime;
  }

  /** What the plugin API reaches: the runtime's registries, shared by reference. */
  #apiHost(): ApiHost {
    return {
      config: this.config,
      clock: this.clock,
      ternHome: this.ternHome,
      cwd: this.cwd,
      loaded: this.loaded,
      tools: this.tools,
      bus: this.bus,
      lifecycle: this.lifecycle,
      hooks: this.hooks,
      commands: this.commands,
      methods: this.methods,
      services: this.#services,
      providers: this.#providers,
      contributors: this.#contributors,
      stores: this.#stores,
      closers: this.#closers,
      plugins: () => this.plugins,
      pluginsLoaded: this.#pluginsLoaded.promise,
      debug: this.debug,
      warn: this.warn,
    };
  }

  get plugins(): LoadedPlugin[] {
    return this.#plugins.list;
  }

  service<T>(name: string): Promise<T> {
    return this.#plugins.service<T>(name);
  }

  reloadPlugins(names?: string[], options: { quiet?: boolean } = {}): Promise<PluginReloadResult[]> {
    return this.#plugins.reload(names, options);
  }

  watchPlugins(options: { onReload?: (results: PluginReloadResult[]) => void } = {}): Promise<void> {
    return this.#plugins.watch(options.onReload);
  }

  get watchingPlugins(): boolean {
    return this.#plugins.watching;
  }

  provider(id: string): ModelProvider {
    const provider = this.#providers.get(id);
    if (!provider) {
      const known = [...this.#providers.keys()].join(", ") || "none";
      throw new TernError(
        ErrorCodes.PROVIDER_NOT_FOUND,
        `Cannot find model provider "${id}": registered providers are ${known}`,
      );
    }
    return provider;
  }

  get store(): ThreadStore | null {
    return this.#stores[0] ?? null;
  }

  /** Starts a new thread with the config's settings, overridden by `options`. */
  async startThread(options: StartThreadOptions = {}): Promise<Thread> {
    const settings = threadSettings(this.config, this.cwd, options);
    this.provider(settings.modelProvider);
    const meta = {
      id: crypto.randomUUID(),
      timestamp: new Date().toISOString(),
      cwd: settings.cwd,
      originator: options.originator ?? "tern",
      cliVersion: this.cliVersion,
      source: options.source ?? "cli",
      modelProvider: settings.modelProvider,
      model: settings.model,
      ...(options.dynamicTools?.length ? { dynamicTools: options.dynamicTools } : {}),
    };
    const thread = new Thread(this.#threadDeps(), meta, settings, { ephemeral: options.ephemeral });
    await thread.persist();
    return this.#opened(thread);
  }

  /** The config's settings for a stored thread, with its cwd, model and provider. */
  #storedSettings(meta: SessionMeta): ThreadSettings {
    const { cwd, model, modelProvider } = meta;
    return threadSettings(this.config, this.cwd, { cwd, model, modelProvider });
  }

  /** Applies `overrides`, checks the provider, loads the thread and announces it (`thread/started`). */
  #opened(thread: Thread, overrides: Partial<ThreadSettings> = {}): Thread {
    thread.settings = { ...thread.settings, ...definedOnly(overrides) };
    this.provider(thread.settings.modelProvider);
    this.threads.set(thread.id, thread);
    this.bus.emit("thread/started", { thread: thread.toWire() });
    return thread;
  }

  /** Loads a stored thread; settings from the last turn, then `overrides`. */
  async resumeThread(
    id: string,
    overrides: Partial<ThreadSettings> = {},
  ): Promise<{ thread: Thread; warnings: string[] }> {
    const live = this.threads.get(id);
    if (live) return { thread: live, warnings: [] };
    const rollout = await this.store?.load(id);
    if (!rollout) {
      throw new ThreadNotFoundError(id, "resume", "no stored thread has that id");
    }
    const thread = new Thread(this.#threadDeps(), rollout.meta, this.#storedSettings(rollout.meta));
    const warnings = thread.restore(rollout);
    thread.pendingSessionStart = "resume";
    return { thread: this.#opened(thread, overrides), warnings };
  }

  /**
   * Starts a new thread with a copy of a stored thread's history and turns (`thread/fork`): its
   * rollout begins with the source's records, and `forkedFromId` names the source.
   */
  async forkThread(
    id: string,
    overrides: Partial<ThreadSettings> = {},
    options: { ephemeral?: boolean } = {},
  ): Promise<{ thread: Thread; warnings: string[] }> {
    const store = this.store;
    await store?.flush();
    const rollout = await store?.load(id);
    if (!store || !rollout) {
      throw new ThreadNotFoundError(id, "fork", "no stored thread has that id");
    }
    const source = rollout.meta;
    const meta = {
      ...source,
      id: crypto.randomUUID(),
      timestamp: new Date().toISOString(),
      forkedFromId: id,
      // The fork keeps the source's name (the last one set, which `load` reads), as Codex does.
      name: source.name ?? null,
    };
    const thread = new Thread(this.#threadDeps(), meta, this.#storedSettings(source), { ephemeral: options.ephemeral });
    await thread.persist();
    if (!thread.ephemeral) store.append(meta.id, rollout.records);
    const path = thread.path;
    const warnings = thread.restore({ ...rollout, meta, path });
    return { thread: this.#opened(thread, overrides), warnings };
  }

  unloadThread(id: string): boolean {
    return this.threads.delete(id);
  }

  latestThreadId(options: { cwd?: string } = {}): Promise<string | null> {
    return this.store?.findLatest(options) ?? Promise.resolve(null);
  }

  async close(): Promise<void> {
    await this.#plugins.close();
    for (const thread of this.threads.values()) thread.interrupt();
    await endSessions(this.lifecycle, this.bus, this.threads.values());
    for (const thread of this.threads.values()) this.bus.emit("thread/closed", { threadId: thread.id });
    await this.bus.idle();
    for (const store of this.#stores) await store.flush();
    for (const fn of this.#closers.reverse()) {
      try {
        await fn();
      } catch (error) {
        this.warn(`onClose handler failed: ${(error as Error).message}`);
      }
    }
  }

  #threadDeps() {
    return {
      bus: this.bus,
      tools: this.tools,
      contributors: () => this.#contributors,
      provider: (id: string) => this.provider(id),
      store: this.store,
      warn: this.warn,
      debug: this.debug,
      lifecycle: this.lifecycle,
      maxContinuations: this.config.maxHookContinuations,
      autoCompactTokenLimit: this.config.modelAutoCompactTokenLimit,
      compactPrompt: this.config.compactPrompt,
      sandboxOptions: {
        extraWritableRoots: this.config.sandboxWorkspaceWrite.writableRoots,
        networkAccess: this.config.sandboxWorkspaceWrite.networkAccess,
        readOnlyPaths: [this.ternHome],
      },
    };
  }
}
