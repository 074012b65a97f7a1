/**
 * @module
 * One sampling request of a turn (private to the kernel): streams the model, turns its events into
 * items as they stream, and starts each tool call through the registry the moment the model has
 * finished writing it. Also builds the `ToolContext` each call gets.
 */
import { ModelError, type ModelEvent, type ModelRequest } from "./provider.ts";
import type { AgentMessageItem, ReasoningItem, ThreadItem } from "./protocol/items.ts";
import type { ModelUsage, ResponseItem, ToolOutputPart } from "./protocol/model.ts";
import type { DispatchResult, ToolCall, ToolContext, ToolResult } from "./tools.ts";
import type { TurnInputs } from "./turn_inputs.ts";
import type { LifecycleBase } from "./extensions/lifecycle.ts";
import type { TurnError } from "./protocol/turn.ts";
import { askUser } from "./requests/ask.ts";

/** Emits an item's start and completion. */
export interface ItemEvents {
  start(item: ThreadItem): void;
  complete(item: ThreadItem): void;
}

/** A tool call the model made, running or done. */
export interface PendingCall {
  call: ToolCall;
  result: Promise<DispatchResult>;
}

/** What one sampling request produced. */
export interface Sampled {
  calls: PendingCall[];
  usage?: ModelUsage;
  /** The text of the last assistant message, if any. */
  lastMessage: string | null;
}

/** Streams one sampling request; starts tool calls as they complete. */
export async function sample(
  inputs: TurnInputs,
  request: ModelRequest,
  itemEvents: ItemEvents,
  newId: () => string,
): Promise<Sampled> {
  const { threadId, turnId, sink, signal } = inputs;
  const calls: PendingCall[] = [];
  const open = new Map<number, AgentMessageItem | ReasoningItem>();
  let usage: ModelUsage | undefined;
  let lastMessage: string | null = null;
  let completed = false;
  try {
    for await (const event of inputs.provider.stream(request, { signal })) {
      if (signal.aborted) break;
      handle(event);
    }
  } finally {
    // Close items the stream left open (interrupt, failure) with what they had.
    for (const item of open.values()) itemEvents.complete(item);
    open.clear();
  }
  if (!completed && !signal.aborted) {
    throw new ModelError("Model stream ended before the response was completed", {
      info: { responseStreamDisconnected: { httpStatusCode: null } },
      attempts: 1,
    });
  }
  return { calls, usage, lastMessage };

  function handle(event: ModelEvent): void {
    switch (event.type) {
      case "itemAdded": {
        const item = event.item;
        if (item.type === "message" && item.role === "assistant") {
          const started: AgentMessageItem = { type: "agentMessage", id: item.id ?? newId(), text: "", phase: null };
          open.set(event.outputIndex, started);
          itemEvents.start(started);
        } else if (item.type === "reasoning") {
          const started: ReasoningItem = { type: "reasoning", id: item.id ?? newId(), summary: [], content: [] };
          open.set(event.outputIndex, started);
          itemEvents.start(started);
        }
        return;
      }
      case "textDelta": {
        const item = open.get(event.outputIndex);
        if (item?.type !== "agentMessage") return;
        item.text += event.delta;
        sink.emit("item/agentMessage/delta", { threadId, turnId, itemId: item.id, delta: event.delta });
        return;
      }
      case "reasoningSummaryPartAdded": {
        const item = open.get(event.outputIndex);
        if (item?.type !== "reasoning") return;
        item.summary[event.summaryIndex] ??= "";
        sink.emit("item/reasoning/summaryPartAdded", {
          threadId,
          turnId,
          itemId: item.id,
          summaryIndex: event.summaryIndex,
        });
        return;
      }
      case "reasoningSummaryDelta": {
        const item = open.get(event.outputIndex);
        if (item?.type !== "reasoning") return;
        item.summary[event.summaryIndex] = (item.summary[event.summaryIndex] ?? "") + event.delta;
        sink.emit("item/reasoning/summaryTextDelta", {
          threadId,
          turnId,
          itemId: item.id,
          delta: event.delta,
          summaryIndex: event.summaryIndex,
        });
        return;
      }
      case "itemDone":
        return itemDone(event.item, event.outputIndex);
      case "completed":
        completed = true;
        usage = event.usage;
        return;
      case "retrying":
        return emitRetrying(inputs, event);
      case "created":
        return;
    }
  }

  function itemDone(item: ResponseItem, outputIndex: number): void {
    sink.pushHistory(item);
    const started = open.get(outputIndex);
    open.delete(outputIndex);
    if (item.type === "message" && item.role === "assistant") {
      const text = item.content.map((c) => ("text" in c ? c.text : "")).join("");
      const agentMessage: AgentMessageItem = {
        type: "agentMessage",
        id: started?.id ?? item.id ?? newId(),
        text,
        phase: (item.phase as AgentMessageItem["phase"]) ?? null,
      };
      if (!started) itemEvents.start({ ...agentMessage, text: "" });
      lastMessage = text;
      itemEvents.complete(agentMessage);
    } else if (item.type === "reasoning") {
      const reasoning: ReasoningItem = {
        type: "reasoning",
        id: started?.id ?? item.id ?? newId(),
        summary: item.summary.map((s) => s.text),
        content: (item.content ?? []).map((c) => c.text),
      };
      if (!started) itemEvents.start({ ...reasoning, summary: [] });
      itemEvents.complete(reasoning);
    } else if (item.type === "function_call" || item.type === "custom_tool_call") {
      const call: ToolCall = {
        callId: item.call_id,
        name: item.name,
        input: item.type === "function_call" ? item.arguments : item.input,
        kind: item.type === "function_call" ? "function" : "freeform",
      };
      calls.push({ call, result: inputs.tools.dispatch(call, toolContext(inputs, call, itemEvents)) });
    }
  }
}

/** The context a call of this turn runs with (a model's tool call, or a user's shell command). */
export function toolContext(inputs: TurnInputs, call: ToolCall, itemEvents: ItemEvents): ToolContext {
  const { threadId, turnId, settings, sink, signal } = inputs;
  const ctx: ToolContext = {
    threadId,
    turnId,
    callId: call.callId,
    toolName: call.name,
    model: settings.model,
    transcriptPath: inputs.transcriptPath,
    toolInput: call.input,
    approvalRequired: null,
    approvalMetadata: {},
    approvalCacheKey: null,
    checkPermission: async (check) => {
      if (!inputs.lifecycle.has("permissionRequest")) return { decision: "ask" };
      const out = await inputs.lifecycle.run("permissionRequest", { ...lifecycleBase(inputs), turnId, ...check });
      if (out.deny !== undefined) return { decision: "deny", message: out.deny };
      if (out.allow !== undefined) return { decision: "allow", message: out.allow };
      return { decision: "ask" };
    },
    cwd: settings.cwd,
    approvalPolicy: settings.approvalPolicy,
    sandboxMode: settings.sandboxMode,
    sandbox: settings.sandbox,
    approvals: inputs.approvals,
    interrupt: inputs.interrupt,
    signal,
    emit: (topic, params) => sink.emit(topic, params),
    startItem: itemEvents.start,
    completeItem: itemEvents.complete,
    request: (method, params) => inputs.request(method, params, { signal, threadId }),
    emitProgress: (message) =>
      sink.emit("item/tool/progress", { threadId, turnId, itemId: call.callId, tool: call.name, message }),
    ask: (question) => askUser(ctx, question),
    log: (message) => sink.debug?.(`[${call.name}] ${message}`),
  };
  return ctx;
}

export function outputItem(call: ToolCall, result: ToolResult): ResponseItem {
  const output: string | ToolOutputPart[] = result.output;
  return call.kind === "freeform"
    ? { type: "custom_tool_call_output", call_id: call.callId, output }
    : { type: "function_call_output", call_id: call.callId, output };
}

/** Tells clients a model request failed and will be tried again (an `error` with `willRetry`). */
export function emitRetrying(inputs: TurnInputs, event: Extract<ModelEvent, { type: "retrying" }>): void {
  inputs.sink.emit("error", {
    error: {
      message: `${event.message}; retrying (attempt ${event.attempt} of ${event.maxAttempts})`,
      codexErrorInfo: null,
      additionalDetails: null,
    },
    willRetry: true,
    threadId: inputs.threadId,
    turnId: inputs.turnId,
  });
}

/** The fields every lifecycle handler is told, for this turn. */
export function lifecycleBase(inputs: TurnInputs): LifecycleBase {
  const { settings, sink } = inputs;
  return {
    threadId: inputs.threadId,
    cwd: settings.cwd,
    model: settings.model,
    transcriptPath: inputs.transcriptPath,
    approvalPolicy: settings.approvalPolicy,
    signal: inputs.signal,
    emit: (topic, params) => sink.emit(topic, params),
    request: (method, params) => inputs.request(method, params, { signal: inputs.signal, threadId: inputs.threadId }),
  };
}

/** A turn's failure as Codex's `TurnError`: a model error keeps its `codexErrorInfo`. */
export function toTurnError(error: unknown): TurnError {
  if (error instanceof ModelError) {
    return { message: error.message, codexErrorInfo: error.info, additionalDetails: null };
  }
  const message = error instanceof Error ? error.message : String(error);
  return { message: `Turn failed: ${message}`, codexErrorInfo: "other", additionalDetails: null };
}
