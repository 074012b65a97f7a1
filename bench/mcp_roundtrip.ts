/**
 * @module
 * The round-trip overhead of an MCP tool call through Tern, against calling the same server
 * directly with the SDK, in one run: the reference `server-everything` over stdio (fetched by
 * npx), its `echo` tool, medians of many calls. Tern's figure is the `mcp__everything__echo` tool
 * as the turn loop runs it (approval check, `mcpToolCall` item, result conversion), through the
 * kernel's dispatch with no interceptors.
 *
 *   deno run -A bench/mcp_roundtrip.ts [--calls 200]
 */
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { type JsonSchemaTool, recordingToolContext, ToolRegistry } from "../kernel/mod.ts";
import { McpManager } from "../tools/mcp/manager.ts";
import { parseServers } from "../tools/mcp/server_config.ts";

const calls = Number(Deno.args[Deno.args.indexOf("--calls") + 1]) || 200;
const server = { command: "npx", args: ["-y", "@modelcontextprotocol/server-everything", "stdio"] };

async function timeCalls(call: () => Promise<unknown>): Promise<number[]> {
  for (let i = 0; i < 10; i++) await call(); // warm-up
  const samples: number[] = [];
  for (let i = 0; i < calls; i++) {
    const start = performance.now();
    await call();
    samples.push(performance.now() - start);
  }
  return samples;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

// Directly with the SDK.
const client = new Client({ name: "bench", version: "0" });
await client.connect(new StdioClientTransport(server));
const direct = await timeCalls(() => client.callTool({ name: "echo", arguments: { message: "hi" } }));
await client.close();

// Through Tern's MCP plugin and the kernel's dispatch.
const tools = new ToolRegistry();
const manager = new McpManager(parseServers({ everything: server }), {
  cwd: Deno.cwd(),
  register: (tool: JsonSchemaTool) => tools.register(tool, "mcp"),
  onStatus: () => {},
  log: () => {},
});
await manager.ready;
const { ctx } = recordingToolContext({ toolName: "mcp__everything__echo" });
const call = { callId: "c", name: "mcp__everything__echo", input: '{"message":"hi"}', kind: "function" as const };
const viaTern = await timeCalls(() => tools.dispatch(call, ctx));
await manager.close();

const d = median(direct);
const t = median(viaTern);
console.log(`MCP echo over stdio, median of ${calls} calls`);
console.log(`  SDK client directly     ${d.toFixed(2)} ms`);
console.log(`  through Tern (dispatch) ${t.toFixed(2)} ms`);
console.log(`  overhead                ${(t - d).toFixed(2)} ms`);
