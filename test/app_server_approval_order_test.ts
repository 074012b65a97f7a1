/**
 * @module
 * The order of what a client sees around an apply_patch approval and an MCP tool-call approval,
 * as Codex 0.169's app-server sends it (observed against a mock model, docs/protocol.md): the
 * item's `item/started`, the thread's `waitingOnApproval` status, the server request, its
 * `serverRequest/resolved`, the flag cleared, then `item/completed`. (A command's approval raises
 * the flag before its `item/started`: see test/app_server_schema_test.ts.)
 */
import { assertEquals } from "@std/assert";
import { join } from "@std/path";
import type { RpcMessage } from "./support/app_server_client.ts";
import { spawnStdioServer } from "./support/app_server_process.ts";
import { EVERYTHING_STDIO, preinstallNpx } from "./support/mcp_servers.ts";
import { ev, startMockModelServer, turnOf } from "./support/mock_model.ts";
import { makeSandbox } from "./support/tern_process.ts";

const PATCH = "*** Begin Patch\n*** Add File: notes.txt\n+hello\n*** End Patch\n";

Deno.test("app-server: apply_patch and MCP approvals: item/started, waitingOnApproval, request, resolved, flag cleared, item/completed", async () => {
  await preinstallNpx("@modelcontextprotocol/server-everything", ["stdio"]);
  await using mock = await startMockModelServer({
    responses: [
      turnOf(ev.customToolCall("p1", "apply_patch", PATCH)),
      turnOf(ev.functionCall("e1", "mcp__everything__toggle-simulated-logging", {})),
      turnOf(ev.assistantMessage("m1", "Done")),
    ],
  });
  const sandbox = await makeSandbox();
  await Deno.writeTextFile(
    join(sandbox.ternHome, "config.jsonc"),
    JSON.stringify({ mcpServers: { everything: { ...EVERYTHING_STDIO, enabledTools: ["toggle-simulated-logging"] } } }),
  );
  const server = spawnStdioServer(sandbox, { config: [`openai_base_url=${JSON.stringify(mock.url)}`] });
  const { client } = server;
  try {
    await client.initialize({ experimentalApi: true });
    const threadId = (await client.call("thread/start", {
      // Codex 0.169 asks for a tool not marked read-only under on-request; Tern asks for this one
      // (not destructive, not open-world) only under untrusted.
      approvalPolicy: "untrusted",
      sandbox: "read-only",
    })).thread.id as string;
    await client.call("turn/start", { threadId, input: [{ type: "text", text: "go", text_elements: [] }] });
    const patchRequest = await client.serverRequest("item/fileChange/requestApproval");
    client.respond(patchRequest.id!, { decision: "accept" });
    const mcpRequest = await client.serverRequest("mcpServer/elicitation/request");
    client.respond(mcpRequest.id!, { action: "accept", content: {} });
    await client.notification("turn/completed", (p) => p.threadId === threadId, { timeoutMs: 60_000 });

    const messages = client.messages;
    const at = (m: RpcMessage | undefined) => (m ? messages.indexOf(m) : -1);
    const status = (m: RpcMessage) => m.method === "thread/status/changed" && m.params.threadId === threadId;
    for (const [request, itemId] of [[patchRequest, "p1"], [mcpRequest, "e1"]] as const) {
      const item = (method: string) => messages.find((m) => m.method === method && m.params.item?.id === itemId);
      const started = item("item/started");
      const waiting = messages.slice(0, at(request)).findLast(status);
      const resolved = messages.find((m) => m.method === "serverRequest/resolved" && m.params.requestId === request.id);
      const cleared = messages.slice(at(request)).find(status);
      const order = [started, waiting, request, resolved, cleared, item("item/completed")];
      const names = order.map((m) => m?.method ?? "missing").join(" → ");
      assertEquals(order.map(at), order.map(at).toSorted((a, b) => a - b), `${itemId}: ${names}`);
      assertEquals(order.map(at).includes(-1), false, `${itemId}: ${names}`);
      // An MCP tool-call approval is an approval (Codex's flag), not a question for the user.
      assertEquals(waiting!.params.status, { type: "active", activeFlags: ["waitingOnApproval"] }, itemId);
      assertEquals(cleared!.params.status, { type: "active", activeFlags: [] }, itemId);
    }
  } finally {
    await server.stop();
    await sandbox.cleanup();
  }
});
