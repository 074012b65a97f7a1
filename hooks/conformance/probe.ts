/**
 * @module
 * Runs a third-party hook script through every event, as a command hook declared without a
 * matcher, in the same scripted turns the kit uses (simulated tools: nothing the model "runs" is
 * executed). A small wrapper keeps what the script read and wrote; each run is then checked: the
 * input against the published input schema and the documented values, JSON stdout against the
 * published output schema, and whether Tern accepted the output. `describe.ts` says what it did.
 */
import { join } from "@std/path";
import type { HookEventName, HookRunSummary } from "../../kernel/mod.ts";
import { shellQuote } from "./behaviour.ts";
import { type Check, Checker } from "./checks.ts";
import { describeEffects } from "./describe.ts";
import { FIRING_EVENTS, type FiringEvent, type ProfileOptions, PROFILES, SILENT_EVENTS } from "./events.ts";
import { checkInput } from "./kit.ts";
import { publishedSchemaPath, readPublishedSchema, validateJsonSchema } from "./json_schema.ts";
import { type Observation, runScenario } from "./scenario.ts";

/** Options for `probeHook()`. */
export interface ProbeOptions extends ProfileOptions {
  /** The hook's command line, as it would appear in hooks.json. */
  command: string;
  /** Only these events. @default all */
  events?: readonly HookEventName[];
  /** The workspace hooks run in. @default a fresh temporary folder per event */
  cwd?: string;
  /** The hook's timeout in seconds. @default 30 */
  timeoutSec?: number;
}

/** One run of the script: what it read and wrote, and Tern's summary. */
export interface ProbeRun {
  input: unknown;
  stdout: string;
  stderr: string;
  /** Null when the script did not exit by itself (killed at its timeout). */
  exitCode: number | null;
  summary: HookRunSummary | null;
  checks: Check[];
}

/** What one event showed. */
export interface EventProbe {
  event: HookEventName;
  /** Why the event was not run (it never fires yet). */
  skipped: string | null;
  /** What the scripted turn did, for the report header. */
  scenario: string;
  runs: ProbeRun[];
  /** Checks about the event as a whole (how many runs). */
  checks: Check[];
  /** What the script's output did, in plain words. */
  effects: string[];
}

/** The cap on Stop continuations in the probe's Stop turn. */
export const PROBE_MAX_CONTINUATIONS = 2;

/** Runs `options.command` through every event; never throws for a misbehaving script. */
export async function probeHook(options: ProbeOptions): Promise<EventProbe[]> {
  const wanted = new Set(options.events ?? [...FIRING_EVENTS, ...Object.keys(SILENT_EVENTS) as HookEventName[]]);
  const results: EventProbe[] = [];
  for (const event of FIRING_EVENTS) if (wanted.has(event)) results.push(await probeEvent(event, options));
  for (const [event, why] of Object.entries(SILENT_EVENTS)) {
    if (wanted.has(event as HookEventName)) {
      results.push({ event: event as HookEventName, skipped: why, scenario: "", runs: [], checks: [], effects: [] });
    }
  }
  return results;
}

/** The wrapper that runs the hook and keeps a copy of its stdin, stdout, stderr and exit code. */
function captureScript(captures: string, command: string): string {
  return `#!/bin/sh
CAPTURE_ROOT=${shellQuote(captures)}
HOOK_COMMAND=${shellQuote(command)}
dir="$CAPTURE_ROOT/$(printf '%04d' "$(ls "$CAPTURE_ROOT" | wc -l)")"
mkdir -p "$dir"
cat > "$dir/stdin"
"\${SHELL:-/bin/sh}" -c "$HOOK_COMMAND" < "$dir/stdin" > "$dir/stdout" 2> "$dir/stderr"
code=$?
echo "$code" > "$dir/exit"
cat "$dir/stdout"
cat "$dir/stderr" >&2
exit "$code"
`;
}

async function probeEvent(event: FiringEvent, options: ProbeOptions): Promise<EventProbe> {
  const root = await Deno.realPath(await Deno.makeTempDir({ prefix: "tern-hook-probe-" }));
  const checks = new Checker();
  const profile = PROFILES[event];
  const base = profile.scenario(options);
  const scenario = scenarioText(event, options);
  try {
    const captures = join(root, "captures");
    await Deno.mkdir(captures);
    const wrapper = join(root, "capture.sh");
    await Deno.writeTextFile(wrapper, captureScript(captures, options.command));
    await Deno.chmod(wrapper, 0o755);
    const handler = { type: "command", command: wrapper, timeout: options.timeoutSec ?? 30 };
    const o = await runScenario(root, {
      ...base,
      event,
      cwd: options.cwd,
      hooks: { [event]: [{ hooks: [handler] }] },
      overrides: [...(base.overrides ?? []), `max_hook_continuations=${PROBE_MAX_CONTINUATIONS}`],
    });
    checks.equal("Tern booted without warnings", o.bootWarnings, []);
    const runs = await readCaptures(captures, o);
    checks.ok("the hook ran", runs.length > 0 && runs.length === o.runs.length, `${o.runs.length} run(s)`);
    for (const [index, run] of runs.entries()) run.checks = await checkRun(event, o, run, index, options);
    return { event, skipped: null, scenario, runs, checks: checks.checks, effects: describeEffects(event, o, options) };
  } catch (error) {
    checks.ok("the scenario ran", false, error instanceof Error ? error.message : String(error));
    return { event, skipped: null, scenario, runs: [], checks: checks.checks, effects: [] };
  } finally {
    await Deno.remove(root, { recursive: true }).catch(() => {});
  }
}

async function readCaptures(captures: string, o: Observation): Promise<ProbeRun[]> {
  const dirs = [...Deno.readDirSync(captures)].map((e) => e.name).sort();
  const read = (dir: string, file: string) => Deno.readTextFile(join(captures, dir, file)).catch(() => null);
  return await Promise.all(dirs.map(async (dir, i) => {
    const stdin = (await read(dir, "stdin")) ?? "";
    const exit = await read(dir, "exit");
    let input: unknown = stdin;
    try {
      input = JSON.parse(stdin);
    } catch {
      // kept as text; the schema check says what is wrong
    }
    return {
      input,
      stdout: (await read(dir, "stdout")) ?? "",
      stderr: (await read(dir, "stderr")) ?? "",
      exitCode: exit === null ? null : Number(exit.trim()),
      summary: o.runs[i]?.run ?? null,
      checks: [],
    };
  }));
}

/** Checks one run: its input, its JSON output against the schema, and Tern's verdict. */
async function checkRun(
  event: FiringEvent,
  o: Observation,
  run: ProbeRun,
  index: number,
  options: ProfileOptions,
): Promise<Check[]> {
  const c = new Checker();
  checkInput(await readPublishedSchema(event, "input"), o, run.input, index, event, options, c, "the input");
  const stdout = run.stdout.trim();
  if (stdout.startsWith("{")) {
    const schemaFile = publishedSchemaPath(event, "output").replace(/.*\/docs\//, "docs/");
    let parsed: unknown;
    try {
      parsed = JSON.parse(stdout);
    } catch (error) {
      c.ok(`stdout is valid ${event} JSON output (${schemaFile})`, false, `not JSON: ${(error as Error).message}`);
    }
    if (parsed !== undefined) {
      const issues = validateJsonSchema(await readPublishedSchema(event, "output"), parsed);
      c.ok(
        `stdout is valid ${event} JSON output (${schemaFile})`,
        issues.length === 0,
        issues.map((i) => `${i.path}: ${i.message}`).join("; ") || undefined,
      );
    }
  }
  const summary = run.summary;
  const error = summary?.entries.find((e) => e.kind === "error")?.text;
  c.ok(
    `Tern accepted what the hook did (run status: ${summary?.status ?? "none"})`,
    summary !== null && summary.status !== "failed",
    error ?? (summary ? undefined : "no run summary"),
  );
  return c.checks;
}

function scenarioText(event: FiringEvent, options: ProbeOptions): string {
  const base = PROFILES[event].scenario(options);
  const call = options.toolCall ?? { tool: "Bash", text: "ls -la" };
  const tool = call.tool === "Bash" ? `Bash ${JSON.stringify({ command: call.text })}` : "apply_patch (a patch)";
  switch (event) {
    case "SessionStart":
      return `a new session (source "startup"), first prompt ${JSON.stringify(base.prompt)}`;
    case "UserPromptSubmit":
      return `the user submits ${JSON.stringify(base.prompt)}`;
    case "PreToolUse":
    case "PostToolUse":
      return `the model calls ${tool}`;
    case "PermissionRequest":
      return `the model calls ${tool} under approval policy "untrusted", so it needs approval`;
    case "PreCompact":
    case "PostCompact":
      return `the model calls ${tool} and its response reaches model_auto_compact_token_limit, so the history is compacted (trigger "auto")`;
    case "Stop":
      return `the model answers; Stop continuations are capped at ${PROBE_MAX_CONTINUATIONS} here`;
    case "SessionEnd":
      return 'the session ends (reason "exit")';
  }
}
