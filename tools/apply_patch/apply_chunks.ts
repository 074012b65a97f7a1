/**
 * @module
 * Applies an update's chunks to a file's text, in memory: each chunk's `@@` context line is
 * located first (from the cursor), then its old lines (`seekSequence`'s four passes, `*** End of
 * File` anchoring to the end, a retry without a trailing empty line); chunks with no old lines
 * append at the end of the file. Replacements are applied from the bottom up on one line array.
 * A file whose every newline is CRLF keeps CRLF; the result always ends with a newline.
 */
import type { UpdateChunk } from "./parser.ts";
import { FileLines, seekSequence } from "./seek_sequence.ts";

/** A text split into lines. */
export interface SplitText {
  /** The lines, without their line endings (the empty piece after a final newline is dropped). */
  lines: string[];
  /** The line ending to write back: CRLF when every newline in the text was CRLF. */
  eol: "\n" | "\r\n";
  /** Whether the text ended with a newline. */
  finalNewline: boolean;
}

/** Splits a text into lines, once. */
export function splitText(text: string): SplitText {
  if (text === "") return { lines: [], eol: "\n", finalNewline: false };
  const crlf = usesCrlf(text);
  const lines = text.split(crlf ? "\r\n" : "\n");
  const finalNewline = lines[lines.length - 1] === "";
  if (finalNewline) lines.pop();
  return { lines, eol: crlf ? "\r\n" : "\n", finalNewline };
}

function usesCrlf(text: string): boolean {
  let index = text.indexOf("\n");
  if (index < 0) return false;
  while (index >= 0) {
    if (index === 0 || text.charCodeAt(index - 1) !== 13) return false;
    index = text.indexOf("\n", index + 1);
  }
  return true;
}

/** `oldLength` lines at `start` (0-based) become `newLines`. */
export interface Replacement {
  start: number;
  oldLength: number;
  newLines: string[];
}

/** A chunk that did not match; the message names the file, the chunk and the lines. */
export class ChunkMatchError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ChunkMatchError";
  }
}

/**
 * Locates every chunk in `lines` and returns the replacements, sorted by position.
 * `path` is the file's name as the model wrote it, for error messages.
 *
 * @throws {ChunkMatchError} when a context line or a chunk's old lines are not found
 */
export function computeReplacements(lines: readonly string[], chunks: readonly UpdateChunk[], path: string) {
  const file = new FileLines(lines);
  const replacements: Replacement[] = [];
  let cursor = 0;
  chunks.forEach((chunk, n) => {
    const where = chunks.length > 1 ? ` (chunk ${n + 1} of ${chunks.length}, patch line ${chunk.line})` : "";
    if (chunk.context !== null) {
      const found = seekSequence(file, [chunk.context], cursor);
      if (!found) {
        throw new ChunkMatchError(
          `Failed to find context '${chunk.context}' in ${path}${where}` +
            (cursor > 0 ? `, searching from line ${cursor + 1}` : ""),
        );
      }
      cursor = found.index + 1;
    }
    if (chunk.oldLines.length === 0) {
      const atEnd = lines.length > 0 && lines[lines.length - 1] === "" ? lines.length - 1 : lines.length;
      replacements.push({ start: atEnd, oldLength: 0, newLines: chunk.newLines });
      return;
    }
    let pattern = chunk.oldLines;
    let newLines = chunk.newLines;
    let found = seekSequence(file, pattern, cursor, { endOfFile: chunk.endOfFile });
    if (!found && pattern[pattern.length - 1] === "") {
      pattern = pattern.slice(0, -1);
      if (newLines[newLines.length - 1] === "") newLines = newLines.slice(0, -1);
      found = seekSequence(file, pattern, cursor, { endOfFile: chunk.endOfFile });
    }
    if (!found) {
      const anchor = chunk.endOfFile ? " at the end of the file" : cursor > 0 ? ` after line ${cursor}` : "";
      throw new ChunkMatchError(
        `Failed to find expected lines in ${path}${where}${anchor}:\n${chunk.oldLines.join("\n")}`,
      );
    }
    replacements.push({ start: found.index, oldLength: pattern.length, newLines });
    cursor = found.index + pattern.length;
  });
  // Stable: pure additions keep their patch order at the same position.
  return replacements.sort((a, b) => a.start - b.start);
}

/** Applies sorted replacements to `lines`, bottom up, and returns the new lines. */
export function applyReplacements(lines: readonly string[], replacements: readonly Replacement[]): string[] {
  const pieces: (readonly string[])[] = [];
  let end = lines.length;
  for (let r = replacements.length - 1; r >= 0; r--) {
    const { start, oldLength, newLines } = replacements[r];
    const after = start + oldLength;
    if (after > end) throw new ChunkMatchError("Cannot apply chunks: two chunks change the same lines");
    pieces.push(lines.slice(after, end), newLines);
    end = start;
  }
  pieces.push(lines.slice(0, end));
  const out: string[] = [];
  for (let p = pieces.length - 1; p >= 0; p--) {
    for (const line of pieces[p]) out.push(line);
  }
  return out;
}

/** The result of `applyChunks()`. */
export interface UpdatedText {
  /** The new text. */
  text: string;
  oldLines: string[];
  newLines: string[];
  replacements: Replacement[];
  oldFinalNewline: boolean;
}

/**
 * Applies an update's chunks to `text`.
 *
 * @example
 * ```ts
 * applyChunks("a\nb\n", [{ context: null, oldLines: ["b"], newLines: ["c"], endOfFile: false, line: 3 }], "f.txt")
 *   .text; // "a\nc\n"
 * ```
 * @throws {ChunkMatchError} when a chunk does not match
 */
export function applyChunks(text: string, chunks: readonly UpdateChunk[], path: string): UpdatedText {
  const split = splitText(text);
  const replacements = computeReplacements(split.lines, chunks, path);
  const newLines = applyReplacements(split.lines, replacements);
  const joined = newLines.length === 0 ? "" : newLines.join(split.eol) + split.eol;
  return {
    text: joined,
    oldLines: split.lines,
    newLines,
    replacements,
    oldFinalNewline: split.finalNewline,
  };
}
