/**
 * @module
 * A thread id no thread has, on every thread method of a real `tern app-server`: the client gets
 * `-32600` with Codex's `thread not found: <id>` (then why), whether the app-server finds out
 * itself or the kernel or the store does; `thread/unsubscribe` answers `notLoaded`, as in Codex.
 */
import { assertEquals, assertStringIncludes } from "@std/assert";
import { withMockedStdioServer } from "./support/app_server_process.ts";

const GHOST = "0b0b0b0b-0000-4000-8000-000000000404";
const text = (value: string) => [{ type: "text", text: value, text_elements: [] }];

Deno.test("app-server: an unknown thread id gets -32600 'thread not found: <id>' on every thread method", async () => {
  await withMockedStdioServer({ responses: [] }, async ({ client }) => {
    await client.initialize({ experimentalApi: true });
    const requests: [string, Record<string, unknown>, string][] = [
      ["thread/resume", { threadId: GHOST }, "no stored thread has that id"],
      ["thread/fork", { threadId: GHOST }, "no stored thread has that id"],
      ["thread/read", { threadId: GHOST }, "no loaded or stored thread has that id"],
      ["thread/rollback", { threadId: GHOST, numTurns: 1 }, "not loaded"],
      ["thread/name/set", { threadId: GHOST, name: "x" }, "the store has no thread with that id"],
      ["thread/archive", { threadId: GHOST }, "the store has no thread with that id"],
      ["thread/unarchive", { threadId: GHOST }, "the store has no thread with that id"],
      ["thread/compact/start", { threadId: GHOST }, "not loaded"],
      ["turn/start", { threadId: GHOST, input: text("hi") }, "not loaded"],
      ["turn/steer", { threadId: GHOST, input: text("hi"), expectedTurnId: "t" }, "not loaded"],
      ["turn/interrupt", { threadId: GHOST, turnId: "t" }, "not loaded"],
      ["thread/queue/add", { threadId: GHOST, turnStartParams: { threadId: GHOST, input: text("hi") } }, ""],
    ];
    for (const [method, params, why] of requests) {
      const reply = await client.request(method, params);
      assertEquals(reply.error?.code, -32600, `${method}: ${JSON.stringify(reply)}`);
      assertStringIncludes(reply.error!.message, `thread not found: ${GHOST}`, method);
      assertStringIncludes(reply.error!.message, why, method);
    }
    assertEquals(await client.call("thread/unsubscribe", { threadId: GHOST }), { status: "notLoaded" });
  });
});
