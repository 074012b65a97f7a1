/**
 * @module
 * The `mcp` plugin: an MCP client for the servers under the config's top-level `mcpServers`
 * (stdio `{command, args, env, cwd}` or streamable HTTP `{url, bearerTokenEnvVar, headers}`) and
 * those loaded plugins contribute (`contributes.mcpServers`). Servers start concurrently without
 * blocking setup; their tools are registered as `mcp__<server>__<tool>` as each becomes ready.
 * Before every model request a context contributor waits for servers still starting, so the first
 * turn sees every tool that could start. The SDK is imported only when a server exists. Also:
 * `mcpServerStatus/list`, `mcpServer/tool/call`, `mcpServer/resource/read`,
 * `config/mcpServer/reload` and `tern mcp list|get|add|remove`. See docs/mcp.md.
 */
import { definePlugin } from "../../kernel/mod.ts";
import { mcpCommand } from "./command.ts";
import { readMcpServers } from "./config_reload.ts";
import { McpControl } from "./control.ts";
import { mcpMethods } from "./methods.ts";

/** How often the plugin looks whether every plugin is set up (to start plugin-contributed servers). */
const PLUGIN_POLL_MS = 10;

export default definePlugin({
  name: "mcp",
  setup(api) {
    const control = new McpControl({
      cwd: api.cwd,
      configServers: (api.config as Record<string, unknown>).mcpServers,
      plugins: () => api.plugins.list(),
      readConfigServers: () => readMcpServers({ cwd: api.cwd, ternHome: api.ternHome }),
      register: (tool) => api.tools.register(tool),
      onStatus: (name, status, error) => {
        if (status === "failed") api.warn(error ?? `MCP server "${name}" failed`);
        else api.log(`MCP server "${name}": ${status}`);
        api.bus.emit("mcpServer/startupStatus/updated", { threadId: null, name, status, error });
      },
      log: (message) => api.log(message),
    });
    // The plugin list is known only once every plugin is set up, and the API has no event for
    // that: look for it on a short unref'd timer, so contributed servers start without waiting
    // for the first turn (which also adds them, as does every method and command).
    const poll = setInterval(() => control.addPluginServers() && clearInterval(poll), PLUGIN_POLL_MS);
    Deno.unrefTimer(poll);
    api.context.add({
      name: "mcp-startup",
      async contribute(request) {
        const manager = await control.manager();
        if (!manager) return [];
        await Promise.race([
          manager.ready,
          new Promise((resolve) => request.signal.addEventListener("abort", resolve, { once: true })),
        ]);
        return [];
      },
    });
    for (const [method, handler] of Object.entries(mcpMethods(control))) api.methods.register(method, handler);
    api.commands.register(mcpCommand({
      control,
      userConfigFile: `${api.ternHome}/config.jsonc`,
    }));
    api.onClose(async () => {
      clearInterval(poll);
      await control.close();
    });
  },
});
