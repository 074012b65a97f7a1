/**
 * @module
 * Finds a run of pattern lines in a file's lines, in four passes of decreasing strictness: exact,
 * trailing whitespace ignored, surrounding whitespace ignored, then Unicode punctuation normalised
 * (dashes, quotes and special spaces to their ASCII forms). A `FileLines` caches each pass's view
 * of the file, so a patch with many chunks transforms every line at most once per pass.
 */

/** The four matching passes, strictest first. */
export const MATCH_PASSES = ["exact", "trimEnd", "trim", "unicode"] as const;
/** One matching pass. */
export type MatchPass = typeof MATCH_PASSES[number];

const DASHES = /[\u2010-\u2015\u2212]/g;
const SINGLE_QUOTES = /[\u2018-\u201B]/g;
const DOUBLE_QUOTES = /[\u201C-\u201F]/g;
const SPACES = /[\u00A0\u2000-\u200A\u202F\u205F\u3000]/g;
const NEEDS_NORMALISING = /[\u00A0\u2000-\u201F\u2212\u202F\u205F\u3000]/;

/** A line with Unicode dashes, quotes and special spaces replaced by ASCII, then trimmed. */
export function normaliseLine(line: string): string {
  const trimmed = line.trim();
  if (!NEEDS_NORMALISING.test(trimmed)) return trimmed;
  return trimmed.replace(DASHES, "-").replace(SINGLE_QUOTES, "'").replace(DOUBLE_QUOTES, '"').replace(SPACES, " ")
    .trim();
}

const TRANSFORMS: Record<MatchPass, (line: string) => string> = {
  exact: (line) => line,
  trimEnd: (line) => line.trimEnd(),
  trim: (line) => line.trim(),
  unicode: normaliseLine,
};

/** A file's lines, with the per-pass views computed on first use. */
export class FileLines {
  readonly lines: readonly string[];
  #views = new Map<MatchPass, readonly string[]>();

  constructor(lines: readonly string[]) {
    this.lines = lines;
    this.#views.set("exact", lines);
  }

  /** The lines as `pass` compares them. */
  view(pass: MatchPass): readonly string[] {
    let view = this.#views.get(pass);
    if (!view) {
      view = this.lines.map(TRANSFORMS[pass]);
      this.#views.set(pass, view);
    }
    return view;
  }
}

/** Where `seekSequence()` found the pattern, and which pass matched. */
export interface SeekMatch {
  index: number;
  pass: MatchPass;
}

/**
 * Finds `pattern` in `file` at or after line `start` (0-based). With `endOfFile`, the pattern
 * must end the file. An empty pattern matches at `start`. Returns null when no pass matches.
 *
 * @example
 * ```ts
 * seekSequence(new FileLines(["a", "b  ", "c"]), ["b", "c"], 0); // { index: 1, pass: "trimEnd" }
 * ```
 */
export function seekSequence(
  file: FileLines,
  pattern: readonly string[],
  start: number,
  options: { endOfFile?: boolean } = {},
): SeekMatch | null {
  if (pattern.length === 0) return { index: start, pass: "exact" };
  const total = file.lines.length;
  if (pattern.length > total) return null;
  const lastStart = total - pattern.length;
  const from = options.endOfFile ? Math.max(start, lastStart) : start;
  if (from > lastStart) return null;
  for (const pass of MATCH_PASSES) {
    const index = find(file.view(pass), pattern.map(TRANSFORMS[pass]), from, lastStart);
    if (index >= 0) return { index, pass };
  }
  return null;
}

function find(lines: readonly string[], pattern: readonly string[], from: number, lastStart: number): number {
  const head = pattern[0];
  const length = pattern.length;
  outer: for (let i = from; i <= lastStart; i++) {
    if (lines[i] !== head) continue;
    for (let k = 1; k < length; k++) {
      if (lines[i + k] !== pattern[k]) continue outer;
    }
    return i;
  }
  return -1;
}
