/**
 * @module
 * JSONC text handling for the config loader: the fast parse (`@std/jsonc`), and the slow path
 * that loads `jsonc-parser` only when something must be pinpointed: the line and column of a
 * syntax error (`json_text.ts`, shared with every other JSON file Tern reads) or of a key.
 * Lines and columns are 1-based, as editors show them.
 */
import { importOnUse } from "../startup/import_on_use.ts";
import { parse } from "@std/jsonc";
import { ConfigError } from "../base/errors.ts";
import { jsonSyntaxError, offsetToPosition, type TextPosition } from "./json_text.ts";

/** A config key path: object keys and array indexes. */
export type KeyPath = readonly (string | number)[];

/** Formats a key path for messages: `modelProviders.my_llm.baseUrl`, `plugins[0]`. */
export function formatKeyPath(path: KeyPath): string {
  let out = "";
  for (const segment of path) {
    if (typeof segment === "number") out += `[${segment}]`;
    else out += out === "" ? segment : `.${segment}`;
  }
  return out;
}

/**
 * Parses JSONC text that must hold an object. Comments and trailing commas are allowed; a file
 * holding only comments and whitespace is an empty object. Throws `ConfigError` naming `file`,
 * the line and the column of the first syntax error.
 */
export async function parseConfigText(text: string, file: string): Promise<Record<string, unknown>> {
  let value: unknown;
  try {
    value = parse(text);
  } catch (cause) {
    // A file holding only comments is an empty config, not a broken one.
    const { stripComments } = await importOnUse<typeof import("jsonc-parser")>("jsonc-parser", import.meta.url);
    if (stripComments(text).trim() === "") return {};
    throw await jsonSyntaxError(text, file, { jsonc: true }, cause);
  }
  if (!isPlainObject(value)) {
    throw new ConfigError({ file, line: 1, column: 1 }, "Cannot use config: expected an object at the top level");
  }
  return value;
}

/**
 * The position of a key path in JSONC text: the property's name for an object member, the
 * element itself for an array item. `undefined` if the path is not in the text.
 */
export async function positionOfKey(text: string, path: KeyPath): Promise<TextPosition | undefined> {
  const { parseTree, findNodeAtLocation } = await importOnUse<typeof import("jsonc-parser")>(
    "jsonc-parser",
    import.meta.url,
  );
  const root = parseTree(text, [], { allowTrailingComma: true, disallowComments: false });
  if (!root) return undefined;
  const node = path.length === 0 ? root : findNodeAtLocation(root, [...path]);
  if (!node) return undefined;
  const parent = node.parent;
  const anchor = parent?.type === "property" && parent.children?.[0] ? parent.children[0] : node;
  return offsetToPosition(text, anchor.offset);
}

/** Whether a value is a plain JSON object (not an array, not null). */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** The indentation the file already uses (its first indented property), else two spaces. */
export function detectIndent(text: string): { insertSpaces: boolean; tabSize: number } {
  const match = /^([ \t]+)"/m.exec(text);
  if (!match) return { insertSpaces: true, tabSize: 2 };
  if (match[1].startsWith("\t")) return { insertSpaces: false, tabSize: 1 };
  return { insertSpaces: true, tabSize: match[1].length };
}
