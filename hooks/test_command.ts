/**
 * @module
 * `tern hooks test [--event NAME]... [--bash CMD] [--prompt TEXT] [--input FILE|-] [--json]`: runs
 * the configured hooks (the same ones a session runs, through the same engine) against sample
 * events and prints each hook's outcome: allow, deny, block, continue or stop, the reason, the
 * exit code and the duration. Each event's sample is its binding's (`events/`): a PreToolUse and a
 * PermissionRequest for the shell command `rm -rf /` (`--bash`), a PostToolUse for it, a
 * UserPromptSubmit (`--prompt`), a Stop, a SessionStart (`startup`), SessionEnd, PreCompact and
 * PostCompact (`manual`); by default every event some hook is declared for, in the order of the
 * kernel's `EXTENSION_POINTS` table. `--input` runs one event given as hook input JSON instead
 * (`hook_event_name` picks the event). Exits 1 when a hook cannot run (or could not be loaded), so
 * a team can put it in CI; 2 for bad arguments. The hooks really run, in the current directory,
 * with whatever side effects they have; the sample tool call itself never runs.
 */
import { HOOK_EVENT_ORDER, type HookEventName, type HookRunSummary } from "../kernel/mod.ts";
import { parseJsonText } from "../kernel/mod.ts";
import type { EventRun, HookEngine } from "./engine.ts";
import type { AnyBinding } from "./events/binding.ts";
import type { EventContext, EventSpec } from "./events/common.ts";
import { EVENT_BINDINGS } from "./events/mod.ts";
import { type HookTool, hookToolFor } from "./tool_names.ts";

/** What the command reads. */
export interface HooksTestDeps {
  engine: HookEngine;
  cwd: string;
  model: string;
  approvalPolicy: string;
  /** Where output goes. @default console.log */
  write?: (line: string) => void;
  /** Reads `--input -`. @default stdin */
  readStdin?: () => Promise<string>;
}

/** One hook's outcome, as `--json` prints it. */
export interface HookTestResult {
  event: string;
  displayOrder: number;
  source: string;
  sourcePath: string | null;
  /** `allow`, `deny` (tool events), `block` (UserPromptSubmit), `continue` (Stop), `stop`, or `failed`. */
  outcome: string;
  reason: string | null;
  exitCode: number | null;
  durationMs: number | null;
  /** Why the hook could not run (then the command exits 1). */
  cannotRun: string | null;
}

export const TEST_USAGE =
  "Usage: tern hooks test [--event NAME]... [--bash CMD] [--prompt TEXT] [--input FILE|-] [--json]";

interface Options {
  events: string[];
  bash: string;
  prompt: string;
  input: string | null;
  json: boolean;
}

// deno-lint-ignore no-explicit-any
type AnySpec = EventSpec<HookEventName, any, any, any>;

/** Runs `tern hooks test ARGS` (ARGS after `test`); resolves to the exit code. */
export async function runHooksTest(args: string[], deps: HooksTestDeps): Promise<number> {
  const write = deps.write ?? ((line: string) => console.log(line));
  const options = parseArgs(args);
  if (typeof options === "string") {
    write(options);
    write(TEST_USAGE);
    return 2;
  }
  let samples: { spec: AnySpec; request: unknown }[];
  try {
    samples = options.input !== null
      ? [fromInput(await readInputJson(options.input, deps) as Record<string, unknown>)]
      : await defaultSamples(options, deps.engine);
  } catch (error) {
    write(`Cannot run hooks test: ${(error as Error).message}`);
    return 2;
  }
  const problems = await deps.engine.problems();
  const results: HookTestResult[] = [];
  for (const { spec, request } of samples) {
    const ctx = testContext(deps, spec.scope === "thread" ? null : "hooks-test-turn");
    results.push(...describeRun(spec.event, await deps.engine.run(spec, request, ctx)));
  }
  const failed = results.some((r) => r.cannotRun !== null) || problems.length > 0;
  if (options.json) {
    write(JSON.stringify({ results, problems: problems.map((p) => p.message) }));
    return failed ? 1 : 0;
  }
  if (samples.length === 0) write("No hooks are declared.");
  for (const { spec } of samples) {
    const mine = results.filter((r) => r.event === spec.event);
    write(`${spec.event}: ${mine.length === 0 ? "no hook matches" : `${mine.length} hook(s)`}`);
    for (const r of mine) write(formatResult(r));
  }
  if (problems.length) {
    write("");
    write("Problems:");
    for (const { message } of problems) write(`  ${message}`);
  }
  if (failed) write("\nSome hooks cannot run (see above).");
  return failed ? 1 : 0;
}

function parseArgs(args: string[]): Options | string {
  const options: Options = {
    events: [],
    bash: "rm -rf /",
    prompt: "Clean up the build folder",
    input: null,
    json: false,
  };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    const value = () => {
      const next = args[++i];
      if (next === undefined) throw new Error(`${arg} needs a value`);
      return next;
    };
    try {
      if (arg === "--json") options.json = true;
      else if (arg === "--event") options.events.push(...value().split(",").map((e) => e.trim()).filter(Boolean));
      else if (arg === "--bash") options.bash = value();
      else if (arg === "--prompt") options.prompt = value();
      else if (arg === "--input") options.input = value();
      else return `Unknown option "${arg}"`;
    } catch (error) {
      return (error as Error).message;
    }
  }
  const unknown = options.events.find((e) => !EVENTS.includes(e));
  if (unknown) return `Unknown event "${unknown}": one of ${EVENTS.join(", ")}`;
  return options;
}

/** The events, in the order a session meets them (the kernel's `EXTENSION_POINTS` table). */
const EVENTS: readonly string[] = HOOK_EVENT_ORDER;
const bindingOf = (event: string) => EVENT_BINDINGS[event as HookEventName] as AnyBinding;

const BASH = hookToolFor("shell_command", "function");

/** The sample request of each event (its binding's `sample`). */
function sampleRequest(event: string, options: Options): unknown {
  return bindingOf(event).sample(options);
}

/** The asked events, else every event some hook is declared for (in the order above). */
async function defaultSamples(options: Options, engine: HookEngine): Promise<{ spec: AnySpec; request: unknown }[]> {
  const declared = new Set((await engine.handlers()).map((h) => h.event));
  const events = options.events.length ? options.events : EVENTS.filter((e) => declared.has(e));
  return events.map((event) => ({ spec: bindingOf(event).spec, request: sampleRequest(event, options) }));
}

/** The hook input JSON from a file or stdin (`-`); a syntax error names `FILE:LINE:COL` (or `stdin:...`). */
async function readInputJson(source: string, deps: HooksTestDeps): Promise<unknown> {
  const text = source !== "-"
    ? await Deno.readTextFile(source)
    : await (deps.readStdin ?? (() => new Response(Deno.stdin.readable).text()))();
  return await parseJsonText(text, source === "-" ? "stdin" : source, { what: "hook input" });
}

/** The event and request a hook input JSON describes (`hook_event_name` picks the event). */
function fromInput(input: Record<string, unknown>): { spec: AnySpec; request: unknown } {
  const event = String(input.hook_event_name ?? "");
  if (!EVENTS.includes(event)) throw new Error(`"hook_event_name" must be one of ${EVENTS.join(", ")}`);
  const spec = bindingOf(event).spec;
  const defaults = sampleRequest(event, { events: [], bash: "rm -rf /", prompt: "", input: null, json: false });
  const str = (key: string) => (typeof input[key] === "string" ? input[key] as string : undefined);
  const tool = typeof input.tool_name === "string" ? toolNamed(input.tool_name) : undefined;
  const toolInput = input.tool_input && typeof input.tool_input === "object" ? input.tool_input : undefined;
  const request: Record<string, unknown> = { ...defaults as Record<string, unknown> };
  if (tool) request.tool = tool;
  if (toolInput) request.toolInput = toolInput;
  if (str("tool_use_id")) request.toolUseId = str("tool_use_id");
  if (str("tool_response")) request.toolResponse = str("tool_response");
  if (str("prompt") !== undefined) request.prompt = str("prompt");
  if (str("last_assistant_message") !== undefined) request.lastAssistantMessage = str("last_assistant_message");
  if (typeof input.stop_hook_active === "boolean") request.stopHookActive = input.stop_hook_active;
  for (const key of ["source", "trigger", "reason"]) if (str(key)) request[key] = str(key);
  return { spec, request };
}

/** A hook name (`Bash`, `apply_patch`, `Edit`, `mcp__x__y`) as the tool it stands for. */
function toolNamed(name: string): HookTool {
  if (name === "Bash") return BASH;
  if (name === "apply_patch" || name === "Edit" || name === "Write") return hookToolFor("apply_patch", "freeform");
  return hookToolFor(name, "function");
}

function testContext(deps: HooksTestDeps, turnId: string | null): EventContext {
  return {
    threadId: "hooks-test",
    turnId,
    cwd: deps.cwd,
    model: deps.model,
    transcriptPath: null,
    approvalPolicy: deps.approvalPolicy,
    signal: new AbortController().signal,
    emit: () => {},
  };
}

/** What each status means for an event, in the words of docs/hooks.md. */
function outcomeOf(event: string, status: HookRunSummary["status"]): string {
  if (status === "completed") return "allow";
  if (status === "blocked") {
    if (event === "Stop") return "continue";
    return event === "UserPromptSubmit" || event === "PostToolUse" ? "block" : "deny";
  }
  return status === "stopped" ? "stop" : status;
}

function describeRun(event: string, run: EventRun<unknown>): HookTestResult[] {
  return run.runs.map((summary, i) => ({
    event,
    displayOrder: summary.displayOrder,
    source: summary.source,
    sourcePath: summary.sourcePath,
    outcome: outcomeOf(event, summary.status),
    reason: summary.entries.map((e) => `${e.kind}: ${e.text}`).join("; ") || null,
    exitCode: run.details[i]?.exitCode ?? null,
    durationMs: summary.durationMs,
    cannotRun: run.details[i]?.cannotRun ?? null,
  }));
}

function formatResult(r: HookTestResult): string {
  const exit = r.exitCode === null ? "no exit code" : `exit ${r.exitCode}`;
  const head = `  #${r.displayOrder} ${r.outcome.toUpperCase()} (${exit}, ${r.durationMs ?? 0} ms) ${r.sourcePath}`;
  const lines = [head];
  if (r.cannotRun) lines.push(`      cannot run: ${r.cannotRun}`);
  if (r.reason) lines.push(`      ${r.reason}`);
  return lines.join("\n");
}
