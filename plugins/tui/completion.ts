/**
 * @module
 * What the composer's pickers (`@` files, `$` skills) do on a choice: put the chosen value and a
 * space in place of the word being completed.
 */
import type { AutocompleteItem } from "@mariozechner/pi-tui";

/** `lines` with the `prefix` before the cursor replaced by `item.value` and a space; the cursor after it. */
export function replaceWord(
  lines: string[],
  cursorLine: number,
  cursorCol: number,
  item: AutocompleteItem,
  prefix: string,
): { lines: string[]; cursorLine: number; cursorCol: number } {
  const line = lines[cursorLine] ?? "";
  const start = cursorCol - prefix.length;
  const updated = [...lines];
  updated[cursorLine] = line.slice(0, start) + item.value + " " + line.slice(cursorCol);
  return { lines: updated, cursorLine, cursorCol: start + item.value.length + 1 };
}
