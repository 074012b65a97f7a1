/**
 * @module
 * The Chat Completions wire format, for Ollama, vLLM, LM Studio and other compatible servers.
 * Converts the Responses-shaped history and tools to chat messages and function tools (a freeform
 * tool becomes a function with one string parameter `input`), and turns the streamed chunks back
 * into the same `ModelEvent`s the Responses API gives, with synthesized item ids. Reasoning items
 * are not sent: chat has no place for them.
 */
import type { OpenAI } from "openai";
import type {
  ContentPart,
  ModelEvent,
  ModelRequest,
  ModelToolSpec,
  ModelUsage,
  ResponseItem,
  ToolOutputPart,
} from "../../kernel/mod.ts";
import { classifyStreamError } from "./failure.ts";
import type { SseMessage } from "./sse.ts";
import type { WireApi, WireDecoder } from "./wire.ts";

type ChatMessage = OpenAI.Chat.Completions.ChatCompletionMessageParam;
type ChatTool = OpenAI.Chat.Completions.ChatCompletionFunctionTool;
type ChatChunk = OpenAI.Chat.Completions.ChatCompletionChunk;
type AssistantMessage = OpenAI.Chat.Completions.ChatCompletionAssistantMessageParam;

/**
 * Converts the history (and instructions) to chat messages. Strict chat templates (Llama,
 * Mistral, Qwen served by vLLM or llama.cpp) accept one system message, first, and alternating
 * turns after it: so the instructions and the developer messages before the conversation starts
 * make that one system message, and a developer message later on (hook context, a changed
 * environment) joins the user message it comes with, instead of a `system` message after a `user` one.
 */
export function toChatMessages(instructions: string, input: ResponseItem[]): ChatMessage[] {
  const messages: ChatMessage[] = [];
  const system: string[] = instructions ? [instructions] : [];
  const addUser = (content: OpenAI.Chat.Completions.ChatCompletionUserMessageParam["content"]) => {
    const last = messages.at(-1);
    if (last?.role !== "user") return void messages.push({ role: "user", content });
    const parts = (c: typeof content) => typeof c === "string" ? [{ type: "text" as const, text: c }] : c;
    last.content = typeof last.content === "string" && typeof content === "string"
      ? `${last.content}\n\n${content}`
      : [...parts(last.content), ...parts(content)];
  };
  // The assistant message that tool calls attach to, while no other message has followed it.
  let openAssistant: AssistantMessage | undefined;
  const addToolCall = (id: string, name: string, args: string) => {
    if (!openAssistant) {
      openAssistant = { role: "assistant", content: null, tool_calls: [] };
      messages.push(openAssistant);
    }
    (openAssistant.tool_calls ??= []).push({ id, type: "function", function: { name, arguments: args } });
  };
  for (const item of input) {
    switch (item.type) {
      case "message":
        if (item.role === "assistant") {
          openAssistant = { role: "assistant", content: textOf(item.content) };
          messages.push(openAssistant);
          break;
        }
        openAssistant = undefined;
        if (item.role === "user") addUser(userContent(item.content));
        else if (messages.length === 0) system.push(textOf(item.content)); // many servers lack "developer"
        else addUser(textOf(item.content));
        break;
      case "function_call":
        addToolCall(item.call_id, item.name, item.arguments);
        break;
      case "custom_tool_call":
        addToolCall(item.call_id, item.name, JSON.stringify({ input: item.input }));
        break;
      case "function_call_output":
      case "custom_tool_call_output":
        openAssistant = undefined;
        messages.push({ role: "tool", tool_call_id: item.call_id, content: outputText(item.output) });
        break;
      case "reasoning":
        break;
    }
  }
  return system.length ? [{ role: "system", content: system.join("\n\n") }, ...messages] : messages;
}

function textOf(content: ContentPart[]): string {
  return content.map((part) => ("text" in part ? part.text : "")).join("");
}

function userContent(content: ContentPart[]): OpenAI.Chat.Completions.ChatCompletionUserMessageParam["content"] {
  if (content.every((part) => part.type !== "input_image")) return textOf(content);
  return content.map((part) =>
    part.type === "input_image"
      ? { type: "image_url" as const, image_url: { url: part.image_url } }
      : { type: "text" as const, text: part.text }
  );
}

function outputText(output: string | ToolOutputPart[]): string {
  if (typeof output === "string") return output;
  return output.map((part) => (part.type === "input_text" ? part.text : "[image]")).join("\n");
}

/** Converts tool specs to chat function tools. */
export function toChatTools(tools: ModelToolSpec[]): ChatTool[] {
  return tools.map((tool) => {
    if (tool.type === "function") {
      return {
        type: "function",
        function: {
          name: tool.name,
          description: tool.description,
          parameters: tool.parameters,
          ...(tool.strict ? { strict: true } : {}),
        },
      };
    }
    const grammar = tool.format.type === "grammar"
      ? `\n\nThe input must follow this ${tool.format.syntax} grammar:\n${tool.format.definition}`
      : "";
    return {
      type: "function",
      function: {
        name: tool.name,
        description: tool.description + grammar,
        parameters: {
          type: "object",
          properties: { input: { type: "string", description: "The raw input for the tool" } },
          required: ["input"],
          additionalProperties: false,
        },
      },
    };
  });
}

/** The request body for `POST /chat/completions`. */
export function buildChatBody(request: ModelRequest): Record<string, unknown> {
  const body: Record<string, unknown> = {
    model: request.model,
    messages: toChatMessages(request.instructions, request.input),
    stream: true,
    stream_options: { include_usage: true },
  };
  if (request.tools.length > 0) {
    body.tools = toChatTools(request.tools);
    body.tool_choice = "auto";
    body.parallel_tool_calls = request.parallelToolCalls;
  }
  if (request.reasoning?.effort) body.reasoning_effort = request.reasoning.effort;
  if (request.outputSchema) {
    body.response_format = {
      type: "json_schema",
      json_schema: { name: "output", strict: true, schema: request.outputSchema },
    };
  }
  return body;
}

interface PendingCall {
  id: string;
  name: string;
  args: string;
}

/** A decoder for one chat stream. `customTools` names the tools whose calls become `custom_tool_call`s. */
export function createChatDecoder(options: { httpStatus: number; customTools: ReadonlySet<string> }): WireDecoder {
  let responseId: string | undefined;
  let message: { id: string; outputIndex: number; text: string } | undefined;
  const calls = new Map<number, PendingCall>();
  let usage: ModelUsage | undefined;
  let finished = false;
  let done = false;

  function close(): ModelEvent[] {
    done = true;
    const events: ModelEvent[] = [];
    let outputIndex = 0;
    if (message) {
      outputIndex = message.outputIndex + 1;
      events.push({
        type: "itemDone",
        outputIndex: message.outputIndex,
        item: {
          type: "message",
          id: message.id,
          role: "assistant",
          content: [{ type: "output_text", text: message.text }],
        },
      });
    }
    for (const [index, call] of [...calls.entries()].sort(([a], [b]) => a - b)) {
      const callId = call.id || `call_${responseId ?? "chat"}_${index}`;
      const item = toolCallItem(callId, call, options.customTools);
      events.push({ type: "itemAdded", item, outputIndex }, { type: "itemDone", item, outputIndex });
      outputIndex++;
    }
    events.push({ type: "completed", responseId, usage });
    return events;
  }

  return {
    get done() {
      return done;
    },
    handle(sse: SseMessage): ModelEvent[] {
      if (sse.data.trim() === "[DONE]") return close();
      let chunk: ChatChunk & { error?: { message?: string; code?: string | null; type?: string } };
      try {
        chunk = JSON.parse(sse.data);
      } catch {
        return [];
      }
      if (chunk.error) throw classifyStreamError(chunk.error, options.httpStatus);
      const events: ModelEvent[] = [];
      if (responseId === undefined) {
        responseId = chunk.id ?? "chat";
        events.push({ type: "created", responseId });
      }
      if (chunk.usage) usage = toUsage(chunk.usage);
      for (const choice of chunk.choices ?? []) {
        const delta = choice.delta ?? {};
        if (delta.content) {
          if (!message) {
            message = { id: `msg_${responseId}`, outputIndex: 0, text: "" };
            events.push({
              type: "itemAdded",
              outputIndex: 0,
              item: { type: "message", id: message.id, role: "assistant", content: [] },
            });
          }
          message.text += delta.content;
          events.push({ type: "textDelta", itemId: message.id, outputIndex: 0, delta: delta.content });
        }
        for (const part of delta.tool_calls ?? []) {
          const call = calls.get(part.index) ?? { id: "", name: "", args: "" };
          calls.set(part.index, call);
          if (part.id) call.id = part.id;
          if (part.function?.name) call.name += part.function.name;
          if (part.function?.arguments) call.args += part.function.arguments;
        }
        if (choice.finish_reason) finished = true;
      }
      return events;
    },
    // Some servers end the body after finish_reason without `data: [DONE]`.
    end: () => (done ? [] : finished ? close() : undefined),
  };
}

function toolCallItem(callId: string, call: PendingCall, customTools: ReadonlySet<string>): ResponseItem {
  const id = `fc_${callId}`;
  if (!customTools.has(call.name)) {
    return { type: "function_call", id, name: call.name, arguments: call.args || "{}", call_id: callId };
  }
  let input = call.args;
  try {
    const parsed = JSON.parse(call.args);
    if (typeof parsed?.input === "string") input = parsed.input;
  } catch {
    // not JSON: pass the raw text as the input
  }
  return { type: "custom_tool_call", id, name: call.name, input, call_id: callId };
}

function toUsage(usage: OpenAI.Completions.CompletionUsage): ModelUsage {
  return {
    inputTokens: usage.prompt_tokens ?? 0,
    cachedInputTokens: usage.prompt_tokens_details?.cached_tokens ?? 0,
    outputTokens: usage.completion_tokens ?? 0,
    reasoningOutputTokens: usage.completion_tokens_details?.reasoning_tokens ?? 0,
    totalTokens: usage.total_tokens ?? 0,
  };
}

/** The Chat Completions wire format. */
export const chatWire: WireApi = {
  path: "/chat/completions",
  body: buildChatBody,
  decoder: (request, options) =>
    createChatDecoder({
      ...options,
      customTools: new Set(request.tools.filter((tool) => tool.type === "custom").map((tool) => tool.name)),
    }),
};
