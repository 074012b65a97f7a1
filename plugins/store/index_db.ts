/**
 * @module
 * `ThreadIndex`: the SQLite index of threads in `$TERN_HOME/state.sqlite` (`node:sqlite`), for
 * fast `thread/list` and search. It is a cache of the rollouts, never the source of truth: every
 * row can be rebuilt from them (`index_rebuild.ts`). Pages use keyset cursors on
 * (sort key, id), so filters run in SQL and a page is always filled up to its limit.
 */
import { importOnUse } from "../../kernel/mod.ts";
import type { DatabaseSync, SQLInputValue } from "node:sqlite";
import type { SessionSource, StoredThreadSummary, ThreadListQuery, ThreadPage } from "../../kernel/mod.ts";
import { migrate } from "./migrations.ts";

/** A full row of the index. */
export interface IndexRow {
  id: string;
  path: string;
  cwd: string;
  /** Milliseconds since the epoch. */
  createdAt: number;
  updatedAt: number;
  preview: string;
  modelProvider: string;
  source: SessionSource;
  cliVersion: string;
  name: string | null;
  archived: boolean;
  forkedFromId: string | null;
}

interface DbRow {
  id: string;
  rollout_path: string;
  cwd: string;
  created_at: number;
  updated_at: number;
  preview: string;
  model_provider: string;
  source: string;
  cli_version: string;
  name: string | null;
  archived: number;
  forked_from_id: string | null;
}

/** Where a page starts: the sort value and id of a row, and which way to read. */
interface Cursor {
  k: number;
  id: string;
  back?: boolean;
}

const MAX_LIMIT = 1000;

/** The thread index over one open database. */
export class ThreadIndex {
  readonly db: DatabaseSync;

  private constructor(db: DatabaseSync) {
    this.db = db;
  }

  /** Opens (creating and migrating) the index at `path`; `node:sqlite` is imported here, lazily. */
  static async open(path: string): Promise<ThreadIndex> {
    const { DatabaseSync } = await importOnUse<typeof import("node:sqlite")>("node:sqlite", import.meta.url);
    const db = new DatabaseSync(path);
    try {
      db.exec("PRAGMA busy_timeout = 5000; PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL");
      migrate(db);
    } catch (error) {
      db.close();
      throw error;
    }
    return new ThreadIndex(db);
  }

  /** A value of the index's own state (`backfilled`, ...). */
  state(key: string): string | null {
    const row = this.db.prepare("SELECT value FROM index_state WHERE key = ?").get(key) as
      | { value: string }
      | undefined;
    return row?.value ?? null;
  }

  /** Sets a value of the index's own state. */
  setState(key: string, value: string): void {
    this.db.prepare("INSERT OR REPLACE INTO index_state (key, value) VALUES (?, ?)").run(key, value);
  }

  /** Inserts or replaces a thread's row. */
  upsert(row: IndexRow): void {
    this.db.prepare(
      `INSERT OR REPLACE INTO threads (id, rollout_path, cwd, created_at, updated_at, preview, model_provider,
        source, cli_version, name, archived, forked_from_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(
      row.id,
      row.path,
      row.cwd,
      row.createdAt,
      row.updatedAt,
      row.preview,
      row.modelProvider,
      JSON.stringify(row.source),
      row.cliVersion,
      row.name,
      row.archived ? 1 : 0,
      row.forkedFromId,
    );
  }

  /** Inserts a thread's row unless the index has one already (a journal replay). */
  insertIfMissing(row: IndexRow): void {
    if (this.get(row.id)) return;
    this.upsert(row);
  }

  /** Replaces every row in one transaction (a rebuild). */
  replaceAll(rows: Iterable<IndexRow>): void {
    this.db.exec("BEGIN IMMEDIATE");
    try {
      this.db.exec("DELETE FROM threads");
      for (const row of rows) this.upsert(row);
      this.db.exec("COMMIT");
    } catch (error) {
      this.db.exec("ROLLBACK");
      throw error;
    }
  }

  /** Records activity: a new `updatedAt`, and the preview when the row has none yet. */
  touch(id: string, updatedAt: number, preview?: string): void {
    if (preview === undefined) {
      this.db.prepare("UPDATE threads SET updated_at = MAX(updated_at, ?) WHERE id = ?").run(updatedAt, id);
    } else {
      this.db.prepare(
        "UPDATE threads SET updated_at = MAX(updated_at, ?), preview = CASE preview WHEN '' THEN ? ELSE preview END WHERE id = ?",
      ).run(updatedAt, preview, id);
    }
  }

  /** Sets a column the user controls; false when the index has no such thread. */
  set(id: string, column: "name" | "archived", value: string | number | null): boolean {
    const result = this.db.prepare(`UPDATE threads SET ${column} = ? WHERE id = ?`).run(value, id);
    return Number(result.changes) > 0;
  }

  /** Removes a thread's row and its queued turns; false when the index had no row. */
  remove(id: string): boolean {
    const result = this.db.prepare("DELETE FROM threads WHERE id = ?").run(id);
    this.db.prepare("DELETE FROM thread_queued_turns WHERE thread_id = ?").run(id);
    return Number(result.changes) > 0;
  }

  /** One thread's row, or null. */
  get(id: string): IndexRow | null {
    const row = this.db.prepare("SELECT * FROM threads WHERE id = ?").get(id) as DbRow | undefined;
    return row ? fromDb(row) : null;
  }

  /** How many threads the index holds. */
  count(): number {
    return Number((this.db.prepare("SELECT COUNT(*) AS n FROM threads").get() as { n: number }).n);
  }

  /** One page of threads, newest first; filters apply before the limit. */
  list(query: ThreadListQuery): ThreadPage {
    const column = query.sortKey === "updated_at" ? "updated_at" : "created_at";
    const limit = Math.min(Math.max(query.limit ?? 25, 1), MAX_LIMIT);
    const where = ["archived = ?"];
    const args: SQLInputValue[] = [query.archived ? 1 : 0];
    if (query.cwd?.length) {
      where.push(`cwd IN (${query.cwd.map(() => "?").join(", ")})`);
      args.push(...query.cwd);
    }
    if (query.modelProviders?.length) {
      where.push(`model_provider IN (${query.modelProviders.map(() => "?").join(", ")})`);
      args.push(...query.modelProviders);
    }
    if (query.searchTerm) {
      const pattern = `%${query.searchTerm.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      where.push("(preview LIKE ? ESCAPE '\\' OR name LIKE ? ESCAPE '\\')");
      args.push(pattern, pattern);
    }
    const cursor = query.cursor ? decodeCursor(query.cursor) : null;
    const back = cursor?.back ?? false;
    if (cursor) {
      where.push(back ? `(${column}, id) > (?, ?)` : `(${column}, id) < (?, ?)`);
      args.push(cursor.k, cursor.id);
    }
    const order = back ? "ASC" : "DESC";
    const rows = this.db.prepare(
      `SELECT * FROM threads WHERE ${where.join(" AND ")} ORDER BY ${column} ${order}, id ${order} LIMIT ?`,
    ).all(...args, limit + 1) as unknown as DbRow[];
    const more = rows.length > limit;
    const page = rows.slice(0, limit);
    if (back) page.reverse();
    const key = (row: DbRow) => column === "updated_at" ? row.updated_at : row.created_at;
    const first = page[0];
    const last = page.at(-1);
    // Reading backwards, "more" means rows before this page; reading forwards, rows after it.
    const hasAfter = back ? cursor !== null : more;
    const hasBefore = back ? more : cursor !== null;
    return {
      data: page.map((row) => toSummary(fromDb(row))),
      nextCursor: hasAfter && last ? encodeCursor({ k: key(last), id: last.id }) : null,
      backwardsCursor: hasBefore && first ? encodeCursor({ k: key(first), id: first.id, back: true }) : null,
    };
  }

  /** Closes the database. */
  close(): void {
    this.db.close();
  }
}

/** The summary row the kernel's `ThreadStore` speaks. */
export function toSummary(row: IndexRow): StoredThreadSummary {
  return {
    id: row.id,
    path: row.path,
    cwd: row.cwd,
    createdAt: new Date(row.createdAt).toISOString(),
    updatedAt: new Date(row.updatedAt).toISOString(),
    preview: row.preview,
    modelProvider: row.modelProvider,
    source: row.source,
    cliVersion: row.cliVersion,
    name: row.name,
    archived: row.archived,
    forkedFromId: row.forkedFromId,
  };
}

function fromDb(row: DbRow): IndexRow {
  let source: SessionSource = "unknown";
  try {
    source = JSON.parse(row.source);
  } catch {
    // An unreadable source lists as "unknown".
  }
  return {
    id: row.id,
    path: row.rollout_path,
    cwd: row.cwd,
    createdAt: Number(row.created_at),
    updatedAt: Number(row.updated_at),
    preview: row.preview,
    modelProvider: row.model_provider,
    source,
    cliVersion: row.cli_version,
    name: row.name,
    archived: row.archived === 1,
    forkedFromId: row.forked_from_id,
  };
}

function encodeCursor(cursor: Cursor): string {
  return btoa(JSON.stringify(cursor));
}

function decodeCursor(text: string): Cursor {
  try {
    const value = JSON.parse(atob(text));
    if (typeof value?.k === "number" && typeof value?.id === "string") return value;
  } catch {
    // Reported below.
  }
  throw new TypeError(`Invalid cursor "${text}": it is not a cursor from thread/list`);
}
