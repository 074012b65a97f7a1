/**
 * @module
 * MCP servers of a Claude Code or Codex plugin (`.mcp.json`, or the manifest's `mcpServers`),
 * mapped onto entries of the shape a config `mcpServers.<name>` entry has. `${CLAUDE_PLUGIN_ROOT}`
 * becomes the plugin folder and `${VAR}` / `${VAR:-default}` the environment's value, as Claude
 * Code does when it reads the file; keys Tern has no use for are reported, not kept.
 */
import type { UnmappedEntry } from "../plugin_host/manifest.ts";
import { isPlainObject } from "../config/_config_text.ts";

/** Keys a config `mcpServers` entry takes, kept as they are. */
const KEPT = new Set([
  "command",
  "args",
  "env",
  "cwd",
  "url",
  "headers",
  "bearerTokenEnvVar",
  "enabled",
  "enabledTools",
  "disabledTools",
  "startupTimeoutSec",
  "toolTimeoutSec",
]);

/** Codex's snake_case spellings (its `config.toml`), renamed. */
const RENAMED: Record<string, string> = {
  bearer_token_env_var: "bearerTokenEnvVar",
  http_headers: "headers",
  enabled_tools: "enabledTools",
  disabled_tools: "disabledTools",
  startup_timeout_sec: "startupTimeoutSec",
  tool_timeout_sec: "toolTimeoutSec",
};

/** What reading one source of servers produced. */
export interface MappedServers {
  servers: Record<string, Record<string, unknown>>;
  unmapped: UnmappedEntry[];
}

/** Options for `mapMcpServers()`. */
export interface MapMcpOptions {
  /** The plugin folder (`${CLAUDE_PLUGIN_ROOT}`). */
  root: string;
  /** The file the servers were read from (for unmapped entries). */
  file: string;
  /** The file's text, to give unmapped entries a line. */
  text?: string;
  /** Prefix of field names: `mcpServers.` in a manifest, `` in `.mcp.json` (its own `mcpServers` key is added). */
  fieldPrefix: string;
  /** Reads an environment variable. @default Deno.env.get */
  env?: (name: string) => string | undefined;
}

/**
 * The servers of a `.mcp.json` value (`{"mcpServers": {...}}`, or the map alone) or of an inline
 * manifest `mcpServers` object, mapped; servers that cannot be mapped are left out and reported.
 */
export function mapMcpServers(raw: unknown, options: MapMcpOptions): MappedServers {
  const unmapped: UnmappedEntry[] = [];
  const report = (field: string, reason: string) =>
    unmapped.push({ file: options.file, field, reason, line: lineOf(options.text, field) });
  let map = raw;
  let prefix = options.fieldPrefix;
  if (isPlainObject(raw) && isPlainObject(raw.mcpServers)) {
    map = raw.mcpServers;
    prefix = `${prefix}mcpServers.`;
    for (const key of Object.keys(raw)) if (key !== "mcpServers") report(`${options.fieldPrefix}${key}`, "unknown key");
  }
  const servers: Record<string, Record<string, unknown>> = {};
  if (!isPlainObject(map)) {
    report(prefix.replace(/\.$/, "") || "(file)", "expected an object of MCP servers");
    return { servers, unmapped };
  }
  for (const [name, value] of Object.entries(map)) {
    const field = `${prefix}${name}`;
    if (!isPlainObject(value)) {
      report(field, 'expected an object with "command" or "url"');
      continue;
    }
    const mapped = mapServer(value, { ...options, field, report });
    if (mapped) servers[name] = mapped;
  }
  return { servers, unmapped };
}

function mapServer(
  value: Record<string, unknown>,
  options: MapMcpOptions & { field: string; report: (field: string, reason: string) => void },
): Record<string, unknown> | null {
  const { field, report } = options;
  const type = value.type;
  if (type === "sse" || type === "ws") {
    report(
      `${field}.type`,
      `the "${type}" transport is not supported (Tern speaks stdio and streamable HTTP); server left out`,
    );
    return null;
  }
  const out: Record<string, unknown> = {};
  for (const [key, raw] of Object.entries(value)) {
    const target = RENAMED[key] ?? key;
    if (key === "type") {
      if (type !== "stdio" && type !== "http" && type !== "streamable-http" && type !== "streamableHttp") {
        report(`${field}.type`, `unknown transport "${String(type)}"`);
      }
      continue;
    }
    if (key === "disabled" && typeof raw === "boolean") {
      out.enabled = !raw;
      continue;
    }
    if (!KEPT.has(target)) {
      report(`${field}.${key}`, "not a Tern MCP server setting; left out");
      continue;
    }
    out[target] = expandDeep(raw, (name, hasDefault) => {
      if (name === "CLAUDE_PLUGIN_ROOT" || name === "PLUGIN_ROOT") return options.root;
      const found = (options.env ?? envGet)(name);
      if (found === undefined && !hasDefault) {
        report(`${field}.${key}`, `environment variable "${name}" is not set (read as "")`);
      }
      return found;
    });
  }
  return out;
}

function envGet(name: string): string | undefined {
  try {
    return Deno.env.get(name);
  } catch {
    return undefined; // no --allow-env for it
  }
}

/** Expands `${NAME}` and `${NAME:-default}` (default when unset or empty) in every string of a JSON value. */
function expandDeep(value: unknown, lookup: (name: string, hasDefault: boolean) => string | undefined): unknown {
  if (typeof value === "string") {
    return value.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}/g, (_, name: string, fallback?: string) => {
      const found = lookup(name, fallback !== undefined);
      return fallback !== undefined && !found ? fallback : found ?? "";
    });
  }
  if (Array.isArray(value)) return value.map((v) => expandDeep(v, lookup));
  if (isPlainObject(value)) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, expandDeep(v, lookup)]));
  }
  return value;
}

/** Best-effort line (1-based) of the last key of a dotted field in JSON text. */
export function lineOf(text: string | undefined, field: string): number | undefined {
  if (!text) return undefined;
  const last = field.split(".").filter(Boolean).pop();
  if (!last) return undefined;
  const index = text.search(new RegExp(`"${last.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}"\\s*:`));
  return index < 0 ? undefined : text.slice(0, index).split("\n").length;
}
