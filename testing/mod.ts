/**
 * @module
 * `@tern/testing`: test a Tern plugin by running whole turns against it. `runTurn()` drives the
 * real kernel with Tern's built-in plugins and yours, a scripted model (or `replay()` of a
 * cassette recorded with `tern exec --record`), in a temporary workspace, and returns the event
 * log to assert on. `FakeClock` stands in for `api.clock`. See `docs/plugins.md`.
 *
 * @example
 * ```ts
 * import { runTurn } from "@tern/testing";
 *
 * const run = await runTurn({
 *   plugins: [import.meta.dirname!],
 *   model: [{ toolCall: { name: "greet", args: { name: "Ada" } } }, { text: "Done" }],
 *   prompt: "Greet Ada",
 * });
 * ```
 */
export { type RequestAnswers, runTurn, type RunTurnOptions, type RunVerifier } from "./run_turn.ts";
export { type ServerRequestRecord, type ToolCallRecord, TurnRun } from "./turn_run.ts";
export {
  type ModelResponse,
  type ModelStep,
  type ScriptedModel,
  scriptedModel,
  type SeenRequest,
} from "./scripted_model.ts";
export { FakeClock, type FakeClockOptions } from "./fake_clock.ts";
export { snapshotFiles, type TempWorkspace, tempWorkspace } from "./workspace.ts";
export { CassetteMismatchError, readCassette, type Replay, replay, type ReplayOptions } from "./replay.ts";
