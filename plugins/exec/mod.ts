/**
 * @module
 * The `exec` plugin: contributes the `tern exec` command (one-shot runs; human output, or
 * `--json` JSONL events compatible with `codex exec --json`). See `run.ts` for the flow.
 */
import { definePlugin } from "../../kernel/mod.ts";
import { runExec } from "./run.ts";

export default definePlugin({
  name: "exec",
  setup(api) {
    api.commands.register({
      name: "exec",
      summary: "Run one turn non-interactively (--json for JSONL events)",
      run: (args, runtime) => runExec(args, runtime, { addProvider: api.providers.register }),
    });
  },
});
