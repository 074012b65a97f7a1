/**
 * @module
 * Builders for Responses API stream events, shaped like the real `ResponseStreamEvent`s (see the
 * `openai` package's `responses.d.ts`). Builders leave `sequence_number` and `output_index` out;
 * `finalizeEvents()` fills them in when the mock server serves a stream, so one builder call can be
 * reused anywhere in a stream. `encodeSse()` writes events as `event: <type>\ndata: <json>\n\n`.
 */

/** One Responses API stream event (`type` plus the event's own fields). */
export interface SseEvent {
  type: string;
  [key: string]: unknown;
}

/** Token counts for `ev.completed()`, in Tern's camelCase; missing counts are 0. */
export interface MockUsage {
  inputTokens?: number;
  cachedInputTokens?: number;
  outputTokens?: number;
  reasoningOutputTokens?: number;
  /** @default inputTokens + outputTokens */
  totalTokens?: number;
}

/** The error of a failed response (`response.failed`) or of an `error` event. */
export interface MockError {
  code: string;
  message: string;
}

function response(id: string, status: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id,
    object: "response",
    created_at: 1700000000,
    status,
    model: "mock-model",
    output: [],
    output_text: "",
    error: null,
    incomplete_details: null,
    instructions: null,
    metadata: null,
    parallel_tool_calls: true,
    temperature: null,
    tool_choice: "auto",
    tools: [],
    top_p: null,
    usage: null,
    ...extra,
  };
}

function wireUsage(usage: MockUsage = {}): Record<string, unknown> {
  const input = usage.inputTokens ?? 0;
  const output = usage.outputTokens ?? 0;
  return {
    input_tokens: input,
    input_tokens_details: { cached_tokens: usage.cachedInputTokens ?? 0 },
    output_tokens: output,
    output_tokens_details: { reasoning_tokens: usage.reasoningOutputTokens ?? 0 },
    total_tokens: usage.totalTokens ?? input + output,
  };
}

function outputText(text: string): Record<string, unknown> {
  return { type: "output_text", text, annotations: [], logprobs: [] };
}

/** Builders for single events and for whole output items (arrays of events). */
export const ev = {
  /** `response.created` with an in-progress response. */
  created(responseId = "resp_mock"): SseEvent {
    return { type: "response.created", response: response(responseId, "in_progress") };
  },
  /** `response.in_progress`. */
  inProgress(responseId = "resp_mock"): SseEvent {
    return { type: "response.in_progress", response: response(responseId, "in_progress") };
  },
  /** `response.output_item.added` for an empty assistant message. */
  messageAdded(itemId: string): SseEvent {
    return {
      type: "response.output_item.added",
      item: { id: itemId, type: "message", role: "assistant", status: "in_progress", content: [] },
    };
  },
  /** `response.output_text.delta`. */
  textDelta(itemId: string, delta: string): SseEvent {
    return { type: "response.output_text.delta", item_id: itemId, content_index: 0, delta, logprobs: [] };
  },
  /** `response.output_item.done` for an assistant message holding `text`. */
  messageDone(itemId: string, text: string, options: { phase?: "commentary" | "final_answer" } = {}): SseEvent {
    return {
      type: "response.output_item.done",
      item: {
        id: itemId,
        type: "message",
        role: "assistant",
        status: "completed",
        content: [outputText(text)],
        ...(options.phase ? { phase: options.phase } : {}),
      },
    };
  },
  /**
   * A whole assistant message: item added, content part added, text deltas, text done, part done,
   * item done. `deltas` splits the text (it must join to `text`).
   */
  assistantMessage(
    itemId: string,
    text: string,
    options: { deltas?: string[]; phase?: "commentary" | "final_answer" } = {},
  ): SseEvent[] {
    const deltas = options.deltas ?? [text];
    return [
      ev.messageAdded(itemId),
      { type: "response.content_part.added", item_id: itemId, content_index: 0, part: outputText("") },
      ...deltas.map((delta) => ev.textDelta(itemId, delta)),
      { type: "response.output_text.done", item_id: itemId, content_index: 0, text, logprobs: [] },
      { type: "response.content_part.done", item_id: itemId, content_index: 0, part: outputText(text) },
      ev.messageDone(itemId, text, { phase: options.phase }),
    ];
  },
  /** A whole function call: added, arguments delta, arguments done, item done. */
  functionCall(
    callId: string,
    name: string,
    args: unknown,
    options: { itemId?: string; namespace?: string } = {},
  ): SseEvent[] {
    const itemId = options.itemId ?? `fc_${callId}`;
    const argumentsText = typeof args === "string" ? args : JSON.stringify(args);
    const item = (status: string, text: string) => ({
      id: itemId,
      type: "function_call",
      status,
      name,
      call_id: callId,
      arguments: text,
      ...(options.namespace ? { namespace: options.namespace } : {}),
    });
    return [
      { type: "response.output_item.added", item: item("in_progress", "") },
      { type: "response.function_call_arguments.delta", item_id: itemId, delta: argumentsText },
      { type: "response.function_call_arguments.done", item_id: itemId, arguments: argumentsText },
      { type: "response.output_item.done", item: item("completed", argumentsText) },
    ];
  },
  /** A whole custom (freeform) tool call: added, input delta, input done, item done. */
  customToolCall(callId: string, name: string, input: string, options: { itemId?: string } = {}): SseEvent[] {
    const itemId = options.itemId ?? `ctc_${callId}`;
    const item = (status: string, text: string) => ({
      id: itemId,
      type: "custom_tool_call",
      status,
      name,
      call_id: callId,
      input: text,
    });
    return [
      { type: "response.output_item.added", item: item("in_progress", "") },
      { type: "response.custom_tool_call_input.delta", item_id: itemId, delta: input },
      { type: "response.custom_tool_call_input.done", item_id: itemId, input },
      { type: "response.output_item.done", item: item("completed", input) },
    ];
  },
  /**
   * A whole reasoning item: added, then for each summary part: part added, text delta, text done,
   * part done; then item done (with `encrypted_content` when given).
   */
  reasoning(itemId: string, summary: string | string[], options: { encryptedContent?: string } = {}): SseEvent[] {
    const parts = typeof summary === "string" ? [summary] : summary;
    const events: SseEvent[] = [{
      type: "response.output_item.added",
      item: { id: itemId, type: "reasoning", summary: [], status: "in_progress" },
    }];
    parts.forEach((text, summaryIndex) => {
      const base = { item_id: itemId, summary_index: summaryIndex };
      events.push(
        { type: "response.reasoning_summary_part.added", ...base, part: { type: "summary_text", text: "" } },
        { type: "response.reasoning_summary_text.delta", ...base, delta: text },
        { type: "response.reasoning_summary_text.done", ...base, text },
        { type: "response.reasoning_summary_part.done", ...base, part: { type: "summary_text", text } },
      );
    });
    events.push({
      type: "response.output_item.done",
      item: {
        id: itemId,
        type: "reasoning",
        status: "completed",
        summary: parts.map((text) => ({ type: "summary_text", text })),
        encrypted_content: options.encryptedContent ?? null,
      },
    });
    return events;
  },
  /** `response.completed`; the served event lists the stream's done items as `output`. */
  completed(responseId = "resp_mock", usage?: MockUsage): SseEvent {
    return { type: "response.completed", response: response(responseId, "completed", { usage: wireUsage(usage) }) };
  },
  /** `response.failed` with `error`. */
  failed(responseId: string, error: MockError): SseEvent {
    return { type: "response.failed", response: response(responseId, "failed", { error }) };
  },
  /** `response.incomplete` with `incomplete_details.reason`. */
  incomplete(responseId: string, reason = "max_output_tokens"): SseEvent {
    return {
      type: "response.incomplete",
      response: response(responseId, "incomplete", { incomplete_details: { reason } }),
    };
  },
  /** A top-level `error` event. */
  error(message: string, code: string | null = null): SseEvent {
    return { type: "error", code, message, param: null };
  },
};

let turnCounter = 0;

/** Options for `turnOf()`. */
export interface TurnOptions {
  /** @default a fresh `resp_mock_N` */
  responseId?: string;
  usage?: MockUsage;
}

/**
 * A whole successful stream: `response.created`, the given events (or groups of events), then
 * `response.completed` with `usage`.
 *
 * @example
 * ```ts
 * server.enqueue(turnOf(ev.assistantMessage("msg_1", "Hello")));
 * ```
 */
export function turnOf(...parts: Array<SseEvent | SseEvent[]>): { events: SseEvent[] };
export function turnOf(options: TurnOptions, ...parts: Array<SseEvent | SseEvent[]>): { events: SseEvent[] };
export function turnOf(...args: unknown[]): { events: SseEvent[] } {
  let options: TurnOptions = {};
  if (args.length > 0 && !Array.isArray(args[0]) && !("type" in (args[0] as object))) {
    options = args.shift() as typeof options;
  }
  const responseId = options.responseId ?? `resp_mock_${++turnCounter}`;
  const body = (args as Array<SseEvent | SseEvent[]>).flat();
  return { events: [ev.created(responseId), ...body, ev.completed(responseId, options.usage)] };
}

/**
 * Copies `events` and fills in what the real API sends on every event: `sequence_number` (the
 * position in the stream), `output_index` (from the order in which items were added), and the
 * completed response's `output` (the done items). Values already present are kept.
 */
export function finalizeEvents(events: SseEvent[]): SseEvent[] {
  const indexes = new Map<string, number>();
  const doneItems: unknown[] = [];
  let nextIndex = 0;
  return events.map((original, position) => {
    const event = structuredClone(original);
    event.sequence_number ??= position;
    const item = event.item as { id?: string } | undefined;
    if (event.type === "response.output_item.added" || event.type === "response.output_item.done") {
      const known = item?.id !== undefined ? indexes.get(item.id) : undefined;
      event.output_index ??= known ?? nextIndex++;
      if (item?.id !== undefined) indexes.set(item.id, event.output_index as number);
      if (event.type === "response.output_item.done") doneItems.push(item);
    } else if (typeof event.item_id === "string") {
      event.output_index ??= indexes.get(event.item_id) ?? 0;
    }
    const resp = event.response as { output?: unknown[] } | undefined;
    if (event.type === "response.completed" && resp && resp.output?.length === 0) resp.output = doneItems;
    return event;
  });
}

/** The wire text of one event: `event: <type>\ndata: <json>\n\n`. */
export function encodeSse(event: SseEvent): string {
  return `event: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`;
}
