/**
 * @module
 * Runs the conformance kit against Tern's own engine: every case (`cases*.ts`) for each handler
 * kind it applies to, each in a fresh runtime and folder, then checks the inputs the hook
 * received (against the published JSON Schema and the documented values, in Codex's field order),
 * the run summaries (event, kind, scope, id, source, where they are stored) and the case's
 * documented effect. Cases run a few at a time; results come back in table order.
 */
import { join } from "@std/path";
import type { HookEventName, HookRunSummary } from "../../kernel/mod.ts";
import { camelEventName, kebabEventName } from "../events/common.ts";
import {
  type Behaviour,
  DEFAULT_TIMEOUT_SEC,
  type HandlerKind,
  inProcessHandler,
  readLoggedInputs,
  writeCommandHook,
} from "./behaviour.ts";
import { commonCases, type ConformanceCase } from "./cases.ts";
import { COMPACT_CASES } from "./cases_compact.ts";
import { SESSION_CASES } from "./cases_session.ts";
import { TOOL_CASES } from "./cases_tools.ts";
import { type Check, Checker } from "./checks.ts";
import { CALL_ID, FIRING_EVENTS, type FiringEvent, matcherFor, type ProfileOptions, PROFILES } from "./events.ts";
import { type JsonSchema, readPublishedSchema, validateJsonSchema } from "./json_schema.ts";
import { type Observation, runScenario, type ScenarioSpec } from "./scenario.ts";

/** Every case: the shared ones first for each event, then the event's own, in `FIRING_EVENTS` order. */
export const ALL_CASES: readonly ConformanceCase[] = FIRING_EVENTS.flatMap((event) => [
  ...commonCases(event),
  ...[...SESSION_CASES, ...TOOL_CASES, ...COMPACT_CASES].filter((c) => c.event === event),
]);

/** The source path in-process hooks report (the plugin that registers them). */
export const IN_PROCESS_SOURCE = "plugin:hook-conformance-in-process";

/** One case run with one handler kind. */
export interface CaseResult {
  event: HookEventName;
  kind: HandlerKind;
  name: string;
  checks: Check[];
  passed: boolean;
}

/** Options for `runConformance()`. */
export interface ConformanceOptions {
  /** Only these events. @default every firing event */
  events?: readonly FiringEvent[];
  /** Only these handler kinds. @default both */
  kinds?: readonly HandlerKind[];
  /** Cases run at the same time. @default 4 */
  concurrency?: number;
}

/** Runs the kit; never throws for a failing case (its checks say what failed). */
export async function runConformance(options: ConformanceOptions = {}): Promise<CaseResult[]> {
  const events = new Set(options.events ?? FIRING_EVENTS);
  const kinds = options.kinds ?? ["command", "inProcess"];
  const jobs = ALL_CASES.filter((c) => events.has(c.event)).flatMap((c) =>
    kinds.filter((k) => (c.kinds ?? ["command", "inProcess"]).includes(k)).map((kind) => ({ c, kind }))
  );
  const results: CaseResult[] = new Array(jobs.length);
  let next = 0;
  const worker = async () => {
    while (next < jobs.length) {
      const index = next++;
      results[index] = await runCase(jobs[index].c, jobs[index].kind);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, options.concurrency ?? 4) }, worker));
  return results;
}

/** Runs one case with one handler kind in a fresh folder. */
export function runCase(c: ConformanceCase, kind: HandlerKind): Promise<CaseResult> {
  const profile = PROFILES[c.event];
  const options: ProfileOptions = { toolCall: c.scenario?.toolCall };
  const base = profile.scenario(options);
  const matcher = c.matcher === null ? undefined : c.matcher ?? matcherFor(profile, options);
  const spec = { ...base, event: c.event, overrides: [...(base.overrides ?? []), ...(c.scenario?.overrides ?? [])] };
  return inScenario(c.name, kind, spec, { behaviour: c.hook, matcher }, async (o, inputs, checks) => {
    const expectedRuns = c.runs ?? 1;
    checks.equal(`the hook ran ${expectedRuns} time(s)`, o.runs.length, expectedRuns);
    checks.equal("it received one input per run", inputs.length, expectedRuns);
    await checkInputs(o, inputs, c.event, options, checks);
    checkSummaries(o, c.event, kind, checks);
    c.expect(o, checks, { kind, options, profile, unaffected: () => profile.unaffected(o, checks, options) });
  });
}

/** Declares one hook of `kind` behaving as told, runs `spec` in a fresh folder, then `verify`. */
async function inScenario(
  name: string,
  kind: HandlerKind,
  spec: ScenarioSpec,
  hook: { behaviour: Behaviour; matcher?: string },
  verify: (o: Observation, inputs: unknown[], checks: Checker) => Promise<void>,
): Promise<CaseResult> {
  const root = await Deno.realPath(await Deno.makeTempDir({ prefix: "tern-hook-conformance-" }));
  const checks = new Checker();
  try {
    const timeoutSec = hook.behaviour.timeoutSec ?? DEFAULT_TIMEOUT_SEC;
    const matcher = hook.matcher !== undefined ? { matcher: hook.matcher } : {};
    const inputs: unknown[] = [];
    let log: string | null = null;
    if (kind === "command") {
      const script = await writeCommandHook(join(root, "hook"), hook.behaviour);
      log = script.log;
      const handler = { type: "command", command: script.path, timeout: timeoutSec };
      spec = { ...spec, hooks: { [spec.event]: [{ ...matcher, hooks: [handler] }] } };
    } else {
      const handler = inProcessHandler(hook.behaviour, inputs);
      spec = { ...spec, inProcess: [{ event: spec.event, options: { ...matcher, timeoutSec }, handler }] };
    }
    const o = await runScenario(root, spec);
    if (log) inputs.push(...(await readLoggedInputs(log)));
    checks.equal("the runtime booted without warnings", o.bootWarnings, []);
    await verify(o, inputs, checks);
  } catch (error) {
    checks.ok("the scenario ran", false, error instanceof Error ? error.stack ?? error.message : String(error));
  } finally {
    await Deno.remove(root, { recursive: true }).catch(() => {});
  }
  return { event: spec.event, kind, name, checks: checks.checks, passed: checks.passed };
}

/** Checks each input against the published schema and the documented values, in Codex's order. */
export async function checkInputs(
  o: Observation,
  inputs: readonly unknown[],
  event: FiringEvent,
  options: ProfileOptions,
  c: Checker,
): Promise<void> {
  const schema: JsonSchema = await readPublishedSchema(event, "input");
  inputs.forEach((input, i) =>
    checkInput(schema, o, input, i, event, options, c, inputs.length > 1 ? `input ${i + 1}` : "the input")
  );
}

/** Checks the `index`th input of an event's runs; `which` names it in labels. */
export function checkInput(
  schema: JsonSchema,
  o: Observation,
  input: unknown,
  index: number,
  event: FiringEvent,
  options: ProfileOptions,
  c: Checker,
  which: string,
): void {
  const issues = validateJsonSchema(schema, input);
  c.ok(
    `${which} matches the published input schema`,
    issues.length === 0,
    issues.map((issue) => `${issue.path}: ${issue.message}`).join("; ") || undefined,
  );
  const expected = PROFILES[event].expectedInput(o, index, options);
  const actual = input && typeof input === "object" ? input as Record<string, unknown> : {};
  c.equal(`${which} has the documented fields, in Codex's order`, Object.keys(actual), Object.keys(expected));
  c.equal(`${which} has the documented values`, actual, expected);
}

/** Checks the run summaries: names, kind, scope, id, source, and where they are stored. */
function checkSummaries(o: Observation, event: FiringEvent, kind: HandlerKind, c: Checker): void {
  if (o.runs.length === 0) return;
  const sourcePath = kind === "command" ? "config" : IN_PROCESS_SOURCE;
  const toolEvent = event === "PreToolUse" || event === "PostToolUse" || event === "PermissionRequest";
  const suffix = toolEvent ? `:${CALL_ID}` : "";
  const shape = (run: HookRunSummary) => [run.eventName, run.handlerType, run.scope, run.source, run.id];
  const expected = [
    camelEventName(event),
    kind,
    event === "SessionStart" || event === "SessionEnd" ? "thread" : "turn",
    kind === "command" ? "config" : "plugin",
    `${kebabEventName(event)}:0:${sourcePath}${suffix}`,
  ];
  c.equal(
    "the summaries name the event, handler kind, scope, source and run id",
    o.runs.map((r) => shape(r.run)),
    o.runs.map(() => expected),
  );
  const stored = new Set(o.storedRuns.map((r) => r.id));
  if (event === "SessionEnd") {
    c.ok(
      "the summaries belong to no turn and are not stored",
      o.runs.every((r) => r.turnId === null && !stored.has(r.run.id)),
    );
  } else {
    c.ok(
      "the summaries are reported with the turn and stored in Turn.hookRuns",
      o.runs.every((r) => r.turnId === o.turnId && stored.has(r.run.id)),
    );
  }
}
