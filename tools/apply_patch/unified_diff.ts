/**
 * @module
 * Unified diffs of one file, in git's layout (`diff --git`, `---`/`+++`, `@@` hunks with 3 lines
 * of context, `\ No newline at end of file`). The changed regions come either from an update's
 * replacements (cheap: only those regions are diffed) or from the `diff` package over whole line
 * arrays; `diff` is imported lazily, on the first diff. Paths are labels chosen by the caller.
 */
import { importOnUse } from "../../kernel/mod.ts";
import type { Replacement } from "./apply_chunks.ts";

/** Lines `[oldStart, oldEnd)` of the old text became lines `[newStart, newEnd)` of the new one. */
export interface Edit {
  oldStart: number;
  oldEnd: number;
  newStart: number;
  newEnd: number;
}

/** One side of a diff: its lines (without line endings) and whether the text ended with a newline. */
export interface DiffSide {
  lines: readonly string[];
  finalNewline: boolean;
}

/** How long the `diff` package may search for a minimal diff before a coarse one is used. @default 500 */
const DIFF_TIMEOUT_MS = 500;
let jsdiff: Promise<typeof import("diff")> | undefined;

/** The minimal edits between two line arrays (common head and tail skipped first). */
export async function diffLines(oldLines: readonly string[], newLines: readonly string[]): Promise<Edit[]> {
  return await refine(oldLines, newLines, [{
    oldStart: 0,
    oldEnd: oldLines.length,
    newStart: 0,
    newEnd: newLines.length,
  }]);
}

/** The edits an update's replacements made, refined to the lines that really changed. */
export async function editsFromReplacements(
  oldLines: readonly string[],
  newLines: readonly string[],
  replacements: readonly Replacement[],
): Promise<Edit[]> {
  let shift = 0;
  const coarse = replacements.map((r) => {
    const edit = {
      oldStart: r.start,
      oldEnd: r.start + r.oldLength,
      newStart: r.start + shift,
      newEnd: r.start + shift + r.newLines.length,
    };
    shift += r.newLines.length - r.oldLength;
    return edit;
  });
  return await refine(oldLines, newLines, coarse);
}

async function refine(oldLines: readonly string[], newLines: readonly string[], edits: Edit[]): Promise<Edit[]> {
  const out: Edit[] = [];
  for (const edit of edits) {
    let { oldStart, oldEnd, newStart, newEnd } = edit;
    while (oldStart < oldEnd && newStart < newEnd && oldLines[oldStart] === newLines[newStart]) oldStart++, newStart++;
    while (oldEnd > oldStart && newEnd > newStart && oldLines[oldEnd - 1] === newLines[newEnd - 1]) oldEnd--, newEnd--;
    if (oldStart === oldEnd && newStart === newEnd) continue;
    if (oldStart === oldEnd || newStart === newEnd) {
      out.push({ oldStart, oldEnd, newStart, newEnd });
      continue;
    }
    jsdiff ??= importOnUse<typeof import("diff")>("diff", import.meta.url);
    const { diffArrays } = await jsdiff;
    const changes = diffArrays(oldLines.slice(oldStart, oldEnd), newLines.slice(newStart, newEnd), {
      timeout: DIFF_TIMEOUT_MS,
    });
    if (!changes) {
      out.push({ oldStart, oldEnd, newStart, newEnd });
      continue;
    }
    let o = oldStart;
    let n = newStart;
    let pending: Edit | null = null;
    for (const change of changes) {
      if (!change.added && !change.removed) {
        if (pending) out.push(pending);
        pending = null;
        o += change.count;
        n += change.count;
        continue;
      }
      pending ??= { oldStart: o, oldEnd: o, newStart: n, newEnd: n };
      if (change.removed) pending.oldEnd = o += change.count;
      else pending.newEnd = n += change.count;
    }
    if (pending) out.push(pending);
  }
  return out;
}

/**
 * The `@@` hunks for `edits` (sorted, non-overlapping; lines between them are equal), with
 * `context` lines around each change. Empty when nothing changed.
 */
export function formatHunks(oldSide: DiffSide, newSide: DiffSide, edits: readonly Edit[], context = 3): string {
  const all = markMissingNewlines(oldSide, newSide, edits);
  if (all.length === 0) return "";
  const oldTotal = oldSide.lines.length;
  const out: string[] = [];
  let e = 0;
  while (e < all.length) {
    let last = e;
    while (last + 1 < all.length && all[last + 1].oldStart - all[last].oldEnd <= 2 * context) last++;
    const oldFrom = Math.max(0, all[e].oldStart - context);
    const newFrom = all[e].newStart - (all[e].oldStart - oldFrom);
    const oldTo = Math.min(oldTotal, all[last].oldEnd + context);
    const newTo = all[last].newEnd + (oldTo - all[last].oldEnd);
    out.push(`@@ -${range(oldFrom, oldTo)} +${range(newFrom, newTo)} @@`);
    let o = oldFrom;
    for (let k = e; k <= last; k++) {
      const edit = all[k];
      for (; o < edit.oldStart; o++) pushLine(out, " ", oldSide.lines[o], o === oldTotal - 1 && !oldSide.finalNewline);
      for (let i = edit.oldStart; i < edit.oldEnd; i++) {
        pushLine(out, "-", oldSide.lines[i], i === oldTotal - 1 && !oldSide.finalNewline);
      }
      for (let i = edit.newStart; i < edit.newEnd; i++) {
        pushLine(out, "+", newSide.lines[i], i === newSide.lines.length - 1 && !newSide.finalNewline);
      }
      o = edit.oldEnd;
    }
    for (; o < oldTo; o++) pushLine(out, " ", oldSide.lines[o], o === oldTotal - 1 && !oldSide.finalNewline);
    e = last + 1;
  }
  return out.join("\n") + "\n";
}

function range(from: number, to: number): string {
  const count = to - from;
  return `${count === 0 ? from : from + 1},${count}`;
}

function pushLine(out: string[], sign: string, line: string, noNewline: boolean): void {
  out.push(sign + line);
  if (noNewline) out.push("\\ No newline at end of file");
}

/**
 * When only one side ends without a newline, its last line differs from the other side's even if
 * the text is the same: make sure an edit covers both last lines.
 */
function markMissingNewlines(oldSide: DiffSide, newSide: DiffSide, edits: readonly Edit[]): Edit[] {
  const all = edits.slice();
  const oldTotal = oldSide.lines.length;
  const newTotal = newSide.lines.length;
  const oldMissing = oldTotal > 0 && !oldSide.finalNewline;
  const newMissing = newTotal > 0 && !newSide.finalNewline;
  if (oldMissing === newMissing) return all;
  const tail = all[all.length - 1];
  const reachesEnd = tail && tail.oldEnd === oldTotal && tail.newEnd === newTotal;
  if (!reachesEnd) {
    all.push({ oldStart: oldTotal - 1, oldEnd: oldTotal, newStart: newTotal - 1, newEnd: newTotal });
    return all;
  }
  const needsOld = oldMissing && tail.oldStart === tail.oldEnd;
  const needsNew = newMissing && tail.newStart === tail.newEnd;
  if (!needsOld && !needsNew) return all;
  // Widen the tail edit by one line on both sides, merging with the edit before when they meet.
  const widened = { ...tail, oldStart: tail.oldStart - 1, newStart: tail.newStart - 1 };
  all.pop();
  const before = all[all.length - 1];
  if (before && before.oldEnd > widened.oldStart) {
    all.pop();
    all.push({ oldStart: before.oldStart, oldEnd: widened.oldEnd, newStart: before.newStart, newEnd: widened.newEnd });
  } else {
    all.push(widened);
  }
  return all;
}

/** What `renderFileDiff()` compares: a path label and a side for each; null for a missing file. */
export interface FileDiffInput {
  oldPath: string | null;
  newPath: string | null;
  old: DiffSide | null;
  new: DiffSide | null;
  /** The changed regions, when the caller knows them; computed otherwise. */
  edits?: readonly Edit[];
}

/**
 * A git-style diff of one file: `diff --git`, creation/deletion/rename lines, `---`/`+++`
 * headers and hunks. A path label starting with `/` is used as is; others get `a/` and `b/`.
 */
export async function renderFileDiff(input: FileDiffInput): Promise<string> {
  const empty: DiffSide = { lines: [], finalNewline: false };
  const oldSide = input.old ?? empty;
  const newSide = input.new ?? empty;
  const edits = input.edits ?? await diffLines(oldSide.lines, newSide.lines);
  const body = formatHunks(oldSide, newSide, edits);
  const oldLabel = input.oldPath ?? input.newPath ?? "";
  const newLabel = input.newPath ?? input.oldPath ?? "";
  const header = [`diff --git ${label("a/", oldLabel)} ${label("b/", newLabel)}`];
  if (input.old === null) header.push("new file mode 100644");
  if (input.new === null) header.push("deleted file mode 100644");
  if (input.old && input.new && oldLabel !== newLabel) header.push(`rename from ${oldLabel}`, `rename to ${newLabel}`);
  if (body !== "") {
    header.push(`--- ${input.old === null ? "/dev/null" : label("a/", oldLabel)}`);
    header.push(`+++ ${input.new === null ? "/dev/null" : label("b/", newLabel)}`);
  }
  return header.join("\n") + "\n" + body;
}

function label(prefix: string, path: string): string {
  return path.startsWith("/") ? path : prefix + path;
}
