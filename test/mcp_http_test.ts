/**
 * MCP over streamable HTTP: the reference everything server runs in its streamable-HTTP mode on a
 * free port, behind a proxy that records headers; `tern exec --json` with the mock model calls
 * one of its tools, declared as `mcpServers.<name>.url` with a bearer token and extra headers.
 */
import { assert, assertEquals, assertStringIncludes } from "@std/assert";
import { join } from "@std/path";
import { ev, startMockModelServer, turnOf } from "./support/mock_model.ts";
import { startEverythingHttp, startRecordingProxy } from "./support/mcp_servers.ts";
import { makeSandbox, runTern } from "./support/tern_process.ts";

Deno.test("tern exec --json calls a tool of a streamable HTTP server, sending its bearer token and headers", async () => {
  const everything = await startEverythingHttp();
  const proxy = startRecordingProxy(everything.url);
  const mock = await startMockModelServer({
    responses: [
      turnOf({}, ev.functionCall("call_1", "mcp__web__get-sum", { a: 2, b: 3 })),
      turnOf({}, ev.assistantMessage("msg_1", "The sum is 5.")),
    ],
  });
  const sandbox = await makeSandbox();
  try {
    const config = {
      mcpServers: {
        web: {
          url: proxy.url,
          bearerTokenEnvVar: "WEB_MCP_TOKEN",
          headers: { "X-Team": "tools" },
          enabledTools: ["get-sum"],
        },
      },
    };
    await Deno.writeTextFile(join(sandbox.ternHome, "config.jsonc"), JSON.stringify(config));
    const run = await runTern(
      sandbox,
      ["exec", "--json", "-c", `openai_base_url=${JSON.stringify(mock.url)}`, "add 2 and 3"],
      { env: { WEB_MCP_TOKEN: "s3cret" } },
    );
    assertEquals(run.code, 0, run.stderr);
    const items = run.events.filter((e) => e.type === "item.completed").map((e) => e.item as Record<string, unknown>);
    const call = items.find((i) => i.type === "mcp_tool_call");
    assert(call, `no mcp_tool_call in ${run.stdout}\n${run.stderr}`);
    assertEquals([call.server, call.tool, call.status], ["web", "get-sum", "completed"]);
    assertStringIncludes(JSON.stringify(mock.requests[1].body), "The sum of 2 and 3 is 5");
    const offered = JSON.stringify(mock.requests[0].body.tools);
    assert(!offered.includes("mcp__web__echo"), "tools outside enabledTools are not offered");

    const posts = proxy.requests.filter((r) => r.method === "POST");
    assert(posts.length >= 3, `expected initialize, tools/list and tools/call, saw ${posts.length} requests`);
    for (const request of posts) {
      assertEquals(request.headers.get("authorization"), "Bearer s3cret");
      assertEquals(request.headers.get("x-team"), "tools");
    }
  } finally {
    await sandbox.cleanup();
    await mock.close();
    await proxy.stop();
    await everything.stop();
  }
});

Deno.test("an HTTP server whose bearer token variable is unset fails to start, and the turn still runs", async () => {
  const mock = await startMockModelServer({ responses: [turnOf({}, ev.assistantMessage("msg_1", "No tools."))] });
  const sandbox = await makeSandbox();
  try {
    const config = { mcpServers: { web: { url: "http://127.0.0.1:9/mcp", bearerTokenEnvVar: "UNSET_TOKEN" } } };
    await Deno.writeTextFile(join(sandbox.ternHome, "config.jsonc"), JSON.stringify(config));
    const run = await runTern(sandbox, ["exec", "--json", "-c", `openai_base_url=${JSON.stringify(mock.url)}`, "hi"]);
    assertEquals(run.code, 0, run.stderr);
    assertStringIncludes(run.stderr, 'MCP server "web" failed to start');
    assertStringIncludes(run.stderr, 'environment variable "UNSET_TOKEN" (bearerTokenEnvVar) is not set');
  } finally {
    await sandbox.cleanup();
    await mock.close();
  }
});
