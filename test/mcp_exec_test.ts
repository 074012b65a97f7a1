import { assert, assertEquals, assertStringIncludes } from "@std/assert";
import { fromFileUrl, join } from "@std/path";
import { parse as parseJsonc } from "@std/jsonc";
import { ev, startMockModelServer, turnOf } from "./support/mock_model.ts";
import { EVERYTHING_STDIO, NPM_CACHE, preinstallNpx } from "./support/mcp_servers.ts";
import { makeSandbox, runTern, type Sandbox } from "./support/tern_process.ts";

const EXAMPLE = fromFileUrl(new URL("../examples/mcp/config.jsonc", import.meta.url));

/**
 * Writes examples/mcp/config.jsonc as the sandbox's user config, with the real npx cache, so the
 * server is not downloaded again.
 */
async function useExampleConfig(sandbox: Sandbox): Promise<void> {
  const config = parseJsonc(await Deno.readTextFile(EXAMPLE)) as {
    mcpServers: { everything: Record<string, unknown> };
  };
  config.mcpServers.everything.env = { npm_config_cache: NPM_CACHE };
  await Deno.writeTextFile(join(sandbox.ternHome, "config.jsonc"), JSON.stringify(config));
}

Deno.test("tern exec --json with examples/mcp/config.jsonc calls mcp__everything__echo as an mcp_tool_call", async () => {
  const mock = await startMockModelServer({
    responses: [
      turnOf({}, ev.functionCall("call_1", "mcp__everything__echo", { message: "hello mcp" })),
      turnOf({}, ev.assistantMessage("msg_1", "The server echoed.")),
    ],
  });
  const sandbox = await makeSandbox();
  try {
    await useExampleConfig(sandbox);
    const run = await runTern(sandbox, ["exec", "--json", "-c", `openai_base_url=${JSON.stringify(mock.url)}`, "echo"]);
    assertEquals(run.code, 0, run.stderr);
    const items = run.events.filter((e) => e.type === "item.completed").map((e) => e.item as Record<string, unknown>);
    const call = items.find((i) => i.type === "mcp_tool_call");
    assert(call, `no mcp_tool_call in ${run.stdout}\n${run.stderr}`);
    assertEquals([call.server, call.tool, call.status], ["everything", "echo", "completed"]);
    const sent = JSON.stringify(mock.requests.at(-1));
    assertStringIncludes(sent, "Echo: hello mcp");
    const first = JSON.stringify(mock.requests[0]);
    assertStringIncludes(first, "mcp__everything__get-sum");
    assert(!first.includes("mcp__everything__get-env"), "tools outside enabledTools are not offered");
  } finally {
    await sandbox.cleanup();
    await mock.close();
  }
});

Deno.test("tern mcp add, list and remove manage a real server in the user config, keeping its comments", async () => {
  const sandbox = await makeSandbox();
  try {
    await useExampleConfig(sandbox);
    const file = join(sandbox.ternHome, "config.jsonc");
    await Deno.writeTextFile(file, `// mine\n{ "model": "gpt-5.1-codex" }\n`);
    const add = await runTern(sandbox, [
      "mcp",
      "add",
      "files",
      "--env",
      `npm_config_cache=${NPM_CACHE}`,
      "--",
      "npx",
      "-y",
      "@modelcontextprotocol/server-filesystem",
      sandbox.workspace,
    ]);
    assertEquals(add.code, 0, add.stderr);
    assertStringIncludes(await Deno.readTextFile(file), "// mine");
    await preinstallNpx("@modelcontextprotocol/server-filesystem", [sandbox.workspace]);
    const list = await runTern(sandbox, ["mcp", "list"]);
    assertEquals(list.code, 0, list.stderr);
    assertStringIncludes(list.stdout, "files  ready");
    assertStringIncludes(list.stdout, "mcp__files__read_text_file");
    const remove = await runTern(sandbox, ["mcp", "remove", "files"]);
    assertEquals(remove.code, 0, remove.stderr);
    const after = await runTern(sandbox, ["mcp", "list"]);
    assertStringIncludes(after.stdout, "No MCP servers configured");
  } finally {
    await sandbox.cleanup();
  }
});

Deno.test("tern exec's transcript shows an MCP call with its arguments and result, and a failed one as failed", async () => {
  const mock = await startMockModelServer({
    responses: [
      turnOf(
        {},
        ev.functionCall("call_1", "mcp__everything__echo", { message: "hello mcp" }),
        ev.functionCall("call_2", "mcp__everything__get-sum", { a: "not a number" }),
      ),
      turnOf({}, ev.assistantMessage("msg_1", "Done.")),
    ],
  });
  const sandbox = await makeSandbox();
  try {
    await useExampleConfig(sandbox);
    const run = await runTern(sandbox, ["exec", "-c", `openai_base_url=${JSON.stringify(mock.url)}`, "echo"]);
    assertEquals(run.code, 0, run.stderr);
    assertStringIncludes(run.stderr, 'tool everything.echo({"message":"hello mcp"})');
    assertStringIncludes(run.stderr, "  Echo: hello mcp\n  ✓");
    assertStringIncludes(run.stderr, 'tool everything.get-sum({"a":"not a number"})');
    assertStringIncludes(run.stderr, "✗ failed");
    assertEquals(run.stdout, "Done.\n");
  } finally {
    await sandbox.cleanup();
    await mock.close();
  }
});

Deno.test("tern mcp add works on a fresh Tern home: it creates the config file", async () => {
  const sandbox = await makeSandbox();
  try {
    const file = join(sandbox.ternHome, "config.jsonc");
    const add = await runTern(sandbox, ["mcp", "add", "notes", "--", "node", "server.js"]);
    assertEquals(add.code, 0, add.stderr);
    assertStringIncludes(add.stdout, `Added MCP server "notes" to ${file}`);
    const get = await runTern(sandbox, ["mcp", "get", "notes"]);
    assertEquals(get.code, 0, get.stderr);
    assertEquals(JSON.parse(get.stdout), { name: "notes", command: "node", args: ["server.js"] });
    assertEquals((await runTern(sandbox, ["mcp", "remove", "absent"])).code, 2, "removing what is not there fails");
  } finally {
    await sandbox.cleanup();
  }
});

Deno.test("tern exec without a terminal declines an MCP tool call that needs approval, and the model reads why", async () => {
  const mock = await startMockModelServer({
    responses: [
      turnOf({}, ev.functionCall("call_1", "mcp__everything__toggle-simulated-logging", {})),
      turnOf({}, ev.assistantMessage("msg_1", "I could not toggle logging.")),
    ],
  });
  const sandbox = await makeSandbox();
  try {
    const config = { mcpServers: { everything: { ...EVERYTHING_STDIO, enabledTools: ["toggle-simulated-logging"] } } };
    await Deno.writeTextFile(join(sandbox.ternHome, "config.jsonc"), JSON.stringify(config));
    const run = await runTern(sandbox, [
      "-a",
      "untrusted",
      "exec",
      "--json",
      "-c",
      `openai_base_url=${JSON.stringify(mock.url)}`,
      "toggle logging",
    ]);
    assertEquals(run.code, 0, run.stderr);
    const items = run.events.filter((e) => e.type === "item.completed").map((e) => e.item as Record<string, unknown>);
    const call = items.find((i) => i.type === "mcp_tool_call");
    assertEquals([call?.tool, call?.status], ["toggle-simulated-logging", "failed"]);
    const sent = JSON.stringify(mock.requests[1].body);
    assertStringIncludes(sent, "The user declined the MCP tool call mcp__everything__toggle-simulated-logging");
    assertStringIncludes(sent, "nobody can approve this");
  } finally {
    await sandbox.cleanup();
    await mock.close();
  }
});
