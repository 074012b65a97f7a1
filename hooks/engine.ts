/**
 * @module
 * The hook engine: `HookEngine.run(spec, request, ctx)` runs one event's hooks and returns the
 * merged outcome with the run summaries. It selects the handlers whose matcher accepts the
 * event's matcher inputs, emits `hook/started` for each, runs them all in parallel (command hooks
 * through `command_runner.ts`, in-process hooks through `in_process_runner.ts`), lets the event
 * decide each result and merge them in declaration order, then emits `hook/completed` for each in
 * declaration order (and a `warning` per `systemMessage`). A failing hook is data, never a throw.
 */
import type { HookEventName, HookRunSummary, RegisteredHook } from "../kernel/mod.ts";
import { runCommand, type RunResult } from "./command_runner.ts";
import {
  type ConfiguredHandler,
  configureHandlers,
  type HandlerSource,
  type HookDeclarations,
  pluginRootOf,
  readHooksFile,
} from "./discovery.ts";
import {
  camelEventName,
  classify,
  type Entry,
  type EventContext,
  type EventSpec,
  type HandlerResult,
  kebabEventName,
} from "./events/common.ts";
import { runInProcess } from "./in_process_runner.ts";

/** Options for `new HookEngine()`. */
export interface HookEngineOptions {
  /** Declarations read at setup (user file, config key, project file), in order. */
  declarations: HookDeclarations[];
  /** What plugins registered (`api.hooks.list`), read on every run so late registrations count. */
  registry?: () => readonly RegisteredHook[];
  /** Where problems with declarations go (each reported once). */
  warn?: (message: string) => void;
  /** The shell command hooks run in. @default $SHELL -c */
  shell?: string[];
}

/** One event run: the merged outcome and the summaries, in declaration order. */
export interface EventRun<Out> {
  outcome: Out;
  runs: HookRunSummary[];
}

/** Runs hooks. One per runtime; safe to use from parallel turns and tool calls. */
export class HookEngine {
  #options: HookEngineOptions;
  #files = new Map<string, Promise<HookDeclarations | null>>();
  #cache: { key: readonly RegisteredHook[]; handlers: ConfiguredHandler[] } | null = null;
  #warnings: string[] = [];

  constructor(options: HookEngineOptions) {
    this.#options = options;
  }

  /** Every configured handler, in declaration order (including those that never run). */
  async handlers(): Promise<ConfiguredHandler[]> {
    const registered = this.#options.registry?.() ?? [];
    const cached = this.#cache;
    if (cached && cached.key.length === registered.length && cached.key.every((e, i) => e === registered[i])) {
      return cached.handlers;
    }
    const blocks: HandlerSource[] = [...this.#options.declarations];
    for (const entry of registered) {
      if (entry.kind === "inProcess") blocks.push(entry);
      else {
        const declared = await this.#pluginFile(entry);
        if (declared) blocks.push(declared);
      }
    }
    const { handlers, warnings } = configureHandlers(blocks);
    for (const warning of warnings) this.#warn(warning);
    this.#cache = { key: registered, handlers };
    return handlers;
  }

  /** True when some runnable handler is declared for `event` (lets callers skip building inputs). */
  async has(event: HookEventName): Promise<boolean> {
    return (await this.handlers()).some((h) => h.event === event && h.skipped === null);
  }

  /** Runs the hooks of one event and merges their outcomes. Never throws for a hook's failure. */
  async run<E extends HookEventName, Req, Data, Out>(
    spec: EventSpec<E, Req, Data, Out>,
    request: Req,
    ctx: EventContext,
  ): Promise<EventRun<Out>> {
    const inputs = spec.matcherInputs(request);
    const selected = (await this.handlers()).filter((h) =>
      h.event === spec.event && h.skipped === null && h.matcher !== null &&
      (inputs === null || h.matcher.matchesAny(inputs))
    );
    if (selected.length === 0) return { outcome: spec.merge([], request), runs: [] };

    const input = spec.buildInput(request, ctx);
    const stdin = JSON.stringify(input);
    const suffix = spec.runIdSuffix?.(request) ?? null;
    const { threadId, turnId } = ctx;
    const started = selected.map((handler) => runningSummary(spec.event, spec.scope, handler, suffix));
    for (const run of started) ctx.emit("hook/started", { threadId, turnId, run });

    let finished = 0;
    const results = await Promise.all(selected.map(async (handler, i) => {
      const result = handler.kind === "command"
        ? await runCommand(commandLine(handler), {
          cwd: ctx.cwd,
          env: hookEnv(handler, ctx.cwd),
          stdin,
          timeoutSec: handler.timeoutSec,
          signal: ctx.signal,
          shell: this.#options.shell,
        })
        : await runInProcess(handler.handler!, input, { timeoutSec: handler.timeoutSec, signal: ctx.signal });
      const completionOrder = finished++;
      const classified = classify(spec.event, result);
      const decision = spec.decide(classified);
      let entries: Entry[] = decision.entries;
      let warning: string | null = null;
      if (classified.kind === "json") {
        const message = classified.output.systemMessage?.trim();
        if (message) entries = [{ kind: "warning", text: message }, ...entries];
        if (classified.output.suppressOutput) {
          entries = entries.filter((e) => e.kind !== "context" && e.kind !== "warning");
        } else if (message) warning = message;
      }
      const run = completedSummary(started[i], result, decision.status, entries);
      return { handler, run, data: decision.data, completionOrder, warning } as HandlerResult<Data> & {
        warning: string | null;
      };
    }));

    const outcome = spec.merge(results, request);
    for (const result of results) {
      ctx.emit("hook/completed", { threadId, turnId, run: result.run });
      if (result.warning) ctx.emit("warning", { threadId, message: `${spec.event} hook: ${result.warning}` });
    }
    return { outcome, runs: results.map((r) => r.run) };
  }

  #pluginFile(entry: Extract<RegisteredHook, { kind: "file" }>): Promise<HookDeclarations | null> {
    let loaded = this.#files.get(entry.path);
    if (!loaded) {
      loaded = readHooksFile(entry.path).then(({ hooks, warnings }) => {
        for (const warning of warnings) this.#warn(`[${entry.owner}] ${warning}`);
        if (!hooks && warnings.length === 0) {
          this.#warn(`[${entry.owner}] Cannot read hooks from ${entry.path}: no such file`);
        }
        return hooks
          ? {
            source: "plugin" as const,
            sourcePath: entry.path,
            hooks,
            pluginRoot: pluginRootOf(entry.path, entry.root),
            owner: entry.owner,
          }
          : null;
      });
      this.#files.set(entry.path, loaded);
    }
    return loaded;
  }

  /** Problems found in the declarations so far (each once), for `tern hooks list`. */
  warnings(): readonly string[] {
    return [...this.#warnings];
  }

  #warn(message: string): void {
    if (this.#warnings.includes(message)) return;
    this.#warnings.push(message);
    this.#options.warn?.(message);
  }
}

const isWindows = Deno.build.os === "windows";

/**
 * The command line a handler runs. A POSIX shell expands `${CLAUDE_PLUGIN_ROOT}` itself from the
 * hook's environment (safely, even when the path holds spaces or quotes); `cmd.exe` does not, so
 * there the plugin root is written into the command, as Claude Code does.
 */
function commandLine(handler: ConfiguredHandler): string {
  const command = handler.command!;
  return isWindows && handler.pluginRoot ? expandPluginRoot(command, handler.pluginRoot) : command;
}

/** Replaces `${CLAUDE_PLUGIN_ROOT}` and `${PLUGIN_ROOT}` in a command with `root`. */
export function expandPluginRoot(command: string, root: string): string {
  return command.replace(/\$\{(?:CLAUDE_)?PLUGIN_ROOT\}/g, () => root);
}

/** Env added to a command hook's inherited environment. */
function hookEnv(handler: ConfiguredHandler, cwd: string): Record<string, string> {
  const env: Record<string, string> = { TERN_PROJECT_DIR: cwd, CLAUDE_PROJECT_DIR: cwd };
  if (handler.pluginRoot) {
    env.PLUGIN_ROOT = handler.pluginRoot;
    env.CLAUDE_PLUGIN_ROOT = handler.pluginRoot;
  }
  return env;
}

/** The run id: `<event-kebab>:<displayOrder>:<sourcePath>[:<tool_use_id>]`. */
export function runId(event: string, handler: ConfiguredHandler, suffix: string | null): string {
  const id = `${kebabEventName(event)}:${handler.displayOrder}:${handler.sourcePath}`;
  return suffix ? `${id}:${suffix}` : id;
}

function runningSummary(
  event: string,
  scope: HookRunSummary["scope"],
  handler: ConfiguredHandler,
  suffix: string | null,
): HookRunSummary {
  return {
    id: runId(event, handler, suffix),
    eventName: camelEventName(event),
    handlerType: handler.kind,
    executionMode: "sync",
    scope,
    sourcePath: handler.sourcePath,
    source: handler.source,
    displayOrder: handler.displayOrder,
    status: "running",
    statusMessage: handler.statusMessage,
    startedAt: Math.floor(Date.now() / 1000),
    completedAt: null,
    durationMs: null,
    entries: [],
  };
}

function completedSummary(
  running: HookRunSummary,
  result: RunResult,
  status: HookRunSummary["status"],
  entries: Entry[],
): HookRunSummary {
  return {
    ...running,
    status,
    startedAt: Math.floor(result.startedAt / 1000),
    completedAt: Math.floor(result.completedAt / 1000),
    durationMs: result.durationMs,
    entries,
  };
}
