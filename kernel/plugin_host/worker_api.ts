/**
 * @module
 * The `PluginApi` a worker plugin's `setup()` gets, inside the worker. Each registration is sent
 * to the host, which registers a stub that calls back here by message; the handler stays in the
 * worker. What cannot cross (providers, stores, commands, tool interceptors, responders, a
 * synchronous `hooks.list()`) throws a `TypeError` naming the plugin and the API.
 */
import { z } from "zod";
import { systemClock } from "../base/clock.ts";
import type { HookHandler } from "../extensions/hook_registry.ts";
import type { LifecycleHandler } from "../extensions/lifecycle.ts";
import type { PluginApi, PluginSummary } from "../plugin_api.ts";
import { pluginConfig } from "./plugin_config.ts";
import type { KernelConfig } from "../config/config_schema.ts";
import type { ContextContributor } from "../context.ts";
import type { Tool } from "../tools.ts";
import { toolContext } from "./worker_context.ts";
import type {
  Ask,
  CallChannel,
  ConfigIssue,
  FromWorker,
  ToolSpec,
  WorkerInit,
  WorkerRegistration,
} from "./messages.ts";
export type { CallChannel } from "./messages.ts";

/** A registered handler: gets the call's payload and its channel back to the host. */
export type Handler = (payload: never, channel: CallChannel) => Promise<unknown> | unknown;

/** What the API needs from the worker's message loop. */
export interface Bridge {
  /** Sends a registration with its handler; returns the undo. */
  register(registration: WorkerRegistration, handler: Handler | null): () => void;
  post(message: FromWorker): void;
  /** Asks the host outside any call. */
  ask(op: Ask, args: unknown[]): Promise<unknown>;
  onClose(fn: () => void | Promise<void>): void;
  plugins(): PluginSummary[];
  /** Resolves when the host says every plugin is set up. */
  pluginsLoaded: Promise<void>;
}

/** Builds the worker plugin's API. */
export function workerApi(init: WorkerInit, bridge: Bridge): PluginApi {
  const name = init.name;
  const contextContributor = contextContributorOf(bridge);
  const busOn: PluginApi["bus"]["on"] = (topic, listener) =>
    bridge.register({ kind: "bus", topic }, ({ event }: { event: never }) => listener(event));
  const refuse = (member: string, why: string) => (): never => {
    throw new TypeError(
      `Cannot use api.${member}() in plugin "${name}": it runs in a worker ("isolation": "worker"), and ${why}`,
    );
  };
  const config = pluginConfig(init.config as KernelConfig, {
    section: async <S extends z.ZodType>(section: string, schema: S) => {
      const parsed = await schema.safeParseAsync(init.config[section]);
      if (parsed.success) return parsed.data;
      await bridge.ask("configError", [section, issuesOf(parsed.error)]);
      throw new TypeError(`Invalid config section "${section}"`); // configError rejects with the located message
    },
    reread: refuse("config.reread", "reading config files again is left to the host"),
  });
  return {
    name,
    config,
    clock: systemClock,
    ternHome: init.ternHome,
    cwd: init.cwd,
    projectDir: init.projectDir,
    trusted: init.trusted,
    plugins: { list: () => bridge.plugins(), loaded: bridge.pluginsLoaded },
    tools: {
      register: (tool, options) =>
        bridge.register({ kind: "tool", tool: toolSpec(tool), threadId: options?.threadId }, toolHandler(tool)),
      beforeCall: refuse("tools.beforeCall", 'tool interceptors cannot cross; use api.hooks.on("PreToolUse") instead'),
      afterCall: refuse("tools.afterCall", 'tool interceptors cannot cross; use api.hooks.on("PostToolUse") instead'),
      list: refuse("tools.list", "the host's tool registry is not mirrored into workers"),
    },
    providers: {
      register: refuse("providers.register", "a model provider cannot cross to the host"),
      add: refuse("providers.add", "a model provider cannot cross to the host"),
    },
    stores: { register: refuse("stores.register", "a thread store cannot cross to the host") },
    services: { provide: refuse("services.provide", "a service is an in-process object, which cannot cross") },
    commands: { register: refuse("commands.register", "a command gets the runtime, which cannot cross to a worker") },
    context: { register: contextContributor, add: contextContributor },
    methods: {
      register: (method, handler) =>
        bridge.register({ kind: "method", method }, ({ params }: { params: unknown }) => handler(params)),
    },
    bus: {
      on: busOn,
      subscribe: busOn,
      onAny: (listener) =>
        bridge.register({ kind: "bus", topic: null }, ({ event }: { event: never }) => listener(event)),
      emit: (topic, params) => bridge.post({ t: "emit", topic, params }),
      attachResponder: refuse("bus.attachResponder", "answering server requests is for front ends, in the host"),
    },
    lifecycle: {
      on: (point, handler) =>
        bridge.register(
          { kind: "lifecycle", point },
          ({ input }: { input: Record<string, unknown> }, channel) =>
            (handler as LifecycleHandler<typeof point>)({
              ...input,
              signal: channel.signal,
              emit: (topic: string, params: unknown) => channel.effect("emit", [topic, params]),
              request: (method: string, params: unknown) => channel.ask("request", [method, params]),
            } as never),
        ),
    },
    hooks: {
      on: (event, options, handler) =>
        bridge.register(
          { kind: "hook", event, options: { ...options } },
          ({ input }: { input: unknown }, channel) =>
            (handler as HookHandler<typeof event>)(input as never, { signal: channel.signal }),
        ),
      declare: (file, options) =>
        bridge.register({
          kind: "hooksFile",
          file: file instanceof URL ? decodeURIComponent(file.pathname) : file,
          root: options?.root,
        }, null),
      list: refuse("hooks.list", "the host's hook registry cannot be read from a worker"),
    },
    onClose: (fn) => bridge.onClose(fn),
    log: (message) => bridge.post({ t: "log", message }),
    warn: (message) => bridge.post({ t: "warn", message }),
  };
}

/** zod issues as data. */
export function issuesOf(error: z.ZodError): ConfigIssue[] {
  return error.issues.map((issue) => ({
    path: issue.path.filter((p): p is string | number => typeof p !== "symbol"),
    message: issue.message,
  }));
}

/** The tool as it crosses: zod parameters become JSON Schema, as `kernel/tools.ts` sends them to the model. */
function toolSpec(tool: Tool): ToolSpec {
  if (tool.kind === "freeform") {
    return { kind: "freeform", name: tool.name, description: tool.description, format: tool.format };
  }
  if (tool.kind === "jsonSchema") {
    return { kind: "function", name: tool.name, description: tool.description, inputSchema: tool.inputSchema };
  }
  const schema = z.toJSONSchema(tool.parameters, { target: "draft-7", io: "input" }) as Record<string, unknown>;
  delete schema.$schema;
  return { kind: "function", name: tool.name, description: tool.description, inputSchema: schema };
}

/** Runs the tool in the worker: a function tool's arguments are validated here, with its zod schema. */
function toolHandler(tool: Tool): Handler {
  return ({ args, ctx }: { args: unknown; ctx: Record<string, unknown> }, channel: CallChannel) => {
    const context = toolContext(ctx, channel);
    if (tool.kind === "freeform") return tool.execute(String(args), context);
    if (tool.kind === "jsonSchema") return tool.execute(args, context);
    const parsed = tool.parameters.safeParse(args);
    if (!parsed.success) {
      const issues = parsed.error.issues.map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`).join("; ");
      return { output: `invalid arguments for "${tool.name}": ${issues}`, success: false };
    }
    return tool.execute(parsed.data, context);
  };
}

/** A context contributor, run in the worker when the host asks for its contribution. */
function contextContributorOf(bridge: Bridge): (contributor: ContextContributor) => () => void {
  return (contributor) =>
    bridge.register(
      { kind: "context", name: contributor.name },
      ({ request }: { request: Record<string, unknown> }, channel) =>
        contributor.contribute({ ...request, signal: channel.signal } as Parameters<typeof contributor.contribute>[0]),
    );
}
