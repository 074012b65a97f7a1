/**
 * @module
 * One client-provided tool as a `JsonSchemaTool`: a call shows a `dynamicToolCall` item, asks the
 * client with the server request `item/tool/call`, and hands the answer's content to the model
 * (a lone text as a plain string, else `input_text` / `input_image` parts, as Codex does). Every
 * way the client can fail to answer (an error, no client, an invalid answer, an interrupt) ends the
 * call as `failed` with a sentence the model reads; the call never waits past the turn.
 */
import {
  type DynamicToolCallItem,
  dynamicToolModelName,
  type DynamicToolSpec,
  type JsonSchemaTool,
  type ToolContentItem,
  type ToolOutputPart,
  type ToolResult,
} from "../../kernel/mod.ts";

/** Builds the tool the model calls for `spec` (named `namespace__name` when namespaced). */
export function createDynamicTool(spec: DynamicToolSpec): JsonSchemaTool {
  const namespace = spec.namespace ?? null;
  return {
    kind: "jsonSchema",
    name: dynamicToolModelName(spec),
    reportsItself: true,
    description: spec.description,
    inputSchema: spec.inputSchema,
    async execute(args, ctx): Promise<ToolResult> {
      const started = Date.now();
      const item: DynamicToolCallItem = {
        type: "dynamicToolCall",
        id: ctx.callId,
        namespace,
        tool: spec.name,
        arguments: args,
        status: "inProgress",
        contentItems: null,
        success: null,
        durationMs: null,
      };
      ctx.startItem(item);
      const outcome = await ctx.request("item/tool/call", {
        threadId: ctx.threadId,
        turnId: ctx.turnId,
        callId: ctx.callId,
        namespace,
        tool: spec.name,
        arguments: args,
      });
      const durationMs = Date.now() - started;
      if (outcome.status !== "answered") {
        const why = outcome.status === "failed" ? outcome.message : outcome.reason;
        const message = `Dynamic tool "${item.tool}" failed: ${why}`;
        ctx.completeItem({ ...item, status: "failed", success: false, durationMs });
        return { output: message, success: false };
      }
      const { contentItems, success } = outcome.response;
      ctx.completeItem({ ...item, status: success ? "completed" : "failed", contentItems, success, durationMs });
      return { output: toModelOutput(contentItems), success };
    },
  };
}

/** What the model reads: a lone text item as a string, anything else as parts. */
export function toModelOutput(items: readonly ToolContentItem[]): string | ToolOutputPart[] {
  if (items.length === 1 && items[0].type === "inputText") return items[0].text;
  return items.map((item): ToolOutputPart =>
    item.type === "inputText"
      ? { type: "input_text", text: item.text }
      : { type: "input_image", image_url: item.imageUrl }
  );
}
