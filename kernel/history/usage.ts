/**
 * @module
 * Token usage sums: a turn's total over its model responses, and the breakdown the wire's
 * `thread/tokenUsage/updated` carries.
 */
import type { ModelUsage } from "../protocol/model.ts";

/** Zero usage. */
export const emptyUsage = (): ModelUsage => ({
  inputTokens: 0,
  cachedInputTokens: 0,
  outputTokens: 0,
  reasoningOutputTokens: 0,
  totalTokens: 0,
});

/** Adds `add` (when given) to `total`. */
export function addUsage(total: ModelUsage, add: ModelUsage | undefined): void {
  if (!add) return;
  total.inputTokens += add.inputTokens;
  total.cachedInputTokens += add.cachedInputTokens;
  total.outputTokens += add.outputTokens;
  total.reasoningOutputTokens += add.reasoningOutputTokens;
  total.totalTokens += add.totalTokens;
}

/** Usage as the wire's `TokenUsageBreakdown`. */
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
