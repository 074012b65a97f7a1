/**
 * @module
 * The OpenAI Responses API wire format: the `POST /responses` body Codex sends (streaming,
 * `store: false`), and the mapping of its stream events to `ModelEvent`s. Item ids are stripped
 * from the input, because with `store: false` the server cannot look them up. Wire types come
 * from the `openai` package as types only; nothing of it loads at run time.
 */
import type { OpenAI } from "openai";
import type { ModelEvent, ModelRequest, ModelUsage, ResponseItem } from "../../kernel/mod.ts";
import { AttemptFailure, classifyStreamError } from "./failure.ts";
import type { SseMessage } from "./sse.ts";
import type { WireApi, WireDecoder } from "./wire.ts";

type StreamEvent = OpenAI.Responses.ResponseStreamEvent;
type OutputItem = OpenAI.Responses.ResponseOutputItem;

/** The request body for `POST /responses`. */
export function buildResponsesBody(request: ModelRequest): Record<string, unknown> {
  const body: Record<string, unknown> = {
    model: request.model,
    instructions: request.instructions,
    input: request.input.map(withoutId),
    tools: request.tools,
    tool_choice: "auto",
    parallel_tool_calls: request.parallelToolCalls,
    stream: true,
    store: false,
  };
  if (!request.instructions) delete body.instructions;
  if (request.reasoning && (request.reasoning.effort || request.reasoning.summary)) {
    const { effort, summary } = request.reasoning;
    body.reasoning = {
      ...(effort ? { effort } : {}),
      ...(summary && summary !== "none" ? { summary } : {}),
    };
    body.include = ["reasoning.encrypted_content"];
  }
  if (request.outputSchema) {
    body.text = { format: { type: "json_schema", name: "output", strict: true, schema: request.outputSchema } };
  }
  return body;
}

function withoutId(item: ResponseItem): ResponseItem {
  if (!("id" in item)) return item;
  const { id: _id, ...rest } = item;
  return rest as ResponseItem;
}

/** Converts a streamed output item to Tern's `ResponseItem`; `undefined` for kinds Tern ignores. */
export function toResponseItem(item: OutputItem): ResponseItem | undefined {
  switch (item.type) {
    case "message":
      return {
        type: "message",
        id: item.id,
        role: item.role,
        content: item.content.map((part) => ({
          type: "output_text" as const,
          text: part.type === "output_text" ? part.text : part.refusal,
        })),
        ...(item.phase ? { phase: item.phase } : {}),
      };
    case "reasoning":
      return {
        type: "reasoning",
        id: item.id,
        summary: item.summary.map((part) => ({ type: "summary_text" as const, text: part.text })),
        ...(item.content
          ? { content: item.content.map((c) => ({ type: "reasoning_text" as const, text: c.text })) }
          : {}),
        encrypted_content: item.encrypted_content ?? null,
      };
    case "function_call":
      return {
        type: "function_call",
        id: item.id,
        name: item.name,
        arguments: item.arguments,
        call_id: item.call_id,
        ...(item.namespace ? { namespace: item.namespace } : {}),
      };
    case "custom_tool_call":
      return { type: "custom_tool_call", id: item.id, name: item.name, input: item.input, call_id: item.call_id };
    default:
      return undefined;
  }
}

/** Maps the Responses API usage block to `ModelUsage`. */
export function toModelUsage(usage: OpenAI.Responses.ResponseUsage | null | undefined): ModelUsage | undefined {
  if (!usage) return undefined;
  return {
    inputTokens: usage.input_tokens ?? 0,
    cachedInputTokens: usage.input_tokens_details?.cached_tokens ?? 0,
    outputTokens: usage.output_tokens ?? 0,
    reasoningOutputTokens: usage.output_tokens_details?.reasoning_tokens ?? 0,
    totalTokens: usage.total_tokens ?? 0,
  };
}

/** A decoder for one Responses API stream. */
export function createResponsesDecoder(options: { httpStatus: number }): WireDecoder {
  let done = false;
  return {
    get done() {
      return done;
    },
    handle(message: SseMessage): ModelEvent[] {
      let event: StreamEvent;
      try {
        event = JSON.parse(message.data);
      } catch {
        return []; // Codex ignores undecodable events too
      }
      switch (event.type) {
        case "response.created":
          return [{ type: "created", responseId: event.response?.id }];
        case "response.output_item.added":
        case "response.output_item.done": {
          const item = toResponseItem(event.item);
          if (!item) return [];
          const type = event.type === "response.output_item.added" ? "itemAdded" : "itemDone";
          return [{ type, item, outputIndex: event.output_index }];
        }
        case "response.output_text.delta":
          return [{ type: "textDelta", itemId: event.item_id, outputIndex: event.output_index, delta: event.delta }];
        case "response.reasoning_summary_part.added":
          return [{
            type: "reasoningSummaryPartAdded",
            itemId: event.item_id,
            outputIndex: event.output_index,
            summaryIndex: event.summary_index,
          }];
        case "response.reasoning_summary_text.delta":
          return [{
            type: "reasoningSummaryDelta",
            itemId: event.item_id,
            outputIndex: event.output_index,
            summaryIndex: event.summary_index,
            delta: event.delta,
          }];
        case "response.completed":
          done = true;
          return [{ type: "completed", responseId: event.response.id, usage: toModelUsage(event.response.usage) }];
        case "response.failed":
          throw classifyStreamError(event.response.error, options.httpStatus);
        case "response.incomplete": {
          const reason = event.response.incomplete_details?.reason ?? "unknown";
          throw new AttemptFailure(`Incomplete response returned, reason: ${reason}`, {
            kind: "fatal",
            info: "other",
            httpStatus: options.httpStatus,
          });
        }
        case "error":
          throw classifyStreamError({ code: event.code, message: event.message }, options.httpStatus);
        default:
          return [];
      }
    },
    end: () => (done ? [] : undefined),
  };
}

/** The Responses API wire format. */
export const responsesWire: WireApi = {
  path: "/responses",
  body: buildResponsesBody,
  decoder: (_request, options) => createResponsesDecoder(options),
};
