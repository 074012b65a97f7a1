/**
 * @module
 * The app-server methods of the MCP plugin: `mcpServerStatus/list` (each server's status and
 * tools), `mcpServer/tool/call` (a client calls a tool directly, outside any turn),
 * `mcpServer/resource/read`, and `config/mcpServer/reload` (read the config again and restart
 * every server; answers `{}` once the old servers are stopped, and `mcpServer/startupStatus/updated`
 * notifications follow). Params are validated with zod; bad params throw a `TypeError`.
 */
import type { McpMethod } from "./method_names.ts";
import { z } from "zod";
import { importOnUse } from "../../kernel/mod.ts";
import {
  type McpServerOauthLoginCompleted,
  McpServerOauthLoginParams,
  McpServerReloadParams,
  type MethodHandler,
} from "../../kernel/mod.ts";
import { McpServerConfig } from "./server_config.ts";
import type { McpControl } from "./control.ts";
import type { McpManager } from "./manager.ts";

/** How long a login waits for the browser to come back, unless `timeoutSecs` says. */
const DEFAULT_LOGIN_TIMEOUT_SEC = 300;

const ToolCallParams = z.object({
  server: z.string(),
  tool: z.string(),
  arguments: z.record(z.string(), z.unknown()).default({}),
});
const ResourceReadParams = z.object({ server: z.string(), uri: z.string() });

function parse<S extends z.ZodType>(method: string, schema: S, params: unknown): z.infer<S> {
  const parsed = schema.safeParse(params ?? {});
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  throw new TypeError(`Invalid params for "${method}": ${issue.path.join(".") || "params"}: ${issue.message}`);
}

/** The manager once every server has started or failed; a `TypeError` naming `server` when there is none. */
async function readyManager(control: McpControl, server: string): Promise<McpManager> {
  const manager = await control.manager();
  if (!manager) throw new TypeError(`Unknown MCP server "${server}"`);
  await manager.ready;
  return manager;
}

/** The handlers, by method name. */
export function mcpMethods(
  control: McpControl,
  options: { tokenDir: string; signal?: AbortSignal; onLoginDone(done: McpServerOauthLoginCompleted): void },
): Record<McpMethod, MethodHandler> {
  return {
    "mcpServerStatus/list": async () => ({ data: await control.list(), nextCursor: null }),
    "mcpServer/tool/call": async (params) => {
      const p = parse("mcpServer/tool/call", ToolCallParams, params);
      return await (await readyManager(control, p.server)).connection(p.server).callTool(p.tool, p.arguments);
    },
    "mcpServer/resource/read": async (params) => {
      const p = parse("mcpServer/resource/read", ResourceReadParams, params);
      return await (await readyManager(control, p.server)).connection(p.server).readResource(p.uri);
    },
    "config/mcpServer/reload": async (params) => {
      parse("config/mcpServer/reload", McpServerReloadParams, params);
      await control.reload();
      return {};
    },
    "mcpServer/oauth/login": async (params) => {
      const p = parse("mcpServer/oauth/login", McpServerOauthLoginParams, params);
      const entry = control.entries()[p.name];
      if (entry === undefined) throw new TypeError(`Unknown MCP server "${p.name}"`);
      const config = McpServerConfig.safeParse(entry);
      if (!config.success || !config.data.url) {
        throw new TypeError(
          `MCP server "${p.name}" is not an HTTP server (it has no "url"); OAuth is for HTTP servers`,
        );
      }
      const loginId = crypto.randomUUID();
      const threadId = p.threadId ?? null;
      const { startOAuthLogin } = await importOnUse<typeof import("./oauth.ts")>("./oauth.ts", import.meta.url);
      const { authorizationUrl } = await startOAuthLogin({
        name: p.name,
        serverUrl: config.data.url,
        tokenDir: options.tokenDir,
        scopes: p.scopes ?? undefined,
        timeoutMs: (p.timeoutSecs ?? DEFAULT_LOGIN_TIMEOUT_SEC) * 1000,
        signal: options.signal,
        onDone: (error) => {
          options.onLoginDone({ name: p.name, success: error === null, error, loginId, threadId });
          // The servers start again, this one with its tokens.
          if (error === null) control.reload().catch(() => {});
        },
      });
      return { authorizationUrl, loginId };
    },
  };
}
