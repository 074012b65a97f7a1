/**
 * @module
 * The MCP part of the report: every server from the config's `mcpServers` (with its file and line)
 * and from plugins' `contributes.mcpServers` (with the plugin's manifest), each checked for the
 * shape of a server entry: exactly one of `command` (stdio) or `url` (streamable HTTP), `args`
 * a list of strings, `env` and `headers` maps of strings. The mcp plugin checks the full entry
 * when it starts a server; with `--check-mcp` the doctor waits for that (`mcpServerStatus/list`)
 * and reports each server's status and tools.
 */
import type { FrontEnd } from "../../kernel/mod.ts";
import type { Problem } from "./problem.ts";

/** One server, as the report shows it. */
export interface McpServerReport {
  name: string;
  /** `config`, or `plugin:<name>`. */
  from: string;
  file: string | null;
  line: number | null;
  transport: "stdio" | "http" | null;
  /** Why the entry is not a valid server, if it is not. */
  error: string | null;
  /** With `--check-mcp`: `ready`, `failed`, `disabled`, ... (null when not checked). */
  status: string | null;
  /** With `--check-mcp`: the tools the model gets from it. */
  tools: string[] | null;
}

interface ServerStatus {
  name: string;
  status: string;
  error: string | null;
  tools: { name: string }[];
}

/** Checks the servers; with `start`, waits for the mcp plugin to start them and reports how it went. */
export async function checkMcp(
  runtime: FrontEnd,
  options: { start: boolean },
): Promise<{ servers: McpServerReport[]; problems: Problem[] }> {
  const servers: McpServerReport[] = [];
  const raw = (runtime.config as Record<string, unknown>).mcpServers;
  if (raw !== undefined && !isObject(raw)) {
    const where = await runtime.loaded.locate(["mcpServers"]);
    servers.push(report("(mcpServers)", "config", where.file, where.line ?? null, raw));
  } else {
    for (const [name, entry] of Object.entries(raw ?? {})) {
      const where = await runtime.loaded.locate(["mcpServers", name]);
      servers.push(report(name, "config", where.file, where.line ?? null, entry));
    }
  }
  for (const plugin of runtime.plugins) {
    if (plugin.status === "failed") continue;
    for (const [name, entry] of Object.entries(plugin.manifest?.contributes.mcpServers ?? {})) {
      const source = plugin.manifest?.source;
      const where = source?.locations?.[`mcpServers.${name}`] ?? { file: source?.file ?? null, line: undefined };
      servers.push(report(name, `plugin:${plugin.name}`, where.file, where.line ?? null, entry));
    }
  }
  const problems: Problem[] = servers.filter((s) => s.error).map((s) => ({
    severity: "error",
    section: "mcp",
    message: `MCP server "${s.name}" (${s.from}): ${s.error}`,
    file: s.file,
    line: s.line,
  }));
  if (options.start && servers.length > 0) {
    const method = runtime.methods.get("mcpServerStatus/list");
    if (!method) {
      problems.push({
        severity: "warning",
        section: "mcp",
        message: 'Cannot check MCP servers: no plugin answers "mcpServerStatus/list" (is the mcp plugin loaded?)',
        file: null,
        line: null,
      });
    } else {
      const { data } = await method.handler({}) as { data: ServerStatus[] };
      for (const status of data) {
        const server = servers.find((s) => s.name === status.name);
        if (!server) continue;
        server.status = status.status;
        server.tools = status.tools.map((t) => t.name);
        if (status.status === "failed") {
          problems.push({
            severity: "error",
            section: "mcp",
            message: `MCP server "${status.name}" failed to start: ${status.error ?? "unknown error"}`,
            file: server.file,
            line: server.line,
          });
        }
      }
    }
  }
  return { servers, problems };
}

function report(name: string, from: string, file: string | null, line: number | null, entry: unknown): McpServerReport {
  const error = shapeError(entry);
  const transport = isObject(entry)
    ? (typeof entry.command === "string" ? "stdio" : typeof entry.url === "string" ? "http" : null)
    : null;
  return { name, from, file, line, transport, error, status: null, tools: null };
}

/** Why an entry is not shaped like a server, or null. */
export function shapeError(entry: unknown): string | null {
  if (!isObject(entry)) return 'expected an object with "command" or "url"';
  const hasCommand = entry.command !== undefined;
  const hasUrl = entry.url !== undefined;
  if (hasCommand === hasUrl) return 'set exactly one of "command" (stdio) or "url" (streamable HTTP)';
  if (hasCommand && (typeof entry.command !== "string" || entry.command === "")) {
    return '"command" must be a non-empty string';
  }
  if (hasUrl && (typeof entry.url !== "string" || !URL.canParse(entry.url))) return '"url" must be a URL';
  if (entry.args !== undefined && !(Array.isArray(entry.args) && entry.args.every((a) => typeof a === "string"))) {
    return '"args" must be a list of strings';
  }
  for (const key of ["env", "headers"]) {
    const value = entry[key];
    if (value !== undefined && !(isObject(value) && Object.values(value).every((v) => typeof v === "string"))) {
      return `"${key}" must map names to strings`;
    }
  }
  return null;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
