/**
 * The property the issue asks for: every tool a real Tern registers (the built-in shell,
 * apply_patch, update_plan, request_user_input and view_image tools, a real MCP server's tools, a
 * client's dynamic tools and a plugin's own tool) passes PreToolUse and PostToolUse hooks, because
 * the engine is wired into the kernel's one dispatch chokepoint.
 */
import { assert, assertEquals } from "@std/assert";
import { fromFileUrl, join, toFileUrl } from "@std/path";
import type { DynamicToolSpec } from "../kernel/mod.ts";
import { bootHooks, group, withTempDir, writeScript } from "./_testing.ts";

const ROOT = fromFileUrl(new URL("..", import.meta.url));
const KERNEL = toFileUrl(join(ROOT, "kernel", "mod.ts")).href;
const BUILTIN_TOOLS = ["shell", "apply_patch", "update_plan", "request_user_input", "view_image", "dynamic", "mcp"]
  .map((name) => join(ROOT, "tools", name));

const MCP_SERVER = `
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
import { z } from "zod";
const server = new McpServer({ name: "probe", version: "1.0.0" });
server.registerTool("echo", { description: "echoes", inputSchema: { text: z.string().optional() }, annotations: { readOnlyHint: true } },
  ({ text }) => ({ content: [{ type: "text", text: "echo " + (text ?? "") }] }));
await server.connect(new StdioServerTransport());
`;

const PLUGIN = `
import { z } from "zod";
import { definePlugin, defineTool } from "${KERNEL}";
export default definePlugin({ name: "own-tool", setup(api) {
  api.tools.register(defineTool({ name: "own_tool", description: "a plugin's tool", parameters: z.object({}).loose(),
    execute: () => Promise.resolve({ output: "own" }) }));
} });
`;

const DYNAMIC: DynamicToolSpec[] = [
  { name: "lookup", description: "answered by the client", inputSchema: { type: "object", properties: {} } },
];

Deno.test("every tool of a real Tern (built-ins, MCP, dynamic, plugin) passes PreToolUse and PostToolUse", async () => {
  await withTempDir(async (dir) => {
    const server = join(dir, "mcp_server.ts");
    await Deno.writeTextFile(server, MCP_SERVER);
    const pluginDir = join(dir, "own-tool");
    await Deno.mkdir(pluginDir);
    await Deno.writeTextFile(join(pluginDir, "plugin.jsonc"), JSON.stringify({ name: "own-tool" }));
    await Deno.writeTextFile(join(pluginDir, "mod.ts"), PLUGIN);
    const log = (event: string) =>
      writeScript(dir, `${event}.sh`, `input=$(cat)\nprintf '%s\\n' "$input" >> "${dir}/${event}.log"`);
    const hooks = { PreToolUse: [group(await log("pre"))], PostToolUse: [group(await log("post"))] };
    const mcp = {
      probe: { command: Deno.execPath(), args: ["run", "-A", "--config", join(ROOT, "deno.json"), server] },
    };
    const options = {
      hooks,
      testTools: false,
      plugins: [...BUILTIN_TOOLS, pluginDir],
      overrides: [`mcpServers=${JSON.stringify(mcp)}`],
    };

    // A first run finds every tool a thread sees once MCP servers are up and dynamic tools are in.
    const probe = await bootHooks(dir, options);
    const { thread } = await probe.turn("hi", await probe.runtime.startThread({ dynamicTools: DYNAMIC }));
    const tools = probe.runtime.tools.list(thread.id);
    await probe.close();
    const names = tools.map((t) => t.name);
    for (const name of ["shell_command", "apply_patch", "update_plan", "mcp__probe__echo", "lookup", "own_tool"]) {
      assert(names.includes(name), `${name} is not registered: ${names.join(", ")}`);
    }
    await Deno.remove(join(dir, "pre.log")).catch(() => {});

    const calls = tools.map((t, i) =>
      t.kind === "freeform" ? { custom: t.name, input: "x", id: `c${i}` } : { call: t.name, args: {}, id: `c${i}` }
    );
    const b = await bootHooks(dir, { ...options, responses: [calls, [{ say: "ok" }]] });
    await b.turn("call everything", await b.runtime.startThread({ dynamicTools: DYNAMIC }));
    await b.close();
    const seen = async (event: string) =>
      (await Deno.readTextFile(join(dir, `${event}.log`))).trim().split("\n").map((l) => JSON.parse(l))
        .map((input) => `${input.tool_use_id}`).sort();
    const expected = calls.map((c) => c.id).sort();
    assertEquals(await seen("pre"), expected);
    assertEquals(await seen("post"), expected);
    const post = (await Deno.readTextFile(join(dir, "post.log"))).trim().split("\n").map((l) => JSON.parse(l));
    const byName = (name: string) => post.find((input) => input.tool_name === name);
    assertEquals(byName("mcp__probe__echo")?.tool_response, "echo ", "the MCP server ran the call");
    assert(byName("Bash"), "shell tools reach hooks as Bash");
  });
});
