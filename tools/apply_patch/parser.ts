/**
 * @module
 * Parses patch text into hunks (add, delete, update with chunks), without touching the disk.
 * Lenient where Codex is: the whole text is trimmed, `*** Begin Patch` / `*** End Patch` and hunk
 * headers may be padded with whitespace, a `<<EOF` ... `EOF` heredoc wrapper is stripped, the
 * first chunk of an update may omit `@@`, blank lines between chunks (and, in Tern, between hunks)
 * are skipped, and an empty line inside a chunk is an empty context line. Errors carry the line
 * number in the text as the model sent it.
 */

/** One `@@` chunk of an update: `oldLines` are replaced by `newLines`. */
export interface UpdateChunk {
  /** The text after `@@ `: a line located before `oldLines` are sought. */
  context: string | null;
  oldLines: string[];
  newLines: string[];
  /** `*** End of File`: `oldLines` must end the file. */
  endOfFile: boolean;
  /** The chunk's first line in the patch text (1-based). */
  line: number;
}

/** One file operation. `path` is as written in the patch. */
export type Hunk =
  | { type: "add"; path: string; contents: string; line: number }
  | { type: "delete"; path: string; line: number }
  | { type: "update"; path: string; movePath: string | null; chunks: UpdateChunk[]; line: number };

/** A parsed patch. */
export interface ParsedPatch {
  hunks: Hunk[];
}

/**
 * A patch that does not follow the format. The message starts with `Invalid patch: ` or
 * `Invalid patch hunk on line N: `, as Codex prints it.
 */
export class PatchParseError extends SyntaxError {
  /** The 1-based line the problem is on, when it is about one hunk. */
  readonly line: number | null;
  constructor(reason: string, line: number | null = null) {
    super(line === null ? `Invalid patch: ${reason}` : `Invalid patch hunk on line ${line}: ${reason}`);
    this.name = "PatchParseError";
    this.line = line;
  }
}

const BEGIN = "*** Begin Patch";
const END = "*** End Patch";
const ADD = "*** Add File: ";
const DELETE = "*** Delete File: ";
const UPDATE = "*** Update File: ";
const MOVE = "*** Move to: ";
const END_OF_FILE = "*** End of File";
const HEREDOC_OPENERS = new Set(["<<EOF", "<<'EOF'", '<<"EOF"']);

/**
 * The patch text of a tool call. Models on Chat Completions sometimes wrap it as the JSON object
 * `{"input": "<patch>"}`; that wrapper is removed. Anything else is returned unchanged.
 */
export function unwrapToolInput(input: string): string {
  const trimmed = input.trimStart();
  if (!trimmed.startsWith("{")) return input;
  try {
    const value = JSON.parse(trimmed) as unknown;
    if (value && typeof value === "object" && typeof (value as { input?: unknown }).input === "string") {
      return (value as { input: string }).input;
    }
  } catch {
    // Not JSON: the parser reports what is wrong with it.
  }
  return input;
}

/**
 * Parses a patch.
 *
 * @example
 * ```ts
 * const { hunks } = parsePatch("*** Begin Patch\n*** Delete File: old.txt\n*** End Patch");
 * // hunks: [{ type: "delete", path: "old.txt", line: 2 }]
 * ```
 * @throws {PatchParseError} when the text does not follow the format
 */
export function parsePatch(text: string): ParsedPatch {
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    if (lines[i].endsWith("\r")) lines[i] = lines[i].slice(0, -1);
  }
  let first = 0;
  let last = lines.length - 1;
  while (first <= last && lines[first].trim() === "") first++;
  while (last >= first && lines[last].trim() === "") last--;
  [first, last] = findBoundaries(lines, first, last);
  return { hunks: parseHunks(lines, first + 1, last) };
}

/** The indexes of the begin and end markers, looking inside a heredoc wrapper if there is one. */
function findBoundaries(lines: string[], first: number, last: number): [number, number] {
  const problem = boundaryProblem(lines, first, last);
  if (problem === null) return [first, last];
  const opener = lines[first]?.trim() ?? "";
  const closer = lines[last]?.trim() ?? "";
  if (last - first + 1 >= 4 && HEREDOC_OPENERS.has(opener) && closer.endsWith("EOF")) {
    const inner = boundaryProblem(lines, first + 1, last - 1);
    if (inner === null) return [first + 1, last - 1];
    throw new PatchParseError(inner);
  }
  throw new PatchParseError(problem);
}

function boundaryProblem(lines: string[], first: number, last: number): string | null {
  if (first > last || lines[first].trim() !== BEGIN) return "The first line of the patch must be '*** Begin Patch'";
  if (last === first || lines[last].trim() !== END) return "The last line of the patch must be '*** End Patch'";
  return null;
}

/** Parses the hunks in `lines[start, end)`. */
function parseHunks(lines: string[], start: number, end: number): Hunk[] {
  const hunks: Hunk[] = [];
  let i = start;
  while (i < end) {
    const raw = lines[i];
    const header = raw.trim();
    const lineNo = i + 1;
    if (header === "") {
      i++;
      continue;
    }
    if (header.startsWith(ADD)) {
      const path = headerPath(header, ADD, lineNo);
      let contents = "";
      i++;
      while (i < end && lines[i].startsWith("+")) contents += lines[i++].slice(1) + "\n";
      hunks.push({ type: "add", path, contents, line: lineNo });
    } else if (header.startsWith(DELETE)) {
      hunks.push({ type: "delete", path: headerPath(header, DELETE, lineNo), line: lineNo });
      i++;
    } else if (header.startsWith(UPDATE)) {
      const path = headerPath(header, UPDATE, lineNo);
      i++;
      let movePath: string | null = null;
      if (i < end && lines[i].trim().startsWith(MOVE)) {
        movePath = headerPath(lines[i].trim(), MOVE, i + 1);
        i++;
      }
      const chunks: UpdateChunk[] = [];
      while (i < end) {
        if (lines[i].trim() === "") {
          i++;
          continue;
        }
        if (lines[i].startsWith("*")) break;
        const parsed = parseChunk(lines, i, end, chunks.length === 0);
        chunks.push(parsed.chunk);
        i = parsed.next;
      }
      if (chunks.length === 0) throw new PatchParseError(`Update file hunk for path '${path}' is empty`, lineNo);
      hunks.push({ type: "update", path, movePath, chunks, line: lineNo });
    } else {
      throw new PatchParseError(
        `'${header}' is not a valid hunk header. Valid hunk headers: '*** Add File: {path}', ` +
          "'*** Delete File: {path}', '*** Update File: {path}'",
        lineNo,
      );
    }
  }
  return hunks;
}

function headerPath(header: string, marker: string, lineNo: number): string {
  const path = header.slice(marker.length).trim();
  if (path === "") throw new PatchParseError(`'${header}' names no path`, lineNo);
  return path;
}

/** Parses one chunk starting at `lines[start]`; `first` allows a missing `@@`. */
function parseChunk(lines: string[], start: number, end: number, first: boolean) {
  const head = lines[start];
  let context: string | null = null;
  let i = start;
  if (head.trimEnd() === "@@") {
    i++;
  } else if (head.startsWith("@@ ")) {
    context = head.slice(3);
    i++;
  } else if (!first) {
    throw new PatchParseError(`Expected update hunk to start with a @@ context marker, got: '${head}'`, start + 1);
  }
  const chunk: UpdateChunk = { context, oldLines: [], newLines: [], endOfFile: false, line: start + 1 };
  let parsed = 0;
  for (; i < end; i++) {
    const line = lines[i];
    if (line.trimEnd() === END_OF_FILE) {
      if (parsed === 0) throw new PatchParseError("Update hunk does not contain any lines", i + 1);
      chunk.endOfFile = true;
      i++;
      break;
    }
    const marker = line[0];
    if (marker === undefined) {
      chunk.oldLines.push("");
      chunk.newLines.push("");
    } else if (marker === " ") {
      chunk.oldLines.push(line.slice(1));
      chunk.newLines.push(line.slice(1));
    } else if (marker === "+") {
      chunk.newLines.push(line.slice(1));
    } else if (marker === "-") {
      chunk.oldLines.push(line.slice(1));
    } else if (parsed === 0) {
      throw new PatchParseError(
        `Unexpected line found in update hunk: '${line}'. Every line should start with ' ' (context line), ` +
          "'+' (added line), or '-' (removed line)",
        i + 1,
      );
    } else {
      break; // the start of the next chunk or hunk
    }
    parsed++;
  }
  if (parsed === 0) throw new PatchParseError("Update hunk does not contain any lines", i + 1);
  return { chunk, next: i };
}
