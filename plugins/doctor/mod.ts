/**
 * @module
 * The `doctor` plugin: `tern doctor [--json] [--check-mcp]` checks the config (every layer), the
 * plugins (status, timings, contributions), hooks (with the tools each would fire for), skills,
 * MCP servers and what Claude Code / Codex plugins could not map, naming the file and line of
 * every problem; it exits 1 when there is an error. It loads only when the command runs.
 */
import { definePlugin, importOnUse } from "../../kernel/mod.ts";

export default definePlugin({
  name: "doctor",
  setup(api) {
    api.commands.register({
      name: "doctor",
      summary: "Check config, plugins, hooks, skills and MCP servers (doctor [--json] [--check-mcp])",
      async run(args, runtime) {
        const { runDoctor } = await importOnUse<typeof import("./command.ts")>("./command.ts", import.meta.url);
        return runDoctor(args, runtime);
      },
    });
  },
});
