/**
 * @module
 * The `mcpServers` config: one entry per server, stdio (`command`) or streamable HTTP (`url`).
 * `parseServers()` validates each entry on its own, so one bad server is reported as failed
 * while the others still start.
 */
import { z } from "zod";

/** One server's config, as written under `mcpServers.<name>`. */
export const McpServerConfig = z.object({
  /** stdio: the program to run. */
  command: z.string().min(1).optional(),
  args: z.array(z.string()).default([]),
  env: z.record(z.string(), z.string()).default({}),
  /** stdio: the server's working directory. @default the workspace */
  cwd: z.string().optional(),
  /** Streamable HTTP: the server's endpoint. */
  url: z.url().optional(),
  /** Streamable HTTP: an environment variable holding a bearer token. */
  bearerTokenEnvVar: z.string().optional(),
  headers: z.record(z.string(), z.string()).default({}),
  /** @default true */
  enabled: z.boolean().default(true),
  /** Only these tools reach the model (applied before `disabledTools`). */
  enabledTools: z.array(z.string()).optional(),
  disabledTools: z.array(z.string()).default([]),
  /** @default 30 */
  startupTimeoutSec: z.number().positive().default(30),
  /** @default 120 */
  toolTimeoutSec: z.number().positive().default(120),
}).strict().refine((c) => (c.command === undefined) !== (c.url === undefined), {
  message: 'set exactly one of "command" (stdio) or "url" (streamable HTTP)',
});
export type McpServerConfig = z.infer<typeof McpServerConfig>;

/** A server entry after validation: its config, or why it is invalid. */
export type ParsedServer = { name: string; config: McpServerConfig; error: null } | {
  name: string;
  config: null;
  error: string;
};

/** Validates each entry of a raw `mcpServers` value (anything not an object gives no servers). */
export function parseServers(raw: unknown): ParsedServer[] {
  if (!raw || typeof raw !== "object" || Array.isArray(raw)) return [];
  return Object.entries(raw as Record<string, unknown>).map(([name, value]) => {
    const parsed = McpServerConfig.safeParse(value);
    if (parsed.success) return { name, config: parsed.data, error: null };
    const issues = parsed.error.issues.map((i) => (i.path.length ? `${i.path.join(".")}: ` : "") + i.message);
    return { name, config: null, error: `Invalid config for MCP server "${name}": ${issues.join("; ")}` };
  });
}

/** Whether the server's tool `tool` reaches the model under its `enabledTools` / `disabledTools`. */
export function toolAllowed(config: McpServerConfig, tool: string): boolean {
  if (config.enabledTools && !config.enabledTools.includes(tool)) return false;
  return !config.disabledTools.includes(tool);
}
