/**
 * @module
 * The hook engine: `HookEngine.run(spec, request, ctx)` runs one event's hooks and returns the
 * merged outcome with the run summaries. It selects the handlers whose matcher accepts the
 * event's matcher inputs, emits `hook/started` for each, runs them all in parallel (command hooks
 * through `command_runner.ts`, in-process hooks through `in_process_runner.ts`), lets the event
 * decide each result and merge them in declaration order, then emits `hook/completed` for each in
 * declaration order (and a `warning` per `systemMessage`). A failing hook is data, never a throw.
 *
 * Failing closed (`hooks.failClosed`, see docs/hooks.md): while a fail-closed source has a
 * declaration that could not be loaded, PreToolUse refuses every tool call (and UserPromptSubmit
 * refuses prompts when the problem concerns it or the whole file) without running hooks; and a
 * fail-closed command hook that cannot run (it cannot start, its command is not found or not
 * executable, it times out or is killed) blocks its PreToolUse, PermissionRequest or
 * UserPromptSubmit as an exit 2 would, with a reason naming the hook and the failure.
 */
import { dirname, type HookEventName, type HookRunSummary, join, type RegisteredHook } from "../kernel/mod.ts";
import { runCommand, type RunResult } from "./command_runner.ts";
import {
  type ConfiguredHandler,
  configureHandlers,
  describeProblem,
  type HandlerSource,
  type HookDeclarations,
  type HookProblem,
  pluginRootOf,
  readHooksFile,
} from "./discovery.ts";
import { lineInHooksText } from "./locate.ts";
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
  /** The `hooks.failClosed` setting (unset: only the project's hooks fail closed). */
  failClosed?: boolean;
  /**
   * The project root (`TERN_PROJECT_DIR` of hooks not declared in a project's `.tern/`); null:
   * the first folder above the hook's cwd holding `.git`, else that cwd.
   */
  projectDir?: string | null;
  /** Where a key of the `hooks` config key is set (file and line), for load problems. */
  locateConfig?: (keyPath: (string | number)[]) => Promise<{ file: string; line: number | null } | null>;
}

/** Events where a fail-closed hook that cannot run blocks (as an exit 2 would). */
const FAIL_CLOSED_EVENTS = new Set<string>(["PreToolUse", "PermissionRequest", "UserPromptSubmit"]);

/** One event run: the merged outcome and the summaries, in declaration order. */
export interface EventRun<Out> {
  outcome: Out;
  runs: HookRunSummary[];
  /** Per summary (same order): the exit code (null without one) and why the hook could not run, if it could not. */
  details: { exitCode: number | null; cannotRun: string | null }[];
}

/** Runs hooks. One per runtime; safe to use from parallel turns and tool calls. */
export class HookEngine {
  #options: HookEngineOptions;
  #files = new Map<string, Promise<HookDeclarations | null>>();
  #cache: { key: readonly RegisteredHook[]; handlers: ConfiguredHandler[]; problems: HookProblem[] } | null = null;
  #warnings: string[] = [];
  #problemMessages = new Map<HookProblem, string>();
  #gitRoots = new Map<string, Promise<string>>();

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
    const { handlers, warnings, problems } = configureHandlers(blocks, { failClosed: this.#options.failClosed });
    for (const warning of warnings) this.#warn(warning);
    for (const problem of problems) {
      const message = describeProblem(problem, await this.#locate(problem));
      this.#problemMessages.set(problem, message);
      this.#warn(problem.owner ? `[${problem.owner}] ${message}` : message);
    }
    this.#cache = { key: registered, handlers, problems };
    return handlers;
  }

  /** Declarations that could not be loaded, each with its message (file, line, key, what happens). */
  async problems(): Promise<{ problem: HookProblem; message: string }[]> {
    await this.handlers();
    return (this.#cache?.problems ?? []).map((problem) => ({
      problem,
      message: this.#problemMessages.get(problem) ?? problem.message,
    }));
  }

  async #locate(problem: HookProblem): Promise<{ file: string; line: number | null } | null> {
    if (problem.keyPath.length === 0) return null;
    if (problem.source === "config") return await this.#options.locateConfig?.(["hooks", ...problem.keyPath]) ?? null;
    const text = await Deno.readTextFile(problem.sourcePath).catch(() => null);
    return { file: problem.sourcePath, line: await lineInHooksText(text, problem.keyPath) };
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
    const all = await this.handlers();
    const refusal = this.#refusal(spec.event);
    if (refusal) return this.#refuse(spec, request, ctx, refusal, all.length);
    const selected = all.filter((h) =>
      h.event === spec.event && h.skipped === null && h.matcher !== null &&
      (inputs === null || h.matcher.matchesAny(inputs))
    );
    if (selected.length === 0) return { outcome: spec.merge([], request), runs: [], details: [] };

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
          env: hookEnv(handler, await this.#projectDirFor(handler, ctx.cwd)),
          stdin,
          timeoutSec: handler.timeoutSec,
          signal: ctx.signal,
          shell: this.#options.shell,
        })
        : await runInProcess(handler.handler!, input, { timeoutSec: handler.timeoutSec, signal: ctx.signal });
      const completionOrder = finished++;
      const failure = handler.kind === "command" && !ctx.signal.aborted ? cannotRun(result) : null;
      const closing = failure !== null && handler.failClosed && FAIL_CLOSED_EVENTS.has(spec.event);
      const classified = closing
        ? { kind: "exit2" as const, stderr: failClosedReason(spec.event, handler, failure) }
        : classify(spec.event, result);
      const decision = spec.decide(classified);
      let entries: Entry[] = closing ? [{ kind: "error", text: failure }, ...decision.entries] : decision.entries;
      let warning: string | null = null;
      if (classified.kind === "json") {
        const message = classified.output.systemMessage?.trim();
        if (message) entries = [{ kind: "warning", text: message }, ...entries];
        if (classified.output.suppressOutput) {
          entries = entries.filter((e) => e.kind !== "context" && e.kind !== "warning");
        } else if (message) warning = message;
      }
      const run = completedSummary(started[i], result, decision.status, entries);
      const detail = { exitCode: result.exitCode, cannotRun: failure };
      return { handler, run, data: decision.data, completionOrder, warning, detail } as HandlerResult<Data> & {
        warning: string | null;
        detail: EventRun<Out>["details"][number];
      };
    }));

    const outcome = spec.merge(results, request);
    for (const result of results) {
      ctx.emit("hook/completed", { threadId, turnId, run: result.run });
      if (result.warning) ctx.emit("warning", { threadId, message: `${spec.event} hook: ${result.warning}` });
    }
    return { outcome, runs: results.map((r) => r.run), details: results.map((r) => r.detail) };
  }

  /** The first load problem that makes `event` refuse (fail-closed sources only). */
  #refusal(event: string): HookProblem | null {
    if (event !== "PreToolUse" && event !== "UserPromptSubmit") return null;
    return this.#cache?.problems.find((p) =>
      p.failClosed && (event === "PreToolUse" || p.event === null || p.event === "UserPromptSubmit")
    ) ?? null;
  }

  /** Refuses the call or prompt because `problem` left a fail-closed hooks file half loaded; runs no hook. */
  #refuse<E extends HookEventName, Req, Data, Out>(
    spec: EventSpec<E, Req, Data, Out>,
    request: Req,
    ctx: EventContext,
    problem: HookProblem,
    displayOrder: number,
  ): EventRun<Out> {
    const what = spec.event === "PreToolUse" ? "tool calls are" : "prompts are";
    const reason = `${problem.sourcePath} could not be fully loaded (${problem.message}), and hooks.failClosed is ` +
      `on, so ${what} refused until it is fixed; run "tern hooks list" to see the problem`;
    const pseudo: ConfiguredHandler = {
      event: spec.event,
      matcherSource: null,
      matcher: null,
      kind: "command",
      command: null,
      handler: null,
      timeoutSec: 0,
      statusMessage: null,
      source: problem.source,
      sourcePath: problem.sourcePath,
      pluginRoot: null,
      owner: problem.owner,
      displayOrder,
      keyPath: problem.keyPath,
      skipped: null,
      broken: problem.message,
      failClosed: true,
    };
    const now = Date.now();
    const result: RunResult = {
      startedAt: now,
      completedAt: now,
      durationMs: 0,
      exitCode: null,
      stdout: "",
      stderr: "",
      error: problem.message,
    };
    const decision = spec.decide({ kind: "exit2", stderr: reason });
    const started = runningSummary(spec.event, spec.scope, pseudo, spec.runIdSuffix?.(request) ?? null);
    const entries: Entry[] = [
      { kind: "error", text: this.#problemMessages.get(problem) ?? problem.message },
      ...decision.entries,
    ];
    const run = completedSummary(started, result, decision.status, entries);
    const { threadId, turnId } = ctx;
    ctx.emit("hook/started", { threadId, turnId, run: started });
    ctx.emit("hook/completed", { threadId, turnId, run });
    const outcome = spec.merge([{ handler: pseudo, run, data: decision.data, completionOrder: 0 }], request);
    return { outcome, runs: [run], details: [{ exitCode: null, cannotRun: problem.message }] };
  }

  #pluginFile(entry: Extract<RegisteredHook, { kind: "file" }>): Promise<HookDeclarations | null> {
    let loaded = this.#files.get(entry.path);
    if (!loaded) {
      loaded = readHooksFile(entry.path).then(({ hooks, warnings, unreadable }) => {
        for (const warning of warnings) if (warning !== unreadable) this.#warn(`[${entry.owner}] ${warning}`);
        if (!hooks && !unreadable) {
          this.#warn(`[${entry.owner}] Cannot read hooks from ${entry.path}: no such file`);
          return null;
        }
        return {
          source: "plugin" as const,
          sourcePath: entry.path,
          hooks: hooks ?? {},
          unreadable: unreadable ?? null,
          pluginRoot: pluginRootOf(entry.path, entry.root),
          owner: entry.owner,
        };
      });
      this.#files.set(entry.path, loaded);
    }
    return loaded;
  }

  /**
   * `TERN_PROJECT_DIR` for a hook: the folder holding the `.tern/` a project hook came from; else
   * the run's project (the folder holding its `.tern/`), else the git root above `cwd`, else `cwd`.
   * As in Claude Code, it is the project root wherever in the project Tern runs.
   */
  async #projectDirFor(handler: ConfiguredHandler, cwd: string): Promise<string> {
    if (handler.source === "project") return dirname(dirname(handler.sourcePath));
    if (this.#options.projectDir) return this.#options.projectDir;
    let root = this.#gitRoots.get(cwd);
    if (!root) this.#gitRoots.set(cwd, root = gitRootOf(cwd));
    return await root;
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
function hookEnv(handler: ConfiguredHandler, projectDir: string): Record<string, string> {
  const env: Record<string, string> = { TERN_PROJECT_DIR: projectDir, CLAUDE_PROJECT_DIR: projectDir };
  if (handler.pluginRoot) {
    env.PLUGIN_ROOT = handler.pluginRoot;
    env.CLAUDE_PLUGIN_ROOT = handler.pluginRoot;
  }
  return env;
}

/** The first folder at or above `cwd` holding `.git`, else `cwd`. */
async function gitRootOf(cwd: string): Promise<string> {
  for (let dir = cwd;; dir = dirname(dir)) {
    try {
      await Deno.stat(join(dir, ".git"));
      return dir;
    } catch {
      if (dirname(dir) === dir) return cwd;
    }
  }
}

/**
 * Why a command hook could not run, or null when it ran (whatever it answered): it could not start,
 * its command was not found (exit 127) or not executable (126), it timed out, or it was killed.
 */
export function cannotRun(result: RunResult): string | null {
  if (result.error !== null) return result.error;
  const said = result.stderr.trim().split("\n").at(-1)?.trim();
  const detail = said ? `: ${said}` : "";
  if (result.exitCode === 127) return `command not found (exit 127)${detail}`;
  if (result.exitCode === 126) return `command not executable (exit 126)${detail}`;
  return null;
}

/** The block reason of a fail-closed hook that could not run: the hook, the failure, the rule. */
function failClosedReason(event: string, handler: ConfiguredHandler, failure: string): string {
  const blocked = event === "UserPromptSubmit" ? "the prompt is blocked" : "the call is blocked";
  return `the ${event} hook "${handler.command}" (${handler.sourcePath}) could not run: ${failure}; ` +
    `hooks.failClosed is on, so ${blocked}`;
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
