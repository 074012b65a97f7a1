/**
 * @module
 * Rebuilding index rows from the rollouts, the source of truth: each rollout's `session_meta`,
 * its first user text (the preview), its last recorded name and archive state (the
 * `thread/name/updated`, `thread/archived` and `thread/unarchived` events the store appends), and
 * the file's modification time as `updatedAt`. Unreadable files are skipped and reported.
 */
import type { RolloutRecord, SessionMeta } from "../../kernel/mod.ts";
import type { IndexRow } from "./index_db.ts";
import { readLines, walkRollouts } from "./rollout_files.ts";
import { parseLine, parseMetaLine, userTextOf } from "./rollout_reader.ts";

/** What one record changes in a thread's row (name, archive state), or null. */
export function userStateOf(record: RolloutRecord): Partial<Pick<IndexRow, "name" | "archived">> | null {
  if (record.type !== "event") return null;
  const event = record.payload;
  if (event.method === "thread/name/updated") return { name: event.params.threadName };
  if (event.method === "thread/archived") return { archived: true };
  if (event.method === "thread/unarchived") return { archived: false };
  return null;
}

/** The index row of a new thread. */
export function rowOfMeta(meta: SessionMeta, path: string, updatedAt: number): IndexRow {
  const created = Date.parse(meta.timestamp);
  return {
    id: meta.id,
    path,
    cwd: meta.cwd,
    createdAt: Number.isNaN(created) ? updatedAt : created,
    updatedAt,
    preview: "",
    modelProvider: meta.modelProvider,
    source: meta.source,
    cliVersion: meta.cliVersion ?? "",
    name: meta.name ?? null,
    archived: false,
    forkedFromId: meta.forkedFromId ?? null,
  };
}

/** The row of one rollout file; throws when the file has no `session_meta`. */
export async function rowOfRollout(path: string): Promise<IndexRow> {
  const info = await Deno.stat(path);
  let row: IndexRow | null = null;
  for await (const line of readLines(path)) {
    if (!row) {
      row = rowOfMeta(parseMetaLine(line, path), path, info.mtime?.getTime() ?? Date.now());
      continue;
    }
    // Cheap filters first: most lines are neither user text nor a name or archive event.
    const wanted = (!row.preview && line.includes('"user')) || line.includes('"thread/');
    if (!wanted) continue;
    const parsed = parseLine(line);
    if ("problem" in parsed) continue;
    if (!row.preview) row.preview = userTextOf(parsed.record) ?? "";
    Object.assign(row, userStateOf(parsed.record));
  }
  if (!row) parseMetaLine(undefined, path);
  return row!;
}

/** Rows for every readable rollout under `$TERN_HOME/sessions`; problems go to `skip`. */
export async function rowsFromRollouts(ternHome: string, skip: (message: string) => void): Promise<IndexRow[]> {
  const rows = new Map<string, IndexRow>();
  for await (const path of walkRollouts(ternHome)) {
    try {
      const row = await rowOfRollout(path);
      const known = rows.get(row.id);
      if (!known || known.updatedAt < row.updatedAt) rows.set(row.id, row);
    } catch (error) {
      skip(`Skipped "${path}" while rebuilding the thread index: ${(error as Error).message}`);
    }
  }
  return [...rows.values()];
}
