/**
 * @module
 * `tern hooks list [--json]`: every declared hook in declaration order, with its event, matcher,
 * handler, where it was declared (file and line: the config file for the `hooks` config key, else
 * the hooks file), which of
 * the registered tools it matches (tool events), and why it never runs if it does not; then the
 * problems found in the declarations. `--json` prints the same as one JSON object.
 */
import type { ConfigLocation } from "../kernel/mod.ts";
import type { ConfiguredHandler } from "./discovery.ts";
import type { HookEngine } from "./engine.ts";
import { hookToolFor } from "./tool_names.ts";
import { lineInHooksText } from "./locate.ts";

/** One hook, as `tern hooks list --json` prints it. */
export interface HookListing {
  displayOrder: number;
  event: string;
  matcher: string | null;
  handlerType: "command" | "inProcess";
  command: string | null;
  timeoutSec: number;
  statusMessage: string | null;
  source: string;
  sourcePath: string;
  /** `file:line` where the handler is declared, when known (not for in-process hooks). */
  declaredAt: string | null;
  /** The file of `declaredAt`. */
  file: string | null;
  /** The line of `declaredAt` (1-based). */
  line: number | null;
  /** Where in its source's `hooks` object: `[event, group, handler]` (empty for in-process hooks). */
  keyPath: (string | number)[];
  plugin: string | null;
  /** Registered tools the matcher selects (tool events only, else null). */
  matchesTools: string[] | null;
  /** Why the hook never runs, if it does not. */
  skipped: string | null;
}

/** What the command reads. */
export interface HooksCommandDeps {
  engine: HookEngine;
  tools: { name: string; kind: "function" | "freeform" }[];
  /** Locates a config key path (the runtime's `loaded.locate`). */
  locate?: (keyPath: (string | number)[]) => Promise<ConfigLocation>;
  /** Where output goes. @default console.log */
  write?: (line: string) => void;
  /** Problems found before the engine ran (reading hooks files at setup). */
  warnings?: readonly string[];
}

const TOOL_EVENTS = new Set(["PreToolUse", "PostToolUse", "PermissionRequest"]);
const USAGE =
  "Usage: tern hooks list [--json]\n       tern hooks test [--event NAME]... [--bash CMD] [--prompt TEXT] [--input FILE|-] [--json]";

/** Runs `tern hooks ARGS`; resolves to the exit code. */
export async function runHooksCommand(args: string[], deps: HooksCommandDeps): Promise<number> {
  const write = deps.write ?? ((line: string) => console.log(line));
  const [sub, ...rest] = args;
  if (sub !== "list" || rest.some((a) => a !== "--json")) {
    write(USAGE);
    return sub === undefined || sub === "--help" || sub === "-h" ? 0 : 2;
  }
  const listings = await listHooks(deps);
  const warnings = [...deps.warnings ?? [], ...deps.engine.warnings()];
  if (rest.includes("--json")) {
    write(JSON.stringify({ hooks: listings, warnings }, null, 2));
    return 0;
  }
  if (listings.length === 0) write("No hooks are declared.");
  for (const hook of listings) write(describe(hook));
  if (warnings.length) {
    write("");
    write("Problems:");
    for (const warning of warnings) write(`  ${warning}`);
  }
  return 0;
}

/** Every hook as a listing, in declaration order. */
export async function listHooks(deps: HooksCommandDeps): Promise<HookListing[]> {
  const handlers = await deps.engine.handlers();
  const texts = new Map<string, Promise<string | null>>();
  return await Promise.all(handlers.map(async (h) => ({
    displayOrder: h.displayOrder,
    event: h.event,
    matcher: h.matcherSource,
    handlerType: h.kind,
    command: h.command,
    timeoutSec: h.timeoutSec,
    statusMessage: h.statusMessage,
    source: h.source,
    sourcePath: h.sourcePath,
    ...await declaredAt(h, deps, texts),
    keyPath: h.keyPath,
    plugin: h.owner,
    matchesTools: TOOL_EVENTS.has(h.event) && h.matcher
      ? deps.tools.filter((t) => h.matcher!.matchesAny(hookToolFor(t.name, t.kind).matcherInputs)).map((t) => t.name)
      : null,
    skipped: h.skipped ?? null,
  })));
}

type Declared = Pick<HookListing, "declaredAt" | "file" | "line">;

async function declaredAt(
  h: ConfiguredHandler,
  deps: HooksCommandDeps,
  texts: Map<string, Promise<string | null>>,
): Promise<Declared> {
  const at = (file: string, line: number | null): Declared => ({
    declaredAt: line ? `${file}:${line}` : file,
    file,
    line,
  });
  if (h.kind !== "command") return { declaredAt: null, file: null, line: null };
  if (h.source === "config") {
    if (!deps.locate) return { declaredAt: null, file: null, line: null };
    try {
      const where = await deps.locate(["hooks", ...h.keyPath]);
      return at(where.file, where.line ?? null);
    } catch {
      return { declaredAt: null, file: null, line: null };
    }
  }
  let text = texts.get(h.sourcePath);
  if (!text) texts.set(h.sourcePath, text = Deno.readTextFile(h.sourcePath).catch(() => null));
  const [event, group, handler] = h.keyPath;
  return at(
    h.sourcePath,
    h.keyPath.length === 3 ? await lineInHooksText(await text, [event, group, "hooks", handler]) : null,
  );
}

function describe(hook: HookListing): string {
  const lines = [
    `#${hook.displayOrder} ${hook.event}${hook.matcher !== null ? ` [matcher ${JSON.stringify(hook.matcher)}]` : ""}`,
  ];
  lines.push(
    hook.handlerType === "command"
      ? `    command: ${hook.command} (timeout ${hook.timeoutSec}s)`
      : `    in-process hook of plugin "${hook.plugin}" (timeout ${hook.timeoutSec}s)`,
  );
  const from = hook.declaredAt ?? hook.sourcePath;
  lines.push(`    from: ${hook.source}${from !== hook.source ? ` (${from})` : ""}`);
  if (hook.matchesTools) {
    lines.push(`    matches tools: ${hook.matchesTools.length ? hook.matchesTools.join(", ") : "(none registered)"}`);
  }
  if (hook.skipped) lines.push(`    never runs: ${hook.skipped}`);
  return lines.join("\n");
}
