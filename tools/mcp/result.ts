/**
 * @module
 * What an MCP tool result becomes for the model: text content as text, images as `input_image`
 * parts (data URLs), embedded text resources as their text, and anything else (audio, blobs,
 * resource links) as a short text note. Structured content alone is passed on as JSON.
 */
import type { ToolOutputPart } from "../../kernel/mod.ts";
import type { CallToolResult } from "./connection.ts";

/** The model's view of a tool result: plain text when there is no image, else parts. */
export function toModelOutput(result: CallToolResult): string | ToolOutputPart[] {
  const parts: ToolOutputPart[] = [];
  for (const item of (result.content ?? []) as Record<string, unknown>[]) {
    parts.push(contentPart(item));
  }
  if (parts.length === 0 && result.structuredContent !== undefined) {
    parts.push({ type: "input_text", text: JSON.stringify(result.structuredContent) });
  }
  if (parts.every((p) => p.type === "input_text")) {
    return parts.map((p) => (p as { text: string }).text).join("\n");
  }
  return parts;
}

function contentPart(item: Record<string, unknown>): ToolOutputPart {
  switch (item.type) {
    case "text":
      return { type: "input_text", text: String(item.text ?? "") };
    case "image":
      return { type: "input_image", image_url: `data:${item.mimeType};base64,${item.data}` };
    case "resource": {
      const resource = (item.resource ?? {}) as Record<string, unknown>;
      if (typeof resource.text === "string") return { type: "input_text", text: resource.text };
      return { type: "input_text", text: `[resource ${resource.uri} (${resource.mimeType ?? "binary"})]` };
    }
    case "resource_link":
      return { type: "input_text", text: `[resource link ${item.uri}${item.name ? ` "${item.name}"` : ""}]` };
    case "audio":
      return { type: "input_text", text: `[audio (${item.mimeType}) not shown to the model]` };
    default:
      return { type: "input_text", text: JSON.stringify(item) };
  }
}

/** The text of a result (for an `isError` result's error message). */
export function resultText(result: CallToolResult): string {
  const output = toModelOutput(result);
  if (typeof output === "string") return output;
  return output.filter((p) => p.type === "input_text").map((p) => (p as { text: string }).text).join("\n");
}
