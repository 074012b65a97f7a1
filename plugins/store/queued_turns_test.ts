/**
 * @module
 * Tests for the SQLite queue of turns (`IndexedThreadStore.queue`) on a real `state.sqlite`: the
 * shared queue contract (Codex's state tests) over two connections to one file, rows that
 * outlive the process and `tern index rebuild`, claims racing from several processes, and an
 * unusable database.
 */
import { assert, assertEquals, assertMatch, assertRejects } from "@std/assert";
import { fromFileUrl, join } from "@std/path";
import type { SessionMeta, TurnStartParams } from "../../kernel/mod.ts";
import { turnQueueContract } from "../../test/support/turn_queue_contract.ts";
import { IndexedThreadStore } from "./indexed_store.ts";

async function tempHome(): Promise<string> {
  return await Deno.makeTempDir({ prefix: "tern-queue-test-" });
}

function params(text: string, threadId = "thread-a"): TurnStartParams {
  return { threadId, input: [{ type: "text", text, text_elements: [] }] };
}

function meta(id: string): SessionMeta {
  return {
    id,
    timestamp: "2025-03-04T05:06:07.890Z",
    cwd: "/work/project",
    originator: "tern_test",
    cliVersion: "0.1.0",
    source: "exec",
    modelProvider: "scripted",
    model: "test-model",
  };
}

turnQueueContract("IndexedThreadStore.queue (SQLite)", async () => {
  const home = await tempHome();
  const first = new IndexedThreadStore({ ternHome: home });
  const second = new IndexedThreadStore({ ternHome: home });
  return {
    queue: first.queue,
    other: second.queue,
    close: async () => {
      await first.close();
      await second.close();
      await Deno.remove(home, { recursive: true });
    },
  };
});

Deno.test("IndexedThreadStore.queue keeps rows across store instances and through an index rebuild", async () => {
  const home = await tempHome();
  try {
    const before = new IndexedThreadStore({ ternHome: home, warn: () => {} });
    await before.create(meta("thread-a"));
    const a = await before.queue.append("thread-a", params("kept across restarts"));
    const b = await before.queue.append("thread-a", params("second"));
    assertMatch(a.id, /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/, "a UUIDv7");
    assert(a.id < b.id, "ids sort by creation");
    await before.queue.claimHead("thread-a");
    await before.close();

    const after = new IndexedThreadStore({ ternHome: home, warn: () => {} });
    try {
      assertEquals(await after.rebuild(), 1);
      const visible = await after.queue.listVisible("thread-a");
      assertEquals(visible.map((row) => [row.id, row.turnStartParams]), [[b.id, params("second")]]);
      const interrupted = { message: "interrupted", codexErrorInfo: null, additionalDetails: null };
      assertEquals(await after.queue.recoverDispatching("thread-a", interrupted), 1, "the claim survived too");
      assertEquals((await after.queue.listVisible("thread-a")).map((row) => row.state), ["failed", "pending"]);
    } finally {
      await after.close();
    }
  } finally {
    await Deno.remove(home, { recursive: true });
  }
});

Deno.test("IndexedThreadStore.queue claims racing from several processes start every row exactly once", async () => {
  const home = await tempHome();
  try {
    const store = new IndexedThreadStore({ ternHome: home });
    const rows = [];
    for (let i = 0; i < 24; i++) rows.push((await store.queue.append("thread-a", params(`turn ${i}`))).id);
    await store.close();
    // Each worker waits for the others, then claims the head, "starts" it (a short pause while
    // it is dispatching) and removes it, until the queue is empty.
    const go = join(home, "go");
    const worker = `
      import { IndexedThreadStore } from ${JSON.stringify(fromFileUrl(new URL("./indexed_store.ts", import.meta.url)))};
      const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
      const store = new IndexedThreadStore({ ternHome: ${JSON.stringify(home)} });
      await store.queue.listVisible("thread-a");
      await Deno.writeTextFile(${JSON.stringify(home)} + "/ready-" + crypto.randomUUID(), "");
      while (!(await Deno.stat(${JSON.stringify(go)}).then(() => true, () => false))) await sleep(1);
      const won = [];
      for (let idle = 0; idle < 2000;) {
        const row = await store.queue.claimHead("thread-a");
        if (!row) {
          if ((await store.queue.listVisible("thread-a")).length === 0) break;
          idle++;
          await sleep(0);
          continue;
        }
        won.push(row.id);
        await store.queue.setDispatchTurnId(row.id, "turn-" + row.id);
        await sleep(1);
        await store.queue.removeDispatching("thread-a", "turn-" + row.id);
        await sleep(Math.random() * 3);
      }
      console.log(JSON.stringify(won));
      await store.close();
    `;
    const running = [0, 1, 2].map(() =>
      new Deno.Command(Deno.execPath(), {
        args: ["eval", "--no-check", worker],
        cwd: fromFileUrl(new URL("../..", import.meta.url)),
        stdout: "piped",
        stderr: "piped",
      }).output()
    );
    const deadline = Date.now() + 20_000;
    const ready = async () => (await Array.fromAsync(Deno.readDir(home))).filter((e) => e.name.startsWith("ready-"));
    while ((await ready()).length < 3 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
    await Deno.writeTextFile(go, "");
    const runs = await Promise.all(running);
    const claimed: string[] = [];
    for (const run of runs) {
      assertEquals(run.code, 0, new TextDecoder().decode(run.stderr));
      claimed.push(...JSON.parse(new TextDecoder().decode(run.stdout)));
    }
    assertEquals(claimed.length, rows.length, "no row was started twice or skipped");
    assertEquals(new Set(claimed), new Set(rows));
  } finally {
    await Deno.remove(home, { recursive: true });
  }
});

Deno.test("IndexedThreadStore.queue rejects, naming the file, when the database cannot be opened", async () => {
  const home = await tempHome();
  try {
    await Deno.writeTextFile(join(home, "state.sqlite"), "this is not an sqlite database, it is plain text..........");
    const store = new IndexedThreadStore({ ternHome: home, warn: () => {} });
    await assertRejects(
      () => store.queue.append("thread-a", params("lost")),
      Error,
      `Cannot use queued turns: the thread index "${join(home, "state.sqlite")}" cannot be opened`,
    );
    await store.close();
  } finally {
    await Deno.remove(home, { recursive: true });
  }
});
