/**
 * @module
 * The request methods the mcp plugin answers, named apart from their code (`methods.ts`) so the
 * plugin can register them at setup and load the code on first use.
 */

/** Every method `mcpMethods()` implements; its return type holds it to exactly these. */
export const MCP_METHODS = [
  "mcpServerStatus/list",
  "mcpServer/tool/call",
  "mcpServer/resource/read",
  "config/mcpServer/reload",
  "mcpServer/oauth/login",
] as const;

/** One of `MCP_METHODS`. */
export type McpMethod = (typeof MCP_METHODS)[number];
