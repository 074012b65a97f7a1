/**
 * @module
 * The hook conformance kit. `runConformance()` proves, for every hook event and both handler
 * kinds, that a hook receives the documented input and that each output field has its documented
 * effect, in whole scripted turns (`conformance_test.ts` runs it for Tern's engine).
 * `probeHook()` runs a third-party hook script through every event and checks what it read and
 * wrote against the published schemas (`deno task hooks:conformance path/to/hook`, in `cli.ts`).
 *
 * @example
 * ```ts
 * const report = await probeHook({ command: "./my_hook.sh", events: ["PreToolUse"] });
 * console.log(formatProbe(report, "./my_hook.sh"));
 * ```
 */
export { type CaseResult, type ConformanceOptions, runCase, runConformance } from "./kit.ts";
export { ALL_CASES } from "./kit.ts";
export type { CaseContext, ConformanceCase } from "./cases.ts";
export type { Behaviour, HandlerKind } from "./behaviour.ts";
export type { Check } from "./checks.ts";
export { type EventProbe, probeHook, type ProbeOptions, type ProbeRun } from "./probe.ts";
export { formatProbe } from "./cli.ts";
export { publishedSchemaPath, type SchemaIssue, validateJsonSchema } from "./json_schema.ts";
