/**
 * Paged thread history over the real `tern app-server` (stdio): `thread/turns/list`,
 * `thread/items/list` and `thread/resume`'s `initialTurnsPage`, on a saved 7-turn thread.
 */
import { assert, assertEquals, assertMatch } from "@std/assert";
import { makeSandbox, type Sandbox } from "./support/tern_process.ts";
import { spawnStdioServer } from "./support/app_server_process.ts";
import { writeLongThread } from "./support/long_thread.ts";

// deno-lint-ignore no-explicit-any
type Any = any;
const questions = (turns: Any[]) =>
  turns.map((t) => t.items.find((i: Any) => i.type === "userMessage")?.content[0].text);

async function withServer(
  turns: number,
  body: (client: Any, threadId: string, sandbox: Sandbox) => Promise<void>,
): Promise<void> {
  const sandbox = await makeSandbox();
  const { threadId } = await writeLongThread(sandbox, turns);
  const server = spawnStdioServer(sandbox);
  try {
    await server.client.initialize({ experimentalApi: true });
    await body(server.client, threadId, sandbox);
  } finally {
    await server.closeStdin();
    await server.stop();
    await sandbox.cleanup();
  }
}

Deno.test("app-server: thread/turns/list pages a stored thread newest first, and its cursors round-trip both ways", () =>
  withServer(7, async (client, threadId) => {
    const first = await client.call("thread/turns/list", { threadId, limit: 3, itemsView: "full" });
    assertEquals(questions(first.data), ["question 7", "question 6", "question 5"]);
    assert(first.nextCursor, "more turns follow");
    const second = await client.call("thread/turns/list", { threadId, limit: 3, cursor: first.nextCursor });
    assertEquals(questions(second.data), ["question 4", "question 3", "question 2"]);
    assertEquals(second.data[0].itemsView, "summary");
    const last = await client.call("thread/turns/list", { threadId, limit: 3, cursor: second.nextCursor });
    assertEquals(questions(last.data), ["question 1"]);
    assertEquals(last.nextCursor, null, "the end of the thread");
    // Back the other way from the second page: its first turn again, then the newer ones.
    const back = await client.call("thread/turns/list", {
      threadId,
      limit: 10,
      sortDirection: "asc",
      cursor: second.backwardsCursor,
    });
    assertEquals(questions(back.data), ["question 4", "question 5", "question 6", "question 7"]);
    assertEquals(back.nextCursor, null);
    // Oldest first, and a page bigger than the thread.
    const all = await client.call("thread/turns/list", { threadId, sortDirection: "asc", limit: 100 });
    assertEquals(all.data.length, 7);
    assertEquals(all.nextCursor, null);
    const none = await client.call("thread/turns/list", { threadId, itemsView: "notLoaded", limit: 1 });
    assertEquals([none.data[0].items, none.data[0].itemsView], [[], "notLoaded"]);
  }));

Deno.test("app-server: thread/items/list pages items across the thread or in one turn, after an item anchor", () =>
  withServer(3, async (client, threadId) => {
    const page = await client.call("thread/items/list", { threadId, limit: 4 });
    assertEquals(page.data.map((e: Any) => e.item.type), [
      "userMessage",
      "agentMessage",
      "userMessage",
      "agentMessage",
    ]);
    assertMatch(page.data[3].item.text, /^Answer 2 /);
    const rest = await client.call("thread/items/list", { threadId, limit: 4, cursor: page.nextCursor });
    assertEquals(rest.data.map((e: Any) => e.item.text ?? e.item.content[0].text), [
      "question 3",
      "Answer 3 with `code`.",
    ]);
    assertEquals(rest.nextCursor, null);
    const turnId = page.data[2].turnId;
    const anchored = await client.call("thread/items/list", {
      threadId,
      turnId,
      cursor: { type: "item", itemId: page.data[2].item.id },
    });
    assertEquals(anchored.data.map((e: Any) => [e.turnId, e.item.type]), [[turnId, "agentMessage"]]);
    const newestFirst = await client.call("thread/items/list", { threadId, sortDirection: "desc", limit: 1 });
    assertMatch(newestFirst.data[0].item.text, /^Answer 3 /);
  }));

Deno.test("app-server: a bad cursor, an anchor without its turn, or an unknown turn is -32602 naming the field", () =>
  withServer(2, async (client, threadId) => {
    const cases: [string, Record<string, unknown>, string][] = [
      ["thread/turns/list", { threadId, cursor: "not-a-cursor" }, '"cursor"'],
      ["thread/turns/list", { threadId, cursor: "tern1:" + btoa('["gone-turn",0]') }, '"cursor"'],
      ["thread/items/list", { threadId, cursor: "tern1:%%%" }, '"cursor"'],
      ["thread/items/list", { threadId, cursor: { type: "item", itemId: "x" } }, '"turnId"'],
      ["thread/items/list", { threadId, turnId: "no-such-turn" }, '"turnId"'],
      ["thread/turns/list", { threadId, limit: -1 }, '"limit"'],
    ];
    for (const [method, params, field] of cases) {
      const answer = await client.request(method, params);
      assertEquals(answer.error?.code, -32602, `${method} ${JSON.stringify(params)}`);
      assert(answer.error.message.includes(`at ${field}`), `${answer.error.message} names ${field}`);
    }
  }));

Deno.test("app-server: thread/resume with initialTurnsPage answers the newest page and a cursor back from the newest turn", () =>
  withServer(5, async (client, threadId) => {
    const resumed = await client.call("thread/resume", {
      threadId,
      excludeTurns: true,
      initialTurnsPage: { limit: 2, itemsView: "full" },
    });
    assertEquals(resumed.thread.turns, []);
    assertEquals(questions(resumed.initialTurnsPage.data), ["question 5", "question 4"]);
    const older = await client.call("thread/turns/list", { threadId, cursor: resumed.initialTurnsPage.nextCursor });
    assertEquals(questions(older.data), ["question 3", "question 2", "question 1"]);
    const fromNewest = await client.call("thread/turns/list", {
      threadId,
      limit: 1,
      cursor: resumed.turnsBackwardsCursor,
    });
    assertEquals(questions(fromNewest.data), ["question 5"], "the backwards cursor includes the newest turn");
  }));
