/**
 * @module
 * A fast path for the YAML most `SKILL.md` frontmatter is: `key: plain text` lines, and mappings
 * one level deep (`metadata:` then indented `key: value` lines). Importing the full YAML parser
 * costs ~8 ms, a visible part of a `tern exec` turn, so frontmatter this simple is read here;
 * anything else (quotes, lists, block scalars, numbers, booleans, comments after values, ...)
 * returns `undefined` and goes to `@std/yaml`. What this accepts, it reads exactly as YAML does
 * (`simple_yaml_test.ts` checks that against `@std/yaml`).
 */

const KEY = /^([A-Za-z_][A-Za-z0-9_-]*):(?: (.*))?$/;
/** Plain scalars YAML would read as something other than a string. */
const SPECIAL = /^(?:~|null|true|false|y|yes|n|no|on|off)$/i;

/** Parses frontmatter in the simple subset, or returns `undefined` when it is outside it. */
export function parseSimpleYaml(text: string): Record<string, unknown> | undefined {
  const result: Record<string, unknown> = {};
  let block: Record<string, string> | null = null;
  let blockIndent = 0;
  for (const raw of text.split("\n")) {
    const line = raw.trimEnd();
    if (line.trim() === "") continue;
    if (line.includes("\t")) return undefined;
    const indent = line.length - line.trimStart().length;
    const match = line.trimStart().match(KEY);
    if (!match) return undefined;
    const [, key, rawValue] = match;
    if (SPECIAL.test(key)) return undefined;
    const value = rawValue?.trim() ?? "";
    if (indent > 0) {
      if (!block || (blockIndent !== 0 && indent !== blockIndent)) return undefined;
      blockIndent = indent;
      if (value === "" || !plain(value) || key in block) return undefined;
      block[key] = value;
      continue;
    }
    if (block && Object.keys(block).length === 0) return undefined; // `key:` with nothing under it
    if (key in result) return undefined;
    if (value === "") {
      block = {};
      blockIndent = 0;
      result[key] = block;
    } else {
      if (!plain(value)) return undefined;
      block = null;
      result[key] = value;
    }
  }
  if (block && Object.keys(block).length === 0) return undefined;
  return result;
}

/** True for a plain scalar that YAML reads as exactly this string. */
function plain(value: string): boolean {
  if (/^[-?:,[\]{}#&*!|>'"%@`]/.test(value)) return false;
  if (value.includes(": ") || value.includes(" #") || value.endsWith(":")) return false;
  if (SPECIAL.test(value)) return false;
  if (/^[-+]?\.?[0-9]/.test(value) || /^[-+]?\.(?:inf|nan)$/i.test(value)) return false;
  return true;
}
