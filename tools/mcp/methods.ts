/**
 * @module
 * The app-server methods of the MCP plugin: `mcpServerStatus/list` (each server's status and
 * tools), `mcpServer/tool/call` (a client calls a tool directly, outside any turn) and
 * `mcpServer/resource/read`. Params are validated with zod; bad params throw a `TypeError`.
 */
import { z } from "zod";
import type { MethodHandler } from "../../kernel/mod.ts";
import type { McpManager } from "./manager.ts";

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

/** The handlers, by method name. */
export function mcpMethods(manager: McpManager): Record<string, MethodHandler> {
  return {
    "mcpServerStatus/list": async () => {
      await manager.ready;
      return { data: manager.list(), nextCursor: null };
    },
    "mcpServer/tool/call": async (params) => {
      const p = parse("mcpServer/tool/call", ToolCallParams, params);
      await manager.ready;
      return await manager.connection(p.server).callTool(p.tool, p.arguments);
    },
    "mcpServer/resource/read": async (params) => {
      const p = parse("mcpServer/resource/read", ResourceReadParams, params);
      await manager.ready;
      return await manager.connection(p.server).readResource(p.uri);
    },
  };
}
