/**
 * @module
 * What a plugin sees: `definePlugin()` and the `PluginApi` handed to `setup()`. The API offers
 * registration and narrow capabilities, never kernel internals. One verb per kind of extension:
 * `register` a named thing the kernel holds (tools, providers, context contributors, stores,
 * commands, methods), `on` a handler for an event or point (bus topics, lifecycle points, hooks),
 * `provide` a value to other plugins (services). Each returns its undo function; the host also
 * undoes everything a plugin registered when it is disabled. `providers.add`, `context.add` and
 * `bus.subscribe` are deprecated aliases, kept for one release (docs/plugins.md).
 */
import type { z } from "zod";
import type { AnyListener, EventBus, Listener, Responder, SubscribeOptions } from "./bus.ts";
import type { ContextContributor } from "./context.ts";
import type { ModelProvider } from "./provider.ts";
import type { NotificationMap, Topic } from "./protocol/notifications.ts";
import type { ThreadStore } from "./store/thread_store.ts";
import type { AfterToolCall, BeforeToolCall, Tool } from "./tools.ts";
import type { PluginConfig } from "./plugin_host/plugin_config.ts";
import type { Clock } from "./base/clock.ts";
import type { Thread, ThreadSettings } from "./thread.ts";
import type { ToolRegistry } from "./tool_registry.ts";
import type { KernelConfig } from "./config/config_schema.ts";
import type { LoadedConfig } from "./config/config.ts";
import type { LoadedPlugin, PluginReloadResult } from "./plugin_host/loaded.ts";
import type { SessionSource } from "./protocol/thread.ts";
import type { DynamicToolSpec } from "./protocol/methods.ts";
import type { LifecycleHandler, LifecyclePoint } from "./extensions/lifecycle.ts";
import type { PluginManifest } from "./plugin_host/manifest.ts";
import type { HookHandler, HookOptions, RegisteredHook } from "./extensions/hook_registry.ts";
import type { HookEventName } from "./extensions/points.ts";

/** A CLI subcommand contributed by a plugin (`tern exec`, `tern app-server`, ...). */
export interface Command {
  name: string;
  /** One line for `tern --help`. */
  summary: string;
  /** Runs the command; resolves to the process exit code. */
  run(args: string[], frontEnd: FrontEnd): Promise<number>;
}

/** Options for `startThread()`. */
export interface StartThreadOptions extends Partial<ThreadSettings> {
  ephemeral?: boolean;
  source?: SessionSource;
  originator?: string;
  /** Tools the client answers (`item/tool/call`); kept in `session_meta`, handed to `sessionStart`. */
  dynamicTools?: DynamicToolSpec[];
}

/**
 * What a front end (a command: `exec`, the TUI, the app-server, `doctor`) gets instead of the
 * runtime: start, resume, fork, read and unload threads; the bus, to subscribe, publish and answer
 * server requests; the config, the plugins and the tools to read; services other plugins provide.
 * The maps and lists are read-only: nothing outside the kernel's core changes kernel state but
 * through these methods. (`Runtime`, as a type in `kernel/mod.ts`, is this interface, kept for
 * one release; see docs/plugins.md.)
 */
export interface FrontEnd {
  /** The workspace the run started in. */
  readonly cwd: string;
  /** Absolute path of `$TERN_HOME`. */
  readonly ternHome: string;
  readonly cliVersion: string;
  /** The kernel's merged config keys. */
  readonly config: KernelConfig;
  /** The layered config as loaded: files, trust, `section()`, `locate()`. */
  readonly loaded: LoadedConfig;
  /**
   * Reads the config files again (same `-c` overrides, profile and cwd; no trust question) for threads started from
   * now on (after `config/value/write`); loaded threads and plugins keep what they read. Throws, keeping the old
   * config, when a file no longer loads.
   */
  reloadConfig(): Promise<void>;
  /** Notifications out, server requests to answer (`on`, `onAny`, `emit`, `attachResponder`, `idle`). */
  readonly bus: Pick<EventBus, "on" | "onAny" | "emit" | "idle" | "attachResponder" | "setRequestPolicy">;
  /** The threads loaded now, by id (read-only: start, resume, fork and unload them through the methods). */
  readonly threads: ReadonlyMap<string, Thread>;
  /** Request methods plugins answer, by name. */
  readonly methods: ReadonlyMap<string, { owner: string; handler: MethodHandler }>;
  /** The commands plugins registered, by name. */
  readonly commands: ReadonlyMap<string, Command>;
  /**
   * The tools registered now; `register` offers a tool to one thread's turns (undoable), as a
   * client's dynamic tools and a thread goal's tools are.
   */
  readonly tools: Pick<ToolRegistry, "list" | "get" | "register">;
  /** The plugin list, as loaded. */
  readonly plugins: readonly LoadedPlugin[];
  /** The built-in plugins this build ships, name to folder (`plugin/list` shows the ones left out). */
  readonly builtins: Readonly<Record<string, string>>;
  /** The thread store, if a plugin registered one. */
  readonly store: ThreadStore | null;
  /** Whether plugin folders are being watched for changes. */
  readonly watchingPlugins: boolean;
  warn(message: string): void;
  debug(message: string): void;
  /** The provider registered under `id` (throws naming the registered ones when there is none). */
  provider(id: string): ModelProvider;
  /** What a plugin provides under `name`, setting up the deferred plugin that lists it; throws a `TernError` when none does. */
  service<T>(name: string): Promise<T>;
  startThread(options?: StartThreadOptions): Promise<Thread>;
  resumeThread(id: string, overrides?: Partial<ThreadSettings>): Promise<{ thread: Thread; warnings: string[] }>;
  forkThread(
    id: string,
    overrides?: Partial<ThreadSettings>,
    options?: { ephemeral?: boolean },
  ): Promise<{ thread: Thread; warnings: string[] }>;
  /** Forgets a loaded thread whose turn has stopped (`thread/unsubscribe`); false when it was not loaded. */
  unloadThread(id: string): boolean;
  /** The id of the most recent stored thread (started in `cwd` when given). */
  latestThreadId(options?: { cwd?: string }): Promise<string | null>;
  /**
   * Reloads plugins between turns: `names`, else every plugin not built in. Each new version loads beside the running
   * one and is swapped in once no turn runs; one that fails is warned about (unless `quiet`) and its running version
   * stays. Also `plugin/reload`. See docs/plugins.md.
   */
  reloadPlugins(names?: string[], options?: { quiet?: boolean }): Promise<PluginReloadResult[]>;
  /** Reloads a plugin when a file in its folder changes (`--watch`), until `close()`. */
  watchPlugins(options?: { onReload?: (results: PluginReloadResult[]) => void }): Promise<void>;
  /** Interrupts running turns, runs SessionEnd, waits for the bus and the store, runs plugins' `onClose` in reverse. */
  close(): Promise<void>;
}

/**
 * Answers one request method. `params` is the client's JSON, unvalidated: validate it (zod) and
 * throw a `TypeError` naming the bad field for invalid params.
 */
export type MethodHandler = (params: unknown) => Promise<unknown>;

/** What `api.plugins.list()` tells about a plugin. */
export interface PluginSummary {
  name: string;
  /** The plugin's folder (null for `npm:` plugins). */
  dir: string | null;
  status: "loaded" | "failed" | "deferred";
  contributes: PluginManifest["contributes"] | null;
}

/** The registration API handed to `setup()`. */
export interface PluginApi {
  /** The plugin's name, from its manifest. */
  readonly name: string;
  /**
   * The merged config (kernel keys, plus every other section as raw JSON), and
   * `config.section(name, schema)`: one section parsed with a zod schema, typed.
   */
  readonly config: PluginConfig;
  /** Time and timers (`now`, `sleep`, `setTimeout`): real time, or a test's fake clock. */
  readonly clock: Clock;
  /** Absolute path of `$TERN_HOME`. */
  readonly ternHome: string;
  /** The workspace the run started in (`-C`, else where the user ran `tern`). */
  readonly cwd: string;
  /**
   * The plugins of this run, once all have loaded (call it later than `setup()`): their folders
   * and manifest contributions, e.g. to find skills other plugins contribute.
   */
  plugins: {
    list(): PluginSummary[];
    /**
     * Resolves once every plugin of the run has been set up (the moment `list()` is complete),
     * say to act on what other plugins contribute without waiting for the first turn.
     */
    readonly loaded: Promise<void>;
  };
  /** The folder holding the project's `.tern/` (null when there is none). */
  readonly projectDir: string | null;
  /** Whether the user trusts that project (false when there is none). */
  readonly trusted: boolean;
  tools: {
    /** Registers a tool; with `threadId`, only that thread's turns see it (say, a client's dynamic tools). */
    register(tool: Tool, options?: { threadId?: string }): () => void;
    beforeCall(fn: BeforeToolCall): () => void;
    afterCall(fn: AfterToolCall): () => void;
    /** The tools registered now (all plugins'), with `threadId` also that thread's own tools. */
    list(threadId?: string): { name: string; owner: string; kind: "function" | "freeform" }[];
  };
  providers: {
    register(provider: ModelProvider): () => void;
    /** @deprecated Use `register()` (the same); this name goes in the next release. */
    add(provider: ModelProvider): () => void;
  };
  context: {
    register(contributor: ContextContributor): () => void;
    /** @deprecated Use `register()` (the same); this name goes in the next release. */
    add(contributor: ContextContributor): () => void;
  };
  stores: { register(store: ThreadStore): () => void };
  commands: { register(command: Command): () => void };
  /**
   * Request methods a plugin answers (`skills/list`, `hooks/list`, ...): front ends such as the
   * app-server route a client's request to the plugin that registered its method.
   */
  methods: { register(method: string, handler: MethodHandler): () => void };
  /**
   * In-process objects a plugin offers other plugins by name, since plugins do not import each
   * other (say, the app-server's in-process connection, which the terminal UI uses). A plugin
   * uses one through `runtime.service(name)`. List the names in the manifest's
   * `contributes.services` so a deferred plugin is set up when one is first asked for.
   */
  services: { provide(name: string, value: unknown): () => void };
  bus: {
    on<T extends Topic>(topic: T, listener: Listener<T>, options?: SubscribeOptions): () => void;
    /** @deprecated Use `on()` (the same); this name goes in the next release. */
    subscribe<T extends Topic>(topic: T, listener: Listener<T>, options?: SubscribeOptions): () => void;
    onAny(listener: AnyListener, options?: SubscribeOptions): () => void;
    /** Publishes a notification (say, `skills/changed`) outside any turn. */
    emit<T extends Topic>(topic: T, params: NotificationMap[T]): void;
    /** Answers server requests (front ends). */
    attachResponder(responder: Responder): () => void;
  };
  /** Lifecycle hook points (`LIFECYCLE_POINTS`; each described in the `EXTENSION_POINTS` table). */
  lifecycle: {
    on<K extends LifecyclePoint>(point: K, handler: LifecycleHandler<K>): () => void;
  };
  /**
   * Hooks (run by the hook engine plugin, `hooks/`): `on` adds a typed in-process hook,
   * `declare` a `hooks.json` file of command hooks, `list` shows every plugin's registrations.
   */
  hooks: {
    on<E extends HookEventName>(event: E, options: HookOptions, handler: HookHandler<E>): () => void;
    declare(file: string | URL, options?: { root?: string }): () => void;
    list(): readonly RegisteredHook[];
  };
  /** Runs when the runtime shuts down, in reverse order of registration. */
  onClose(fn: () => void | Promise<void>): void;
  /** A diagnostic line, prefixed with the plugin's name (shown under `--debug`). */
  log(message: string): void;
  /** Reports a problem to the user (always shown). */
  warn(message: string): void;
}

/** A plugin's entry module exports one of these as default. */
export interface PluginDefinition<S extends z.ZodType = z.ZodType> {
  name: string;
  /** The plugin's config section (`config[name]`), parsed before `setup()` sees it. */
  config?: S;
  setup(api: PluginApi, config: z.infer<S>): void | Promise<void>;
}

/**
 * Declares a plugin. Returns its argument unchanged; it exists so the config type flows into
 * `setup()`.
 *
 * @example
 * ```ts
 * export default definePlugin({
 *   name: "hello",
 *   config: z.object({ greeting: z.string().default("hello") }).default({ greeting: "hello" }),
 *   setup(api, config) { // config: { greeting: string }, parsed from config["hello"]
 *     api.tools.register(tool({ name: "hello", description: "Says hello",
 *       parameters: z.object({}), execute: async () => ({ output: config.greeting }) }));
 *   },
 * });
 * ```
 */
export function definePlugin<S extends z.ZodType = z.ZodType>(definition: PluginDefinition<S>): PluginDefinition<S> {
  return definition;
}
