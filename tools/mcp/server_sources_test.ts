import { assertEquals } from "@std/assert";
import type { PluginSummary } from "../../kernel/mod.ts";
import { collectServers, pluginServers } from "./server_sources.ts";

function plugin(name: string, mcpServers: Record<string, unknown>, status: PluginSummary["status"] = "loaded") {
  return { name, dir: `/plugins/${name}`, status, contributes: { mcpServers } } as unknown as PluginSummary;
}

Deno.test("pluginServers() resolves a plugin's relative command and cwd against its folder, leaving PATH commands alone", () => {
  assertEquals(
    pluginServers([
      plugin("jira", {
        local: { command: "./bin/server", args: ["--verbose"], cwd: "data" },
        npx: { command: "npx", args: ["-y", "srv"], cwd: "/srv" },
        web: { url: "https://mcp.example.com/mcp" },
      }),
      plugin("empty", {}),
      plugin("broken", { x: { command: "x" } }, "failed"),
    ]),
    [{
      plugin: "jira",
      servers: {
        local: { command: "/plugins/jira/bin/server", args: ["--verbose"], cwd: "/plugins/jira/data" },
        npx: { command: "npx", args: ["-y", "srv"], cwd: "/srv" },
        web: { url: "https://mcp.example.com/mcp" },
      },
    }],
  );
});

Deno.test("collectServers() lets the config win a name clash, then the first plugin, and says so", () => {
  const { servers, fromConfig, shadowed } = collectServers(
    { docs: { command: "docs-from-config" } },
    [
      { plugin: "a", servers: { docs: { command: "docs-a" }, tickets: { command: "tickets-a" } } },
      { plugin: "b", servers: { tickets: { command: "tickets-b" }, wiki: { command: "wiki-b" } } },
    ],
  );
  assertEquals(servers.map((s) => `${s.name}:${s.config?.command}`), [
    "docs:docs-from-config",
    "tickets:tickets-a",
    "wiki:wiki-b",
  ]);
  assertEquals(fromConfig, 1);
  assertEquals(shadowed, [
    'MCP server "docs" of plugin "a" is not started: the config declares one',
    'MCP server "tickets" of plugin "b" is not started: plugin "a" declares one',
  ]);
});

Deno.test("collectServers() names the plugin of an invalid server entry", () => {
  const { servers } = collectServers(undefined, [{
    plugin: "p",
    servers: { bad: { command: "x", url: "http://h/" } },
  }]);
  assertEquals(
    servers[0].error,
    'Invalid config for MCP server "bad": set exactly one of "command" (stdio) or "url" (streamable HTTP) (from plugin "p")',
  );
});
