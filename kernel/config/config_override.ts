/**
 * @module
 * Command-line overrides: `-c key=value`. The key is a dotted path (a segment may be
 * double-quoted to hold dots: `projects."/src/my.app".trustLevel`) in camelCase or in Codex's
 * snake_case. The value is JSON if it parses, else a TOML value (`'single quoted'`, arrays,
 * numbers), else the literal text. `smol-toml` is imported only when a value needs it.
 */
import { importOnUse } from "../startup/import_on_use.ts";
import { ConfigError } from "../base/errors.ts";

/**
 * Keys whose children are names the user chooses (provider ids, server names, paths): the
 * segment right after one of these is kept as written, not converted to camelCase.
 */
export const MAP_LIKE_KEYS: ReadonlySet<string> = new Set([
  "modelProviders",
  "mcpServers",
  "profiles",
  "projects",
  "env",
  "headers",
  "httpHeaders",
  "envHttpHeaders",
  "queryParams",
]);

const SNAKE_CASE = /^[a-z][a-z0-9]*(_[a-z0-9]+)+$/;

/** Converts one `snake_case` segment to camelCase (`base_url` → `baseUrl`); others are unchanged. */
export function snakeToCamel(segment: string): string {
  if (!SNAKE_CASE.test(segment)) return segment;
  return segment.replace(/_([a-z0-9])/g, (_, letter: string) => letter.toUpperCase());
}

/**
 * Converts a key path from Codex's snake_case spelling to Tern's camelCase, keeping the
 * user-chosen name after a map-like key: `model_providers.my_llm.base_url` →
 * `modelProviders.my_llm.baseUrl`.
 */
export function toCamelPath(segments: readonly string[]): string[] {
  const out: string[] = [];
  for (const segment of segments) {
    const previous = out[out.length - 1];
    out.push(previous !== undefined && MAP_LIKE_KEYS.has(previous) ? segment : snakeToCamel(segment));
  }
  return out;
}

/** Splits `a.b."c.d"` into `["a", "b", "c.d"]`; `null` if the path is malformed. */
function splitKeyPath(key: string): string[] | null {
  const segments: string[] = [];
  let i = 0;
  while (i <= key.length) {
    if (key[i] === '"') {
      const match = /^"(?:[^"\\]|\\.)*"/.exec(key.slice(i));
      if (!match) return null;
      segments.push(JSON.parse(match[0]));
      i += match[0].length;
    } else {
      const end = key.indexOf(".", i);
      const segment = key.slice(i, end === -1 ? key.length : end).trim();
      if (segment === "") return null;
      segments.push(segment);
      i = end === -1 ? key.length : end;
    }
    if (i === key.length) return segments;
    if (key[i] !== ".") return null;
    i++;
  }
  return null;
}

/** Values that may be TOML but are not JSON: quotes, arrays, tables, numbers and dates. */
const TOML_START = /^['"[{+\-0-9]/;

/** Reads the value text: JSON, else a TOML value, else the literal text (trimmed). */
async function parseValue(raw: string): Promise<unknown> {
  const text = raw.trim();
  try {
    return JSON.parse(text);
  } catch {
    // Not JSON; try TOML below.
  }
  if (TOML_START.test(text)) {
    try {
      const { parse } = await importOnUse<typeof import("smol-toml")>("smol-toml", import.meta.url);
      const doc = parse(`v = ${text}`);
      const keys = Object.keys(doc);
      if (keys.length === 1 && keys[0] === "v" && !(doc.v instanceof Date)) return toPlain(doc.v);
    } catch {
      // Not TOML either: a literal string.
    }
  }
  return text;
}

/** Turns TOML output (null-prototype tables, dates) into plain JSON values. */
function toPlain(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map(toPlain);
  if (typeof value === "object" && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, toPlain(v)]));
  }
  return value;
}

/**
 * Parses one `-c key=value` override into a camelCase key path and a value.
 * Throws `ConfigError` (its "file" is `-c <text>`) when there is no `=` or the key is malformed.
 *
 * @example
 * ```ts
 * await parseOverride("model_providers.my_llm.base_url='http://localhost:11434/v1'");
 * // { keyPath: ["modelProviders", "my_llm", "baseUrl"], value: "http://localhost:11434/v1" }
 * ```
 */
export async function parseOverride(text: string): Promise<{ keyPath: string[]; value: unknown }> {
  const eq = text.indexOf("=");
  if (eq === -1) {
    throw new ConfigError({ file: `-c ${text}` }, 'Cannot read override: expected "key=value", e.g. -c model="o3"');
  }
  const segments = splitKeyPath(text.slice(0, eq).trim());
  if (!segments) {
    throw new ConfigError(
      { file: `-c ${text}` },
      'Cannot read override: the key must be a dotted path such as "modelProviders.local.baseUrl"',
    );
  }
  return { keyPath: toCamelPath(segments), value: await parseValue(text.slice(eq + 1)) };
}
