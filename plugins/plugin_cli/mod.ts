/**
 * @module
 * The `plugin-cli` plugin: contributes `tern plugin <subcommand>`. The subcommands are a table
 * (`subcommands.ts`); `dispatch.ts` picks one and prints the family's help.
 */
import { definePlugin } from "../../kernel/mod.ts";
import { dispatch } from "./dispatch.ts";

export default definePlugin({
  name: "plugin-cli",
  setup(api) {
    api.commands.register({
      name: "plugin",
      summary: "Commands for plugin authors (tern plugin new NAME)",
      run: (args, runtime) => dispatch(args, { runtime, out: console.log, err: console.error }),
    });
  },
});
