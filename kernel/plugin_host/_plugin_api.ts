/**
 * @module
 * The `PluginApi` a plugin's `setup()` receives (private to the kernel): each member registers
 * into the runtime's registries through the host's `Track`, which makes the registration at once
 * or, for a reloaded plugin, when it is swapped in, and can undo all of a plugin's registrations
 * (its setup failed, or a new version replaced it). The API offers registration and narrow
 * capabilities, never the runtime itself.
 */
import type { EventBus } from "../bus.ts";
import type { KernelConfig } from "../config/config_schema.ts";
import type { Clock } from "../base/clock.ts";
import { pluginConfig } from "./plugin_config.ts";
import type { LoadedConfig } from "../config/config.ts";
import type { ContextContributor } from "../context.ts";
import type { HookRegistry } from "../extensions/hook_registry.ts";
import type { Lifecycle } from "../extensions/lifecycle.ts";
import type { Command, MethodHandler, PluginApi } from "../plugin_api.ts";
import type { Contributions, LoadedPlugin, Track } from "./loaded.ts";
export type { Registration, Track } from "./loaded.ts";
import type { ModelProvider } from "../provider.ts";
import type { ThreadStore } from "../store/thread_store.ts";
import type { ToolRegistry } from "../tool_registry.ts";

/** The runtime's registries, shared by reference with every plugin's API. */
export interface ApiHost {
  config: KernelConfig;
  /** The clock plugins get as `api.clock`. */
  clock: Clock;
  ternHome: string;
  cwd: string;
  loaded: LoadedConfig;
  tools: ToolRegistry;
  bus: EventBus;
  lifecycle: Lifecycle;
  hooks: HookRegistry;
  commands: Map<string, Command>;
  methods: Map<string, { owner: string; handler: MethodHandler }>;
  services: Map<string, { owner: string; value: unknown }>;
  providers: Map<string, ModelProvider>;
  contributors: ContextContributor[];
  stores: ThreadStore[];
  closers: (() => void | Promise<void>)[];
  plugins(): LoadedPlugin[];
  /** Resolves once every plugin has been set up. */
  pluginsLoaded: Promise<void>;
  debug(message: string): void;
  warn(message: string): void;
}

/** Builds the API for plugin `name`. */
export function createPluginApi(host: ApiHost, name: string, track: Track): PluginApi {
  const add = <T>(list: T[], value: T) => () => {
    list.push(value);
    return () => {
      const i = list.indexOf(value);
      if (i >= 0) list.splice(i, 1);
    };
  };
  const registered = (kind: keyof Contributions, id: string, apply: () => () => void) => track({ kind, id, apply });
  /** Registrations that are no manifest contribution, but are undone with a failed plugin too. */
  const owned = (apply: () => () => void) => track({ kind: null, id: "", apply });
  function registerProvider(provider: ModelProvider): () => void {
    return registered("providers", provider.id, () => {
      if (host.providers.has(provider.id)) {
        throw new TypeError(`Cannot register model provider "${provider.id}": already registered`);
      }
      host.providers.set(provider.id, provider);
      return () => {
        if (host.providers.get(provider.id) === provider) host.providers.delete(provider.id);
      };
    });
  }
  const subscribe: PluginApi["bus"]["on"] = (topic, listener, options) =>
    owned(() => host.bus.on(topic, listener, { owner: name, ...options }));
  return {
    name,
    config: pluginConfig(host.config, host.loaded),
    clock: host.clock,
    ternHome: host.ternHome,
    cwd: host.cwd,
    projectDir: host.loaded.projectDir,
    plugins: {
      list: () =>
        host.plugins().map((p) => ({
          name: p.name,
          dir: p.dir,
          status: p.status,
          contributes: p.manifest?.contributes ?? null,
        })),
      loaded: host.pluginsLoaded,
    },
    trusted: host.loaded.trusted,
    tools: {
      register: (tool, options) => registered("tools", tool.name, () => host.tools.register(tool, name, options)),
      beforeCall: (fn) => owned(() => host.tools.beforeCall(fn)),
      afterCall: (fn) => owned(() => host.tools.afterCall(fn)),
      list: (threadId) => host.tools.list(threadId),
    },
    providers: {
      register: registerProvider,
      add: registerProvider,
    },
    context: {
      register: (c) => registered("context", c.name, add(host.contributors, c)),
      add: (c) => registered("context", c.name, add(host.contributors, c)),
    },
    stores: { register: (store) => registered("stores", name, add(host.stores, store)) },
    commands: {
      register: (command) =>
        registered("commands", command.name, () => {
          if (host.commands.has(command.name)) {
            throw new TypeError(`Cannot register command "${command.name}": already registered`);
          }
          host.commands.set(command.name, command);
          return () => {
            if (host.commands.get(command.name) === command) host.commands.delete(command.name);
          };
        }),
    },
    methods: {
      register: (method, handler) =>
        owned(() => {
          const existing = host.methods.get(method);
          if (existing) {
            throw new TypeError(
              `Cannot register method "${method}" for "${name}": already registered by "${existing.owner}"`,
            );
          }
          const entry = { owner: name, handler };
          host.methods.set(method, entry);
          return () => {
            if (host.methods.get(method) === entry) host.methods.delete(method);
          };
        }),
    },
    services: {
      provide: (service, value) =>
        owned(() => {
          const existing = host.services.get(service);
          if (existing) {
            throw new TypeError(
              `Cannot provide service "${service}" for "${name}": already provided by "${existing.owner}"`,
            );
          }
          const entry = { owner: name, value };
          host.services.set(service, entry);
          return () => {
            if (host.services.get(service) === entry) host.services.delete(service);
          };
        }),
    },
    bus: {
      on: subscribe,
      subscribe,
      onAny: (listener, options) => owned(() => host.bus.onAny(listener, { owner: name, ...options })),
      emit: (topic, params) => host.bus.emit(topic, params),
      attachResponder: (responder) => owned(() => host.bus.attachResponder(responder)),
    },
    lifecycle: {
      on: (point, handler) => owned(() => host.lifecycle.on(point, handler, name)),
    },
    hooks: {
      on: (event, options, handler) => registered("hooks", event, () => host.hooks.on(event, options, handler, name)),
      declare: (file, options) => registered("hooks", String(file), () => host.hooks.declare(file, options, name)),
      list: () => host.hooks.list(),
    },
    onClose: (fn) => void track({ kind: null, id: "onClose", apply: add(host.closers, fn), close: fn }),
    log: (message) => host.debug(`[${name}] ${message}`),
    warn: (message) => host.warn(`[${name}] ${message}`),
  };
}
