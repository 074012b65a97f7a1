import { assertEquals } from "@std/assert";
import { type Recorded, recordingToolContext, type RequestAnswer } from "../../kernel/mod.ts";
import { createDynamicTool, toModelOutput } from "./dynamic_tool.ts";

const lookup = createDynamicTool({
  namespace: "jira",
  name: "lookup",
  description: "Looks up a ticket",
  inputSchema: { type: "object", properties: { id: { type: "string" } } },
});

/** The started and completed items, each with its event kind and without its (timing) duration. */
function items(events: Recorded[]): Record<string, unknown>[] {
  return events.flatMap((e) =>
    e.kind === "started" || e.kind === "completed" ? [{ kind: e.kind, ...e.item, durationMs: undefined }] : []
  );
}

async function call(answer?: RequestAnswer, signal?: AbortSignal) {
  const { ctx, events } = recordingToolContext({ callId: "call_7", toolName: lookup.name, answer, signal });
  const result = await lookup.execute({ id: "T-1" }, ctx);
  return { result, events };
}

Deno.test("a namespaced dynamic tool is offered to the model as namespace__name with its schema", () => {
  assertEquals([lookup.kind, lookup.name, lookup.inputSchema.type], ["jsonSchema", "jira__lookup", "object"]);
});

Deno.test("a dynamic tool call asks the client with item/tool/call and gives the model the answer's text", async () => {
  const { result, events } = await call(() => ({
    status: "answered",
    response: { contentItems: [{ type: "inputText", text: "T-1 is open" }], success: true },
  }));
  assertEquals(result, { output: "T-1 is open", success: true });
  assertEquals(events.find((e) => e.kind === "request"), {
    kind: "request",
    method: "item/tool/call",
    params: {
      threadId: "thread-1",
      turnId: "turn-1",
      callId: "call_7",
      namespace: "jira",
      tool: "lookup",
      arguments: { id: "T-1" },
    },
  });
  const base = { type: "dynamicToolCall", id: "call_7", namespace: "jira", tool: "lookup", arguments: { id: "T-1" } };
  assertEquals(items(events), [
    { kind: "started", ...base, status: "inProgress", contentItems: null, success: null, durationMs: undefined },
    {
      kind: "completed",
      ...base,
      status: "completed",
      contentItems: [{ type: "inputText", text: "T-1 is open" }],
      success: true,
      durationMs: undefined,
    },
  ]);
  const completed = events.find((e) => e.kind === "completed");
  assertEquals(
    typeof (completed?.kind === "completed" && (completed.item as { durationMs: unknown }).durationMs),
    "number",
  );
});

Deno.test("an answer with success false marks the item failed but still hands its content to the model", async () => {
  const { result, events } = await call(() => ({
    status: "answered",
    response: { contentItems: [{ type: "inputText", text: "no such ticket" }], success: false },
  }));
  assertEquals(result, { output: "no such ticket", success: false });
  assertEquals(items(events).at(-1)?.status, "failed");
});

Deno.test("text and images in an answer reach the model as input_text and input_image parts", () => {
  assertEquals(
    toModelOutput([{ type: "inputText", text: "chart:" }, {
      type: "inputImage",
      imageUrl: "data:image/png;base64,AA",
    }]),
    [{ type: "input_text", text: "chart:" }, { type: "input_image", image_url: "data:image/png;base64,AA" }],
  );
  assertEquals(toModelOutput([]), []);
});

Deno.test("a dynamic tool call fails with a clear message when no client, a client error or an interrupt answers", async () => {
  const declined = await call(); // the default: no client attached
  assertEquals(declined.result, {
    output: 'Dynamic tool "lookup" failed: no client is attached to answer "item/tool/call"',
    success: false,
  });
  assertEquals(items(declined.events).at(-1)?.status, "failed");

  const failed = await call(() => ({ status: "failed", message: "the client answered with error -32000: boom" }));
  assertEquals(failed.result.output, 'Dynamic tool "lookup" failed: the client answered with error -32000: boom');

  const cancelled = await call(() => ({ status: "cancelled", reason: "the turn was interrupted" }));
  assertEquals(cancelled.result, { output: 'Dynamic tool "lookup" failed: the turn was interrupted', success: false });
  const last = items(cancelled.events).at(-1);
  assertEquals([last?.kind, last?.status, last?.success, last?.contentItems], ["completed", "failed", false, null]);
});
