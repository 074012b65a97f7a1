/**
 * @module
 * The cassette file format: a recorded session (`tern exec --record FILE`) as JSON Lines, which
 * `@tern/testing` replays. The first line is the header; then, in the order they happened, each
 * model request and the provider's events for it, each tool call with its input and the output the
 * model read, each hook run, and each tool item. Only the format lives here: `plugins/exec` writes
 * it, the test kit reads it.
 */
import type { ModelEvent, ModelRequest } from "../provider.ts";
import type { ThreadItem } from "../protocol/items.ts";
import type { HookRunSummary } from "../protocol/turn.ts";
import { parseJsonText } from "../config/json_text.ts";

/** The format version this kernel writes and reads. */
export const CASSETTE_VERSION = 1;

/** The first line of a cassette. */
export interface CassetteHeader {
  type: "header";
  version: typeof CASSETTE_VERSION;
  /** The Tern version that recorded it. */
  tern: string;
  recordedAt: string;
  /** The workspace at recording time (replays read it as a placeholder in outputs). */
  cwd: string;
  /** The provider and model that answered. */
  provider: string;
  model: string;
  prompt: string;
}

/** One line after the header. `index` numbers the model requests of the session from 0. */
export type CassetteEntry =
  | { type: "request"; index: number; request: ModelRequest }
  | { type: "event"; index: number; event: ModelEvent }
  /** The request failed for good (the provider threw). */
  | { type: "error"; index: number; message: string }
  /** A tool call the model made; `output` is what the model read next (null: the turn ended first). */
  | { type: "toolCall"; callId: string; name: string; input: string; output: string | null }
  | { type: "hook"; run: HookRunSummary }
  /** A completed item a tool produced (`commandExecution`, `fileChange`, ...), for reading. */
  | { type: "item"; item: ThreadItem };

/** A whole cassette. */
export interface Cassette {
  header: CassetteHeader;
  entries: CassetteEntry[];
  /** Where it was read from (for messages). */
  source: string;
}

const ENTRY_FIELDS: Record<CassetteEntry["type"], string[]> = {
  request: ["index", "request"],
  event: ["index", "event"],
  error: ["index", "message"],
  toolCall: ["callId", "name", "input", "output"],
  hook: ["run"],
  item: ["item"],
};

/** Serializes a cassette as JSON Lines (header first). */
export function formatCassette(cassette: Pick<Cassette, "header" | "entries">): string {
  return [cassette.header, ...cassette.entries].map((line) => JSON.stringify(line)).join("\n") + "\n";
}

/**
 * Parses cassette text. Rejects naming `source` and the line for anything that is not a cassette
 * of this version: `t.jsonl:4:12: Cannot parse cassette: expected ","` for a line that is not
 * JSON (a `ConfigError`), `t.jsonl:4: Cannot read cassette: ...` (a `SyntaxError`) for the rest.
 */
export async function parseCassette(text: string, source: string): Promise<Cassette> {
  const lines = text.split("\n").map((line, i) => ({ line, number: i + 1 })).filter((l) => l.line.trim() !== "");
  const fail = (number: number, why: string): never => {
    throw new SyntaxError(`${source}:${number}: Cannot read cassette: ${why}`);
  };
  const parsed: { value: Record<string, unknown>; number: number }[] = [];
  for (const { line, number } of lines) {
    const value = await parseJsonText(line, source, { what: "cassette", line: number });
    if (typeof value !== "object" || value === null || Array.isArray(value)) fail(number, "not a JSON object");
    parsed.push({ value: value as Record<string, unknown>, number });
  }
  const first = parsed[0];
  if (!first || first.value.type !== "header") return fail(first?.number ?? 1, 'the first line must be the "header"');
  if (first.value.version !== CASSETTE_VERSION) {
    fail(first.number, `version ${JSON.stringify(first.value.version)} is not ${CASSETTE_VERSION}`);
  }
  const entries = parsed.slice(1).map(({ value, number }) => {
    const fields = ENTRY_FIELDS[value.type as CassetteEntry["type"]];
    if (!fields) return fail(number, `unknown entry type ${JSON.stringify(value.type)}`);
    const missing = fields.filter((f) => !(f in value));
    if (missing.length) fail(number, `a "${value.type}" entry needs ${missing.map((f) => `"${f}"`).join(", ")}`);
    return value as unknown as CassetteEntry;
  });
  return { header: first.value as unknown as CassetteHeader, entries, source };
}
