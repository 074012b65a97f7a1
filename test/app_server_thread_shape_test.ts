/**
 * @module
 * The `Thread` a client receives through `tern app-server`, checked against the fields Codex
 * 0.169's schema requires: `projectId` in every answer and notification that carries a thread, and
 * `thread/fork`'s `thread/started` with the source's name kept.
 */
import { assertEquals } from "@std/assert";
import { withMockedStdioServer } from "./support/app_server_process.ts";
import { ev, turnOf } from "./support/mock_model.ts";

const text = (value: string) => [{ type: "text", text: value, text_elements: [] }];

Deno.test("app-server: every Thread sent carries projectId (null: Tern assigns no project)", async () => {
  await withMockedStdioServer({ responses: [turnOf(ev.assistantMessage("m1", "hi"))] }, async ({ client }) => {
    await client.initialize();
    const started = await client.call("thread/start", {});
    const threadId = started.thread.id;
    const notified = await client.notification("thread/started", (p) => p.thread.id === threadId);
    await client.call("turn/start", { threadId, input: text("hello") });
    await client.notification("turn/completed", (p) => p.threadId === threadId);
    await client.notification("thread/status/changed", (p) => p.threadId === threadId && p.status.type === "idle");
    const read = await client.call("thread/read", { threadId, includeTurns: true });
    const resumed = await client.call("thread/resume", { threadId });
    const listed = await client.call("thread/list", {});
    const forked = await client.call("thread/fork", { threadId });
    const sent = {
      "thread/start": started.thread,
      "thread/started": notified.params.thread,
      "thread/read": read.thread,
      "thread/resume": resumed.thread,
      "thread/list": listed.data.find((t: { id: string }) => t.id === threadId),
      "thread/fork": forked.thread,
    };
    const projectIds = Object.fromEntries(Object.entries(sent).map(([method, thread]) => [method, thread?.projectId]));
    assertEquals(projectIds, {
      "thread/start": null,
      "thread/started": null,
      "thread/read": null,
      "thread/resume": null,
      "thread/list": null,
      "thread/fork": null,
    });
  });
});

Deno.test("app-server: thread/fork announces the fork with thread/started, and the fork keeps the source's name", async () => {
  await withMockedStdioServer({ responses: [turnOf(ev.assistantMessage("m1", "hi"))] }, async ({ client }) => {
    await client.initialize();
    const source = (await client.call("thread/start", {})).thread.id;
    await client.call("turn/start", { threadId: source, input: text("hello") });
    await client.notification("turn/completed", (p) => p.threadId === source);
    await client.notification("thread/status/changed", (p) => p.threadId === source && p.status.type === "idle");
    await client.call("thread/name/set", { threadId: source, name: "Release notes" });

    const forked = await client.call("thread/fork", { threadId: source });
    assertEquals([forked.thread.forkedFromId, forked.thread.name], [source, "Release notes"]);
    const started = await client.notification("thread/started", (p) => p.thread.id === forked.thread.id);
    assertEquals([started.params.thread.forkedFromId, started.params.thread.name], [source, "Release notes"]);
    const read = await client.call("thread/read", { threadId: forked.thread.id });
    assertEquals(read.thread.name, "Release notes");
  });
});
