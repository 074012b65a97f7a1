/**
 * @module
 * The turn's aggregated diff behind `turn/diff/updated`: for every file the thread's current turn
 * has changed, a git-style diff against the content it had before the turn first touched it.
 * State is kept per thread for its latest turn only: a new turn (or `forget()`) drops the old
 * one, and at most `maxThreads` threads are kept (least recently patched dropped first). A move
 * shows as a deletion and an addition.
 */
import { isAbsolute, relative } from "../../kernel/mod.ts";
import { splitText } from "./apply_chunks.ts";
import { renderFileDiff } from "./unified_diff.ts";

/** A file's content at some point: text, null when absent, or binary when not UTF-8. */
export type Content = { text: string } | { binary: true } | null;

/** One file a patch changed. */
export interface TouchedFile {
  absPath: string;
  /** The content before this patch. */
  before: Content;
  /** The text after this patch; null when removed. */
  after: string | null;
  /** This file's diff from `before` to `after`, when the caller already has it. */
  diff?: string;
}

interface Entry {
  label: string;
  baseline: Content;
  current: string | null;
  diff: string;
}

interface TurnState {
  turnId: string;
  files: Map<string, Entry>;
}

/** Options for `new TurnDiffs()`. */
export interface TurnDiffsOptions {
  /** How many threads' turn state to keep. @default 16 */
  maxThreads?: number;
}

/** Per-turn diff state for every thread the tool has patched in. */
export class TurnDiffs {
  #threads = new Map<string, TurnState>();
  #maxThreads: number;

  constructor(options: TurnDiffsOptions = {}) {
    this.#maxThreads = options.maxThreads ?? 16;
  }

  /**
   * Records what one patch changed in `turnId` and returns the turn's aggregated diff.
   * `cwd` decides the labels: paths inside it are relative, others absolute.
   */
  async record(threadId: string, turnId: string, cwd: string, files: TouchedFile[]): Promise<string> {
    let state = this.#threads.get(threadId);
    this.#threads.delete(threadId);
    if (!state || state.turnId !== turnId) state = { turnId, files: new Map() };
    this.#threads.set(threadId, state);
    while (this.#threads.size > this.#maxThreads) this.#threads.delete(this.#threads.keys().next().value!);

    for (const touched of files) {
      const known = state.files.get(touched.absPath);
      const label = known?.label ?? labelFor(cwd, touched.absPath);
      const baseline = known ? known.baseline : touched.before;
      const diff = !known && touched.diff !== undefined
        ? touched.diff
        : await diffContents(label, baseline, touched.after);
      state.files.set(touched.absPath, { label, baseline, current: touched.after, diff });
    }
    return [...state.files.values()]
      .sort((a, b) => (a.label < b.label ? -1 : a.label > b.label ? 1 : 0))
      .map((entry) => entry.diff)
      .join("");
  }

  /** Drops a thread's state, unless it belongs to `keepTurnId`. */
  forget(threadId: string, keepTurnId?: string): void {
    if (this.#threads.get(threadId)?.turnId !== keepTurnId) this.#threads.delete(threadId);
  }

  /** How many threads have state (for tests). */
  get size(): number {
    return this.#threads.size;
  }
}

/** The diff of one file between two contents; empty when they are the same. */
export async function diffContents(label: string, before: Content, after: string | null): Promise<string> {
  if (before === null && after === null) return "";
  if (before !== null && "text" in before && before.text === after) return "";
  if (before !== null && "binary" in before) {
    const [a, b] = label.startsWith("/") ? [label, label] : [`a/${label}`, `b/${label}`];
    return after === null
      ? `diff --git ${a} ${b}\ndeleted file mode 100644\nBinary files ${a} and /dev/null differ\n`
      : `diff --git ${a} ${b}\nBinary files ${a} and ${b} differ\n`;
  }
  const side = (text: string) => {
    const split = splitText(text);
    return { lines: split.lines, finalNewline: split.finalNewline };
  };
  return await renderFileDiff({
    oldPath: label,
    newPath: label,
    old: before === null ? null : side(before.text),
    new: after === null ? null : side(after),
  });
}

/** A path's label in diffs: relative to `cwd` when inside it, absolute otherwise. */
export function labelFor(cwd: string, absPath: string): string {
  const rel = relative(cwd, absPath);
  return rel === "" || rel === ".." || rel.startsWith("../") || isAbsolute(rel) ? absPath : rel;
}
