import { assertEquals, assertStringIncludes } from "@std/assert";
import { ev, startMockModelServer, turnOf } from "./support/mock_model.ts";
import { makeSandbox } from "./support/tern_process.ts";
import { spawnStdioServer } from "./support/app_server_process.ts";

const text = (t: string) => [{ type: "text", text: t, text_elements: [] }];

Deno.test("app-server: thread/rollback drops the last turns from the thread, the model's history and a later resume", async () => {
  const mock = await startMockModelServer({
    responses: [
      turnOf(ev.assistantMessage("m1", "one")),
      turnOf(ev.assistantMessage("m2", "two")),
      turnOf(ev.assistantMessage("m3", "three")),
      turnOf(ev.assistantMessage("m4", "after resume")),
    ],
  });
  const sandbox = await makeSandbox();
  const config = [`openai_base_url=${JSON.stringify(mock.url)}`];
  const first = spawnStdioServer(sandbox, { config });
  let threadId: string;
  try {
    const { client } = first;
    await client.initialize();
    threadId = (await client.call("thread/start", {})).thread.id;
    for (const prompt of ["first", "second"]) {
      await client.call("turn/start", { threadId, input: text(prompt) });
      await client.notification("turn/completed", (p) => p.threadId === threadId && p.turn.status === "completed");
      await client.notification("thread/status/changed", (p) => p.threadId === threadId && p.status.type === "idle");
    }
    const rolled = await client.call("thread/rollback", { threadId, numTurns: 1 });
    assertEquals(rolled.thread.turns.length, 1);
    assertEquals(rolled.thread.turns[0].items[1].text, "one");
    const bad = await client.request("thread/rollback", { threadId, numTurns: 0 });
    assertEquals(bad.error?.code, -32602);
    await client.call("turn/start", { threadId, input: text("third") });
    await client.notification("turn/completed", (p) => p.threadId === threadId);
    const sent = JSON.stringify(mock.requests[2].body.input);
    assertStringIncludes(sent, "first");
    assertEquals(sent.includes("second"), false, "the rolled-back turn is gone from the model's history");
  } finally {
    await first.closeStdin();
    await first.stop();
  }
  const second = spawnStdioServer(sandbox, { config });
  try {
    const { client } = second;
    await client.initialize();
    const read = await client.call("thread/read", { threadId, includeTurns: true });
    assertEquals(read.thread.turns.map((t: { items: { text?: string }[] }) => t.items[1]?.text), ["one", "three"]);
    await client.call("thread/resume", { threadId });
    await client.call("turn/start", { threadId, input: text("fourth") });
    await client.notification("turn/completed", (p) => p.threadId === threadId);
    const resent = JSON.stringify(mock.requests[3].body.input);
    assertEquals(resent.includes("second"), false, "a resume honours the recorded rollback");
    assertStringIncludes(resent, "third");
  } finally {
    await second.closeStdin();
    await second.stop();
    await mock.close();
    await sandbox.cleanup();
  }
});

Deno.test("app-server: thread/fork starts a new thread with the source's turns; the two then diverge", async () => {
  const mock = await startMockModelServer({
    responses: [
      turnOf(ev.assistantMessage("m1", "source answer")),
      turnOf(ev.assistantMessage("m2", "fork answer")),
      turnOf(ev.assistantMessage("m3", "source again")),
    ],
  });
  const sandbox = await makeSandbox();
  const server = spawnStdioServer(sandbox, { config: [`openai_base_url=${JSON.stringify(mock.url)}`] });
  try {
    const { client } = server;
    await client.initialize();
    const source = (await client.call("thread/start", {})).thread.id;
    await client.call("turn/start", { threadId: source, input: text("shared start") });
    await client.notification("thread/status/changed", (p) => p.threadId === source && p.status.type === "idle");

    const forked = await client.call("thread/fork", { threadId: source });
    const fork = forked.thread.id;
    assertEquals(fork === source, false);
    assertEquals(forked.thread.forkedFromId, source);
    assertEquals(forked.thread.turns.length, 1);
    assertEquals(forked.thread.turns[0].items[1].text, "source answer");

    await client.call("turn/start", { threadId: fork, input: text("only in the fork") });
    await client.notification("turn/completed", (p) => p.threadId === fork);
    assertStringIncludes(JSON.stringify(mock.requests[1].body.input), "shared start");
    await client.call("turn/start", { threadId: source, input: text("back in the source") });
    await client.notification("turn/completed", (p) => p.threadId === source && p.turn.items !== undefined);
    await client.notification("thread/status/changed", (p) => p.threadId === source && p.status.type === "idle");
    assertEquals(JSON.stringify(mock.requests[2].body.input).includes("only in the fork"), false);

    const read = await client.call("thread/read", { threadId: fork, includeTurns: true });
    assertEquals(read.thread.turns.length, 2);
    const missing = await client.request("thread/fork", { threadId: "no-such-thread" });
    assertEquals(missing.error?.code, -32600);
  } finally {
    await server.closeStdin();
    await server.stop();
    await mock.close();
    await sandbox.cleanup();
  }
});
