/**
 * @module
 * Edits a JSONC config file in place, keeping its comments and layout (`jsonc-parser`'s
 * `modify` / `applyEdits`, as `trustProject()` does): set or delete a key, or append to an array.
 * A file that does not parse is refused with its line, since an edit could land anywhere; the
 * new text is written beside the file and renamed over it, so a crash never leaves half a file.
 */
import { importOnUse } from "../startup/import_on_use.ts";
import { dirname } from "../base/path.ts";
import { ConfigError } from "../base/errors.ts";
import { detectIndent, isPlainObject, parseConfigText } from "./_config_text.ts";

/** One change to a config file. */
export type ConfigFileEdit =
  /** Sets `keyPath` to `value`, or deletes it when `value` is `undefined`. */
  | { keyPath: (string | number)[]; value: unknown }
  /** Appends `value` to the array at `keyPath` (created when missing). */
  | { keyPath: (string | number)[]; append: unknown };

/**
 * Applies `edits` to the JSONC file `file` (created, with its folder, when missing) and returns
 * the parsed result. Throws `ConfigError` naming the file and line when the file does not parse,
 * or when an append targets something that is not an array.
 *
 * @example
 * ```ts
 * await editConfigFile(`${defaultTernHome()}/config.jsonc`, [
 *   { keyPath: ["extraPlugins"], append: "/src/plugins/acme" },
 * ]);
 * ```
 */
export async function editConfigFile(file: string, edits: ConfigFileEdit[]): Promise<Record<string, unknown>> {
  let text = "";
  let mode: number | undefined;
  try {
    text = await Deno.readTextFile(file);
    mode = (await Deno.stat(file)).mode ?? undefined;
  } catch (error) {
    if (!(error instanceof Deno.errors.NotFound)) {
      throw new ConfigError({ file }, `Cannot read config: ${(error as Error).message}`, { cause: error });
    }
  }
  let current = await parseConfigText(text, file);
  const { applyEdits, modify, stripComments, parseTree, findNodeAtLocation } = await importOnUse<
    typeof import("jsonc-parser")
  >("jsonc-parser", import.meta.url);
  if (stripComments(text).trim() === "") text = `${text}${text === "" || text.endsWith("\n") ? "" : "\n"}{}\n`;
  const formattingOptions = { ...detectIndent(text), eol: "\n" };
  for (const edit of edits) {
    const root = parseTree(text)!;
    let set: { keyPath: (string | number)[]; value: unknown } | null = "append" in edit ? null : edit;
    if ("append" in edit) {
      const target = valueAt(current, edit.keyPath);
      if (target !== undefined && !Array.isArray(target)) {
        throw new ConfigError(
          { file, key: edit.keyPath.join(".") },
          `Cannot add to "${edit.keyPath.join(".")}": it is not a list`,
        );
      }
      const array = target === undefined ? undefined : findNodeAtLocation(root, edit.keyPath);
      const last = array?.children?.at(-1);
      if (target === undefined) set = { keyPath: edit.keyPath, value: [edit.append] };
      else if (array && last) {
        text = insertAfter(text, last.offset + last.length, array.offset + array.length, JSON.stringify(edit.append));
      } else {
        const path = [...edit.keyPath, -1];
        text = applyEdits(text, modify(text, path, edit.append, { formattingOptions, isArrayInsertion: true }));
      }
    }
    if (set) {
      // A new key in an object that has others: added after the last one, past its comment.
      const parent = set.keyPath.length ? findNodeAtLocation(root, set.keyPath.slice(0, -1)) : undefined;
      const key = set.keyPath.at(-1);
      const last = parent?.type === "object" ? parent.children?.at(-1) : undefined;
      const added = set.value !== undefined && valueAt(current, set.keyPath) === undefined;
      if (added && typeof key === "string" && parent && last) {
        const unit = formattingOptions.insertSpaces ? " ".repeat(formattingOptions.tabSize) : "\t";
        const entry = `${JSON.stringify(key)}: ${JSON.stringify(set.value, null, unit)}`;
        text = insertAfter(text, last.offset + last.length, parent.offset + parent.length, entry);
      } else {
        text = applyEdits(text, modify(text, set.keyPath, set.value, { formattingOptions }));
      }
    }
    current = await parseConfigText(text, file);
  }
  if (!text.endsWith("\n")) text += "\n";
  await Deno.mkdir(dirname(file), { recursive: true });
  const temp = `${file}.${Deno.pid}.tmp`;
  await Deno.writeTextFile(temp, text, mode === undefined ? {} : { mode: mode & 0o777 });
  await Deno.rename(temp, file);
  return current;
}

/**
 * Inserts `entry` (an array element, or a `"key": value` member) after the last entry of an array
 * or object, which ends at `end` (the container at `containerEnd`): on a line of its own,
 * indented like that entry, after any comment that follows it, so the comment stays with the
 * entry it describes; inline for a one-line container. Lines of a multi-line `entry` are indented
 * to match.
 */
function insertAfter(text: string, end: number, containerEnd: number, entry: string): string {
  const inline = () => `${text.slice(0, end)}, ${entry}${text.slice(end)}`;
  if (!text.slice(end, containerEnd).includes("\n")) return inline();
  const lineStart = text.lastIndexOf("\n", end - 1) + 1;
  const indent = /^[ \t]*/.exec(text.slice(lineStart))![0];
  const lineEnd = text.indexOf("\n", end);
  const rest = text.slice(end, lineEnd);
  const indented = entry.replaceAll("\n", `\n${indent}`);
  const comment = String.raw`(\/\/.*|\/\*.*\*\/\s*)?$`;
  // The entry already has its (trailing) comma: the new one goes on the next line.
  if (new RegExp(String.raw`^\s*,\s*${comment}`).test(rest)) {
    return `${text.slice(0, lineEnd)}\n${indent}${indented}${text.slice(lineEnd)}`;
  }
  // The line goes on with something other than a comment: insert inline.
  if (!new RegExp(String.raw`^\s*${comment}`).test(rest)) return inline();
  return `${text.slice(0, end)},${rest}\n${indent}${indented}${text.slice(lineEnd)}`;
}

function valueAt(value: unknown, keyPath: (string | number)[]): unknown {
  let current = value;
  for (const key of keyPath) {
    if (Array.isArray(current) && typeof key === "number") current = current[key];
    else if (isPlainObject(current) && typeof key === "string" && Object.hasOwn(current, key)) current = current[key];
    else return undefined;
  }
  return current;
}
