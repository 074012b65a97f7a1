/**
 * @module
 * One turn, as a function of its inputs (`runTurn`). It records the user's input, assembles the
 * prompt (context contributions, then history), streams the model, emits items as they stream
 * (`item/started` → deltas → `item/completed`), dispatches tool calls as soon as the model has
 * finished writing each one (so several run in parallel), feeds the outputs back in the model's
 * order, and samples again until the model answers without tool calls. No globals and no I/O:
 * the provider, the tools, the sinks and the `AbortSignal` are passed in.
 *
 * Interrupt: aborting `signal` cancels the model stream, running tools and pending server
 * requests; the turn ends `interrupted`, and every tool call already in history gets an
 * "aborted" output so the next turn's history stays valid.
 */
import type { ContextContributor } from "./context.ts";
import { ModelError, type ModelEvent, type ModelProvider, type ModelRequest } from "./provider.ts";
import type { AgentMessageItem, ReasoningItem, ThreadItem, UserInput } from "./protocol/items.ts";
import type { ModelUsage, ResponseItem, ToolOutputPart } from "./protocol/model.ts";
import type { NotificationMap, Topic } from "./protocol/notifications.ts";
import type { AskForApproval, SandboxMode } from "./protocol/thread.ts";
import type { Turn, TurnError } from "./protocol/turn.ts";
import type { ToolCall, ToolContext, ToolRegistry, ToolResult } from "./tools.ts";
import type { EventBus } from "./bus.ts";
import type { SandboxPolicy, SessionApprovals } from "./approvals.ts";

/** Settings in force for one turn. */
export interface TurnSettings {
  cwd: string;
  model: string;
  approvalPolicy: AskForApproval;
  sandboxMode: SandboxMode;
  /** The sandbox policy derived from `sandboxMode` for this turn. */
  sandbox: SandboxPolicy;
  instructions: string;
  developerInstructions?: string;
  effort?: string;
  summary?: string;
  outputSchema?: Record<string, unknown>;
}

/** Everything `runTurn` needs. */
export interface TurnInputs {
  threadId: string;
  turnId: string;
  input: UserInput[];
  /** The thread's model history; the turn appends to it through `sink.pushHistory`. */
  history: readonly ResponseItem[];
  settings: TurnSettings;
  provider: ModelProvider;
  tools: ToolRegistry;
  contributors: readonly ContextContributor[];
  /** Sends server requests (bound to the bus). */
  request: EventBus["request"];
  sink: TurnSink;
  signal: AbortSignal;
  /** Aborts the turn (wired to the same controller as `signal`). */
  interrupt: () => void;
  /** The thread's session approvals. */
  approvals: SessionApprovals;
  /** Makes ids for items the model did not name. */
  newId?: () => string;
}

/** Where a turn's effects go: notifications, and history to keep. */
export interface TurnSink {
  emit<T extends Topic>(topic: T, params: NotificationMap[T]): void;
  pushHistory(item: ResponseItem): void;
  warn(message: string): void;
}

/** Usage summed over the turn's sampling requests. */
export interface TurnOutcome {
  turn: Turn;
  usage: ModelUsage;
}

const emptyUsage = (): ModelUsage => ({
  inputTokens: 0,
  cachedInputTokens: 0,
  outputTokens: 0,
  reasoningOutputTokens: 0,
  totalTokens: 0,
});

/** Runs one turn to its end; never throws for model or tool failures. */
export async function runTurn(inputs: TurnInputs): Promise<TurnOutcome> {
  const { threadId, turnId, sink, signal } = inputs;
  const newId = inputs.newId ?? (() => crypto.randomUUID());
  const startedAt = Date.now();
  const items: ThreadItem[] = [];
  const usage = emptyUsage();
  const turn = (status: Turn["status"], error: TurnError | null = null): Turn => ({
    id: turnId,
    items: [],
    itemsView: "full",
    status,
    error,
    startedAt: Math.floor(startedAt / 1000),
    completedAt: status === "inProgress" ? null : Math.floor(Date.now() / 1000),
    durationMs: status === "inProgress" ? null : Date.now() - startedAt,
  });
  const itemEvents = {
    start: (item: ThreadItem) => sink.emit("item/started", { item, threadId, turnId, startedAtMs: Date.now() }),
    complete: (item: ThreadItem) => {
      items.push(item);
      sink.emit("item/completed", { item, threadId, turnId, completedAtMs: Date.now() });
    },
  };

  sink.emit("turn/started", { threadId, turn: turn("inProgress") });
  const userItem: ThreadItem = { type: "userMessage", id: newId(), clientId: null, content: inputs.input };
  itemEvents.start(userItem);
  sink.pushHistory(userMessageToHistory(inputs.input));
  itemEvents.complete(userItem);

  const finish = (status: Turn["status"], error: TurnError | null = null): TurnOutcome => {
    const done = { ...turn(status, error), items };
    sink.emit("turn/completed", { threadId, turn: { ...done, items: [] } });
    return { turn: done, usage };
  };

  try {
    while (true) {
      if (signal.aborted) return finish("interrupted");
      const request = await buildRequest(inputs, sink);
      const sampled = await sample(inputs, request, itemEvents, newId);
      addUsage(usage, sampled.usage);
      if (sampled.usage) {
        sink.emit("thread/tokenUsage/updated", {
          threadId,
          turnId,
          tokenUsage: { total: breakdown(usage), last: breakdown(sampled.usage), modelContextWindow: null },
        });
      }
      const results = await Promise.all(sampled.calls.map((c) => c.result));
      sampled.calls.forEach((c, i) => sink.pushHistory(outputItem(c.call, results[i])));
      if (signal.aborted) return finish("interrupted");
      if (sampled.calls.length === 0) return finish("completed");
    }
  } catch (error) {
    if (signal.aborted) return finish("interrupted");
    const turnError = toTurnError(error);
    sink.emit("error", { error: turnError, willRetry: false, threadId, turnId });
    return finish("failed", turnError);
  }
}

interface ItemEvents {
  start(item: ThreadItem): void;
  complete(item: ThreadItem): void;
}

interface PendingCall {
  call: ToolCall;
  result: Promise<ToolResult>;
}

async function buildRequest(inputs: TurnInputs, sink: TurnSink): Promise<ModelRequest> {
  const { settings } = inputs;
  const prefix: ResponseItem[] = [];
  if (settings.developerInstructions) prefix.push(textMessage("developer", settings.developerInstructions));
  for (const contributor of inputs.contributors) {
    try {
      const fragments = await contributor.contribute({
        threadId: inputs.threadId,
        turnId: inputs.turnId,
        cwd: settings.cwd,
        model: settings.model,
        approvalPolicy: settings.approvalPolicy,
        sandbox: settings.sandbox,
        signal: inputs.signal,
      });
      for (const f of fragments) prefix.push(textMessage(f.role, f.text));
    } catch (error) {
      sink.warn(`Context contributor "${contributor.name}" failed: ${(error as Error).message ?? error}`);
    }
  }
  return {
    model: settings.model,
    instructions: settings.instructions,
    input: [...prefix, ...inputs.history],
    tools: inputs.tools.specs(),
    parallelToolCalls: true,
    reasoning: settings.effort || settings.summary ? { effort: settings.effort, summary: settings.summary } : undefined,
    outputSchema: settings.outputSchema,
  };
}

/** Streams one sampling request; starts tool calls as they complete. */
async function sample(
  inputs: TurnInputs,
  request: ModelRequest,
  itemEvents: ItemEvents,
  newId: () => string,
): Promise<{ calls: PendingCall[]; usage?: ModelUsage }> {
  const { threadId, turnId, sink, signal } = inputs;
  const calls: PendingCall[] = [];
  const open = new Map<number, AgentMessageItem | ReasoningItem>();
  let usage: ModelUsage | undefined;
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
  return { calls, usage };

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
        sink.emit("error", {
          error: {
            message: `${event.message}; retrying (attempt ${event.attempt} of ${event.maxAttempts})`,
            codexErrorInfo: null,
            additionalDetails: null,
          },
          willRetry: true,
          threadId,
          turnId,
        });
        return;
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

function toolContext(inputs: TurnInputs, call: ToolCall, itemEvents: ItemEvents): ToolContext {
  const { threadId, turnId, settings, sink, signal } = inputs;
  return {
    threadId,
    turnId,
    callId: call.callId,
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
    log: () => {},
  };
}

function outputItem(call: ToolCall, result: ToolResult): ResponseItem {
  const output: string | ToolOutputPart[] = result.output;
  return call.kind === "freeform"
    ? { type: "custom_tool_call_output", call_id: call.callId, output }
    : { type: "function_call_output", call_id: call.callId, output };
}

function userMessageToHistory(input: UserInput[]): ResponseItem {
  const content: ({ type: "input_text"; text: string } | { type: "input_image"; image_url: string })[] = [];
  for (const part of input) {
    if (part.type === "text") content.push({ type: "input_text", text: part.text });
    else if (part.type === "image") content.push({ type: "input_image", image_url: part.url });
    else if (part.type === "localImage") content.push({ type: "input_text", text: `<image path="${part.path}">` });
    else content.push({ type: "input_text", text: `<${part.type} name="${part.name}" path="${part.path}">` });
  }
  return { type: "message", role: "user", content };
}

function textMessage(role: "developer" | "user", text: string): ResponseItem {
  return { type: "message", role, content: [{ type: "input_text", text }] };
}

function addUsage(total: ModelUsage, add: ModelUsage | undefined): void {
  if (!add) return;
  total.inputTokens += add.inputTokens;
  total.cachedInputTokens += add.cachedInputTokens;
  total.outputTokens += add.outputTokens;
  total.reasoningOutputTokens += add.reasoningOutputTokens;
  total.totalTokens += add.totalTokens;
}

function breakdown(u: ModelUsage) {
  return {
    totalTokens: u.totalTokens,
    inputTokens: u.inputTokens,
    cachedInputTokens: u.cachedInputTokens,
    outputTokens: u.outputTokens,
    reasoningOutputTokens: u.reasoningOutputTokens,
  };
}

function toTurnError(error: unknown): TurnError {
  if (error instanceof ModelError) {
    return { message: error.message, codexErrorInfo: error.info, additionalDetails: null };
  }
  const message = error instanceof Error ? error.message : String(error);
  return { message: `Turn failed: ${message}`, codexErrorInfo: "other", additionalDetails: null };
}
