/**
 * @module
 * Tests for `JsonlThreadStore` against a real temporary `$TERN_HOME`: the file layout, ordered
 * synchronous appends, load round trips, torn lines, `findLatest`, `list` and write failures.
 */
import { assert, assertEquals, assertMatch, assertRejects, assertStringIncludes, assertThrows } from "@std/assert";
import { join } from "@std/path";
import type { PluginApi, ResponseItem, RolloutRecord, SessionMeta, ThreadStore } from "../../kernel/mod.ts";
import { JsonlThreadStore } from "./jsonl_store.ts";
import plugin from "./mod.ts";
import { rolloutPath } from "./rollout_files.ts";

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

function userItem(text: string): RolloutRecord {
  return { type: "response_item", payload: { type: "message", role: "user", content: [{ type: "input_text", text }] } };
}

function assistantItem(text: string): RolloutRecord {
  return {
    type: "response_item",
    payload: { type: "message", role: "assistant", content: [{ type: "output_text", text }] },
  };
}

function userMessageEvent(text: string): RolloutRecord {
  return {
    type: "event",
    payload: {
      method: "item/completed",
      params: {
        item: {
          type: "userMessage",
          id: "item-1",
          clientId: null,
          content: [{ type: "text", text, text_elements: [] }],
        },
        threadId: "t",
        turnId: "turn-1",
        completedAtMs: 0,
      },
    },
  };
}

async function withStore(
  fn: (store: JsonlThreadStore, home: string, warnings: string[]) => Promise<void>,
): Promise<void> {
  const home = await Deno.makeTempDir({ prefix: "tern-store-test-" });
  const warnings: string[] = [];
  try {
    await fn(new JsonlThreadStore({ ternHome: home, warn: (m) => warnings.push(m) }), home, warnings);
  } finally {
    await Deno.chmod(home, 0o755).catch(() => {});
    await Deno.remove(home, { recursive: true });
  }
}

function readJsonl(path: string): Record<string, unknown>[] {
  return Deno.readTextFileSync(path).split("\n").filter((line) => line !== "").map((line) => JSON.parse(line));
}

Deno.test("JsonlThreadStore.create() writes session_meta as the first line of a Codex-style dated path", async () => {
  await withStore(async (store, home) => {
    const { path } = await store.create(meta("thread-a"));
    assertEquals(path, join(home, "sessions/2025/03/04/rollout-2025-03-04T05-06-07-thread-a.jsonl"));
    const lines = readJsonl(path!);
    assertEquals(lines.length, 1);
    assertEquals(lines[0].type, "session_meta");
    assertEquals(lines[0].payload, meta("thread-a"));
    assertMatch(String(lines[0].timestamp), /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  });
});

Deno.test("JsonlThreadStore.create() rejects a second rollout for the same thread id and time", async () => {
  await withStore(async (store) => {
    await store.create(meta("thread-a"));
    await assertRejects(() => store.create(meta("thread-a")), Error, 'Cannot create rollout "');
  });
});

Deno.test("rolloutPath() rejects a thread id that would escape the sessions tree", () => {
  assertThrows(() => rolloutPath("/home", "../evil", new Date()), TypeError, "plain file-name part");
});

Deno.test("JsonlThreadStore.append() puts records on disk in call order before it returns", async () => {
  await withStore(async (store) => {
    const { path } = await store.create(meta("thread-a"));
    store.append("thread-a", [userItem("one"), assistantItem("two")]);
    assertEquals(readJsonl(path!).length, 3);
    store.append("thread-a", [assistantItem("three")]);
    store.append("thread-a", []);
    const lines = readJsonl(path!);
    assertEquals(lines.map((line) => line.type), ["session_meta", "response_item", "response_item", "response_item"]);
    assertEquals(lines.slice(1).map((line) => ({ type: line.type, payload: line.payload })), [
      userItem("one"),
      assistantItem("two"),
      assistantItem("three"),
    ]);
  });
});

Deno.test("JsonlThreadStore.flush() resolves with every appended record in the file", async () => {
  await withStore(async (store) => {
    const { path } = await store.create(meta("thread-a"));
    for (let index = 0; index < 200; index++) store.append("thread-a", [assistantItem(`line ${index}`)]);
    await store.flush();
    const lines = readJsonl(path!);
    assertEquals(lines.length, 201);
    assertEquals((lines[200].payload as { content: { text: string }[] }).content[0].text, "line 199");
  });
});

Deno.test("JsonlThreadStore.load() reads back what was appended (a compaction too), also from a fresh store", async () => {
  await withStore(async (store, home, warnings) => {
    const compacted: RolloutRecord = {
      type: "compacted",
      payload: { message: "the summary", replacementHistory: [userItem("hello").payload as ResponseItem] },
    };
    const records = [userItem("hello"), assistantItem("hi"), userMessageEvent("hello"), compacted];
    const { path } = await store.create(meta("thread-a"));
    store.append("thread-a", records);
    await store.flush();
    const same = await store.load("thread-a");
    assertEquals(same, { meta: meta("thread-a"), records, path, warnings: [] });
    const fresh = await new JsonlThreadStore({ ternHome: home }).load("thread-a");
    assertEquals(fresh?.records, records);
    assertEquals(fresh?.path, path);
    assertEquals(warnings, []);
  });
});

Deno.test("JsonlThreadStore.load() returns null for a thread it has no rollout of", async () => {
  await withStore(async (store) => {
    assertEquals(await store.load("nope"), null);
    await store.create(meta("thread-a"));
    assertEquals(await store.load("thread-a-other"), null);
  });
});

Deno.test("JsonlThreadStore.load() skips a torn last line with a warning and appends continue on a new line", async () => {
  await withStore(async (store, home) => {
    const { path } = await store.create(meta("thread-a"));
    store.append("thread-a", [userItem("kept")]);
    Deno.writeTextFileSync(path!, '{"timestamp":"2025-03-04T05:06:08.000Z","type":"respo', { append: true });

    const resumed = new JsonlThreadStore({ ternHome: home });
    const loaded = await resumed.load("thread-a");
    assertEquals(loaded?.records, [userItem("kept")]);
    assertEquals(loaded?.warnings.length, 1);
    assertStringIncludes(loaded!.warnings[0], `line 3 of rollout "${path}"`);

    resumed.append("thread-a", [assistantItem("after resume")]);
    await resumed.flush();
    const lines = Deno.readTextFileSync(path!).split("\n");
    assertEquals(lines.at(-1), "", "the file ends with a newline");
    assertEquals(lines.length, 5);
    assertEquals(JSON.parse(lines[3]).payload, assistantItem("after resume").payload);

    const reloaded = await new JsonlThreadStore({ ternHome: home }).load("thread-a");
    assertEquals(reloaded?.records, [userItem("kept"), assistantItem("after resume")]);
    assertEquals(reloaded?.warnings.length, 1);
  });
});

Deno.test("JsonlThreadStore.load() rejects a file whose first line is not session_meta, naming the file", async () => {
  await withStore(async (store, home) => {
    const path = rolloutPath(home, "thread-b", new Date("2025-01-01T00:00:00Z"));
    await Deno.mkdir(join(path, ".."), { recursive: true });
    await Deno.writeTextFile(path, JSON.stringify({ timestamp: "x", ...userItem("no meta") }) + "\n");
    await assertRejects(() => store.load("thread-b"), Error, `Cannot read rollout "${path}"`);
  });
});

Deno.test("JsonlThreadStore.append() to a thread created by another process continues its file", async () => {
  await withStore(async (store, home) => {
    const { path } = await store.create(meta("thread-a"));
    const other = new JsonlThreadStore({ ternHome: home });
    other.append("thread-a", [userItem("from elsewhere")]);
    assertEquals(readJsonl(path!).length, 2);
  });
});

Deno.test("JsonlThreadStore.findLatest() returns the most recently modified thread, optionally per cwd", async () => {
  await withStore(async (store) => {
    assertEquals(await store.findLatest(), null);
    const a = await store.create(meta("thread-a", { cwd: "/one" }));
    const b = await store.create(meta("thread-b", { cwd: "/two", timestamp: "2025-03-05T00:00:00.000Z" }));
    await Deno.utime(a.path!, 1000, 1000);
    await Deno.utime(b.path!, 2000, 2000);
    assertEquals(await store.findLatest(), "thread-b");
    assertEquals(await store.findLatest({ cwd: "/one" }), "thread-a");
    assertEquals(await store.findLatest({ cwd: "/one/" }), "thread-a");
    assertEquals(await store.findLatest({ cwd: "/three" }), null);

    await Deno.utime(a.path!, 3000, 3000);
    assertEquals(await store.findLatest(), "thread-a");
  });
});

Deno.test("JsonlThreadStore.list() gives the first typed user message as preview, newest first", async () => {
  await withStore(async (store) => {
    const a = await store.create(meta("thread-a"));
    store.append("thread-a", [
      userItem("# AGENTS.md instructions for /work/project\n\n<INSTRUCTIONS>\nbe nice\n</INSTRUCTIONS>"),
      userItem("<environment_context>\n  <cwd>/work/project</cwd>\n</environment_context>"),
      userItem("fix the bug"),
      userItem("and add a test"),
    ]);
    const b = await store.create(meta("thread-b", { cwd: "/other" }));
    store.append("thread-b", [assistantItem("hello"), userMessageEvent("from the event")]);
    const c = await store.create(meta("thread-c"));
    await Deno.utime(a.path!, 1000, 1000);
    await Deno.utime(b.path!, 3000, 3000);
    await Deno.utime(c.path!, 2000, 2000);

    const all = await store.list();
    assertEquals(all.map((row) => [row.id, row.preview]), [
      ["thread-b", "from the event"],
      ["thread-c", ""],
      ["thread-a", "fix the bug"],
    ]);
    assertEquals(all[0], {
      id: "thread-b",
      path: b.path,
      cwd: "/other",
      createdAt: "2025-03-04T05:06:07.890Z",
      updatedAt: new Date(3_000_000).toISOString(),
      preview: "from the event",
    });
    assertEquals((await store.list({ limit: 1 })).map((row) => row.id), ["thread-b"]);
    assertEquals((await store.list({ cwd: "/work/project" })).map((row) => row.id), ["thread-c", "thread-a"]);
  });
});

Deno.test("JsonlThreadStore.list() skips files without session_meta instead of failing", async () => {
  await withStore(async (store, home) => {
    await store.create(meta("thread-a"));
    const stray = rolloutPath(home, "stray", new Date("2025-03-04T00:00:00Z"));
    await Deno.writeTextFile(stray, "not json\n");
    assertEquals((await store.list()).map((row) => row.id), ["thread-a"]);
  });
});

Deno.test("JsonlThreadStore.append() reports a write failure through warn instead of throwing", async () => {
  await withStore(async (store, home, warnings) => {
    const { path } = await store.create(meta("thread-a"));
    await Deno.remove(join(home, "sessions"), { recursive: true });
    store.append("thread-a", [userItem("lost")]);
    store.append("thread-a", [userItem("lost too")]);
    assertEquals(warnings.length, 1, "one warning, not one per record");
    assertStringIncludes(warnings[0], `Cannot write rollout "${path}" for thread "thread-a"`);

    await Deno.mkdir(join(path!, ".."), { recursive: true });
    await Deno.writeTextFile(path!, "");
    store.append("thread-a", [userItem("saved")]);
    assertEquals(warnings.length, 2);
    assertStringIncludes(warnings[1], "2 record(s)");
    assertEquals(readJsonl(path!).length, 1);
    await store.flush();
  });
});

Deno.test("JsonlThreadStore.append() warns once for a thread that has no rollout", async () => {
  await withStore((store, _home, warnings) => {
    store.append("ghost", [userItem("one")]);
    store.append("ghost", [userItem("two")]);
    assertEquals(warnings.length, 1);
    assertStringIncludes(warnings[0], 'Cannot record thread "ghost"');
    return Promise.resolve();
  });
});

Deno.test('plugin "store" registers a JSONL store writing under api.ternHome', async () => {
  const home = await Deno.makeTempDir({ prefix: "tern-store-test-" });
  try {
    const stores: ThreadStore[] = [];
    const api = {
      name: "store",
      ternHome: home,
      stores: { register: (store: ThreadStore) => (stores.push(store), () => {}) },
      commands: { register: () => () => {} },
      onClose: () => {},
      warn: () => {},
      log: () => {},
    } as unknown as PluginApi;
    await plugin.setup(api, undefined);
    assertEquals(stores.length, 1);
    const { path } = await stores[0].create(meta("thread-a"));
    assert(path?.startsWith(join(home, "sessions")));
    await (stores[0] as unknown as { close(): Promise<void> }).close();
  } finally {
    await Deno.remove(home, { recursive: true });
  }
});
