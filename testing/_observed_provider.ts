/**
 * @module
 * Watches a model provider from the outside (private to the kit): keeps every request, and pairs
 * each tool call the model makes with the output the model reads in its next request. This is the
 * provider boundary, so it sees blocked and failed calls exactly as the model did.
 */
import type { ModelEvent, ModelProvider, ModelRequest } from "../kernel/mod.ts";
import { outputText } from "./scripted_model.ts";
import type { ToolCallRecord } from "./turn_run.ts";

/** A provider plus what went through it. */
export interface ObservedProvider {
  provider: ModelProvider;
  requests: ModelRequest[];
  toolCalls: ToolCallRecord[];
}

/** Wraps `inner` so that requests and tool calls are recorded as they pass. */
export function observe(inner: ModelProvider): ObservedProvider {
  const requests: ModelRequest[] = [];
  const toolCalls: ToolCallRecord[] = [];
  const provider: ModelProvider = {
    id: inner.id,
    async *stream(request, options): AsyncIterable<ModelEvent> {
      requests.push(structuredClone(request));
      for (const item of request.input) {
        if (item.type !== "function_call_output" && item.type !== "custom_tool_call_output") continue;
        const call = toolCalls.find((c) => c.callId === item.call_id && c.output === null);
        if (call) call.output = outputText(item.output);
      }
      for await (const event of inner.stream(request, options)) {
        if (event.type === "itemDone") {
          const item = event.item;
          if (item.type === "function_call") {
            toolCalls.push({
              callId: item.call_id,
              name: item.name,
              input: item.arguments,
              args: parseArgs(item.arguments),
              output: null,
            });
          } else if (item.type === "custom_tool_call") {
            toolCalls.push({ callId: item.call_id, name: item.name, input: item.input, args: null, output: null });
          }
        }
        yield event;
      }
    },
    listModels: inner.listModels?.bind(inner),
  };
  return { provider, requests, toolCalls };
}

function parseArgs(text: string): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === "object" && value !== null && !Array.isArray(value)
      ? value as Record<string, unknown>
      : null;
  } catch {
    return null;
  }
}
