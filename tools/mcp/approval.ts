/**
 * @module
 * Which MCP tool calls need the user's approval, from the thread's approval policy and the
 * tool's annotations (hints the server gives; Codex's rule in `core/src/mcp_tool_call.rs`):
 * `never` never asks; `untrusted` asks for every tool not marked read-only; `on-request` and
 * `on-failure` ask for a tool that is destructive, or not read-only and possibly destructive or
 * open-world (hints left unset count as the cautious value).
 */
import type { AskForApproval } from "../../kernel/mod.ts";

/** The MCP tool annotations this module reads. */
export interface ToolHints {
  readOnlyHint?: boolean;
  destructiveHint?: boolean;
  openWorldHint?: boolean;
}

/** Whether a call to a tool with these hints needs approval under `policy`. */
export function needsApproval(policy: AskForApproval, hints: ToolHints | undefined): boolean {
  const h = hints ?? {};
  if (policy === "never") return false;
  if (policy === "untrusted") return h.readOnlyHint !== true;
  if (h.destructiveHint === true) return true;
  if (h.readOnlyHint === true) return false;
  return h.destructiveHint !== false || h.openWorldHint !== false;
}
