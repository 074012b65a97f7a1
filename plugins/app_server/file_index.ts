/**
 * @module
 * The file index behind `fuzzyFileSearch`: every file and directory under a root, walked once,
 * skipping what `.gitignore` files exclude (each applies to its own folder and below, as git reads
 * them, with or without a repository) and the `.git` folder; hidden files are kept, as Codex keeps
 * them. Matching is fuzzy over the path relative to the root, by `fuzzysort` on targets prepared
 * once, so a keystroke costs one pass over the prepared paths, which fuzzysort rejects cheaply by
 * the characters each holds (a hand-written subsequence pre-filter measured as slow as fuzzysort's
 * whole pass, and was dropped; see `bench/fuzzy_file_search.ts`).
 * Rules come from the `ignore` package (git's own pattern semantics), not a hand-written matcher.
 */
import fuzzysort from "fuzzysort";
import ignore, { type Ignore } from "ignore";
import { join } from "../../kernel/mod.ts";

/** One indexed entry: its path relative to the root (with `/`), and whether it is a folder. */
export interface IndexedPath {
  path: string;
  directory: boolean;
}

/** One match, in Codex's `FuzzyFileSearchResult` shape. */
export interface FileMatch {
  root: string;
  path: string;
  match_type: "file" | "directory";
  file_name: string;
  score: number;
  indices: number[] | null;
}

/** Matches a query returns at most (Codex's limit for the file picker). */
export const MATCH_LIMIT = 50;

/** The folders of one root, walked: the entries, and the targets prepared for matching. */
export class FileIndex {
  readonly root: string;
  readonly entries: IndexedPath[];
  #targets: Target[];

  constructor(root: string, entries: IndexedPath[]) {
    this.root = root;
    this.entries = entries;
    this.#targets = entries.map((entry) => ({ entry, prepared: fuzzysort.prepare(entry.path) }));
  }

  /** The best `limit` matches of `query`, best first; an empty query matches nothing. */
  match(query: string, limit: number = MATCH_LIMIT): FileMatch[] {
    if (query.trim() === "") return [];
    const results = fuzzysort.go(query, this.#targets, { key: "prepared", limit });
    return results.map((result) => {
      const { entry } = result.obj;
      return {
        root: this.root,
        path: entry.path,
        match_type: entry.directory ? "directory" : "file",
        file_name: entry.path.slice(entry.path.lastIndexOf("/") + 1),
        // fuzzysort scores in [0, 1]; the wire wants a non-negative integer, higher is better.
        score: Math.round(result.score * 1000),
        indices: [...result.indexes],
      } satisfies FileMatch;
    });
  }
}

/** A path prepared for matching. */
interface Target {
  entry: IndexedPath;
  prepared: Fuzzysort.Prepared;
}

/** A `.gitignore` and the folder (relative to the root, `""` for the root) it governs. */
interface Rules {
  base: string;
  rules: Ignore;
}

/**
 * Walks `root` and indexes it. Unreadable folders are skipped (a search shows what it can read);
 * symbolic links are listed but not followed, so a link loop cannot hang the walk.
 */
export async function buildFileIndex(root: string, signal?: AbortSignal): Promise<FileIndex> {
  const entries: IndexedPath[] = [];
  const pending: { dir: string; rel: string; rules: Rules[] }[] = [{ dir: root, rel: "", rules: [] }];
  const visit = async ({ dir, rel, rules: inherited }: typeof pending[number]): Promise<void> => {
    const rules = [...inherited];
    const own = await readGitignore(join(dir, ".gitignore"));
    if (own) rules.push({ base: rel, rules: own });
    let listing: Deno.DirEntry[];
    try {
      listing = await Array.fromAsync(Deno.readDir(dir));
    } catch {
      return;
    }
    for (const entry of listing) {
      if (entry.name === ".git" && entry.isDirectory) continue;
      const path = rel === "" ? entry.name : `${rel}/${entry.name}`;
      if (ignored(rules, path, entry.isDirectory)) continue;
      entries.push({ path, directory: entry.isDirectory });
      if (entry.isDirectory) pending.push({ dir: join(dir, entry.name), rel: path, rules });
    }
  };
  // Folders are read WALK_CONCURRENCY at a time: most of a walk is waiting on the file system.
  let busy = 0;
  await new Promise<void>((resolve, reject) => {
    const pump = () => {
      if (signal?.aborted) return reject(signal.reason);
      while (busy < WALK_CONCURRENCY && pending.length > 0) {
        busy++;
        visit(pending.pop()!).then(() => {
          busy--;
          pump();
        }, reject);
      }
      if (busy === 0 && pending.length === 0) resolve();
    };
    pump();
  });
  entries.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const index = new FileIndex(root, entries);
  // One throwaway query while indexing: V8 compiles fuzzysort's matcher now, not on the first keystroke.
  index.match("e");
  return index;
}

/** Folders read at once while walking. */
const WALK_CONCURRENCY = 16;

async function readGitignore(path: string): Promise<Ignore | null> {
  try {
    return ignore().add(await Deno.readTextFile(path));
  } catch {
    return null; // none, or unreadable: no rules from it
  }
}

/** The deepest `.gitignore` with a say decides, as in git (a nested `!pattern` re-includes). */
function ignored(rules: Rules[], path: string, directory: boolean): boolean {
  for (let i = rules.length - 1; i >= 0; i--) {
    const { base, rules: rule } = rules[i];
    const relative = base === "" ? path : path.slice(base.length + 1);
    const verdict = rule.test(directory ? `${relative}/` : relative);
    if (verdict.ignored) return true;
    if (verdict.unignored) return false;
  }
  return false;
}
