/**
 * @module
 * Approval of MCP tool calls, as Codex does it (`core/src/mcp_tool_call.rs`). Which calls ask,
 * from the policy and the tool's annotations: `never` never asks; `untrusted` asks for every tool
 * not marked read-only; `on-request` and `on-failure` ask for a tool that is destructive, or not
 * read-only and possibly destructive or open-world (unset hints count as the cautious value).
 * How it asks: an MCP form elicitation (`mcpServer/elicitation/request`, `_meta.codex_approval_kind:
 * "mcp_tool_call"`); a client that cannot answer that is asked with a command approval instead.
 */
import {
  afterApprovalSettles,
  type AskForApproval,
  type ReviewDecision,
  type ServerRequestMap,
  type ToolContext,
} from "../../kernel/mod.ts";

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

/** The call to approve. */
export interface ApprovalCall {
  server: string;
  /** The tool's MCP name. */
  tool: string;
  /** The tool's model name (`mcp__server__tool`): the session cache key and the command shown. */
  modelName: string;
  title?: string;
  description?: string;
  arguments: Record<string, unknown>;
}

/** The user's answer: run the call, or not with a sentence for the model. */
export type ApprovalOutcome = { run: true } | { run: false; message: string };

type ElicitationParams = ServerRequestMap["mcpServer/elicitation/request"]["params"];

/** The form elicitation Codex sends to approve a call (`build_mcp_tool_approval_elicitation_request`). */
export function approvalElicitation(ctx: ToolContext, call: ApprovalCall): ElicitationParams {
  const question = `Allow the ${call.server} MCP server to run tool "${call.tool}"?`;
  const reason = ctx.approvalRequired?.trim();
  const meta: Record<string, unknown> = { codex_approval_kind: "mcp_tool_call", persist: "session" };
  if (call.title) meta.tool_title = call.title;
  if (call.description) meta.tool_description = call.description;
  meta.tool_params = call.arguments;
  meta.tool_params_display = Object.keys(call.arguments).sort().map((name) => ({
    name,
    value: call.arguments[name],
    display_name: name,
  }));
  return {
    threadId: ctx.threadId,
    turnId: ctx.turnId,
    serverName: call.server,
    mode: "form",
    _meta: meta,
    message: reason ? `Tool call needs your approval. Reason: ${reason}` : question,
    requestedSchema: { type: "object", properties: {} },
  };
}

/**
 * Asks the user to approve `call`. An `acceptForSession` earlier in the thread, or a permission
 * hook's verdict, decides without asking. Accepting with `_meta.persist` `"session"` (or
 * `"always"`, kept for the session only) covers the tool's later calls in the thread; `decline`
 * and `cancel` skip the call and the turn goes on. A request nobody can answer (a headless
 * `tern exec`) is declined with the policy's reason; an interrupt cancels it.
 */
export async function approveToolCall(ctx: ToolContext, call: ApprovalCall): Promise<ApprovalOutcome> {
  const cacheKey = ctx.approvalCacheKey ?? `mcp:${call.modelName}`;
  if (ctx.approvals.has(cacheKey)) return { run: true };
  const declined = (why?: string) => ({
    run: false as const,
    message: `The user declined the MCP tool call ${call.modelName}${why ? ` (${why})` : ""}`,
  });
  const verdict = await ctx.checkPermission({
    method: "mcpServer/elicitation/request",
    callId: ctx.callId,
    toolName: ctx.toolName,
    toolInput: ctx.toolInput,
    reason: ctx.approvalRequired,
  });
  if (verdict.decision === "allow") return { run: true };
  if (verdict.decision === "deny") return declined(verdict.message ?? "denied by a permission hook");
  const outcome = await ctx.request("mcpServer/elicitation/request", approvalElicitation(ctx, call));
  switch (outcome.status) {
    case "answered": {
      const { action, _meta } = outcome.response;
      if (action === "decline") return declined();
      if (action === "cancel") return { run: false, message: `The user cancelled the MCP tool call ${call.modelName}` };
      const persist = (_meta as { persist?: unknown } | null | undefined)?.persist;
      if (persist === "session" || persist === "always") ctx.approvals.add(cacheKey);
      await afterApprovalSettles();
      return { run: true };
    }
    case "declined":
    case "cancelled":
      return declined(outcome.reason);
    case "failed":
      return await askAsCommand(ctx, call, cacheKey);
  }
}

/** For clients that cannot answer elicitations (say, `tern exec` at a terminal): a command approval. */
async function askAsCommand(ctx: ToolContext, call: ApprovalCall, cacheKey: string): Promise<ApprovalOutcome> {
  const outcome = await ctx.request("item/commandExecution/requestApproval", {
    threadId: ctx.threadId,
    turnId: ctx.turnId,
    itemId: ctx.callId,
    startedAtMs: Date.now(),
    command: `${call.modelName} ${JSON.stringify(call.arguments)}`,
    cwd: ctx.cwd,
    reason: ctx.approvalRequired ?? `Allow the ${call.server} MCP server to run tool "${call.tool}"?`,
    availableDecisions: ["accept", "acceptForSession", "decline", "cancel"],
    ...ctx.approvalMetadata,
  });
  const decision: ReviewDecision = outcome.status === "answered" ? outcome.response.decision : "decline";
  if (decision === "acceptForSession") ctx.approvals.add(cacheKey);
  if (decision === "accept" || decision === "acceptForSession") {
    await afterApprovalSettles();
    return { run: true };
  }
  if (decision === "cancel") ctx.interrupt();
  const why = outcome.status === "failed" ? outcome.message : outcome.status === "answered" ? "" : outcome.reason;
  return { run: false, message: `The user declined the MCP tool call ${call.modelName}${why ? ` (${why})` : ""}` };
}
