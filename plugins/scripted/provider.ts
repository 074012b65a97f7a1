/**
 * @module
 * The scripted model provider: each request streams the next scripted response as the
 * Responses API would (items added, text deltas, items done, completed with usage). Text is
 * streamed a few words at a time so front ends show real streaming. A request past the end of
 * the script fails with a clear error. Response ids (and so the item and call ids made from
 * them) are UUIDv7s, unique across processes: a resumed thread's saved items never share an id
 * with what a new process streams.
 */
import {
  delay,
  ModelError,
  type ModelEvent,
  type ModelProvider,
  type ModelRequest,
  type ResponseItem,
} from "../../kernel/mod.ts";
import { uuidv7 } from "../../lib/ids/mod.ts";
import type { Script, ScriptStep } from "./script.ts";

/** Creates a provider that replays `script`, one response per request. */
export function createScriptedProvider(script: Script, options: { id?: string } = {}): ModelProvider {
  let next = 0;
  return {
    id: options.id ?? "scripted",
    async *stream(request: ModelRequest, { signal }): AsyncIterable<ModelEvent> {
      const index = next++;
      const steps = script.responses[index];
      if (!steps) {
        throw new ModelError(
          `Scripted provider has no response left for request ${index + 1} (the script has ${script.responses.length})`,
          { info: "other", attempts: 1 },
        );
      }
      const responseId = `resp_${uuidv7()}`;
      yield { type: "created", responseId };
      let outputIndex = 0;
      let outputChars = 0;
      for (const [stepIndex, step] of steps.entries()) {
        if (signal.aborted) return;
        for (const event of await play(step, { request, outputIndex, responseId, stepIndex, signal })) {
          if (event.type === "textDelta") outputChars += event.delta.length;
          yield event;
        }
        if (!("sleepMs" in step)) outputIndex++;
      }
      const inputChars = JSON.stringify(request.input).length;
      const inputTokens = Math.ceil(inputChars / 4);
      const outputTokens = Math.max(1, Math.ceil(outputChars / 4));
      yield {
        type: "completed",
        responseId,
        usage: {
          inputTokens,
          cachedInputTokens: 0,
          outputTokens,
          reasoningOutputTokens: 0,
          totalTokens: inputTokens + outputTokens,
        },
      };
    },
    listModels: () => Promise.resolve(["scripted"]),
  };
}

interface PlayContext {
  request: ModelRequest;
  outputIndex: number;
  responseId: string;
  stepIndex: number;
  signal: AbortSignal;
}

async function play(step: ScriptStep, ctx: PlayContext): Promise<ModelEvent[]> {
  const { outputIndex } = ctx;
  const id = `${ctx.responseId}_${ctx.stepIndex}`;
  if ("sleepMs" in step) {
    await sleep(step.sleepMs, ctx.signal);
    return [];
  }
  if ("fail" in step) {
    throw new ModelError(step.fail, {
      info: step.status ? { httpConnectionFailed: { httpStatusCode: step.status } } : "other",
      attempts: 1,
      httpStatus: step.status ?? null,
    });
  }
  if ("say" in step) {
    const text = fill(step.say, ctx.request);
    const item: ResponseItem = { type: "message", id, role: "assistant", content: [{ type: "output_text", text }] };
    return [
      { type: "itemAdded", item: { ...item, content: [] }, outputIndex },
      ...chunks(text).map((delta): ModelEvent => ({ type: "textDelta", itemId: id, outputIndex, delta })),
      { type: "itemDone", item, outputIndex },
    ];
  }
  if ("reasoning" in step) {
    const text = fill(step.reasoning, ctx.request);
    const item: ResponseItem = { type: "reasoning", id, summary: [{ type: "summary_text", text }] };
    return [
      { type: "itemAdded", item: { ...item, summary: [] }, outputIndex },
      { type: "reasoningSummaryPartAdded", itemId: id, outputIndex, summaryIndex: 0 },
      ...chunks(text).map((delta): ModelEvent => ({
        type: "reasoningSummaryDelta",
        itemId: id,
        outputIndex,
        summaryIndex: 0,
        delta,
      })),
      { type: "itemDone", item, outputIndex },
    ];
  }
  if ("call" in step) {
    const item: ResponseItem = {
      type: "function_call",
      id,
      name: step.call,
      arguments: JSON.stringify(step.args),
      call_id: step.id ?? `call_${ctx.responseId}_${ctx.stepIndex}`,
    };
    return [{ type: "itemAdded", item, outputIndex }, { type: "itemDone", item, outputIndex }];
  }
  const item: ResponseItem = {
    type: "custom_tool_call",
    id,
    name: step.custom,
    input: step.input,
    call_id: step.id ?? `call_${ctx.responseId}_${ctx.stepIndex}`,
  };
  return [{ type: "itemAdded", item, outputIndex }, { type: "itemDone", item, outputIndex }];
}

/** Replaces `{{output}}` and `{{input}}` with the latest tool output and user message. */
function fill(text: string, request: ModelRequest): string {
  if (!text.includes("{{")) return text;
  const latest = (pred: (i: ResponseItem) => boolean) => [...request.input].reverse().find(pred);
  const output = latest((i) => i.type === "function_call_output" || i.type === "custom_tool_call_output");
  const input = latest((i) => i.type === "message" && i.role === "user");
  const outputText = output && "output" in output
    ? (typeof output.output === "string"
      ? output.output
      : output.output.map((p) => ("text" in p ? p.text : "")).join(""))
    : "";
  const inputText = input?.type === "message" ? input.content.map((c) => ("text" in c ? c.text : "")).join("") : "";
  return text.replaceAll("{{output}}", outputBody(outputText).trim()).replaceAll("{{input}}", inputText);
}

/** The part of a shell tool's output after its `Output:` header, else the whole text. */
function outputBody(text: string): string {
  const marker = text.indexOf("Output:\n");
  return marker >= 0 ? text.slice(marker + "Output:\n".length) : text;
}

function chunks(text: string): string[] {
  const words = text.match(/\S+\s*|\s+/g) ?? [text];
  const out: string[] = [];
  for (let i = 0; i < words.length; i += 3) out.push(words.slice(i, i + 3).join(""));
  return out.length ? out : [""];
}

/** Waits `ms`, or less when `signal` aborts (the caller checks the signal). */
function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return delay(ms, { signal }).catch(() => {});
}
