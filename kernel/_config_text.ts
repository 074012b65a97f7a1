/**
 * @module
 * JSONC text handling for the config loader: the fast parse (`@std/jsonc`), and the slow path
 * that loads `jsonc-parser` only when something must be pinpointed: the line and column of a
 * syntax error or of a key. Lines and columns are 1-based, as editors show them.
 */
import { importOnUse } from "./import_on_use.ts";
import { parse } from "@std/jsonc";
import type { ParseError } from "jsonc-parser";
import { ConfigError } from "./errors.ts";

/** A config key path: object keys and array indexes. */
export type KeyPath = readonly (string | number)[];

/** A 1-based line and column in a text. */
export interface TextPosition {
  line: number;
  column: number;
}

/** Converts a 0-based offset into a 1-based line and column. */
export function offsetToPosition(text: string, offset: number): TextPosition {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

/** Formats a key path for messages: `modelProviders.my_llm.baseUrl`, `plugins[0]`. */
export function formatKeyPath(path: KeyPath): string {
  let out = "";
  for (const segment of path) {
    if (typeof segment === "number") out += `[${segment}]`;
    else out += out === "" ? segment : `.${segment}`;
  }
  return out;
}

const SYNTAX_MESSAGES: Record<string, string> = {
  InvalidSymbol: "unexpected character",
  InvalidNumberFormat: "invalid number",
  PropertyNameExpected: "expected a property name in double quotes",
  ValueExpected: "expected a value",
  ColonExpected: 'expected ":"',
  CommaExpected: 'expected ","',
  CloseBraceExpected: 'expected "}"',
  CloseBracketExpected: 'expected "]"',
  EndOfFileExpected: "expected the end of the file",
  InvalidCommentToken: "invalid comment",
  UnexpectedEndOfComment: "unterminated comment",
  UnexpectedEndOfString: "unterminated string",
  UnexpectedEndOfNumber: "unterminated number",
  InvalidUnicode: "invalid unicode escape",
  InvalidEscapeCharacter: "invalid escape character",
  InvalidCharacter: "invalid character in string",
};

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
    return await explainParseFailure(text, file, cause);
  }
  if (!isPlainObject(value)) {
    throw new ConfigError({ file, line: 1, column: 1 }, "Cannot use config: expected an object at the top level");
  }
  return value;
}

/** The slow path of `parseConfigText`: finds where the text is broken. */
async function explainParseFailure(text: string, file: string, cause: unknown): Promise<Record<string, unknown>> {
  const { parse: parseLoose, printParseErrorCode, stripComments } = await importOnUse<typeof import("jsonc-parser")>(
    "jsonc-parser",
    import.meta.url,
  );
  if (stripComments(text).trim() === "") return {};
  const errors: ParseError[] = [];
  parseLoose(text, errors, { allowTrailingComma: true, disallowComments: false });
  const first = errors[0];
  if (!first) {
    // Both parsers disagree; report what the fast one said rather than nothing.
    throw new ConfigError({ file }, `Cannot parse JSONC: ${(cause as Error).message}`, { cause });
  }
  const code = printParseErrorCode(first.error);
  const position = offsetToPosition(text, first.offset);
  throw new ConfigError({ file, ...position }, `Cannot parse JSONC: ${SYNTAX_MESSAGES[code] ?? code}`, { cause });
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
