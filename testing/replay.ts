/**
 * @module
 * Cassette replay: `replay(cassette)` is a model provider that answers each model request with
 * the provider events recorded for it (`tern exec --record`), with no network, and then checks
 * the run against the recording: the same tool calls with the same outputs, the same hook
 * decisions, the same number of model requests. The first difference fails the test with the
 * step, what was recorded and what happened. The recorded workspace path in outputs counts as
 * the replay's workspace path.
 */
import { fileURLToPath } from "node:url";
import {
  type Cassette,
  type CassetteEntry,
  type HookRunSummary,
  ModelError,
  type ModelEvent,
  type ModelProvider,
  type ModelRequest,
  parseCassette,
} from "../kernel/mod.ts";
import { showDifference } from "./_diff.ts";
import type { RunVerifier } from "./run_turn.ts";
import type { ToolCallRecord, TurnRun } from "./turn_run.ts";

/** Options of `replay()`. */
export interface ReplayOptions {
  /**
   * Rewrites every output and hook message before comparing, recorded and actual alike (say, to
   * blank out a timestamp).
   */
  normalize?: (text: string) => string;
}

/** A cassette as a model provider, which also checks the run it served. */
export interface Replay extends ModelProvider, RunVerifier {
  /** The requests the replay was sent. */
  readonly requests: ModelRequest[];
}

/** A run that no longer matches its cassette. */
export class CassetteMismatchError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "CassetteMismatchError";
  }
}

/** Reads a cassette file (`.jsonl`); a relative path resolves against the current directory. */
export async function readCassette(path: string | URL): Promise<Cassette> {
  const file = path instanceof URL || path.startsWith("file:") ? fileURLToPath(path) : path;
  return await parseCassette(await Deno.readTextFile(file), file);
}

/**
 * Replays `cassette` (a `Cassette`, or the path of its file) as the model of a `runTurn()`.
 *
 * @example
 * ```ts
 * const run = await runTurn({
 *   plugins: [import.meta.dirname!],
 *   model: replay(new URL("./greet.cassette.jsonl", import.meta.url)),
 *   prompt: "Greet Ada",
 * });
 * ```
 */
export function replay(cassette: Cassette | string | URL, options: ReplayOptions = {}): Replay {
  let loaded: Promise<Cassette> | null = null;
  let known: Cassette | null = null;
  const load = () => loaded ??= isCassette(cassette) ? Promise.resolve(cassette) : readCassette(cassette);
  const requests: ModelRequest[] = [];
  return {
    id: "tern-testing-replay",
    requests,
    async *stream(request): AsyncIterable<ModelEvent> {
      const tape = known = await load();
      const index = requests.length;
      requests.push(structuredClone(request));
      const recorded = tape.entries.filter((e) => e.type === "request").length;
      if (index >= recorded) {
        throw new ModelError(
          `Cassette "${tape.source}" has no response for model request ${index + 1} (it recorded ${recorded})`,
          { info: "other", attempts: 1 },
        );
      }
      for (const entry of tape.entries) {
        if (entry.type === "event" && entry.index === index) yield structuredClone(entry.event);
        if (entry.type === "error" && entry.index === index) {
          throw new ModelError(entry.message, { info: "other", attempts: 1 });
        }
      }
    },
    verifyRun(run: TurnRun): void {
      if (!known) throw new CassetteMismatchError("The run never asked the model anything: the cassette went unused");
      const problem = compare(known, run, options.normalize ?? ((text) => text));
      if (problem) throw new CassetteMismatchError(`Cassette "${known.source}" no longer matches the run: ${problem}`);
    },
  };
}

/** The first difference between the recording and the run, described; null when they match. */
function compare(tape: Cassette, run: TurnRun, normalize: (text: string) => string): string | null {
  const placeholder = "<workspace>";
  const recordedText = (text: string) => normalize(text.replaceAll(tape.header.cwd, placeholder));
  const actualText = (text: string) => normalize(text.replaceAll(run.workspace, placeholder));

  const expectedCalls = tape.entries.filter((e): e is Extract<CassetteEntry, { type: "toolCall" }> =>
    e.type === "toolCall"
  );
  const calls = Math.max(expectedCalls.length, run.toolCalls.length);
  for (let i = 0; i < calls; i++) {
    const expected = expectedCalls[i];
    const actual: ToolCallRecord | undefined = run.toolCalls[i];
    const step = `tool call ${i + 1} of ${expectedCalls.length}`;
    if (!expected) return `${step}: the run made an extra call, "${actual.name}" (${actual.callId})`;
    const label = `${step} ("${expected.name}", ${expected.callId})`;
    if (!actual) return `${label}: the run never made it`;
    if (actual.name !== expected.name || actual.input !== expected.input) {
      return `${label}: the call differs\n${
        showDifference(`${expected.name} ${expected.input}`, `${actual.name} ${actual.input}`)
      }`;
    }
    const want = expected.output === null ? null : recordedText(expected.output);
    const got = actual.output === null ? null : actualText(actual.output);
    if (want !== got) return `${label}: the output differs\n${showDifference(want, got)}`;
  }

  const hook = (run: HookRunSummary, text: (t: string) => string) =>
    `${run.eventName} ${run.status}${run.entries.map((e) => `\n${e.kind}: ${text(e.text)}`).join("")}`;
  const expectedHooks = tape.entries.flatMap((e) => e.type === "hook" ? [hook(e.run, recordedText)] : []);
  const actualHooks = run.hookRuns.map((r) => hook(r, actualText));
  for (let i = 0; i < Math.max(expectedHooks.length, actualHooks.length); i++) {
    if (expectedHooks[i] !== actualHooks[i]) {
      return `hook run ${i + 1} of ${expectedHooks.length} differs\n${
        showDifference(expectedHooks[i] ?? null, actualHooks[i] ?? null)
      }`;
    }
  }

  const recorded = tape.entries.filter((e) => e.type === "request").length;
  if (run.requests.length !== recorded) {
    return `the run made ${run.requests.length} model requests; the cassette recorded ${recorded}`;
  }
  return null;
}

function isCassette(value: Cassette | string | URL): value is Cassette {
  return typeof value === "object" && !(value instanceof URL) && "entries" in value;
}
