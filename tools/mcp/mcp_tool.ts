/**
 * @module
 * One MCP tool as a kernel `JsonSchemaTool` named `mcp__<server>__<tool>`. A call emits the
 * `mcpToolCall` item, asks for approval when the policy and the tool's hints say so (a form
 * elicitation, as Codex asks: see `approval.ts`), reports progress, calls the server, and hands
 * the result to the model; `isError` results and failures become failed items whose text the
 * model reads.
 */
import type { JsonSchemaTool, McpToolCallItem, ToolContext } from "../../kernel/mod.ts";
import { approveToolCall, needsApproval, type ToolHints } from "./approval.ts";
import type { CallToolResult, McpConnection, McpToolInfo } from "./connection.ts";
import { resultText, toModelOutput } from "./result.ts";
import { mcpToolName, modelInputSchema } from "./tool_name.ts";

/** The calls in flight per server, so a server's elicitation reaches the turn that caused it. */
export class ActiveCalls {
  #calls = new Map<string, ToolContext[]>();
  add(server: string, ctx: ToolContext): () => void {
    const list = this.#calls.get(server) ?? [];
    list.push(ctx);
    this.#calls.set(server, list);
    return () => this.#calls.set(server, (this.#calls.get(server) ?? []).filter((c) => c !== ctx));
  }
  /** The most recent call to `server` still running. */
  current(server: string): ToolContext | undefined {
    return this.#calls.get(server)?.at(-1);
  }
}

/** Creates the kernel tool for one MCP tool of a connected server. */
export function createMcpTool(
  server: string,
  info: McpToolInfo,
  connection: McpConnection,
  active: ActiveCalls,
): JsonSchemaTool {
  const name = mcpToolName(server, info.name);
  return {
    kind: "jsonSchema",
    name,
    reportsItself: true,
    description: info.description ?? info.title ?? `MCP tool "${info.name}" of server "${server}"`,
    inputSchema: modelInputSchema(info.inputSchema),
    async execute(args, ctx) {
      const argsObject = args && typeof args === "object" ? args as Record<string, unknown> : {};
      const hints = info.annotations as ToolHints | undefined;
      const base: McpToolCallItem = {
        type: "mcpToolCall",
        id: ctx.callId,
        server,
        tool: info.name,
        status: "inProgress",
        arguments: argsObject,
        result: null,
        error: null,
        durationMs: null,
      };
      const started = Date.now();
      const fail = (message: string) => {
        ctx.completeItem({ ...base, status: "failed", error: { message }, durationMs: Date.now() - started });
        return { output: message, success: false };
      };
      ctx.startItem(base);
      const ask = ctx.approvalRequired !== null
        ? ctx.approvalPolicy !== "never"
        : needsApproval(ctx.approvalPolicy, hints);
      if (ask) {
        const approval = await approveToolCall(ctx, {
          server,
          tool: info.name,
          modelName: name,
          title: info.title,
          description: info.description,
          arguments: argsObject,
        });
        if (!approval.run) return fail(approval.message);
      }
      const untrack = active.add(server, ctx);
      let result: CallToolResult;
      try {
        result = await connection.callTool(info.name, argsObject, {
          signal: ctx.signal,
          onProgress: (message) =>
            ctx.emit("item/mcpToolCall/progress", {
              threadId: ctx.threadId,
              turnId: ctx.turnId,
              itemId: ctx.callId,
              message,
            }),
        });
      } catch (error) {
        return fail(`MCP tool call ${name} failed: ${error instanceof Error ? error.message : String(error)}`);
      } finally {
        untrack();
      }
      const itemResult = {
        content: (result.content ?? []) as unknown[],
        structuredContent: result.structuredContent ?? null,
        ...(result._meta ? { _meta: result._meta } : {}),
      };
      const durationMs = Date.now() - started;
      if (result.isError) {
        const text = resultText(result) || `MCP tool ${name} reported an error`;
        ctx.completeItem({ ...base, status: "failed", result: itemResult, error: { message: text }, durationMs });
        return { output: text, success: false };
      }
      ctx.completeItem({ ...base, status: "completed", result: itemResult, durationMs });
      return { output: toModelOutput(result) };
    },
  };
}
