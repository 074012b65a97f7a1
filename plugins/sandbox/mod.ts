/**
 * @module
 * The `sandbox` plugin: `tern sandbox` says which backend runs sandboxed commands on this machine
 * and what the policy of a sandbox mode allows in the workspace; `tern sandbox [--mode M] -- CMD`
 * runs one command under that policy, so users can see for themselves what their sandbox allows.
 */
import { definePlugin, importOnUse } from "../../kernel/mod.ts";

export default definePlugin({
  name: "sandbox",
  setup(api) {
    api.commands.register({
      name: "sandbox",
      summary: "Show the command sandbox, or run one command in it (sandbox [--mode M] [--json] [-- CMD ...])",
      async run(args, runtime) {
        const { runSandbox } = await importOnUse<typeof import("./command.ts")>("./command.ts", import.meta.url);
        return runSandbox(args, runtime);
      },
    });
  },
});
