import { assert, assertEquals, assertMatch, assertStringIncludes } from "@std/assert";
import type { JsonSchemaTool } from "../../kernel/mod.ts";
import { fakeContext } from "./_fake_context.ts";
import { McpManager } from "./manager.ts";
import { parseServers } from "./server_config.ts";

/** The everything server from npm (fetched once into npx's cache). */
export const EVERYTHING = { command: "npx", args: ["-y", "@modelcontextprotocol/server-everything", "stdio"] };

function startManager(mcpServers: Record<string, unknown>) {
  const tools = new Map<string, JsonSchemaTool>();
  const statuses: string[] = [];
  const manager = new McpManager(parseServers(mcpServers), {
    cwd: Deno.cwd(),
    register(tool) {
      tools.set(tool.name, tool);
      return () => tools.delete(tool.name);
    },
    onStatus: (name, status, error) => statuses.push(`${name}:${status}${error ? `:${error}` : ""}`),
    log: () => {},
  });
  return { manager, tools, statuses };
}

Deno.test("McpManager runs the everything server's tools as mcpToolCall items, with progress, images and elicitation", async (t) => {
  const { manager, tools, statuses } = startManager({
    everything: { ...EVERYTHING, disabledTools: ["get-env"] },
    broken: { command: "definitely-not-a-command-xyz" },
    invalid: { command: "x", url: "http://localhost:1/mcp" },
  });
  try {
    await manager.ready;
    assertEquals(statuses.filter((s) => s.startsWith("everything")), ["everything:starting", "everything:ready"]);
    assert(statuses.some((s) => s.startsWith('broken:failed:MCP server "broken" failed to start')), String(statuses));
    assert(statuses.some((s) => s.includes('invalid:failed:Invalid config for MCP server "invalid"')));
    assert(tools.has("mcp__everything__echo"));
    assert(!tools.has("mcp__everything__get-env"), "disabledTools keeps get-env from the model");
    assertEquals(tools.get("mcp__everything__get-tiny-image")!.inputSchema, { type: "object", properties: {} });

    await t.step("echo completes an mcpToolCall item and returns its text", async () => {
      const { ctx, events } = fakeContext({ callId: "c1" });
      const result = await tools.get("mcp__everything__echo")!.execute({ message: "hi" }, ctx);
      assertEquals(result.output, "Echo: hi");
      assertEquals(events.map((e) => e.kind), ["started", "completed"]);
      const item = events[1].kind === "completed" ? events[1].item : null;
      assert(item?.type === "mcpToolCall");
      assertEquals([item.server, item.tool, item.status, item.arguments], ["everything", "echo", "completed", {
        message: "hi",
      }]);
      assertEquals(item.result?.content, [{ type: "text", text: "Echo: hi" }]);
      assert(typeof item.durationMs === "number");
    });

    await t.step("an image result reaches the model as an input_image part", async () => {
      const { ctx } = fakeContext();
      const result = await tools.get("mcp__everything__get-tiny-image")!.execute({}, ctx);
      assert(Array.isArray(result.output));
      const image = result.output.find((p) => p.type === "input_image");
      assertMatch(image && "image_url" in image ? image.image_url : "", /^data:image\/png;base64,/);
    });

    await t.step("progress notifications become item/mcpToolCall/progress", async () => {
      const { ctx, events } = fakeContext({ callId: "c3" });
      await tools.get("mcp__everything__trigger-long-running-operation")!.execute({ duration: 0.3, steps: 3 }, ctx);
      const progress = events.filter((e) => e.kind === "notification" && e.topic === "item/mcpToolCall/progress");
      assert(progress.length >= 2, `expected progress, got ${JSON.stringify(events)}`);
      assertEquals((progress[0] as { params: { itemId: string } }).params.itemId, "c3");
    });

    await t.step("a server elicitation becomes mcpServer/elicitation/request and the answer goes back", async () => {
      const { ctx, events } = fakeContext({
        answer: () => ({
          status: "answered",
          response: { action: "accept", content: { name: "Ada", check: true, email: "ada@example.com" } },
        }),
      });
      const result = await tools.get("mcp__everything__trigger-elicitation-request")!.execute({}, ctx);
      const request = events.find((e) => e.kind === "request");
      assertEquals(request?.kind === "request" && request.method, "mcpServer/elicitation/request");
      const params = request?.kind === "request" ? request.params as Record<string, unknown> : {};
      assertEquals([params.mode, params.serverName, params.turnId], ["form", "everything", "turn-1"]);
      assertStringIncludes(String(result.output), "Ada");
    });

    await t.step(
      "under untrusted a non-read-only tool asks with a form elicitation and runs once accepted",
      async () => {
        const declined = fakeContext({ approvalPolicy: "untrusted" });
        const refused = await tools.get("mcp__everything__toggle-simulated-logging")!.execute({}, declined.ctx);
        assertEquals(refused.success, false);
        const request = declined.events.find((e) => e.kind === "request");
        assertEquals(request?.kind === "request" && request.method, "mcpServer/elicitation/request");
        const done = declined.events.at(-1);
        assertEquals(done?.kind === "completed" && done.item.type === "mcpToolCall" && done.item.status, "failed");

        const accepted = fakeContext({
          approvalPolicy: "untrusted",
          answer: () => ({ status: "answered", response: { action: "accept", content: {} } }),
        });
        const ran = await tools.get("mcp__everything__toggle-simulated-logging")!.execute({}, accepted.ctx);
        assertEquals(ran.success, undefined, String(ran.output));
        assertStringIncludes(String(ran.output), "logging");
      },
    );

    await t.step("the manager lists each server's status and its tools", () => {
      assertEquals(manager.list().map((s) => `${s.name}:${s.status}`), [
        "everything:ready",
        "broken:failed",
        "invalid:failed",
      ]);
      const everything = manager.list()[0];
      assert(everything.tools.some((t) => t.name === "mcp__everything__echo" && t.tool === "echo"));
    });
  } finally {
    await manager.close();
  }
});

Deno.test("McpManager lists a temp directory through the real filesystem server, honouring enabledTools", async () => {
  const dir = await Deno.makeTempDir({ prefix: "tern-mcp-fs-" });
  await Deno.writeTextFile(`${dir}/hello.txt`, "hello from disk");
  const { manager, tools, statuses } = startManager({
    fs: {
      command: "npx",
      args: ["-y", "@modelcontextprotocol/server-filesystem", dir],
      enabledTools: ["list_directory", "read_text_file"],
    },
  });
  try {
    await manager.ready;
    assertEquals(statuses, ["fs:starting", "fs:ready"]);
    assertEquals([...tools.keys()].sort(), ["mcp__fs__list_directory", "mcp__fs__read_text_file"]);
    const { ctx } = fakeContext();
    const listing = await tools.get("mcp__fs__list_directory")!.execute({ path: dir }, ctx);
    assertStringIncludes(String(listing.output), "hello.txt");
    const read = await tools.get("mcp__fs__read_text_file")!.execute({ path: `${dir}/hello.txt` }, ctx);
    assertStringIncludes(String(read.output), "hello from disk");
    const outside = await tools.get("mcp__fs__read_text_file")!.execute({ path: "/etc/hostname" }, ctx);
    assertEquals(outside.success, false, "a path outside the allowed directory is an isError result");
  } finally {
    await manager.close();
    await Deno.remove(dir, { recursive: true });
  }
});
