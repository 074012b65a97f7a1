/**
 * MCP through a real `tern app-server` and the reference everything server: a server that dies is
 * reported failed, and `config/mcpServer/reload` reads the edited config and brings it back (with
 * `mcpServer/startupStatus/updated` notifications); and a tool call that needs approval asks the
 * client with Codex's form elicitation, honouring accept-for-session and decline.
 */
import { assert, assertEquals, assertStringIncludes } from "@std/assert";
import { join } from "@std/path";
import { spawnStdioServer } from "./support/app_server_process.ts";
import { EVERYTHING_STDIO, NPM_CACHE } from "./support/mcp_servers.ts";
import { ev, startMockModelServer, turnOf } from "./support/mock_model.ts";
import { makeSandbox } from "./support/tern_process.ts";

function text(value: string) {
  return [{ type: "text", text: value, text_elements: [] }];
}

// deno-lint-ignore no-explicit-any
function callOutput(body: any): unknown {
  // deno-lint-ignore no-explicit-any
  return body.input.findLast((i: any) => i.type === "function_call_output")?.output;
}

Deno.test("app-server: config/mcpServer/reload brings back a server that died, with the edited config", async () => {
  await using mock = await startMockModelServer({
    responses: [
      turnOf(ev.functionCall("call_1", "mcp__everything__get-sum", { a: 20, b: 22 })),
      turnOf(ev.assistantMessage("m1", "42")),
    ],
  });
  const sandbox = await makeSandbox();
  const pidFile = join(sandbox.root, "everything.pid");
  // The server runs in a session of its own (setsid), so the test can end it (and npx's child) as one group.
  const everything = (enabledTools: string[]) => ({
    command: "setsid",
    args: ["sh", "-c", `echo $$ > ${pidFile}; exec npx -y @modelcontextprotocol/server-everything stdio`],
    env: { npm_config_cache: NPM_CACHE },
    enabledTools,
    startupTimeoutSec: 60,
  });
  const configFile = join(sandbox.ternHome, "config.jsonc");
  await Deno.writeTextFile(configFile, JSON.stringify({ mcpServers: { everything: everything(["echo"]) } }));
  const server = spawnStdioServer(sandbox, { config: [`openai_base_url=${JSON.stringify(mock.url)}`] });
  try {
    const { client } = server;
    await client.initialize();
    const before = await client.call("mcpServerStatus/list", {});
    assertEquals(before.data.map((s: { name: string; status: string }) => `${s.name}:${s.status}`), [
      "everything:ready",
    ]);

    Deno.kill(-Number((await Deno.readTextFile(pidFile)).trim()), "SIGKILL");
    const died = await client.notification("mcpServer/startupStatus/updated", (p) => p.status === "failed");
    assertEquals([died.params.threadId, died.params.name], [null, "everything"]);
    assertStringIncludes(died.params.error, 'MCP server "everything" stopped');
    const dead = (await client.call("mcpServerStatus/list", {})).data[0];
    assertEquals([dead.status, dead.tools], ["failed", []]);

    await Deno.writeTextFile(
      configFile,
      JSON.stringify({ mcpServers: { everything: everything(["echo", "get-sum"]) } }),
    );
    assertEquals(await client.call("config/mcpServer/reload"), {});
    const statuses = [
      (await client.notification("mcpServer/startupStatus/updated", (p) => p.status === "starting")).params,
      (await client.notification("mcpServer/startupStatus/updated", (p) => p.status === "ready", { timeoutMs: 60_000 }))
        .params,
    ];
    assertEquals(statuses, [
      { threadId: null, name: "everything", status: "starting", error: null },
      { threadId: null, name: "everything", status: "ready", error: null },
    ]);
    const after = (await client.call("mcpServerStatus/list", {})).data[0];
    assertEquals(after.tools.map((t: { name: string }) => t.name).sort(), [
      "mcp__everything__echo",
      "mcp__everything__get-sum",
    ]);

    const threadId = (await client.call("thread/start", {})).thread.id;
    await client.call("turn/start", { threadId, input: text("what is 20 + 22?") });
    const completed = await client.notification("item/completed", (p) => p.item.type === "mcpToolCall");
    assertEquals([completed.params.item.tool, completed.params.item.status], ["get-sum", "completed"]);
    assertEquals((await client.notification("turn/completed")).params.turn.status, "completed");
    assertStringIncludes(String(callOutput(mock.requests[1].body)), "The sum of 20 and 22 is 42");
  } finally {
    await server.stop();
    await sandbox.cleanup();
  }
});

Deno.test("app-server: a reload with a config that no longer parses fails and keeps the running servers", async () => {
  const sandbox = await makeSandbox();
  const configFile = join(sandbox.ternHome, "config.jsonc");
  await Deno.writeTextFile(configFile, JSON.stringify({ mcpServers: { everything: EVERYTHING_STDIO } }));
  const server = spawnStdioServer(sandbox, { config: ['model_provider="scripted"'] });
  try {
    const { client } = server;
    await client.initialize();
    assertEquals((await client.call("mcpServerStatus/list", {})).data[0].status, "ready");
    await Deno.writeTextFile(configFile, '{ "mcpServers": { "everything": ');
    const reply = await client.request("config/mcpServer/reload");
    assert(reply.error, "the reload fails");
    assertStringIncludes(reply.error.message, "config.jsonc");
    const still = (await client.call("mcpServerStatus/list", {})).data[0];
    assertEquals([still.status, still.tools.length > 0], ["ready", true]);
  } finally {
    await server.stop();
    await sandbox.cleanup();
  }
});

Deno.test("app-server: an MCP tool call that needs approval asks with a form elicitation, as Codex does", async () => {
  await using mock = await startMockModelServer({
    responses: [
      turnOf(ev.functionCall("call_1", "mcp__everything__toggle-simulated-logging", {})),
      turnOf(ev.functionCall("call_2", "mcp__everything__toggle-simulated-logging", {})),
      turnOf(ev.assistantMessage("m1", "Toggled twice.")),
      turnOf(ev.functionCall("call_3", "mcp__everything__toggle-simulated-logging", {})),
      turnOf(ev.assistantMessage("m2", "The user said no.")),
    ],
  });
  const sandbox = await makeSandbox();
  const config = { mcpServers: { everything: { ...EVERYTHING_STDIO, enabledTools: ["toggle-simulated-logging"] } } };
  await Deno.writeTextFile(join(sandbox.ternHome, "config.jsonc"), JSON.stringify(config));
  const server = spawnStdioServer(sandbox, { config: [`openai_base_url=${JSON.stringify(mock.url)}`] });
  try {
    const { client } = server;
    await client.initialize();
    const threadId = (await client.call("thread/start", { approvalPolicy: "untrusted" })).thread.id;
    await client.call("turn/start", { threadId, input: text("toggle logging twice") });

    // The first call waits for the everything server to start (npx), which is slow on a loaded machine.
    const ask = await client.serverRequest("mcpServer/elicitation/request", { timeoutMs: 60_000 });
    const { turnId, ...params } = ask.params;
    assert(turnId);
    assertEquals(params, {
      threadId,
      serverName: "everything",
      mode: "form",
      _meta: {
        codex_approval_kind: "mcp_tool_call",
        persist: "session",
        tool_title: "Toggle Simulated Logging",
        tool_description: "Toggles simulated, random-leveled logging on or off.",
        tool_params: {},
        tool_params_display: [],
      },
      message: 'Allow the everything MCP server to run tool "toggle-simulated-logging"?',
      requestedSchema: { type: "object", properties: {} },
    });
    client.respond(ask.id!, { action: "accept", content: null, _meta: { persist: "session" } });
    const resolved = await client.notification("serverRequest/resolved");
    assertEquals(resolved.params, { threadId, requestId: ask.id });
    for (const callId of ["call_1", "call_2"]) {
      const done = await client.notification("item/completed", (p) => p.item.id === callId);
      assertEquals(done.params.item.status, "completed");
    }
    assertEquals((await client.notification("turn/completed")).params.turn.status, "completed");
    assertEquals(
      client.messages.filter((m) => m.method === "mcpServer/elicitation/request").length,
      1,
      "accepted for the session: the second call does not ask",
    );

    const other = (await client.call("thread/start", { approvalPolicy: "untrusted" })).thread.id;
    await client.call("turn/start", { threadId: other, input: text("toggle it again") });
    const again = await client.serverRequest("mcpServer/elicitation/request");
    assertEquals(again.params.threadId, other, "a session approval covers its own thread only");
    client.respond(again.id!, { action: "decline", content: null });
    const declined = await client.notification("item/completed", (p) => p.item.id === "call_3");
    assertEquals([declined.params.item.status, declined.params.item.result], ["failed", null]);
    assertEquals((await client.notification("turn/completed")).params.turn.status, "completed");
    assertEquals(
      callOutput(mock.requests[4].body),
      "The user declined the MCP tool call mcp__everything__toggle-simulated-logging",
    );
  } finally {
    await server.stop();
    await sandbox.cleanup();
  }
});
