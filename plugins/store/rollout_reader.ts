/**
 * @module
 * Reading rollout lines back: one line becomes a `RolloutRecord` (the line's `timestamp` is
 * dropped), a whole file becomes a `LoadedRollout`. A line that does not parse (a crash mid-write
 * leaves a torn last line) is skipped with a warning naming the file and line; only a file whose
 * first line is not `session_meta` is an error. Also finds a thread's preview (its first user text).
 */
import type { LoadedRollout, RolloutRecord, SessionMeta } from "../../kernel/mod.ts";

const RECORD_TYPES = new Set([
  "session_meta",
  "turn_context",
  "response_item",
  "event",
  "rollback",
  "compacted",
  "thread_metadata",
]);

/** Prefixes of user-role messages that carry context (AGENTS.md, environment), not what the user typed. */
const CONTEXT_PREFIXES = [
  "# AGENTS.md instructions for",
  "<INSTRUCTIONS>",
  "<environment_context>",
  "<user_instructions>",
  "<skills_instructions>",
  "<turn_aborted>",
];

/** The outcome of parsing one line: a record, or why it was skipped. */
export type ParsedLine = { record: RolloutRecord } | { problem: string };

/** Parses one JSONL line of a rollout. */
export function parseLine(line: string): ParsedLine {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return { problem: "it is not valid JSON (a write cut short by a crash?)" };
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    return { problem: "it is not a JSON object" };
  }
  const { type, payload } = value as { type?: unknown; payload?: unknown };
  if (typeof type !== "string" || typeof payload !== "object" || payload === null) {
    return { problem: 'it has no "type" and "payload"' };
  }
  if (!RECORD_TYPES.has(type)) return { problem: `its type "${type}" is unknown` };
  return { record: { type, payload } as RolloutRecord };
}

/** The `session_meta` of a rollout's first line; throws an Error naming the file otherwise. */
export function parseMetaLine(line: string | undefined, path: string): SessionMeta {
  if (line === undefined || line.trim() === "") {
    throw new Error(`Cannot read rollout "${path}": the file is empty`);
  }
  const parsed = parseLine(line);
  if ("problem" in parsed || parsed.record.type !== "session_meta") {
    throw new Error(`Cannot read rollout "${path}": its first line is not a session_meta record`);
  }
  const meta = parsed.record.payload;
  if (typeof meta.id !== "string") {
    throw new Error(`Cannot read rollout "${path}": its session_meta has no "id"`);
  }
  return meta;
}

/**
 * Parses a whole rollout. Blank lines are ignored; unparsable lines are skipped with a warning.
 * `records` holds every record after the first line's `session_meta`.
 */
export function parseRollout(text: string, path: string): LoadedRollout {
  const lines = text.split("\n");
  if (lines.at(-1) === "") lines.pop();
  const meta = parseMetaLine(lines[0], path);
  const records: RolloutRecord[] = [];
  const warnings: string[] = [];
  for (let index = 1; index < lines.length; index++) {
    const line = lines[index];
    if (line.trim() === "") continue;
    const parsed = parseLine(line);
    if ("problem" in parsed) warnings.push(`Skipped line ${index + 1} of rollout "${path}": ${parsed.problem}`);
    else records.push(parsed.record);
  }
  return { meta, records, path, warnings };
}

/** True when a user-role message is injected context rather than something the user wrote. */
export function isContextText(text: string): boolean {
  const start = text.trimStart();
  return CONTEXT_PREFIXES.some((prefix) => start.startsWith(prefix));
}

/**
 * The text the user typed, when `record` is a user message: a user-role `response_item` that is
 * not a context block, or an `item/completed` event of a `userMessage` item. Null otherwise.
 */
export function userTextOf(record: RolloutRecord): string | null {
  if (record.type === "response_item") {
    const item = record.payload;
    if (item.type !== "message" || item.role !== "user") return null;
    const text = item.content.flatMap((part) => part.type === "input_text" ? [part.text] : []).join("\n");
    return text.trim() && !isContextText(text) ? text : null;
  }
  if (record.type === "event" && record.payload.method === "item/completed") {
    const item = record.payload.params.item;
    if (item.type !== "userMessage") return null;
    const text = item.content.flatMap((part) => part.type === "text" ? [part.text] : []).join("\n");
    return text.trim() ? text : null;
  }
  return null;
}
