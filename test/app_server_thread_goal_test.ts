/**
 * Thread goals against a real `tern app-server` on stdio with the mock model: an active goal
 * keeps the thread working (continuation turns) until the model marks it complete with its
 * `update_goal` tool or its token budget is spent; the goal is recorded with the thread.
 */
import { assert, assertEquals, assertStringIncludes } from "@std/assert";
import { ev, startMockModelServer, turnOf } from "./support/mock_model.ts";
import { makeSandbox } from "./support/tern_process.ts";
import { spawnStdioServer, withMockedStdioServer } from "./support/app_server_process.ts";

const settle = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const toolNames = (body: { tools?: { name?: string }[] }) => (body.tools ?? []).map((t) => t.name);

Deno.test("app-server: an active goal continues the thread until the model marks it complete, and is kept", async () => {
  const usage = { inputTokens: 40, outputTokens: 2 };
  const mock = await startMockModelServer({
    responses: [
      turnOf({ usage }, ev.functionCall("call_goal", "update_goal", { status: "complete" })),
      turnOf({ usage }, ev.assistantMessage("m1", "The report is written")),
    ],
  });
  const sandbox = await makeSandbox();
  const config = [`openai_base_url=${JSON.stringify(mock.url)}`];
  const first = spawnStdioServer(sandbox, { config });
  let threadId = "";
  try {
    const { client } = first;
    await client.initialize();
    threadId = (await client.call("thread/start", {})).thread.id;
    assertEquals(await client.call("thread/goal/get", { threadId }), { goal: null });
    const missing = await client.request("thread/goal/set", { threadId, status: "active" });
    assertEquals(missing.error?.code, -32602);
    assertStringIncludes(String(missing.error?.message), '"objective"');

    const { goal } = await client.call("thread/goal/set", { threadId, objective: "Write the report" });
    assertEquals(goal.status, "active");
    assertEquals(goal.objective, "Write the report");
    assertEquals([goal.tokensUsed, goal.timeUsedSeconds, goal.tokenBudget], [0, 0, null]);
    await client.notification("thread/goal/updated", (p) => p.threadId === threadId && p.goal.status === "active");

    // The goal starts a turn of its own on the idle thread; the model sees the goal and its tools.
    const started = await client.notification("turn/started", (p) => p.threadId === threadId);
    const done = await client.notification(
      "thread/goal/updated",
      (p) => p.threadId === threadId && p.goal.status === "complete",
    );
    assertEquals(done.params.turnId, started.params.turn.id);
    await client.notification("turn/completed", (p) => p.turn.id === started.params.turn.id);
    await client.notification("thread/status/changed", (p) => p.threadId === threadId && p.status.type === "idle");
    assertStringIncludes(JSON.stringify(mock.requests[0].body.input), "Write the report");
    assert(toolNames(mock.requests[0].body).includes("update_goal"));
    assert(toolNames(mock.requests[0].body).includes("get_goal"));
    await settle(500);
    assertEquals(mock.requests.length, 2, "a complete goal starts no more turns");

    const after = (await client.call("thread/goal/get", { threadId })).goal;
    assertEquals(after.status, "complete");
    assertEquals(after.tokensUsed, 84, "both model responses of the goal's turn count");
  } finally {
    await first.closeStdin();
    await first.stop();
  }
  const second = spawnStdioServer(sandbox, { config });
  try {
    const { client } = second;
    await client.initialize({ experimentalApi: true });
    const kept = (await client.call("thread/goal/get", { threadId })).goal;
    assertEquals([kept.objective, kept.status, kept.tokensUsed], ["Write the report", "complete", 84]);
    await client.call("thread/resume", { threadId });
    assertEquals(await client.call("thread/goal/clear", { threadId }), { cleared: true });
    await client.notification("thread/goal/cleared", (p) => p.threadId === threadId);
    assertEquals(await client.call("thread/goal/clear", { threadId }), { cleared: false });
    assertEquals(await client.call("thread/goal/get", { threadId }), { goal: null });
    const unknown = await client.request("thread/goal/get", { threadId: "no-such-thread" });
    assertEquals(unknown.error?.code, -32600);
  } finally {
    await second.closeStdin();
    await second.stop();
    await mock.close();
    await sandbox.cleanup();
  }
});

Deno.test("app-server: a goal past its token budget is budgetLimited and stops continuing", async () => {
  await withMockedStdioServer({
    responses: [
      turnOf({ usage: { inputTokens: 150, outputTokens: 5 } }, ev.assistantMessage("m1", "Working on it")),
      turnOf(ev.assistantMessage("m2", "should not be asked")),
    ],
  }, async ({ client, mock }) => {
    await client.initialize();
    const threadId = (await client.call("thread/start", {})).thread.id;
    await client.call("thread/goal/set", { threadId, objective: "Tidy the repo", tokenBudget: 100 });
    const limited = await client.notification(
      "thread/goal/updated",
      (p) => p.threadId === threadId && p.goal.status === "budgetLimited",
    );
    assertEquals(limited.params.goal.tokensUsed, 155);
    await client.notification("thread/status/changed", (p) => p.threadId === threadId && p.status.type === "idle");
    await settle(500);
    assertEquals(mock.requests.length, 1, "no continuation past the budget");
    assertEquals(toolNames(mock.requests[0].body).includes("update_goal"), true);
  });
});

Deno.test("app-server: a paused goal waits; resumed on a resumed thread, it continues the work", async () => {
  const mock = await startMockModelServer({
    responses: [
      turnOf(ev.functionCall("call_goal", "update_goal", { status: "complete" })),
      turnOf(ev.assistantMessage("m1", "Done at last")),
    ],
  });
  const sandbox = await makeSandbox();
  const config = [`openai_base_url=${JSON.stringify(mock.url)}`];
  const first = spawnStdioServer(sandbox, { config });
  let threadId = "";
  try {
    const { client } = first;
    await client.initialize();
    threadId = (await client.call("thread/start", {})).thread.id;
    const { goal } = await client.call("thread/goal/set", { threadId, objective: "Port the parser", status: "paused" });
    assertEquals(goal.status, "paused");
    await settle(500);
    assertEquals(mock.requests.length, 0, "a paused goal starts no turn");
  } finally {
    await first.closeStdin();
    await first.stop();
  }
  const second = spawnStdioServer(sandbox, { config });
  try {
    const { client } = second;
    await client.initialize();
    await client.call("thread/resume", { threadId });
    const snapshot = await client.notification("thread/goal/updated", (p) => p.threadId === threadId);
    assertEquals([snapshot.params.goal.objective, snapshot.params.goal.status], ["Port the parser", "paused"]);
    await client.call("thread/goal/set", { threadId, status: "active" });
    await client.notification("thread/goal/updated", (p) => p.goal.status === "complete");
    await client.notification("turn/completed", (p) => p.threadId === threadId);
    assertStringIncludes(JSON.stringify(mock.requests[0].body.input), "Port the parser");
  } finally {
    await second.closeStdin();
    await second.stop();
    await mock.close();
    await sandbox.cleanup();
  }
});
