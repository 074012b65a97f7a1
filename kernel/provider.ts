/**
 * @module
 * The model provider contract. A provider turns a `ModelRequest` (Responses API shaped history,
 * tools and settings) into a stream of `ModelEvent`s. Providers are plugins; the turn loop only
 * sees this interface. Failure after retries is a thrown `ModelError`, which the loop turns into
 * a `failed` turn.
 */
import { ErrorCodes, TernError } from "./base/errors.ts";
import type { CodexErrorInfo } from "./protocol/turn.ts";
import type { ModelUsage, ResponseItem } from "./protocol/model.ts";

/** A tool as the model sees it: a JSON-Schema function or a freeform (grammar) tool. */
export type ModelToolSpec =
  | { type: "function"; name: string; description: string; parameters: Record<string, unknown>; strict: boolean }
  | {
    type: "custom";
    name: string;
    description: string;
    format: { type: "grammar"; syntax: "lark" | "regex"; definition: string } | { type: "text" };
  };

/** One sampling request. */
export interface ModelRequest {
  model: string;
  /** Base instructions (system prompt). */
  instructions: string;
  /** The whole history to send, oldest first. */
  input: ResponseItem[];
  tools: ModelToolSpec[];
  parallelToolCalls: boolean;
  reasoning?: { effort?: string; summary?: string };
  /** JSON Schema the final answer must follow (`--output-schema`). */
  outputSchema?: Record<string, unknown>;
}

/** What a provider streams back, in order. Item ids are the provider's own output item ids. */
export type ModelEvent =
  | { type: "created"; responseId?: string }
  | { type: "itemAdded"; item: ResponseItem; outputIndex: number }
  | { type: "textDelta"; itemId: string; outputIndex: number; delta: string }
  | { type: "reasoningSummaryDelta"; itemId: string; outputIndex: number; summaryIndex: number; delta: string }
  | { type: "reasoningSummaryPartAdded"; itemId: string; outputIndex: number; summaryIndex: number }
  | { type: "itemDone"; item: ResponseItem; outputIndex: number }
  | { type: "completed"; responseId?: string; usage?: ModelUsage }
  /** A retryable failure happened and the provider is about to try again. */
  | { type: "retrying"; attempt: number; maxAttempts: number; delayMs: number; message: string };

/** Options for one `stream()` call. */
export interface StreamOptions {
  signal: AbortSignal;
}

/** A model provider, registered by a plugin under an id (`openai`, `scripted`, ...). */
export interface ModelProvider {
  readonly id: string;
  stream(request: ModelRequest, options: StreamOptions): AsyncIterable<ModelEvent>;
  /** Models this provider offers, for `model/list`. */
  listModels?(): Promise<string[]>;
  /**
   * How many tokens of input `model` takes, or `null` when the provider does not know; the
   * kernel reports it as `modelContextWindow` in `thread/tokenUsage/updated`.
   */
  contextWindow?(model: string): number | null;
}

/** A model request that failed for good: says what failed and after how many attempts. */
export class ModelError extends TernError {
  static override readonly kind: string = "ModelError";
  readonly info: CodexErrorInfo;
  readonly attempts: number;
  readonly httpStatus: number | null;
  constructor(
    message: string,
    options: { info: CodexErrorInfo; attempts: number; httpStatus?: number | null; cause?: unknown },
  ) {
    super(ErrorCodes.MODEL_REQUEST_FAILED, message, { cause: options.cause });
    this.name = "ModelError";
    this.info = options.info;
    this.attempts = options.attempts;
    this.httpStatus = options.httpStatus ?? null;
  }
}
