/**
 * @module
 * Edits `mcpServers` in a config file (`tern mcp add|remove`) without losing its comments or
 * layout, through the kernel's `editConfigFile()` (the file is created when missing; one that does
 * not parse is refused with its line; the new text is renamed over the old).
 */
import { editConfigFile } from "../../kernel/mod.ts";

/**
 * Sets (`value`) or deletes (`undefined`) `mcpServers.<name>` in `file` (created, with its folder,
 * when missing); returns whether it changed. A file that does not parse is refused with its line.
 */
export async function editServer(
  file: string,
  name: string,
  value: Record<string, unknown> | undefined,
): Promise<boolean> {
  if (value === undefined) {
    const exists = await Deno.stat(file).then(() => true, () => false);
    const servers = exists ? (await editConfigFile(file, [])).mcpServers : undefined;
    if (typeof servers !== "object" || servers === null || !(name in servers)) return false;
  }
  await editConfigFile(file, [{ keyPath: ["mcpServers", name], value }]);
  return true;
}

/** Parses `tern mcp add NAME [--env K=V]... [--url URL [--bearer-token-env-var VAR]] [-- COMMAND ARGS...]`. */
export function parseAddArgs(args: string[]): { name: string; server: Record<string, unknown> } {
  const dash = args.indexOf("--");
  const flags = dash === -1 ? args : args.slice(0, dash);
  const command = dash === -1 ? [] : args.slice(dash + 1);
  let name: string | undefined;
  const env: Record<string, string> = {};
  let url: string | undefined;
  let bearer: string | undefined;
  for (let i = 0; i < flags.length; i++) {
    const flag = flags[i];
    if (flag === "--env") {
      const pair = flags[++i] ?? "";
      const eq = pair.indexOf("=");
      if (eq < 1) throw new TypeError(`Cannot add MCP server: --env expects KEY=VALUE, got "${pair}"`);
      env[pair.slice(0, eq)] = pair.slice(eq + 1);
    } else if (flag === "--url") url = flags[++i];
    else if (flag === "--bearer-token-env-var") bearer = flags[++i];
    else if (!flag.startsWith("-") && name === undefined) name = flag;
    else throw new TypeError(`Cannot add MCP server: unexpected argument "${flag}"`);
  }
  if (!name || !/^[a-zA-Z0-9_-]+$/.test(name)) {
    throw new TypeError(`Cannot add MCP server: the name must be [a-zA-Z0-9_-]+, got "${name ?? ""}"`);
  }
  if ((url === undefined) === (command.length === 0)) {
    throw new TypeError("Cannot add MCP server: give either --url URL or -- COMMAND [ARGS...]");
  }
  const server: Record<string, unknown> = url !== undefined
    ? { url, ...(bearer ? { bearerTokenEnvVar: bearer } : {}) }
    : { command: command[0], args: command.slice(1), ...(Object.keys(env).length ? { env } : {}) };
  return { name, server };
}
