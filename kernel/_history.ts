/**
 * @module
 * Small pure helpers of the turn loop (private to the kernel): history messages, usage sums,
 * and the mapping of failures to Codex's `TurnError`.
 */
import { ModelError } from "./provider.ts";
import type { UserInput } from "./protocol/items.ts";
import type { ModelUsage, ResponseItem } from "./protocol/model.ts";
import type { TurnError } from "./protocol/turn.ts";

/** Zero usage. */
export const emptyUsage = (): ModelUsage => ({
  inputTokens: 0,
  cachedInputTokens: 0,
  outputTokens: 0,
  reasoningOutputTokens: 0,
  totalTokens: 0,
});

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

export function textMessage(role: "developer" | "user", text: string): ResponseItem {
  return { type: "message", role, content: [{ type: "input_text", text }] };
}

export function addUsage(total: ModelUsage, add: ModelUsage | undefined): void {
  if (!add) return;
  total.inputTokens += add.inputTokens;
  total.cachedInputTokens += add.cachedInputTokens;
  total.outputTokens += add.outputTokens;
  total.reasoningOutputTokens += add.reasoningOutputTokens;
  total.totalTokens += add.totalTokens;
}

export function breakdown(u: ModelUsage) {
  return {
    totalTokens: u.totalTokens,
    inputTokens: u.inputTokens,
    cachedInputTokens: u.cachedInputTokens,
    outputTokens: u.outputTokens,
    reasoningOutputTokens: u.reasoningOutputTokens,
    // The providers Tern speaks to report no prompt-cache writes (OpenAI's APIs have no such count).
    cacheWriteInputTokens: 0,
  };
}

export function toTurnError(error: unknown): TurnError {
  if (error instanceof ModelError) {
    return { message: error.message, codexErrorInfo: error.info, additionalDetails: null };
  }
  const message = error instanceof Error ? error.message : String(error);
  return { message: `Turn failed: ${message}`, codexErrorInfo: "other", additionalDetails: null };
}
