/**
 * @module
 * Tests for the thread index's schema migrations on real SQLite files: a fresh database reaches
 * the newest version, a version-1 database upgrades with its rows kept, and a newer one is refused.
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
