/**
 * @module
 * The `mcp` plugin: an MCP client for the servers under the config's top-level `mcpServers`
 * (stdio `{command, args, env, cwd}` or streamable HTTP `{url, bearerTokenEnvVar, headers}`).
 * Servers start concurrently at setup without blocking it; their tools are registered as
 * `mcp__<server>__<tool>` as each becomes ready. Before every model request a context
 * contributor waits for servers still starting (each at most its `startupTimeoutSec`), so the
 * first turn sees every tool that could start. The SDK is imported only when a server is
 * configured. Also: `mcpServerStatus/list`, `mcpServer/tool/call`, `mcpServer/resource/read`
 * and `tern mcp list|get|add|remove`. See docs/mcp.md.
 */
import { definePlugin } from "../../kernel/mod.ts";
import { mcpCommand } from "./command.ts";
import { parseServers } from "./server_config.ts";

export default definePlugin({
  name: "mcp",
  async setup(api) {
    const raw = (api.config as Record<string, unknown>).mcpServers;
    const servers = parseServers(raw);
    const commandOptions = {
      servers: (servers.length ? raw : {}) as Record<string, unknown>,
      userConfigFile: `${api.ternHome}/config.jsonc`,
    };
    if (servers.length === 0) {
      api.commands.register(mcpCommand({ ...commandOptions, manager: null }));
      return;
    }
    // The manager, the SDK and the tool code load only when some server is configured.
    const [{ McpManager }, { mcpMethods }] = await Promise.all([import("./manager.ts"), import("./methods.ts")]);
    const manager = new McpManager(servers, {
      cwd: api.cwd,
      register: (tool) => api.tools.register(tool),
      onStatus: (name, status, error) => {
        if (status === "failed") api.warn(error ?? `MCP server "${name}" failed`);
        else api.log(`MCP server "${name}": ${status}`);
        api.bus.emit("mcpServer/startupStatus/updated", { threadId: null, name, status, error });
      },
      log: (message) => api.log(message),
    });
    api.context.add({
      name: "mcp-startup",
      async contribute(request) {
        await Promise.race([
          manager.ready,
          new Promise((resolve) => request.signal.addEventListener("abort", resolve, { once: true })),
        ]);
        return [];
      },
    });
    for (const [method, handler] of Object.entries(mcpMethods(manager))) api.methods.register(method, handler);
    api.commands.register(mcpCommand({ ...commandOptions, manager }));
    api.onClose(() => manager.close());
  },
});
