/**
 * @module
 * `tern exec --record FILE`: records the session as a cassette (see the kernel's `cassette.ts`)
 * for `@tern/testing` to replay. A wrapper provider, registered beside the real one, sits at the
 * provider boundary: it writes each model request and every event the real provider streams back,
 * and pairs each tool call with the output the model reads next. Hook runs and tool items come
 * from the bus. The file is written when the run ends.
 */
import {
  CASSETTE_VERSION,
  type CassetteEntry,
  type CassetteHeader,
  formatCassette,
  type FrontEnd,
  type ModelEvent,
  type ModelProvider,
  type Thread,
  type ThreadItem,
} from "../../kernel/mod.ts";

/** Items a tool produces, kept in the cassette for a reader. */
const TOOL_ITEMS = new Set<ThreadItem["type"]>([
  "commandExecution",
  "fileChange",
  "mcpToolCall",
  "dynamicToolCall",
  "imageView",
]);

/** What `startRecording()` needs. */
export interface RecordingOptions {
  runtime: FrontEnd;
  thread: Thread;
  /** Registers the wrapper provider (the exec plugin's `api.providers.register`). */
  addProvider(provider: ModelProvider): () => void;
  /** Where the cassette goes. */
  file: string;
  prompt: string;
}

/** A recording in progress. */
export interface Recording {
  /** The wrapper's provider id: run the turn with it as `modelProvider`. */
  providerId: string;
  /** Stops recording and writes the cassette. */
  finish(): Promise<void>;
}

/** Starts recording `thread`'s next turn. */
export function startRecording(options: RecordingOptions): Recording {
  const { runtime, thread } = options;
  const inner = runtime.provider(thread.settings.modelProvider);
  const entries: CassetteEntry[] = [];
  const calls = new Map<string, Extract<CassetteEntry, { type: "toolCall" }>>();
  let requests = 0;
  const wrapper: ModelProvider = {
    id: `record:${inner.id}`,
    async *stream(request, streamOptions): AsyncIterable<ModelEvent> {
      const index = requests++;
      for (const item of request.input) {
        if (item.type !== "function_call_output" && item.type !== "custom_tool_call_output") continue;
        const call = calls.get(item.call_id);
        if (!call || call.output !== null) continue;
        call.output = typeof item.output === "string"
          ? item.output
          : item.output.map((p) => "text" in p ? p.text : "").join("");
      }
      entries.push({ type: "request", index, request: structuredClone(request) });
      try {
        for await (const event of inner.stream(request, streamOptions)) {
          entries.push({ type: "event", index, event: structuredClone(event) });
          if (
            event.type === "itemDone" && (event.item.type === "function_call" || event.item.type === "custom_tool_call")
          ) {
            const input = event.item.type === "function_call" ? event.item.arguments : event.item.input;
            const call = {
              type: "toolCall" as const,
              callId: event.item.call_id,
              name: event.item.name,
              input,
              output: null,
            };
            calls.set(call.callId, call);
            entries.push(call);
          }
          yield event;
        }
      } catch (error) {
        entries.push({ type: "error", index, message: (error as Error).message ?? String(error) });
        throw error;
      }
    },
    listModels: inner.listModels?.bind(inner),
    contextWindow: inner.contextWindow?.bind(inner),
  };
  const unregister = options.addProvider(wrapper);
  const offHooks = runtime.bus.on("hook/completed", (n) => {
    if (n.threadId === thread.id) entries.push({ type: "hook", run: structuredClone(n.run) });
  }, { owner: "exec-record" });
  const offItems = runtime.bus.on("item/completed", (n) => {
    if (n.threadId === thread.id && TOOL_ITEMS.has(n.item.type)) {
      entries.push({ type: "item", item: structuredClone(n.item) });
    }
  }, { owner: "exec-record" });
  return {
    providerId: wrapper.id,
    async finish() {
      await runtime.bus.idle();
      offHooks();
      offItems();
      unregister();
      const header: CassetteHeader = {
        type: "header",
        version: CASSETTE_VERSION,
        tern: runtime.cliVersion,
        recordedAt: new Date().toISOString(),
        cwd: thread.settings.cwd,
        provider: inner.id,
        model: thread.settings.model,
        prompt: options.prompt,
      };
      await Deno.writeTextFile(options.file, formatCassette({ header, entries }));
    },
  };
}
