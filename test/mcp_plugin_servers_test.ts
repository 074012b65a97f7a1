/**
 * MCP servers a plugin contributes (`contributes.mcpServers` in its `plugin.jsonc`) start like
 * the config's: a plugin folder in a temp dir declares the reference everything server, started
 * through a script in the plugin's own folder (a relative `command`), and `tern exec --json` with
 * the mock model calls its tool. The config's server wins a name clash.
 */
import { assert, assertEquals, assertStringIncludes } from "@std/assert";
import { fromFileUrl, join } from "@std/path";
import { ev, startMockModelServer, turnOf } from "./support/mock_model.ts";
import { NPM_CACHE } from "./support/mcp_servers.ts";
import { makeSandbox, runTern, type Sandbox } from "./support/tern_process.ts";

const KERNEL = new URL("../kernel/mod.ts", import.meta.url).href;

/** Writes a plugin that contributes the everything server, run by its own `bin/everything` script. */
async function writePlugin(sandbox: Sandbox): Promise<string> {
  const dir = join(sandbox.root, "everything-plugin");
  await Deno.mkdir(join(dir, "bin"), { recursive: true });
  await Deno.writeTextFile(
    join(dir, "bin/everything"),
    "#!/bin/sh\nexec npx -y @modelcontextprotocol/server-everything stdio\n",
  );
  await Deno.chmod(join(dir, "bin/everything"), 0o755);
  const manifest = {
    name: "everything-tools",
    version: "1.0.0",
    description: "The reference MCP server's tools",
    entry: "./mod.ts",
    contributes: {
      mcpServers: {
        everything: {
          command: "./bin/everything",
          env: { npm_config_cache: NPM_CACHE },
          enabledTools: ["echo", "get-sum"],
          startupTimeoutSec: 60,
        },
      },
    },
  };
  await Deno.writeTextFile(join(dir, "plugin.jsonc"), JSON.stringify(manifest, null, 2));
  await Deno.writeTextFile(
    join(dir, "mod.ts"),
    `import { definePlugin } from ${JSON.stringify(KERNEL)};\n` +
      `export default definePlugin({ name: "everything-tools", setup() {} });\n`,
  );
  return dir;
}

Deno.test("a plugin's contributed MCP server starts from its folder and the model calls its tool", async () => {
  const mock = await startMockModelServer({
    responses: [
      turnOf({}, ev.functionCall("call_1", "mcp__everything__echo", { message: "from a plugin" })),
      turnOf({}, ev.assistantMessage("msg_1", "Echoed.")),
    ],
  });
  const sandbox = await makeSandbox();
  try {
    const plugin = await writePlugin(sandbox);
    const run = await runTern(sandbox, [
      "-c",
      `extraPlugins=${JSON.stringify([plugin])}`,
      "exec",
      "--json",
      "-c",
      `openai_base_url=${JSON.stringify(mock.url)}`,
      "echo something",
    ]);
    assertEquals(run.code, 0, run.stderr);
    const items = run.events.filter((e) => e.type === "item.completed").map((e) => e.item as Record<string, unknown>);
    const call = items.find((i) => i.type === "mcp_tool_call");
    assert(call, `no mcp_tool_call in ${run.stdout}\n${run.stderr}`);
    assertEquals([call.server, call.tool, call.status], ["everything", "echo", "completed"]);
    assertStringIncludes(JSON.stringify(mock.requests[1].body), "Echo: from a plugin");
    const offered = JSON.stringify(mock.requests[0].body.tools);
    assertStringIncludes(offered, "mcp__everything__get-sum");
  } finally {
    await sandbox.cleanup();
    await mock.close();
  }
});

Deno.test("the config's MCP server wins over a plugin's server of the same name", async () => {
  const sandbox = await makeSandbox();
  try {
    const plugin = await writePlugin(sandbox);
    const config = { mcpServers: { everything: { command: "definitely-not-a-command-xyz" } } };
    await Deno.writeTextFile(join(sandbox.ternHome, "config.jsonc"), JSON.stringify(config));
    const list = await runTern(sandbox, ["-c", `extraPlugins=${JSON.stringify([plugin])}`, "mcp", "list"]);
    assertEquals(list.code, 0, list.stderr);
    const lines = list.stdout.trim().split("\n");
    assertEquals(lines.length, 1, list.stdout);
    assertStringIncludes(lines[0], 'everything  failed  MCP server "everything" failed to start');
    assertStringIncludes(lines[0], "definitely-not-a-command-xyz");
  } finally {
    await sandbox.cleanup();
  }
});

Deno.test("examples/mcp/plugin: loading the plugin is enough for tern mcp list to show its server's tools", async () => {
  const sandbox = await makeSandbox();
  try {
    const example = fromFileUrl(new URL("../examples/mcp/plugin", import.meta.url));
    // The plugin's server gets no npm cache setting of its own: give it the real HOME, whose cache holds the package.
    const list = await runTern(sandbox, ["-c", `extraPlugins=${JSON.stringify([example])}`, "mcp", "list"], {
      env: { HOME: Deno.env.get("HOME") ?? sandbox.root },
    });
    assertEquals(list.code, 0, list.stderr);
    assertEquals(list.stdout.trim().split("\n"), [
      "everything  ready",
      "  mcp__everything__echo  Echoes back the input string",
      "  mcp__everything__get-sum  Returns the sum of two numbers",
    ]);
  } finally {
    await sandbox.cleanup();
  }
});
