/**
 * @module
 * The history items a turn adds: the user's input, developer context, and the user message a Stop
 * hook continuation adds.
 */
import type { UserInput } from "../protocol/items.ts";
import type { ResponseItem } from "../protocol/model.ts";

/** A message of one text part. */
export function textMessage(role: "developer" | "user", text: string): ResponseItem {
  return { type: "message", role, content: [{ type: "input_text", text }] };
}

/** The user message a Stop hook continuation adds, one `<hook_prompt>` per fragment. */
export function hookPromptMessage(fragments: { text: string; hookRunId: string }[]): ResponseItem {
  const text = fragments.map((f) =>
    `<hook_prompt hook_run_id="${escapeXml(f.hookRunId)}">${escapeXml(f.text)}</hook_prompt>`
  )
    .join("\n");
  return textMessage("user", text);
}

function escapeXml(text: string): string {
  return text.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;").replaceAll('"', "&quot;");
}

/** The user's input as a history message; files and mentions become tags naming them. */
export function userMessageToHistory(input: UserInput[]): ResponseItem {
  const content: ({ type: "input_text"; text: string } | { type: "input_image"; image_url: string })[] = [];
  for (const part of input) {
    if (part.type === "text") content.push({ type: "input_text", text: part.text });
    else if (part.type === "image") content.push({ type: "input_image", image_url: part.url });
    else if (part.type === "localImage") content.push({ type: "input_text", text: `<image path="${part.path}">` });
    else content.push({ type: "input_text", text: `<${part.type} name="${part.name}" path="${part.path}">` });
  }
  return { type: "message", role: "user", content };
}
