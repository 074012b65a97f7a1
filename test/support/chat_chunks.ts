/**
 * @module
 * Builders for Chat Completions stream chunks (`chat.completion.chunk` objects), for the mock
 * server's `{ chat: [...] }` responses. The server writes each chunk as `data: <json>\n\n` and ends
 * the stream with `data: [DONE]`.
 */

/** One `chat.completion.chunk` object. */
export interface ChatChunk {
  id: string;
  object: "chat.completion.chunk";
  created: number;
  model: string;
  choices: Array<{ index: number; delta: Record<string, unknown>; finish_reason: string | null; logprobs: null }>;
  usage?: Record<string, unknown> | null;
}

function chunk(delta: Record<string, unknown>, finishReason: string | null = null): ChatChunk {
  return {
    id: "chatcmpl-mock",
    object: "chat.completion.chunk",
    created: 1700000000,
    model: "mock-model",
    choices: [{ index: 0, delta, finish_reason: finishReason, logprobs: null }],
  };
}

/** Builders for chat chunks. */
export const chat = {
  /** The first chunk of a stream: the assistant role with empty content. */
  role(): ChatChunk {
    return chunk({ role: "assistant", content: "" });
  },
  /** A text delta. */
  text(delta: string): ChatChunk {
    return chunk({ content: delta });
  },
  /**
   * A tool call at `index`: one chunk with the id and name, then the arguments in two halves (as
   * real servers split them).
   */
  toolCall(index: number, id: string, name: string, args: unknown): ChatChunk[] {
    const text = typeof args === "string" ? args : JSON.stringify(args);
    const half = Math.ceil(text.length / 2);
    return [
      chunk({ tool_calls: [{ index, id, type: "function", function: { name, arguments: "" } }] }),
      chunk({ tool_calls: [{ index, function: { arguments: text.slice(0, half) } }] }),
      chunk({ tool_calls: [{ index, function: { arguments: text.slice(half) } }] }),
    ];
  },
  /** The chunk carrying `finish_reason` (`stop`, `tool_calls`, `length`). */
  finish(reason = "stop"): ChatChunk {
    return chunk({}, reason);
  },
  /** An error sent mid-stream as `data: {"error": {...}}` (Ollama, vLLM). */
  error(message: string, type = "server_error"): ChatErrorChunk {
    return { error: { message, type } };
  },
  /** The usage chunk sent last when `stream_options.include_usage` is set (no choices). */
  usage(
    promptTokens: number,
    completionTokens: number,
    details: { cachedTokens?: number; reasoningTokens?: number } = {},
  ): ChatChunk {
    return {
      ...chunk({}),
      choices: [],
      usage: {
        prompt_tokens: promptTokens,
        completion_tokens: completionTokens,
        total_tokens: promptTokens + completionTokens,
        prompt_tokens_details: { cached_tokens: details.cachedTokens ?? 0 },
        completion_tokens_details: { reasoning_tokens: details.reasoningTokens ?? 0 },
      },
    };
  },
};

/** An error object some servers send in place of a chunk. */
export interface ChatErrorChunk {
  error: { message: string; type?: string; code?: string | null };
}

/** The wire text of one chunk: `data: <json>\n\n`. */
export function encodeChatChunk(value: ChatChunk | ChatErrorChunk): string {
  return `data: ${JSON.stringify(value)}\n\n`;
}
