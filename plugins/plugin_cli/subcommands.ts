/**
 * @module
 * The `tern plugin` subcommands, as a table: name → summary, usage and what runs. To add one
 * (`install`, `reload`, ...), write its module beside this one and add a row here; dispatch and
 * help come from the table.
 */
import { importOnUse } from "../../kernel/mod.ts";
import type { SubcommandContext } from "./context.ts";
export type { SubcommandContext } from "./context.ts";

/** One `tern plugin <name>` subcommand. */
export interface Subcommand {
  /** One line for `tern plugin --help`. */
  summary: string;
  /** The arguments, as shown after `tern plugin <name>`. */
  usage: string;
  /** Runs it; resolves to the exit code. Its code is imported only when it runs. */
  run(args: string[], ctx: SubcommandContext): Promise<number>;
}

/** Every subcommand, by name, in help order. */
export const SUBCOMMANDS: Record<string, Subcommand> = {
  new: {
    summary: "Create a plugin folder: manifest, a tool, a hook, a passing test",
    usage: "NAME [--force]   (in the current directory, or -C DIR)",
    run: async (args, ctx) =>
      (await importOnUse<typeof import("./new_command.ts")>("./new_command.ts", import.meta.url)).runNew(args, ctx),
  },
  install: {
    summary: "Add a plugin (a folder, a Claude Code or Codex plugin, or npm:SPEC) to the config, once it loads",
    usage: "PATH|npm:SPEC [--project]   (user config by default; --project: the project's .tern/config.jsonc)",
    run: async (args, ctx) =>
      (await importOnUse<typeof import("./install.ts")>("./install.ts", import.meta.url)).runInstall(args, ctx),
  },
  reload: {
    summary: "Reload plugins as a running session does, and say whether each still loads",
    usage: "[NAME...] [--watch]   (default: every plugin that is not built in; --watch: again at each change)",
    run: async (args, ctx) =>
      (await importOnUse<typeof import("./reload.ts")>("./reload.ts", import.meta.url)).runReload(args, ctx),
  },
};
