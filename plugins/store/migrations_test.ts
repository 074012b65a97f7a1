/**
 * @module
 * Tests for the thread index's schema migrations on real SQLite files: a fresh database reaches
 * the newest version, a version-1 database upgrades with its rows kept, the queued-turns table
 * (version 3) enforces its constraints, and a newer database is refused.
 */
import { assertEquals, assertThrows } from "@std/assert";
import { join } from "@std/path";
import { DatabaseSync } from "node:sqlite";
import { migrate, MIGRATIONS, schemaVersion } from "./migrations.ts";

async function withDb(fn: (path: string) => void): Promise<void> {
  const dir = await Deno.makeTempDir({ prefix: "tern-migrations-test-" });
  try {
    fn(join(dir, "state.sqlite"));
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

Deno.test("migrate() brings a fresh database to the newest schema version", async () => {
  await withDb((path) => {
    const db = new DatabaseSync(path);
    assertEquals(migrate(db), 0);
    assertEquals(schemaVersion(db), MIGRATIONS.length);
    const columns = (db.prepare("PRAGMA table_info(threads)").all() as { name: string }[]).map((c) => c.name);
    assertEquals(columns.includes("name") && columns.includes("archived"), true);
    assertEquals(migrate(db), MIGRATIONS.length, "a second run changes nothing");
    db.close();
  });
});

Deno.test("migrate() upgrades a version-1 database and keeps its rows", async () => {
  await withDb((path) => {
    const old = new DatabaseSync(path);
    migrate(old, 1);
    assertEquals(schemaVersion(old), 1);
    old.prepare(
      "INSERT INTO threads (id, rollout_path, cwd, created_at, updated_at, preview, model_provider, source) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
    ).run("t1", "/r.jsonl", "/w", 1, 2, "hello", "openai", '"cli"');
    old.close();

    const db = new DatabaseSync(path);
    assertEquals(migrate(db), 1);
    assertEquals(schemaVersion(db), MIGRATIONS.length);
    const row = db.prepare("SELECT id, preview, name, archived FROM threads").get();
    assertEquals({ ...row }, { id: "t1", preview: "hello", name: null, archived: 0 });
    db.close();
  });
});

Deno.test("migrate() refuses a database from a newer Tern, naming the versions", async () => {
  await withDb((path) => {
    const db = new DatabaseSync(path);
    migrate(db);
    db.prepare("INSERT INTO schema_version (version) VALUES (?)").run(MIGRATIONS.length + 5);
    assertThrows(() => migrate(db), Error, `schema version ${MIGRATIONS.length + 5} is newer`);
    db.close();
  });
});

Deno.test("migrate() adds the queued-turns table at version 3, keeping one order slot per thread", async () => {
  await withDb((path) => {
    const db = new DatabaseSync(path);
    migrate(db, 2);
    assertEquals(migrate(db), 2);
    const insert = db.prepare(
      `INSERT INTO thread_queued_turns (queued_turn_id, thread_id, turn_start_params_jsonb, queue_order, state,
         created_at_ms, updated_at_ms) VALUES (?, ?, jsonb(?), ?, ?, 0, 0)`,
    );
    insert.run("q1", "t1", '{"threadId":"t1","input":[]}', 0, "pending");
    insert.run("q2", "t2", '{"threadId":"t2","input":[]}', 0, "pending");
    assertThrows(() => insert.run("q3", "t1", "{}", 0, "pending"), Error, "UNIQUE");
    assertThrows(() => insert.run("q4", "t1", "{}", 1, "running"), Error, "CHECK");
    db.close();
  });
});
