/**
 * What the real app-server says about models: `model/list` gives a known model the data of Tern's
 * table (lib/models: Codex's catalog and OpenAI's model pages) and an unknown one no invented
 * capabilities; `thread/tokenUsage/updated` carries the context window of the thread's model.
 */
import { assertEquals, assertStringIncludes } from "@std/assert";
import type { AppServerClient } from "./support/app_server_client.ts";
import { spawnStdioServer } from "./support/app_server_process.ts";
import { ev, startMockModelServer, turnOf } from "./support/mock_model.ts";
import { makeSandbox } from "./support/tern_process.ts";

const text = (t: string) => [{ type: "text", text: t, text_elements: [] }];
const answer = (id: string) => turnOf({ usage: { inputTokens: 120, outputTokens: 8 } }, ev.assistantMessage(id, "ok"));

/** A stdio app-server on a mock model that lists `models`, its configured model `gpt-5.2-codex`. */
async function withServer(models: string[], fn: (client: AppServerClient) => Promise<void>): Promise<void> {
  const mock = await startMockModelServer({ responses: [answer("m1"), answer("m2")], models });
  const sandbox = await makeSandbox();
  const server = spawnStdioServer(sandbox, {
    config: [`openai_base_url=${JSON.stringify(mock.url)}`, 'model="gpt-5.2-codex"'],
  });
  try {
    await server.client.initialize();
    await fn(server.client);
  } finally {
    await server.stop();
    await mock.close();
    await sandbox.cleanup();
  }
}

Deno.test("app-server: model/list gives known models the table's efforts and inputs, and unknown ones none", async () => {
  await withServer(["gpt-5.1-codex-mini", "gpt-4.1-2025-04-14", "o3", "acme-finetune"], async (client) => {
    const { data } = await client.call("model/list", {});
    const byId = Object.fromEntries(data.map((m: { id: string }) => [m.id, m]));
    assertEquals(Object.keys(byId), [
      "gpt-5.2-codex",
      "gpt-5.1-codex-mini",
      "gpt-4.1-2025-04-14",
      "o3",
      "acme-finetune",
    ]);

    const codex = byId["gpt-5.2-codex"];
    assertEquals(codex.isDefault, true);
    assertEquals(codex.description, "Frontier agentic coding model.");
    assertEquals(codex.supportedReasoningEfforts.map((e: { reasoningEffort: string }) => e.reasoningEffort), [
      "low",
      "medium",
      "high",
      "xhigh",
    ]);
    assertEquals(codex.defaultReasoningEffort, "medium");
    assertEquals(codex.inputModalities, ["text", "image"]);

    const mini = byId["gpt-5.1-codex-mini"];
    assertEquals(mini.supportedReasoningEfforts.map((e: { reasoningEffort: string }) => e.reasoningEffort), [
      "medium",
      "high",
    ]);
    assertEquals(mini.upgrade, "gpt-5.2-codex");

    // A dated snapshot is its model's; GPT-4.1 does not reason.
    const gpt41 = byId["gpt-4.1-2025-04-14"];
    assertEquals(gpt41.supportedReasoningEfforts, []);
    assertEquals(gpt41.defaultReasoningEffort, "none");
    assertEquals(byId.o3.supportedReasoningEfforts.length, 3);
    assertEquals(byId.o3.hidden, true);

    const unknown = byId["acme-finetune"];
    assertEquals(unknown.supportedReasoningEfforts, []);
    assertEquals(unknown.inputModalities, ["text"]);
    assertStringIncludes(unknown.description, "capabilities unknown");
  });
});

Deno.test("app-server: thread/tokenUsage/updated carries 95% of the thread's model's context window as Codex does, null when unknown", async () => {
  await withServer([], async (client) => {
    const known = (await client.call("thread/start", { model: "gpt-5.2-codex" })).thread;
    await client.call("turn/start", { threadId: known.id, input: text("hi") });
    const usage = await client.notification("thread/tokenUsage/updated", (p) => p.threadId === known.id);
    // Codex 0.169 reports 258400 for a 272000-token model (observed against a mock model).
    assertEquals(usage.params.tokenUsage.modelContextWindow, 258_400);
    assertEquals(usage.params.tokenUsage.last.inputTokens, 120);
    await client.notification("turn/completed", (p) => p.threadId === known.id);

    const other = (await client.call("thread/start", { model: "acme-finetune" })).thread;
    await client.call("turn/start", { threadId: other.id, input: text("hi") });
    const unknown = await client.notification("thread/tokenUsage/updated", (p) => p.threadId === other.id);
    assertEquals(unknown.params.tokenUsage.modelContextWindow, null);
  });
});
