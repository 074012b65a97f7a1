/**
 * @module
 * Parsing the JSON and JSONC files Tern reads (config, plugin manifests and the Claude Code /
 * Codex ones, `hooks.json`, `.mcp.json`, `--output-schema`, model scripts, cassettes), so that
 * every syntax error reads the same: `FILE:LINE:COL: Cannot parse WHAT: expected ","`, a
 * `ConfigError` whose `location` holds the place. The fast parsers (`JSON.parse`, `@std/jsonc`)
 * do the work; `jsonc-parser`, which pinpoints the error, is imported only when the text is broken.
 */
import { importOnUse } from "../startup/import_on_use.ts";
import { parse as parseJsoncFast } from "@std/jsonc";
import type { ParseError } from "jsonc-parser";
import { ConfigError } from "../base/errors.ts";

/** A 1-based line and column in a text. */
export interface TextPosition {
  line: number;
  column: number;
}

/** How to read a text with `parseJsonText()`. */
export interface JsonTextOptions {
  /** JSONC: comments and trailing commas allowed. @default false (strict JSON) */
  jsonc?: boolean;
  /** What the text is, for the message (`Cannot parse hooks file: ...`). @default "JSON" or "JSONC" */
  what?: string;
  /** The line of `file` the text starts at (one line of a JSONL file). @default 1 */
  line?: number;
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
 * Parses JSON (or, with `jsonc`, JSONC) text read from `file`. A syntax error throws a
 * `ConfigError` at its line and column: `/p/hooks.json:3:5: Cannot parse JSON: expected ","`.
 *
 * @example
 * ```ts
 * const schema = await parseJsonText(await Deno.readTextFile(path), path, { what: "--output-schema" });
 * ```
 */
export async function parseJsonText(text: string, file: string, options: JsonTextOptions = {}): Promise<unknown> {
  try {
    return options.jsonc ? parseJsoncFast(text) : JSON.parse(text);
  } catch (cause) {
    throw await jsonSyntaxError(text, file, options, cause);
  }
}

/**
 * The `ConfigError` for text the fast parser rejected: where `jsonc-parser` finds the first
 * problem, else (should the two parsers disagree) the fast parser's own message at the file.
 */
export async function jsonSyntaxError(
  text: string,
  file: string,
  options: JsonTextOptions,
  cause: unknown,
): Promise<ConfigError> {
  const { parse, printParseErrorCode } = await importOnUse<typeof import("jsonc-parser")>(
    "jsonc-parser",
    import.meta.url,
  );
  const what = options.what ?? (options.jsonc ? "JSONC" : "JSON");
  const errors: ParseError[] = [];
  parse(text, errors, { allowTrailingComma: options.jsonc === true, disallowComments: options.jsonc !== true });
  const first = errors[0];
  if (!first) return new ConfigError({ file }, `Cannot parse ${what}: ${(cause as Error).message}`, { cause });
  const code = printParseErrorCode(first.error);
  const position = offsetToPosition(text, first.offset);
  const line = position.line + (options.line ?? 1) - 1;
  return new ConfigError(
    { file, line, column: position.column },
    `Cannot parse ${what}: ${SYNTAX_MESSAGES[code] ?? code}`,
    {
      cause,
    },
  );
}
