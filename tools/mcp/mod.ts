/**
 * @module
 * The `mcp` plugin: an MCP client for the servers under the config's top-level `mcpServers`
 * (stdio `{command, args, env, cwd}` or streamable HTTP `{url, bearerTokenEnvVar, headers}`) and
 * those loaded plugins contribute (`contributes.mcpServers`). Servers start concurrently without
 * blocking setup; their tools are registered as `mcp__<server>__<tool>` as each becomes ready.
 * Before every model request a context contributor waits for servers still starting, so the first
 * turn sees every tool that could start. The SDK is imported only when a server exists. Also:
 * `mcpServerStatus/list`, `mcpServer/tool/call`, `mcpServer/resource/read`,
 * `config/mcpServer/reload`, `mcpServer/oauth/login` (OAuth for HTTP servers, `oauth.ts`) and
 * `tern mcp list|get|add|remove`. See docs/mcp.md.
 */
import { definePlugin, importOnUse } from "../../kernel/mod.ts";
import { McpControl } from "./control.ts";
import { MCP_METHODS } from "./method_names.ts";

/** Calls `fn` the first time, then hands back its promise. */
function once<T>(fn: () => Promise<T>): () => Promise<T> {
  let value: Promise<T> | undefined;
  return () => (value ??= fn());
}

export default definePlugin({
  name: "mcp",
  setup(api) {
    const control = new McpControl({
      cwd: api.cwd,
      tokenDir: `${api.ternHome}/mcp-oauth`,
      configServers: (api.config as Record<string, unknown>).mcpServers,
      plugins: () => api.plugins.list(),
      readConfigServers: async () => ((await api.config.reread()) as Record<string, unknown>).mcpServers,
      register: (tool) => api.tools.register(tool),
      onStatus: (name, status, error) => {
        if (status === "failed") api.warn(error ?? `MCP server "${name}" failed`);
        else api.log(`MCP server "${name}": ${status}`);
        api.bus.emit("mcpServer/startupStatus/updated", { threadId: null, name, status, error });
      },
      log: (message) => api.log(message),
    });
    // Servers other plugins contribute start once every plugin is set up (the first turn, method
    // or command also adds them, should one come first).
    void api.plugins.loaded.then(() => control.addPluginServers());
    api.context.register({
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
    // Ends the wait of OAuth logins still in progress.
    const closing = new AbortController();
    // Methods and the command load their code on first use: most runs use neither.
    const methods = once(async () =>
      (await importOnUse<typeof import("./methods.ts")>("./methods.ts", import.meta.url)).mcpMethods(control, {
        tokenDir: `${api.ternHome}/mcp-oauth`,
        signal: closing.signal,
        onLoginDone: (done) => api.bus.emit("mcpServer/oauthLogin/completed", done),
      })
    );
    for (const method of MCP_METHODS) {
      api.methods.register(method, async (params) => (await methods())[method](params));
    }
    api.commands.register({
      name: "mcp",
      summary: "Manage MCP servers: list, get, add, remove",
      run: async (args, runtime) => {
        const { mcpCommand } = await importOnUse<typeof import("./command.ts")>("./command.ts", import.meta.url);
        return mcpCommand({ control, userConfigFile: `${api.ternHome}/config.jsonc` }).run(args, runtime);
      },
    });
    api.onClose(() => (closing.abort(), control.close()));
  },
});
