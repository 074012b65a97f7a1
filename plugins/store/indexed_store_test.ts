/**
 * @module
 * Tests for `IndexedThreadStore` against a real `$TERN_HOME`: the index follows creates and turn
 * boundaries, names and archive states survive a rebuild from the rollouts, pages are filled after
 * filtering, and an unusable database falls back to the rollouts with a warning.
 */
import { assertEquals, assertNotEquals, assertRejects, assertStringIncludes } from "@std/assert";
import { join } from "@std/path";
import type { RolloutRecord, SessionMeta } from "../../kernel/mod.ts";
import { IndexedThreadStore } from "./indexed_store.ts";

function meta(id: string, overrides: Partial<SessionMeta> = {}): SessionMeta {
  return {
    id,
    timestamp: "2025-03-04T05:06:07.890Z",
    cwd: "/work/project",
    originator: "tern_test",
    cliVersion: "0.1.0",
    source: "exec",
    modelProvider: "scripted",
    model: "test-model",
    ...overrides,
  };
}

function turnEvent(method: "turn/started" | "turn/completed", turnId: string): RolloutRecord {
  const turn = {
    id: turnId,
    items: [],
    itemsView: "full",
    status: method === "turn/started" ? "inProgress" : "completed",
    error: null,
    startedAt: null,
    completedAt: null,
    durationMs: null,
  };
  return { type: "event", payload: { method, params: { threadId: "t", turn } } } as RolloutRecord;
}

function userItem(text: string): RolloutRecord {
  return { type: "response_item", payload: { type: "message", role: "user", content: [{ type: "input_text", text }] } };
}

async function withHome(fn: (home: string, warnings: string[]) => Promise<void>): Promise<void> {
  const home = await Deno.makeTempDir({ prefix: "tern-index-test-" });
  const warnings: string[] = [];
  try {
    await fn(home, warnings);
  } finally {
    await Deno.chmod(home, 0o755).catch(() => {});
    await Deno.remove(home, { recursive: true });
  }
}

/** A store over `home`, closed after `fn`. */
async function using<T>(home: string, warnings: string[], fn: (store: IndexedThreadStore) => Promise<T>): Promise<T> {
  const store = new IndexedThreadStore({ ternHome: home, warn: (m) => warnings.push(m) });
  try {
    return await fn(store);
  } finally {
    await store.close();
  }
}

Deno.test("IndexedThreadStore keeps the index row of a thread up to date through a turn", async () => {
  await withHome(async (home, warnings) => {
    await using(home, warnings, async (store) => {
      const { path } = await store.create(meta("thread-a"));
      const index = (await store.index())!;
      const before = index.get("thread-a")!;
      assertEquals([before.path, before.preview, before.cwd, before.modelProvider], [
        path,
        "",
        "/work/project",
        "scripted",
      ]);
      await new Promise((resolve) => setTimeout(resolve, 5));
      store.append("thread-a", [turnEvent("turn/started", "turn-1"), userItem("fix the bug")]);
      assertEquals(index.get("thread-a")!.preview, "", "no update between turn boundaries");
      store.append("thread-a", [turnEvent("turn/completed", "turn-1")]);
      const after = index.get("thread-a")!;
      assertEquals(after.preview, "fix the bug");
      assertNotEquals(after.updatedAt, before.updatedAt);
      store.append("thread-a", [
        turnEvent("turn/started", "turn-2"),
        userItem("and more"),
        turnEvent("turn/completed", "turn-2"),
      ]);
      assertEquals(index.get("thread-a")!.preview, "fix the bug", "the first message stays the preview");
    });
    assertEquals(warnings, []);
  });
});

Deno.test("IndexedThreadStore.rebuild() restores names, archive states and previews from the rollouts", async () => {
  await withHome(async (home, warnings) => {
    await using(home, warnings, async (store) => {
      await store.create(meta("thread-a"));
      store.append("thread-a", [
        turnEvent("turn/started", "x"),
        userItem("first task"),
        turnEvent("turn/completed", "x"),
      ]);
      await store.create(meta("thread-b", { timestamp: "2025-03-05T00:00:00.000Z" }));
      await store.setName("thread-a", "Bug hunt");
      await store.setArchived("thread-b", true);
      await assertRejects(() => store.setName("ghost", "x"), Error, 'Cannot update thread "ghost"');
    });
    await Deno.remove(join(home, "state.sqlite"));
    await using(home, warnings, async (store) => {
      assertEquals(await store.rebuild(), 2);
      const page = await store.listPage({});
      assertEquals(page.data.map((r) => [r.id, r.name, r.preview]), [["thread-a", "Bug hunt", "first task"]]);
      const archived = await store.listPage({ archived: true });
      assertEquals(archived.data.map((r) => [r.id, r.archived]), [["thread-b", true]]);
      assertEquals((await store.load("thread-a"))?.meta.name, "Bug hunt");
    });
    assertEquals(warnings, []);
  });
});

Deno.test("IndexedThreadStore.listPage() fills each page after filtering and pages both ways", async () => {
  await withHome(async (home, warnings) => {
    await using(home, warnings, async (store) => {
      for (let i = 0; i < 12; i++) {
        const timestamp = new Date(Date.UTC(2025, 0, 1, 0, 0, i)).toISOString();
        await store.create(meta(`t${String(i).padStart(2, "0")}`, { timestamp, cwd: i % 3 === 0 ? "/a" : "/b" }));
      }
      const first = await store.listPage({ cwd: ["/b"], limit: 3 });
      assertEquals(first.data.map((r) => r.id), ["t11", "t10", "t08"]);
      assertEquals(first.backwardsCursor, null);
      const second = await store.listPage({ cwd: ["/b"], limit: 3, cursor: first.nextCursor });
      assertEquals(second.data.map((r) => r.id), ["t07", "t05", "t04"]);
      const back = await store.listPage({ cwd: ["/b"], limit: 3, cursor: second.backwardsCursor });
      assertEquals(back.data.map((r) => r.id), ["t11", "t10", "t08"]);
      const last = await store.listPage({ cwd: ["/b"], limit: 3, cursor: second.nextCursor });
      assertEquals([last.data.map((r) => r.id), last.nextCursor], [["t02", "t01"], null]);
      assertEquals((await store.listPage({ searchTerm: "nothing" })).data, []);
      await assertRejects(() => store.listPage({ cursor: "garbage" }), TypeError, 'Invalid cursor "garbage"');
    });
    assertEquals(warnings, []);
  });
});

Deno.test("IndexedThreadStore fills a new index from rollouts written before it existed", async () => {
  await withHome(async (home, warnings) => {
    await using(home, warnings, async (store) => {
      await store.rollouts.create(meta("old-thread"));
      store.rollouts.append("old-thread", [userItem("from before the index")]);
      const page = await store.listPage({});
      assertEquals(page.data.map((r) => [r.id, r.preview]), [["old-thread", "from before the index"]]);
    });
    assertEquals(warnings, []);
  });
});

Deno.test("IndexedThreadStore warns and lists from the rollouts when the database cannot be opened", async () => {
  await withHome(async (home, warnings) => {
    await Deno.writeTextFile(join(home, "state.sqlite"), "this is not an sqlite database, it is plain text..........");
    await using(home, warnings, async (store) => {
      await store.create(meta("thread-a"));
      store.append("thread-a", [userItem("still listed")]);
      const page = await store.listPage({});
      assertEquals(page.data.map((r) => [r.id, r.preview]), [["thread-a", "still listed"]]);
    });
    assertEquals(warnings.length, 1);
    assertStringIncludes(warnings[0], `Cannot open the thread index "${join(home, "state.sqlite")}"`);
  });
});

Deno.test("IndexedThreadStore writes no index row for a thread it never created", async () => {
  await withHome(async (home, warnings) => {
    await using(home, warnings, async (store) => {
      await store.create(meta("thread-a"));
      assertEquals((await store.index())!.count(), 1);
    });
  });
});

Deno.test("a new thread's first model request does not wait for SQLite: the index opens later, and its row is there when closed or listed", async () => {
  await withHome(async (home, warnings) => {
    const sqlite = join(home, "state.sqlite");
    const late = new IndexedThreadStore({ ternHome: home, warn: (m) => warnings.push(m), indexOpenDelayMs: 60_000 });
    await late.create(meta("thread-a"));
    late.append("thread-a", [turnEvent("turn/started", "turn-1"), userItem("fix the bug")]);
    await new Promise((resolve) => setTimeout(resolve, 50));
    await assertRejects(() => Deno.stat(sqlite), Deno.errors.NotFound, undefined, "not opened yet");
    await late.close();
    await using(home, warnings, async (store) => {
      const index = (await store.index())!;
      assertEquals(index.get("thread-a")?.path !== undefined, true, "close() wrote the row made before the open");
      await store.create(meta("thread-b"));
      const page = await store.listPage({ limit: 10 });
      assertEquals(page.data.map((t) => t.id).sort(), ["thread-a", "thread-b"]);
    });
    assertEquals(warnings, []);
  });
});

Deno.test("a thread whose run was killed before the index opened is listed by the next run, without a rebuild", async () => {
  await withHome(async (home, warnings) => {
    await using(home, warnings, async (store) => {
      await store.create(meta("thread-a"));
      assertEquals((await store.listPage({})).data.map((r) => r.id), ["thread-a"]); // the index is backfilled
    });
    // A run killed ~100 ms in: its rollout is written, its index row never was (the index opens 250 ms in).
    const killed = new IndexedThreadStore({ ternHome: home, indexOpenDelayMs: 60_000 });
    await killed.create(meta("thread-b", { timestamp: "2025-03-05T00:00:00.000Z" }));
    killed.append("thread-b", [turnEvent("turn/started", "y"), userItem("cut short")]);
    await killed.rollouts.flush();
    await using(home, warnings, async (store) => {
      const page = await store.listPage({});
      assertEquals(page.data.map((r) => [r.id, r.preview]), [["thread-b", "cut short"], ["thread-a", ""]]);
    });
    await killed.close(); // (the killed run's own timer, for the test's sake)
    const left = [...Deno.readDirSync(home)].map((e) => e.name).filter((n) => n.startsWith("index-pending."));
    assertEquals(left, [], "replayed journals are removed");
    assertEquals(warnings, []);
  });
});
