/**
 * @module
 * The contract between the retry loop (`provider.ts`) and a wire format: how to build the
 * request body, and how to turn the streamed SSE messages into `ModelEvent`s. The formats are
 * `responses_wire.ts` (Responses API) and `chat_wire.ts` (Chat Completions).
 */
import type { ModelEvent, ModelRequest } from "../../kernel/mod.ts";
import type { SseMessage } from "./sse.ts";

/** Turns one response stream into model events. One decoder per attempt. */
export interface WireDecoder {
  /**
   * The events one SSE message produces. Throws `AttemptFailure` when the message reports a
   * failed response.
   */
  handle(message: SseMessage): ModelEvent[];
  /** True once the response is complete; the caller stops reading then. */
  readonly done: boolean;
  /** At the end of the body: the closing events if the stream counts as complete, else `undefined`. */
  end(): ModelEvent[] | undefined;
}

/** A wire format. */
export interface WireApi {
  /** Path under the base URL, e.g. `/responses`. */
  path: string;
  body(request: ModelRequest): Record<string, unknown>;
  decoder(request: ModelRequest, options: { httpStatus: number }): WireDecoder;
}
