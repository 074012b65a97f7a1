/**
 * @module
 * The `everything-mcp` example plugin. Its MCP server is declared in `plugin.jsonc`
 * (`contributes.mcpServers`) and started by the `mcp` plugin, so `setup()` has nothing to do;
 * a plugin may of course register tools, hooks or context beside its servers.
 */
import { definePlugin } from "../../../kernel/mod.ts";

export default definePlugin({
  name: "everything-mcp",
  setup() {},
});
