/**
 * The thread-administration methods against a real `tern app-server` on stdio with the mock
 * model: `thread/revert` (and `thread/rollback` as its alias), `thread/delete`,
 * `thread/metadata/update` and `turn/settings/update`. Goals are in
 * `app_server_thread_goal_test.ts`, unsubscribe and unloading in `app_server_ws_test.ts`.
 */
import { assert, assertEquals, assertStringIncludes } from "@std/assert";
import { ev, startMockModelServer, turnOf } from "./support/mock_model.ts";
import { makeSandbox } from "./support/tern_process.ts";
import { spawnStdioServer, withMockedStdioServer } from "./support/app_server_process.ts";
import type { AppServerClient } from "./support/app_server_client.ts";

const text = (t: string) => [{ type: "text", text: t, text_elements: [] }];

/** Runs one turn of `prompt` to its end (the thread idle again); returns the turn's id. */
async function runTurn(client: AppServerClient, threadId: string, prompt: string): Promise<string> {
  const { turn } = await client.call("turn/start", { threadId, input: text(prompt) });
  await client.notification("turn/completed", (p) => p.turn.id === turn.id);
  await client.notification("thread/status/changed", (p) => p.threadId === threadId && p.status.type === "idle");
  return turn.id;
}

Deno.test("app-server: thread/revert drops a turn and every later one, for the model, a resume and a stored thread", async () => {
  const mock = await startMockModelServer({
    responses: ["one", "two", "three", "four", "five"].map((t, i) => turnOf(ev.assistantMessage(`m${i}`, t))),
  });
  const sandbox = await makeSandbox();
  const config = [`openai_base_url=${JSON.stringify(mock.url)}`];
  const first = spawnStdioServer(sandbox, { config });
  let threadId = "";
  try {
    const { client } = first;
    await client.initialize({ experimentalApi: true });
    threadId = (await client.call("thread/start", {})).thread.id;
    await runTurn(client, threadId, "alpha");
    const second = await runTurn(client, threadId, "bravo");
    await runTurn(client, threadId, "charlie");

    const unknown = await client.request("thread/revert", { threadId, beforeTurnId: "no-such-turn" });
    assertEquals(unknown.error?.code, -32602);
    assertStringIncludes(String(unknown.error?.message), '"beforeTurnId"');

    const reverted = await client.call("thread/revert", { threadId, beforeTurnId: second });
    assertEquals(reverted.thread.id, threadId);
    assertEquals(reverted.thread.turns, [], "turns are read separately");
    await client.notification("thread/reverted", (p) => p.threadId === threadId);
    const read = await client.call("thread/read", { threadId, includeTurns: true });
    assertEquals(read.thread.turns.length, 1);
    // The answer's cursors page back from the reverted thread's end: its one turn, its last item.
    assertEquals([typeof reverted.turnsBackwardsCursor, typeof reverted.itemsBackwardsCursor], ["string", "string"]);
    const turnsBack = await client.call("thread/turns/list", {
      threadId,
      cursor: reverted.turnsBackwardsCursor,
      sortDirection: "desc",
    });
    assertEquals(turnsBack.data.map((t: { id: string }) => t.id), [read.thread.turns[0].id]);
    const itemsBack = await client.call("thread/items/list", {
      threadId,
      cursor: reverted.itemsBackwardsCursor,
      sortDirection: "desc",
      limit: 1,
    });
    assertEquals(itemsBack.data[0].item.id, read.thread.turns[0].items.at(-1).id);

    await runTurn(client, threadId, "delta");
    const sent = JSON.stringify(mock.requests[3].body.input);
    assertStringIncludes(sent, "alpha");
    assertEquals(sent.includes("bravo") || sent.includes("charlie"), false, "the model no longer sees them");

    // thread/rollback stays, as the older form: it too announces thread/reverted.
    const rolled = await client.call("thread/rollback", { threadId, numTurns: 1 });
    assertEquals(rolled.thread.turns.length, 1);
    await client.notification("thread/reverted", (p) => p.threadId === threadId && client.messages.length > 0);
  } finally {
    await first.closeStdin();
    await first.stop();
  }
  const second = spawnStdioServer(sandbox, { config });
  try {
    const { client } = second;
    await client.initialize();
    const stored = await client.call("thread/read", { threadId, includeTurns: true });
    assertEquals(stored.thread.turns.length, 1, "the revert and the rollback were recorded");
    // A stored thread (not loaded) can be reverted too: it then has no turn left.
    const firstTurn = stored.thread.turns[0].id;
    const reverted = await client.call("thread/revert", { threadId, beforeTurnId: firstTurn });
    assertEquals(reverted.thread.status, { type: "notLoaded" });
    await client.notification("thread/reverted", (p) => p.threadId === threadId);
    await client.call("thread/resume", { threadId });
    assertEquals((await client.call("thread/read", { threadId, includeTurns: true })).thread.turns, []);
    await runTurn(client, threadId, "echo");
    const resent = JSON.stringify(mock.requests.at(-1)!.body.input);
    assertEquals(resent.includes("alpha"), false, "a resumed thread honours the revert");
  } finally {
    await second.closeStdin();
    await second.stop();
    await mock.close();
    await sandbox.cleanup();
  }
});

Deno.test("app-server: thread/delete unloads a loaded thread and removes it from the store and thread/list", async () => {
  await withMockedStdioServer({ responses: [turnOf(ev.assistantMessage("m1", "hi"))] }, async ({ client }) => {
    await client.initialize();
    const threadId = (await client.call("thread/start", {})).thread.id;
    await runTurn(client, threadId, "remember me");
    const kept = (await client.call("thread/start", {})).thread.id;
    assertEquals(await client.call("thread/delete", { threadId }), {});
    await client.notification("thread/status/changed", (p) => p.threadId === threadId && p.status.type === "notLoaded");
    await client.notification("thread/closed", (p) => p.threadId === threadId);
    await client.notification("thread/deleted", (p) => p.threadId === threadId);
    assertEquals((await client.call("thread/loaded/list", {})).data, [kept]);
    const listed = await client.call("thread/list", {});
    assertEquals(listed.data.some((t: { id: string }) => t.id === threadId), false);
    const read = await client.request("thread/read", { threadId });
    assertEquals(read.error?.code, -32600);
    const again = await client.request("thread/delete", { threadId });
    assertEquals(again.error?.code, -32600);
    assertStringIncludes(String(again.error?.message), `thread not found: ${threadId}`);
    const bad = await client.request("thread/delete", {});
    assertEquals(bad.error?.code, -32602);
    assertStringIncludes(String(bad.error?.message), '"threadId"');
  });
});

Deno.test("app-server: thread/metadata/update patches the git metadata, loaded or stored, and it is kept", async () => {
  const mock = await startMockModelServer({ responses: [turnOf(ev.assistantMessage("m1", "hi"))] });
  const sandbox = await makeSandbox();
  const config = [`openai_base_url=${JSON.stringify(mock.url)}`];
  const first = spawnStdioServer(sandbox, { config });
  let threadId = "";
  try {
    const { client } = first;
    await client.initialize();
    threadId = (await client.call("thread/start", {})).thread.id;
    await runTurn(client, threadId, "hello");
    const set = await client.call("thread/metadata/update", {
      threadId,
      gitInfo: { sha: "abc123", branch: "main", originUrl: "https://example.com/r.git" },
    });
    assertEquals(set.thread.gitInfo, { sha: "abc123", branch: "main", originUrl: "https://example.com/r.git" });
    const patched = await client.call("thread/metadata/update", { threadId, gitInfo: { branch: null } });
    assertEquals(patched.thread.gitInfo, { sha: "abc123", branch: null, originUrl: "https://example.com/r.git" });
    const empty = await client.request("thread/metadata/update", { threadId, gitInfo: { sha: "" } });
    assertEquals(empty.error?.code, -32602);
    assertStringIncludes(String(empty.error?.message), '"gitInfo.sha"');
    const unknown = await client.request("thread/metadata/update", { threadId: "no-such-thread", gitInfo: null });
    assertEquals(unknown.error?.code, -32600);
  } finally {
    await first.closeStdin();
    await first.stop();
  }
  const second = spawnStdioServer(sandbox, { config });
  try {
    const { client } = second;
    await client.initialize();
    const read = await client.call("thread/read", { threadId });
    assertEquals(read.thread.gitInfo, { sha: "abc123", branch: null, originUrl: "https://example.com/r.git" });
    const stored = await client.call("thread/metadata/update", { threadId, gitInfo: { sha: "def456" } });
    assertEquals(stored.thread.gitInfo?.sha, "def456");
    const resumed = await client.call("thread/resume", { threadId });
    assertEquals(resumed.thread.gitInfo, { sha: "def456", branch: null, originUrl: "https://example.com/r.git" });
  } finally {
    await second.closeStdin();
    await second.stop();
    await mock.close();
    await sandbox.cleanup();
  }
});

Deno.test("app-server: turn/settings/update changes the running turn's next model request and later turns", async () => {
  await withMockedStdioServer({
    responses: [
      turnOf(ev.functionCall("call_1", "shell_command", { command: "sleep 1" })),
      turnOf(ev.assistantMessage("m1", "slept")),
      turnOf(ev.assistantMessage("m2", "again")),
    ],
  }, async ({ client, mock }) => {
    await client.initialize({ experimentalApi: true });
    const threadId = (await client.call("thread/start", {})).thread.id;
    const { turn } = await client.call("turn/start", { threadId, input: text("sleep") });
    await client.notification("item/started", (p) => p.item.type === "commandExecution");
    const wrong = await client.request("turn/settings/update", { threadId, expectedTurnId: "other", model: "x" });
    assertEquals(wrong.error?.code, -32602);
    assertStringIncludes(String(wrong.error?.message), '"expectedTurnId"');
    const badEffort = await client.request("turn/settings/update", { threadId, effort: "enormous" });
    assertEquals(badEffort.error?.code, -32602);
    assertStringIncludes(String(badEffort.error?.message), '"effort"');
    assertEquals(
      await client.call("turn/settings/update", { threadId, expectedTurnId: turn.id, model: "mock-2", effort: "high" }),
      {},
    );
    const updated = await client.notification("thread/settings/updated", (p) => p.threadId === threadId);
    assertEquals(updated.params.threadSettings.model, "mock-2");
    assertEquals(updated.params.threadSettings.effort, "high");
    await client.notification("turn/completed", (p) => p.turn.id === turn.id);
    assert(mock.requests[0].body.model !== "mock-2");
    assertEquals(mock.requests[1].body.model, "mock-2", "the running turn's next request");
    assertEquals(mock.requests[1].body.reasoning?.effort, "high");
    await client.notification("thread/status/changed", (p) => p.threadId === threadId && p.status.type === "idle");
    await runTurn(client, threadId, "later");
    assertEquals(mock.requests[2].body.model, "mock-2", "and later turns");
  });
  await withMockedStdioServer({ responses: [] }, async ({ client }) => {
    await client.initialize();
    const threadId = (await client.call("thread/start", {})).thread.id;
    const refused = await client.request("turn/settings/update", { threadId, model: "x" });
    assertEquals(refused.error?.code, -32600);
    assertStringIncludes(String(refused.error?.message), "requires experimentalApi capability");
  });
});
