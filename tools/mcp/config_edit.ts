/**
 * @module
 * Edits `mcpServers` in a config file (`tern mcp add|remove`) without losing its comments or
 * layout: `jsonc-parser`'s `modify` / `applyEdits`, as the kernel's trust file edits do. A file
 * that does not parse is refused; the new text is written beside the file and renamed over it.
 */
import { importOnUse } from "../../kernel/mod.ts";

/** Sets (`value`) or deletes (`undefined`) `mcpServers.<name>` in `file`; returns whether it changed. */
export async function editServer(
  file: string,
  name: string,
  value: Record<string, unknown> | undefined,
): Promise<boolean> {
  const { applyEdits, modify, parse, stripComments } = await importOnUse<typeof import("jsonc-parser")>(
    "jsonc-parser",
    import.meta.url,
  );
  let text = "";
  try {
    text = await Deno.readTextFile(file);
  } catch (error) {
    if (!(error instanceof Deno.errors.NotFound)) throw error;
  }
  const errors: { error: number; offset: number; length: number }[] = [];
  const current = parse(text, errors, { allowTrailingComma: true });
  if (errors.length > 0) {
    throw new SyntaxError(`Cannot edit "${file}": it is not valid JSONC (offset ${errors[0].offset})`);
  }
  if (value === undefined && !(current?.mcpServers && name in current.mcpServers)) return false;
  if (stripComments(text).trim() === "") text = `${text}${text === "" || text.endsWith("\n") ? "" : "\n"}{}\n`;
  const indent = /^([ \t]+)"/m.exec(text)?.[1] ?? "  ";
  const edits = modify(text, ["mcpServers", name], value, {
    formattingOptions: {
      insertSpaces: !indent.startsWith("\t"),
      tabSize: indent.startsWith("\t") ? 1 : indent.length,
      eol: "\n",
    },
  });
  let updated = applyEdits(text, edits);
  if (!updated.endsWith("\n")) updated += "\n";
  const dir = file.slice(0, file.lastIndexOf("/"));
  if (dir) await Deno.mkdir(dir, { recursive: true });
  const temp = `${file}.${Deno.pid}.tmp`;
  await Deno.writeTextFile(temp, updated);
  await Deno.rename(temp, file);
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
