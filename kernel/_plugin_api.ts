/**
 * @module
 * The `PluginApi` a plugin's `setup()` receives (private to the kernel): each member registers
 * into the runtime's registries, and every registration is tracked so that the plugin host can
 * undo all of a plugin's registrations when its setup fails. The API offers registration and
 * narrow capabilities, never the runtime itself.
 */
import type { EventBus } from "./bus.ts";
import type { KernelConfig } from "./config_schema.ts";
import type { LoadedConfig } from "./config.ts";
import type { ContextContributor } from "./context.ts";
import type { HookRegistry } from "./hook_registry.ts";
import type { Lifecycle } from "./lifecycle.ts";
import type { Command, MethodHandler, PluginApi } from "./plugin_api.ts";
import type { Contributions, LoadedPlugin } from "./plugins.ts";
import type { ModelProvider } from "./provider.ts";
import type { ThreadStore } from "./store.ts";
import type { ToolRegistry } from "./tools.ts";

/** The runtime's registries, shared by reference with every plugin's API. */
export interface ApiHost {
  config: KernelConfig;
  ternHome: string;
  cwd: string;
  loaded: LoadedConfig;
  tools: ToolRegistry;
  bus: EventBus;
  lifecycle: Lifecycle;
  hooks: HookRegistry;
  commands: Map<string, Command>;
  methods: Map<string, { owner: string; handler: MethodHandler }>;
  providers: Map<string, ModelProvider>;
  contributors: ContextContributor[];
  stores: ThreadStore[];
  closers: (() => void | Promise<void>)[];
  plugins(): LoadedPlugin[];
  debug(message: string): void;
  warn(message: string): void;
}

/** Records a registration: its manifest kind (null for other registrations), id and undo. */
export type Track = (kind: keyof Contributions | null, id: string, undo: () => void) => void;

/** Builds the API for plugin `name`. */
export function createPluginApi(host: ApiHost, name: string, track: Track): PluginApi {
  const add = <T>(list: T[], value: T) => {
    list.push(value);
    return () => {
      const i = list.indexOf(value);
      if (i >= 0) list.splice(i, 1);
    };
  };
  const registered = (kind: keyof Contributions, id: string, undo: () => void) => {
    track(kind, id, undo);
    return undo;
  };
  /** Registrations that are no manifest contribution, but are undone with a failed plugin too. */
  const owned = (undo: () => void) => {
    track(null, "", undo);
    return undo;
  };
  return {
    name,
    config: host.config,
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
    },
    trusted: host.loaded.trusted,
    tools: {
      register: (tool, options) => registered("tools", tool.name, host.tools.register(tool, name, options)),
      beforeCall: (fn) => owned(host.tools.beforeCall(fn)),
      afterCall: (fn) => owned(host.tools.afterCall(fn)),
    },
    providers: {
      register: (provider) => {
        if (host.providers.has(provider.id)) {
          throw new TypeError(`Cannot register model provider "${provider.id}": already registered`);
        }
        host.providers.set(provider.id, provider);
        return registered("providers", provider.id, () => host.providers.delete(provider.id));
      },
    },
    context: { add: (c) => registered("context", c.name, add(host.contributors, c)) },
    stores: { register: (store) => registered("stores", name, add(host.stores, store)) },
    commands: {
      register: (command) => {
        if (host.commands.has(command.name)) {
          throw new TypeError(`Cannot register command "${command.name}": already registered`);
        }
        host.commands.set(command.name, command);
        return registered("commands", command.name, () => host.commands.delete(command.name));
      },
    },
    methods: {
      register: (method, handler) => {
        const existing = host.methods.get(method);
        if (existing) {
          throw new TypeError(
            `Cannot register method "${method}" for "${name}": already registered by "${existing.owner}"`,
          );
        }
        host.methods.set(method, { owner: name, handler });
        return owned(() => host.methods.delete(method));
      },
    },
    bus: {
      on: (topic, listener, options) => owned(host.bus.on(topic, listener, { owner: name, ...options })),
      onAny: (listener, options) => owned(host.bus.onAny(listener, { owner: name, ...options })),
      emit: (topic, params) => host.bus.emit(topic, params),
      attachResponder: (responder) => owned(host.bus.attachResponder(responder)),
    },
    lifecycle: {
      on: (point, handler) => owned(host.lifecycle.on(point, handler, name)),
    },
    hooks: {
      on: (event, options, handler) => registered("hooks", event, host.hooks.on(event, options, handler, name)),
      declare: (file, options) => registered("hooks", String(file), host.hooks.declare(file, options, name)),
      list: () => host.hooks.list(),
    },
    onClose: (fn) => void host.closers.push(fn),
    log: (message) => host.debug(`[${name}] ${message}`),
    warn: (message) => host.warn(`[${name}] ${message}`),
  };
}
