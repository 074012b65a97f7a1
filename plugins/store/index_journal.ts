/**
 * @module
 * The index's journal of new threads: a run appends a new rollout's path to
 * `index-pending` beside the index when the database is not open yet (it opens ~250 ms later, or
 * at close). A run killed in between leaves its thread out of the index; the next run that opens
 * the index claims the journal (renames it), adds a row for each thread the index lacks (read from
 * the rollout, the record), and deletes it. So a thread that has a rollout is always listed, with
 * no `tern index rebuild`. Rows already present are never replaced: their process wrote them.
 */
import { basename, join } from "../../kernel/mod.ts";
import type { ThreadIndex } from "./index_db.ts";
import { rowOfRollout } from "./index_rebuild.ts";

/** The journal's file name beside the index; claimed copies add `.<pid>.<time>`. */
export const JOURNAL_FILE = "index-pending";

/** Notes a new rollout before the index has its row; best effort (a lost line only costs a listing). */
export function journalNewThread(dir: string, rolloutPath: string): void {
  try {
    Deno.writeTextFileSync(join(dir, JOURNAL_FILE), rolloutPath + "\n", { append: true, create: true });
  } catch {
    // no journal: the thread's own process still writes its row when it opens the index
  }
}

/**
 * Adds the rows the index lacks for every journalled rollout, then removes the journal. `own` are
 * this run's new rollouts, whose rows its pending writes add anyway.
 */
export async function replayJournal(
  dir: string,
  index: ThreadIndex,
  options: { own: ReadonlySet<string>; skip: (message: string) => void },
): Promise<void> {
  try {
    Deno.renameSync(join(dir, JOURNAL_FILE), join(dir, `${JOURNAL_FILE}.${Deno.pid}.${Date.now()}`));
  } catch {
    // nothing journalled since the last replay (or another run claimed it just now)
  }
  let claimed: string[];
  try {
    claimed = [...Deno.readDirSync(dir)].filter((e) => e.name.startsWith(`${JOURNAL_FILE}.`)).map((e) => e.name);
  } catch {
    return;
  }
  // Claimed journals of runs that died while replaying are taken over too: adding a row is idempotent.
  for (const name of claimed) {
    const file = join(dir, name);
    let paths: string[];
    try {
      paths = [...new Set(Deno.readTextFileSync(file).split("\n").filter(Boolean))];
    } catch {
      continue; // its claimer removed it meanwhile
    }
    for (const path of paths) {
      const id = threadIdOf(path);
      if (options.own.has(path) || (id !== null && index.get(id))) continue;
      try {
        index.insertIfMissing(await rowOfRollout(path));
      } catch (error) {
        if (!(error instanceof Deno.errors.NotFound)) {
          options.skip(`Skipped "${path}" while indexing new threads: ${error}`);
        }
      }
    }
    try {
      Deno.removeSync(file);
    } catch {
      // removed by another run replaying it at the same time
    }
  }
}

/** The thread id in a rollout's file name (`rollout-YYYY-MM-DDThh-mm-ss-<id>.jsonl`), or null. */
function threadIdOf(path: string): string | null {
  const match = basename(path).match(/^rollout-\d{4}-\d\d-\d\dT\d\d-\d\d-\d\d-(.+)\.jsonl$/);
  return match ? match[1] : null;
}
