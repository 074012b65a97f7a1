/**
 * @module
 * The `tui` plugin: contributes the interactive terminal session that bare `tern` (or
 * `tern PROMPT`) opens. This module stays cheap to import; the session and its terminal library
 * load only when the command runs (`command.ts`).
 */
import { definePlugin, importOnUse } from "../../kernel/mod.ts";

export default definePlugin({
  name: "tui",
  setup(api) {
    api.commands.register({
      name: "tui",
      summary: "Open the interactive session (also bare `tern`, or `tern PROMPT`)",
      run: async (args, runtime) =>
        (await importOnUse<typeof import("./command.ts")>("./command.ts", import.meta.url)).runTui(args, runtime),
    });
  },
});
