/**
 * @module
 * Where hooks come from, turned into one ordered list of handlers. Sources, in declaration
 * order: `$TERN_HOME/hooks.json` (source `user`), the `hooks` config key (`config`), the trusted
 * project's `.tern/hooks.json` (`project`), then what plugins registered (`api.hooks.declare`
 * files and `api.hooks.on` handlers, `plugin`), in registration order. `displayOrder` numbers
 * every handler across all sources. Handlers that can never run (unknown event, unsupported
 * type, `async`, invalid matcher) stay in the list with a `skipped` reason, for `tern hooks list`.
 * Each matcher group and handler is checked on its own: a bad one (an empty `command`, a timeout
 * that is not a number) becomes a `HookProblem` naming its file, event, position and field, and
 * stays in the list as `broken`; its neighbours load. Whether a source fails closed when its hooks
 * cannot run is decided here too (`failsClosed`).
 */
import {
  ConfigError,
  dirname,
  HookEventName,
  type HookHandler,
  type HookOptions,
  join,
  parseJsonText,
  type RegisteredHook,
} from "../kernel/mod.ts";
import { HookHandlerConfig, LooseHooksFile, LooseMatcherGroup } from "./config.ts";
import { compileMatcher, type Matcher } from "./matcher.ts";

/** Where a handler was declared. */
export type HookSourceKind = "user" | "project" | "config" | "plugin";

/** One hook handler, ready to select and run. */
export interface ConfiguredHandler {
  /** The event as declared (possibly one Tern does not fire). */
  event: string;
  /** The matcher as written (null when absent). */
  matcherSource: string | null;
  /** The compiled matcher; null when the matcher is invalid (then `skipped` says why). */
  matcher: Matcher | null;
  kind: "command" | "inProcess";
  /** The shell command line (command hooks). */
  command: string | null;
  /** The handler function (in-process hooks). */
  // deno-lint-ignore no-explicit-any
  handler: HookHandler<any> | null;
  timeoutSec: number;
  statusMessage: string | null;
  source: HookSourceKind;
  /** The declaring file, `config`, or `plugin:<name>` for in-process hooks. */
  sourcePath: string;
  /** `PLUGIN_ROOT` for hooks a plugin declared. */
  pluginRoot: string | null;
  /** The plugin that registered the hook, if any. */
  owner: string | null;
  /** Position across every source; run ids and reports use it. */
  displayOrder: number;
  /** Where in its source's `hooks` object it was declared: `[event, group, handler]` (empty for in-process hooks). */
  keyPath: (string | number)[];
  /** Why the handler never runs, if it does not. */
  skipped: string | null;
  /** Set when the declaration itself is invalid (then `skipped` says why too). */
  broken: string | null;
  /** Whether a run that cannot happen blocks (PreToolUse, PermissionRequest, UserPromptSubmit). */
  failClosed: boolean;
}

/** A declaration that could not be loaded: a whole file, an event's list, a group or a handler. */
export interface HookProblem {
  source: HookSourceKind;
  /** The file, or `config`. */
  sourcePath: string;
  /** The plugin that declared the file, if any. */
  owner: string | null;
  /** The event concerned, or null when the whole file could not be read. */
  event: string | null;
  /** Where inside the `hooks` object (`[event, group, "hooks", handler, field]`); empty for a whole file. */
  keyPath: (string | number)[];
  message: string;
  /** Whether the source fails closed (then tool calls are refused until the problem is fixed). */
  failClosed: boolean;
}

/** A block of declarations from one place. */
export interface HookDeclarations {
  source: HookSourceKind;
  sourcePath: string;
  /** Event name → matcher groups, as read (each group and handler is checked by `configureHandlers`). */
  hooks: Record<string, unknown>;
  pluginRoot?: string | null;
  owner?: string | null;
  /** Set when the file exists but could not be read at all: why. */
  unreadable?: string | null;
}

/** The parsed declarations of a hooks file or the config key: event name → matcher groups. */
export type HooksDeclared = Record<string, unknown>;

/**
 * Whether hooks from `source` fail closed, given the `hooks.failClosed` setting: `true` for every
 * command hook, `false` for none, unset for the project's own `.tern/hooks.json` only.
 */
export function failsClosed(source: HookSourceKind, setting: boolean | undefined): boolean {
  return setting ?? source === "project";
}

/** The default and minimum hook timeout, in seconds (Codex's values). */
export const DEFAULT_TIMEOUT_SEC = 600;
const KNOWN_EVENTS = new Set<string>(HookEventName.options);

/** Events whose matcher is ignored (Codex: no matcher input). */
export const EVENTS_WITHOUT_MATCHER = new Set<string>(["UserPromptSubmit", "Stop", "SessionEnd"]);

/** Reads a hooks.json file. A missing file is `null` without warnings; a broken one is `null` with one. */
export async function readHooksFile(
  path: string,
): Promise<{ hooks: HooksDeclared | null; warnings: string[]; unreadable?: string }> {
  let text: string;
  try {
    text = await Deno.readTextFile(path);
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return { hooks: null, warnings: [] };
    const message = `Cannot read hooks from ${path}: ${(error as Error).message}`;
    return { hooks: null, warnings: [message], unreadable: message };
  }
  return parseHooksText(text, path);
}

/**
 * Parses the text of a hooks.json file; `path` names it in warnings. Only the file's shape is
 * checked here (JSON, an object with a `hooks` object): groups and handlers are checked one by one
 * by `configureHandlers`. `unreadable` is set when nothing in the file can be loaded.
 */
export async function parseHooksText(
  text: string,
  path: string,
): Promise<{ hooks: HooksDeclared | null; warnings: string[]; unreadable?: string }> {
  let raw: unknown;
  try {
    raw = await parseJsonText(text, path, { what: "hooks file" });
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    // `PATH:LINE:COL: Cannot parse hooks file: expected ","`
    return { hooks: null, warnings: [error.message], unreadable: error.message };
  }
  const warnings: string[] = [];
  if (raw && typeof raw === "object" && !Array.isArray(raw) && !("hooks" in raw)) {
    const keys = Object.keys(raw);
    if (keys.some((k) => KNOWN_EVENTS.has(k))) {
      warnings.push(`${path}: event names should sit under a top-level "hooks" key; read them anyway`);
      raw = { hooks: raw };
    }
  }
  const parsed = LooseHooksFile.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const key = issue.path.join(".");
    const line = lineOfKey(text, issue.path);
    const where = `${path}${line ? `:${line}` : ""}${key ? ` (key "${key}")` : ""}`;
    const unreadable = `Cannot read hooks from ${where}: ${issue.message}`;
    return { hooks: null, warnings: [...warnings, unreadable], unreadable };
  }
  return { hooks: parsed.data.hooks, warnings };
}

/** The user's and the project's hooks.json paths. */
export function hooksFilePaths(ternHome: string, projectDir: string | null): { user: string; project: string | null } {
  return { user: join(ternHome, "hooks.json"), project: projectDir ? join(projectDir, ".tern", "hooks.json") : null };
}

/** The `PLUGIN_ROOT` of a plugin hooks file: the given root, else the folder above `hooks/`, else the file's folder. */
export function pluginRootOf(path: string, root: string | null): string {
  if (root) return root;
  const dir = dirname(path);
  return dir.endsWith("/hooks") || dir.endsWith("\\hooks") ? dirname(dir) : dir;
}

/** A block of declarations, or one in-process hook a plugin registered. */
export type HandlerSource = HookDeclarations | Extract<RegisteredHook, { kind: "inProcess" }>;

/**
 * Builds the ordered handler list from declaration blocks and in-process registrations (in
 * the order given). Returns the handlers, one warning per handler that is skipped on purpose
 * (unknown event, unsupported type, `async`, invalid matcher), and one problem per declaration
 * that could not be loaded. `failClosed` is the `hooks.failClosed` setting.
 */
export function configureHandlers(
  blocks: readonly HandlerSource[],
  options: { failClosed?: boolean } = {},
): { handlers: ConfiguredHandler[]; warnings: string[]; problems: HookProblem[] } {
  const handlers: ConfiguredHandler[] = [];
  const warnings: string[] = [];
  const problems: HookProblem[] = [];
  for (const block of blocks) {
    if ("kind" in block) {
      handlers.push(inProcessHandler(block, handlers.length, warnings));
      continue;
    }
    const failClosed = failsClosed(block.source, options.failClosed);
    const problem = (event: string | null, keyPath: (string | number)[], message: string) =>
      problems.push({
        source: block.source,
        sourcePath: block.sourcePath,
        owner: block.owner ?? null,
        event,
        keyPath,
        message,
        failClosed,
      });
    if (block.unreadable) problem(null, [], block.unreadable);
    for (const [event, groups] of Object.entries(block.hooks)) {
      if (block.source === "config" && event === "failClosed") continue; // the setting, not an event
      const unknownEvent = KNOWN_EVENTS.has(event) ? null : `Tern has no "${event}" event`;
      if (unknownEvent) {
        warnings.push(`Hooks for "${event}" in ${block.sourcePath} never run: ${unknownEvent}`);
      }
      if (!Array.isArray(groups)) {
        problem(event, [event], "expected a list of matcher groups");
        continue;
      }
      groups.forEach((raw, groupIndex) => {
        const group = LooseMatcherGroup.safeParse(raw);
        if (!group.success) {
          const issue = group.error.issues[0];
          problem(event, [event, groupIndex, ...issue.path.map(pathSegment)], issue.message);
          return;
        }
        const compiled = compileMatcher(EVENTS_WITHOUT_MATCHER.has(event) ? null : group.data.matcher);
        if (!compiled.ok) {
          warnings.push(`Skipped ${event} hooks #${groupIndex} in ${block.sourcePath}: ${compiled.error}`);
        }
        group.data.hooks.forEach((rawHandler, handlerIndex) => {
          const keyPath = [event, groupIndex, handlerIndex];
          const parsed = HookHandlerConfig.safeParse(rawHandler);
          let broken: string | null = null;
          if (!parsed.success) {
            const issue = parsed.error.issues[0];
            broken = issue.message;
            problem(event, [event, groupIndex, "hooks", handlerIndex, ...issue.path.map(pathSegment)], issue.message);
          }
          const handler: Partial<HookHandlerConfig> = parsed.success ? parsed.data : {};
          let skipped = broken ?? unknownEvent ?? (compiled.ok ? null : compiled.error);
          if (!skipped && handler.type !== "command") {
            skipped = `${handler.type} hooks are not supported yet`;
            warnings.push(`Skipped a ${event} hook in ${block.sourcePath}: ${skipped}`);
          } else if (!skipped && handler.async) {
            skipped = "async hooks are not supported yet";
            warnings.push(`Skipped a ${event} hook in ${block.sourcePath}: ${skipped}`);
          }
          const rawCommand = (rawHandler as { command?: unknown } | null)?.command;
          handlers.push({
            event,
            matcherSource: group.data.matcher ?? null,
            matcher: compiled.ok ? compiled.matcher : null,
            kind: "command",
            command: handler.command ?? (typeof rawCommand === "string" ? rawCommand : null),
            handler: null,
            timeoutSec: timeoutOf(handler.timeout ?? handler.timeoutSec),
            statusMessage: handler.statusMessage ?? null,
            source: block.source,
            sourcePath: block.sourcePath,
            pluginRoot: block.pluginRoot ?? null,
            owner: block.owner ?? null,
            displayOrder: handlers.length,
            keyPath,
            skipped,
            broken,
            failClosed,
          });
        });
      });
    }
  }
  return { handlers, warnings, problems };
}

function pathSegment(segment: PropertyKey): string | number {
  return typeof segment === "number" ? segment : String(segment);
}

/**
 * The message for a declaration that could not be loaded: where (file and line, event, group and
 * handler, key), what is wrong, and what Tern does about it.
 */
export function describeProblem(problem: HookProblem, at: { file: string; line: number | null } | null): string {
  if (problem.event === null) {
    return `${problem.message}; ${
      problem.failClosed ? "tool calls and prompts are refused until it is fixed" : "none of its hooks run"
    }`;
  }
  const [event, group, , handler] = problem.keyPath;
  const which = handler !== undefined
    ? `${event} hook #${handler} of group #${group}`
    : group !== undefined
    ? `${event} group #${group}`
    : `${event} hooks`;
  const key = `hooks.${problem.keyPath.join(".")}`;
  const where = at ? `${at.file}${at.line ? `:${at.line}` : ""}` : problem.sourcePath;
  const then = problem.failClosed
    ? "tool calls are refused until it is fixed (hooks.failClosed)"
    : "the other hooks run without it";
  return `Cannot load the ${which} from ${where} (key "${key}"): ${problem.message}; ${then}`;
}

function inProcessHandler(
  entry: { event: string; options: HookOptions; handler: HookHandler<HookEventName>; owner: string },
  displayOrder: number,
  warnings: string[],
): ConfiguredHandler {
  const matcherSource = entry.options.matcher ?? null;
  const compiled = compileMatcher(EVENTS_WITHOUT_MATCHER.has(entry.event) ? null : matcherSource);
  if (!compiled.ok) warnings.push(`Skipped the ${entry.event} hook of plugin "${entry.owner}": ${compiled.error}`);
  return {
    event: entry.event,
    matcherSource,
    matcher: compiled.ok ? compiled.matcher : null,
    kind: "inProcess",
    command: null,
    handler: entry.handler,
    timeoutSec: timeoutOf(entry.options.timeoutSec),
    statusMessage: entry.options.statusMessage ?? null,
    source: "plugin",
    sourcePath: `plugin:${entry.owner}`,
    pluginRoot: null,
    owner: entry.owner,
    displayOrder,
    keyPath: [],
    skipped: compiled.ok ? null : compiled.error,
    broken: null,
    failClosed: false,
  };
}

function timeoutOf(seconds: number | undefined): number {
  return Math.max(1, seconds ?? DEFAULT_TIMEOUT_SEC);
}

/** Best-effort line of the last key of a path in JSON text (1-based). */
function lineOfKey(text: string, path: PropertyKey[]): number | undefined {
  const last = [...path].reverse().find((p) => typeof p === "string") as string | undefined;
  if (!last) return undefined;
  const index = text.search(new RegExp(`"${last.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}"\\s*:`));
  return index < 0 ? undefined : text.slice(0, index).split("\n").length;
}
