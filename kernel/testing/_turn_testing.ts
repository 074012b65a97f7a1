/**
 * @module
 * Test support for the turn loop (private to the kernel's tests): a fake provider that replays
 * event lists and records requests, event builders, and a harness that runs `runTurn` with
 * recording sinks.
 */
import { EventBus } from "../bus.ts";
import { SessionApprovals } from "../requests/approvals.ts";
import { Lifecycle } from "../extensions/lifecycle.ts";
import type { ModelEvent, ModelProvider, ModelRequest } from "../provider.ts";
import type { Notification } from "../protocol/notifications.ts";
import type { ResponseItem } from "../protocol/model.ts";
import { ToolRegistry } from "../tool_registry.ts";
import type { TurnInputs } from "../turn.ts";

/** A provider that plays one list of events per request and records the requests. */
export function fakeProvider(responses: (ModelEvent[] | Error)[]): ModelProvider & { requests: ModelRequest[] } {
  const requests: ModelRequest[] = [];
  return {
    id: "fake",
    requests,
    async *stream(request, { signal }) {
      requests.push(structuredClone(request));
      const next = responses.shift();
      if (!next) throw new Error("fake provider: no response left");
      if (next instanceof Error) throw next;
      for (const event of next) {
        if (signal.aborted) return;
        yield event;
        await Promise.resolve();
      }
    },
  };
}

export const say = (id: string, text: string, outputIndex = 0): ModelEvent[] => {
  const item: ResponseItem = { type: "message", id, role: "assistant", content: [{ type: "output_text", text }] };
  return [
    { type: "itemAdded", item: { ...item, content: [] }, outputIndex },
    ...text.split(" ").map((w, i): ModelEvent => ({
      type: "textDelta",
      itemId: id,
      outputIndex,
      delta: i === 0 ? w : ` ${w}`,
    })),
    { type: "itemDone", item, outputIndex },
  ];
};
export const call = (callId: string, name: string, args: unknown, outputIndex = 0): ModelEvent[] => {
  const item: ResponseItem = {
    type: "function_call",
    id: `fc_${callId}`,
    name,
    arguments: JSON.stringify(args),
    call_id: callId,
  };
  return [{ type: "itemAdded", item, outputIndex }, { type: "itemDone", item, outputIndex }];
};
export const completed: ModelEvent = {
  type: "completed",
  usage: { inputTokens: 10, cachedInputTokens: 2, outputTokens: 5, reasoningOutputTokens: 1, totalTokens: 15 },
};

export function harness(
  provider: ModelProvider,
  tools = new ToolRegistry(),
  abort = new AbortController(),
  lifecycle = new Lifecycle(),
) {
  const events: Notification[] = [];
  const history: ResponseItem[] = [];
  const bus = new EventBus();
  const inputs: TurnInputs = {
    threadId: "thread-1",
    turnId: "turn-1",
    input: [{ type: "text", text: "hello", text_elements: [] }],
    history,
    settings: {
      cwd: "/tmp",
      model: "m",
      approvalPolicy: "never",
      sandboxMode: "read-only",
      sandbox: { mode: "read-only", writableRoots: [], networkAccess: false },
      instructions: "be brief",
    },
    approvals: new SessionApprovals(),
    interrupt: () => abort.abort(),
    lifecycle,
    maxContinuations: 2,
    transcriptPath: null,
    provider,
    tools,
    contributors: [{ name: "ctx", contribute: () => [{ role: "user", text: "# AGENTS.md" }] }],
    request: bus.request.bind(bus),
    signal: abort.signal,
    sink: {
      emit: (method, params) => void events.push({ method, params } as Notification),
      pushHistory: (item) => void history.push(item),
      replaceHistory: (items) => void history.splice(0, history.length, ...items),
      warn: () => {},
    },
  };
  return { inputs, events, history, abort };
}

export const methods = (events: Notification[]) => events.map((e) => e.method);
