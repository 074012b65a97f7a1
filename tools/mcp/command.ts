/**
 * @module
 * `tern mcp`: `list [--json]` shows the configured servers, their status and the tools each
 * gives the model; `get NAME` prints a server's config; `add NAME ...` and `remove NAME` edit
 * `mcpServers` in the user config (`$TERN_HOME/config.jsonc`), keeping its comments.
 */
import type { Command } from "../../kernel/mod.ts";
import { editServer, parseAddArgs } from "./config_edit.ts";
import type { McpControl } from "./control.ts";

/** What the command works on. */
export interface McpCommandOptions {
  /** The run's servers (from the config and from plugins). */
  control: McpControl;
  /** The file `add` and `remove` edit. */
  userConfigFile: string;
}

const USAGE = "tern mcp list [--json] | get NAME | add NAME [--env K=V]... (--url URL | -- COMMAND ARGS...) | " +
  "remove NAME";

/** The `mcp` command. */
export function mcpCommand(options: McpCommandOptions): Command {
  return {
    name: "mcp",
    summary: "Manage MCP servers: list, get, add, remove",
    async run(args) {
      const [sub = "list", ...rest] = args;
      try {
        switch (sub) {
          case "list":
            return await list(options, rest.includes("--json"));
          case "get": {
            const server = rest[0] ? options.control.entries()[rest[0]] : undefined;
            if (!server) throw new TypeError(`Cannot get MCP server "${rest[0] ?? ""}": not configured`);
            console.log(JSON.stringify({ name: rest[0], ...server }, null, 2));
            return 0;
          }
          case "add": {
            const { name, server } = parseAddArgs(rest);
            await editServer(options.userConfigFile, name, server);
            console.log(`Added MCP server "${name}" to ${options.userConfigFile}`);
            return 0;
          }
          case "remove": {
            if (!rest[0]) throw new TypeError("Cannot remove MCP server: give its name");
            if (!await editServer(options.userConfigFile, rest[0], undefined)) {
              throw new TypeError(`Cannot remove MCP server "${rest[0]}": not in ${options.userConfigFile}`);
            }
            console.log(`Removed MCP server "${rest[0]}" from ${options.userConfigFile}`);
            return 0;
          }
          default:
            throw new TypeError(`Cannot run "tern mcp ${sub}": usage: ${USAGE}`);
        }
      } catch (error) {
        console.error((error as Error).message);
        return 2;
      }
    },
  };
}

async function list(options: McpCommandOptions, json: boolean): Promise<number> {
  const servers = await options.control.list();
  if (json) {
    console.log(JSON.stringify({ servers }, null, 2));
    return 0;
  }
  if (servers.length === 0) {
    console.log('No MCP servers configured (add them under "mcpServers" in config.jsonc, or with tern mcp add).');
    return 0;
  }
  for (const s of servers) {
    console.log(`${s.name}  ${s.status}${s.error ? `  ${s.error}` : ""}`);
    for (const t of s.tools) console.log(`  ${t.name}${t.description ? `  ${t.description.split("\n")[0]}` : ""}`);
  }
  return 0;
}
