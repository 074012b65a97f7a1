/**
 * @module
 * The numbered schema migrations of the thread index (`state.sqlite`). Migration N (1-based) is
 * `MIGRATIONS[N - 1]`; `migrate()` runs the ones a database has not seen, each in a transaction
 * that also bumps the `schema_version` table, so a crash leaves the database at a whole version.
 * Never edit a shipped migration: append a new one.
 */
import type { DatabaseSync } from "node:sqlite";

/** One schema step. */
export type Migration = (db: DatabaseSync) => void;

/** Every migration, in order. */
export const MIGRATIONS: readonly Migration[] = [
  // 1: thread metadata for listing, and a key/value table for the index's own state.
  (db) => {
    db.exec(`
      CREATE TABLE threads (
        id TEXT PRIMARY KEY,
        rollout_path TEXT NOT NULL,
        cwd TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL,
        preview TEXT NOT NULL DEFAULT '',
        model_provider TEXT NOT NULL,
        source TEXT NOT NULL,
        cli_version TEXT NOT NULL DEFAULT ''
      );
      CREATE TABLE index_state (key TEXT PRIMARY KEY, value TEXT NOT NULL);
    `);
  },
  // 2: names, archiving and forks, and indexes for the two sort orders.
  (db) => {
    db.exec(`
      ALTER TABLE threads ADD COLUMN name TEXT;
      ALTER TABLE threads ADD COLUMN archived INTEGER NOT NULL DEFAULT 0;
      ALTER TABLE threads ADD COLUMN forked_from_id TEXT;
      CREATE INDEX threads_by_created ON threads (archived, created_at DESC, id DESC);
      CREATE INDEX threads_by_updated ON threads (archived, updated_at DESC, id DESC);
    `);
  },
  // 3: queued turns (`thread/queue/*`), Codex's migration 0035 without its foreign key to `threads`:
  // thread rows are a cache that `tern index rebuild` replaces, and the queue must outlive that.
  (db) => {
    db.exec(`
      CREATE TABLE thread_queued_turns (
        queued_turn_id TEXT PRIMARY KEY NOT NULL,
        thread_id TEXT NOT NULL,
        turn_start_params_jsonb BLOB NOT NULL,
        queue_order INTEGER NOT NULL,
        state TEXT NOT NULL CHECK (state IN ('pending', 'dispatching', 'failed')),
        dispatch_turn_id TEXT,
        failure_jsonb BLOB,
        created_at_ms INTEGER NOT NULL,
        updated_at_ms INTEGER NOT NULL,
        UNIQUE (thread_id, queue_order)
      );
      CREATE INDEX thread_queued_turns_thread_state_order_idx
        ON thread_queued_turns (thread_id, state, queue_order);
    `);
  },
];

/** The schema version a database is at (0 for a new one). */
export function schemaVersion(db: DatabaseSync): number {
  db.exec("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)");
  const row = db.prepare("SELECT MAX(version) AS version FROM schema_version").get() as
    | { version: number | null }
    | undefined;
  return row?.version ?? 0;
}

/**
 * Brings `db` up to the newest version (or `target`); returns the version it started at.
 * Throws when the database is newer than this Tern knows.
 */
export function migrate(db: DatabaseSync, target = MIGRATIONS.length): number {
  const from = schemaVersion(db);
  if (from > MIGRATIONS.length) {
    throw new Error(
      `Cannot use the thread index: its schema version ${from} is newer than this Tern knows (${MIGRATIONS.length})`,
    );
  }
  for (let version = from + 1; version <= target; version++) {
    db.exec("BEGIN IMMEDIATE");
    try {
      // Another process may have migrated while this one waited for the lock.
      if (schemaVersion(db) >= version) {
        db.exec("COMMIT");
        continue;
      }
      MIGRATIONS[version - 1](db);
      db.prepare("INSERT INTO schema_version (version) VALUES (?)").run(version);
      db.exec("COMMIT");
    } catch (error) {
      db.exec("ROLLBACK");
      throw new Error(`Cannot apply thread index migration ${version}: ${(error as Error).message}`, {
        cause: error,
      });
    }
  }
  return from;
}
