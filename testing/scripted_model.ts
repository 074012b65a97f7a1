/**
 * @module
 * The test kit's scripted model: a `ModelProvider` that answers each model request with the next
 * response of a script written in the test (`{ toolCall }`, `{ text }`, `{ reasoning }`,
 * `{ error }`), streamed the way a real provider streams it, and keeps every request it was sent.
 * A text step may be a function of the request, to echo what a tool returned.
 */
import {
  ModelError,
  type ModelEvent,
  type ModelProvider,
  type ModelRequest,
  type ResponseItem,
} from "../kernel/mod.ts";

/** What a text step function is told about the request it answers. */
export interface SeenRequest {
  request: ModelRequest;
  /** The latest tool output in the request (what the model just read), else null. */
  lastToolOutput: string | null;
  /** The latest user message's text. */
  prompt: string;
}

/** One step of a scripted response. */
export type ModelStep =
  /** The model answers with text (a function computes it from the request). */
  | { text: string | ((seen: SeenRequest) => string) }
  /** The model calls a function tool; `id` defaults to `call_<request>_<step>`. */
  | { toolCall: { name: string; args?: Record<string, unknown>; id?: string } }
  /** The model writes raw input to a freeform tool. */
  | { customToolCall: { name: string; input: string; id?: string } }
  /** A reasoning summary. */
  | { reasoning: string }
  /** The request fails with this message (the turn ends `failed`). */
  | { error: string };

/** One model response: a step, or several (say, two tool calls at once). */
export type ModelResponse = ModelStep | readonly ModelStep[];

/** A provider that plays a script, plus the requests it was sent. */
export interface ScriptedModel extends ModelProvider {
  /** Every request, in order. */
  readonly requests: ModelRequest[];
}

/**
 * Creates a scripted model: request N gets `responses[N]`. A request past the end fails the turn
 * with a message saying so.
 *
 * @example
 * ```ts
 * const model = scriptedModel([
 *   { toolCall: { name: "greet", args: { name: "Ada" } } },
 *   { text: ({ lastToolOutput }) => `The tool said: ${lastToolOutput}` },
 * ]);
 * ```
 */
export function scriptedModel(responses: readonly ModelResponse[], options: { id?: string } = {}): ScriptedModel {
  const requests: ModelRequest[] = [];
  return {
    id: options.id ?? "tern-testing",
    requests,
    async *stream(request): AsyncIterable<ModelEvent> {
      const index = requests.length;
      requests.push(structuredClone(request));
      const response = responses[index];
      if (response === undefined) {
        throw new ModelError(
          `The test's model script has no response for model request ${index + 1} (it has ${responses.length}): ` +
            "add one, or find out why the turn went on",
          { info: "other", attempts: 1 },
        );
      }
      const steps: readonly ModelStep[] = Array.isArray(response) ? response : [response as ModelStep];
      const responseId = `resp_${index + 1}`;
      yield { type: "created", responseId };
      for (const [outputIndex, step] of steps.entries()) {
        yield* play(step, { request, outputIndex, id: `${responseId}_${outputIndex}` });
      }
      yield {
        type: "completed",
        responseId,
        usage: { inputTokens: 0, cachedInputTokens: 0, outputTokens: 0, reasoningOutputTokens: 0, totalTokens: 0 },
      };
    },
    listModels: () => Promise.resolve(["test-model"]),
  };
}

function* play(
  step: ModelStep,
  at: { request: ModelRequest; outputIndex: number; id: string },
): Generator<ModelEvent> {
  const { outputIndex, id } = at;
  if ("error" in step) throw new ModelError(step.error, { info: "other", attempts: 1 });
  if ("text" in step) {
    const text = typeof step.text === "function" ? step.text(seen(at.request)) : step.text;
    const item: ResponseItem = { type: "message", id, role: "assistant", content: [{ type: "output_text", text }] };
    yield { type: "itemAdded", item: { ...item, content: [] }, outputIndex };
    yield { type: "textDelta", itemId: id, outputIndex, delta: text };
    yield { type: "itemDone", item, outputIndex };
    return;
  }
  if ("reasoning" in step) {
    const item: ResponseItem = { type: "reasoning", id, summary: [{ type: "summary_text", text: step.reasoning }] };
    yield { type: "itemAdded", item: { ...item, summary: [] }, outputIndex };
    yield { type: "reasoningSummaryPartAdded", itemId: id, outputIndex, summaryIndex: 0 };
    yield { type: "reasoningSummaryDelta", itemId: id, outputIndex, summaryIndex: 0, delta: step.reasoning };
    yield { type: "itemDone", item, outputIndex };
    return;
  }
  const item: ResponseItem = "toolCall" in step
    ? {
      type: "function_call",
      id,
      name: step.toolCall.name,
      arguments: JSON.stringify(step.toolCall.args ?? {}),
      call_id: step.toolCall.id ?? `call_${id.slice("resp_".length)}`,
    }
    : {
      type: "custom_tool_call",
      id,
      name: step.customToolCall.name,
      input: step.customToolCall.input,
      call_id: step.customToolCall.id ?? `call_${id.slice("resp_".length)}`,
    };
  yield { type: "itemAdded", item, outputIndex };
  yield { type: "itemDone", item, outputIndex };
}

/** What a text step function sees of `request`. */
export function seen(request: ModelRequest): SeenRequest {
  const latest = <T extends ResponseItem>(pred: (i: ResponseItem) => i is T) => request.input.findLast(pred);
  const output = latest((i): i is Extract<ResponseItem, { type: "function_call_output" | "custom_tool_call_output" }> =>
    i.type === "function_call_output" || i.type === "custom_tool_call_output"
  );
  const user = latest((i): i is Extract<ResponseItem, { type: "message" }> =>
    i.type === "message" && i.role === "user"
  );
  return {
    request,
    lastToolOutput: output ? outputText(output.output) : null,
    prompt: user ? user.content.map((c) => ("text" in c ? c.text : "")).join("") : "",
  };
}

/** A tool output as text (content parts joined). */
export function outputText(output: string | readonly { type: string; text?: string }[]): string {
  return typeof output === "string" ? output : output.map((p) => p.text ?? "").join("");
}
