import { assertEquals, assertStringIncludes } from "@std/assert";
import type { ModelToolSpec } from "../../kernel/mod.ts";
import { ev, startMockModelServer, turnOf } from "../../test/support/mock_model.ts";
import { modelError, run, testProvider, userRequest } from "./_testing.ts";

Deno.test("Responses stream: text streams as itemAdded, textDelta, itemDone and completed", async () => {
  await using server = await startMockModelServer({
    responses: [
      turnOf({ responseId: "resp_1" }, ev.assistantMessage("msg_1", "Hello there", { deltas: ["Hello", " there"] })),
    ],
  });
  const { events, error } = await run(testProvider(server.url), userRequest());
  assertEquals(error, undefined);
  assertEquals(events, [
    { type: "created", responseId: "resp_1" },
    { type: "itemAdded", outputIndex: 0, item: { type: "message", id: "msg_1", role: "assistant", content: [] } },
    { type: "textDelta", itemId: "msg_1", outputIndex: 0, delta: "Hello" },
    { type: "textDelta", itemId: "msg_1", outputIndex: 0, delta: " there" },
    {
      type: "itemDone",
      outputIndex: 0,
      item: {
        type: "message",
        id: "msg_1",
        role: "assistant",
        content: [{ type: "output_text", text: "Hello there" }],
      },
    },
    {
      type: "completed",
      responseId: "resp_1",
      usage: { inputTokens: 0, cachedInputTokens: 0, outputTokens: 0, reasoningOutputTokens: 0, totalTokens: 0 },
    },
  ]);
});

Deno.test("Responses stream: function calls, custom tool calls and reasoning become ResponseItems", async () => {
  await using server = await startMockModelServer({
    responses: [turnOf(
      ev.reasoning("rs_1", ["Plan", "Act"], { encryptedContent: "enc" }),
      ev.functionCall("call_1", "shell", { command: ["ls"] }),
      ev.customToolCall("call_2", "apply_patch", "*** Begin Patch\n*** End Patch"),
    )],
  });
  const { events } = await run(testProvider(server.url), userRequest());
  const summary = events.filter((e) => e.type.startsWith("reasoning"));
  assertEquals(summary, [
    { type: "reasoningSummaryPartAdded", itemId: "rs_1", outputIndex: 0, summaryIndex: 0 },
    { type: "reasoningSummaryDelta", itemId: "rs_1", outputIndex: 0, summaryIndex: 0, delta: "Plan" },
    { type: "reasoningSummaryPartAdded", itemId: "rs_1", outputIndex: 0, summaryIndex: 1 },
    { type: "reasoningSummaryDelta", itemId: "rs_1", outputIndex: 0, summaryIndex: 1, delta: "Act" },
  ]);
  const done = events.flatMap((e) => (e.type === "itemDone" ? [[e.outputIndex, e.item]] : []));
  assertEquals(done, [
    [0, {
      type: "reasoning",
      id: "rs_1",
      summary: [{ type: "summary_text", text: "Plan" }, { type: "summary_text", text: "Act" }],
      encrypted_content: "enc",
    }],
    [1, { type: "function_call", id: "fc_call_1", name: "shell", arguments: '{"command":["ls"]}', call_id: "call_1" }],
    [2, {
      type: "custom_tool_call",
      id: "ctc_call_2",
      name: "apply_patch",
      input: "*** Begin Patch\n*** End Patch",
      call_id: "call_2",
    }],
  ]);
});

Deno.test("Responses stream: usage maps input, cached, output, reasoning and total tokens", async () => {
  await using server = await startMockModelServer({
    responses: [turnOf(
      {
        usage: {
          inputTokens: 120,
          cachedInputTokens: 100,
          outputTokens: 30,
          reasoningOutputTokens: 12,
          totalTokens: 150,
        },
      },
      ev.assistantMessage("msg_1", "ok"),
    )],
  });
  const { events } = await run(testProvider(server.url), userRequest());
  const completed = events.at(-1);
  assertEquals(completed?.type === "completed" ? completed.usage : null, {
    inputTokens: 120,
    cachedInputTokens: 100,
    outputTokens: 30,
    reasoningOutputTokens: 12,
    totalTokens: 150,
  });
});

Deno.test("Responses request: body carries model, instructions, input without ids, tools and streaming flags", async () => {
  await using server = await startMockModelServer({ responses: [turnOf(ev.assistantMessage("m", "ok"))] });
  const tools: ModelToolSpec[] = [
    {
      type: "function",
      name: "shell",
      description: "Runs",
      parameters: { type: "object", properties: {} },
      strict: false,
    },
    {
      type: "custom",
      name: "apply_patch",
      description: "Patches",
      format: { type: "grammar", syntax: "lark", definition: "start: x" },
    },
  ];
  const request = userRequest("Hi", {
    input: [
      { type: "message", role: "user", content: [{ type: "input_text", text: "Hi" }] },
      { type: "message", id: "msg_old", role: "assistant", content: [{ type: "output_text", text: "Yo" }] },
      { type: "function_call", id: "fc_old", name: "shell", arguments: "{}", call_id: "c1" },
      { type: "function_call_output", call_id: "c1", output: "done" },
    ],
    tools,
    parallelToolCalls: false,
    reasoning: { effort: "high", summary: "auto" },
  });
  const provider = testProvider(server.url, { headers: { "x-team": "tern" }, queryParams: { "api-version": "7" } });
  await run(provider, request);

  const [recorded] = server.requests;
  assertEquals(recorded.path, "/v1/responses");
  assertEquals(recorded.query, { "api-version": "7" });
  assertEquals(recorded.headers.authorization, "Bearer sk-test");
  assertEquals(recorded.headers["x-team"], "tern");
  assertEquals(recorded.headers.accept, "text/event-stream");
  assertEquals(recorded.body, {
    model: "mock-model",
    instructions: "You are a test.",
    input: [
      { type: "message", role: "user", content: [{ type: "input_text", text: "Hi" }] },
      { type: "message", role: "assistant", content: [{ type: "output_text", text: "Yo" }] },
      { type: "function_call", name: "shell", arguments: "{}", call_id: "c1" },
      { type: "function_call_output", call_id: "c1", output: "done" },
    ],
    tools,
    tool_choice: "auto",
    parallel_tool_calls: false,
    stream: true,
    store: false,
    reasoning: { effort: "high", summary: "auto" },
    include: ["reasoning.encrypted_content"],
  });
});

Deno.test("Responses request: outputSchema becomes a strict json_schema text format", async () => {
  await using server = await startMockModelServer({ responses: [turnOf(ev.assistantMessage("m", "{}"))] });
  const schema = { type: "object", properties: { answer: { type: "string" } }, required: ["answer"] };
  await run(testProvider(server.url), userRequest("Hi", { outputSchema: schema }));
  const body = server.requests[0].body;
  assertEquals(body.text, { format: { type: "json_schema", name: "output", strict: true, schema } });
  assertEquals("reasoning" in body, false);
});

Deno.test("Responses stream: response.failed with context_length_exceeded fails at once as contextWindowExceeded", async () => {
  await using server = await startMockModelServer({
    responses: [{
      events: [ev.created("r1"), ev.failed("r1", { code: "context_length_exceeded", message: "Input is too long" })],
    }],
  });
  const error = modelError(await run(testProvider(server.url), userRequest()));
  assertEquals(error.info, "contextWindowExceeded");
  assertStringIncludes(
    error.message,
    "failed after 1 attempt: Response failed (context_length_exceeded): Input is too long",
  );
  assertEquals(server.requests.length, 1);
});

Deno.test("Responses stream: response.incomplete fails naming the reason", async () => {
  await using server = await startMockModelServer({
    responses: [{ events: [ev.created("r1"), ev.incomplete("r1", "max_output_tokens")] }],
  });
  const error = modelError(await run(testProvider(server.url), userRequest()));
  assertStringIncludes(error.message, "Incomplete response returned, reason: max_output_tokens");
});

Deno.test("Responses stream: a retryable error event is retried before any output", async () => {
  await using server = await startMockModelServer({
    responses: [
      { events: [ev.created("r1"), ev.error("The server had an error", "server_error")] },
      turnOf(ev.assistantMessage("m", "recovered")),
    ],
  });
  const { events, error } = await run(testProvider(server.url), userRequest());
  assertEquals(error, undefined);
  assertEquals(server.requests.length, 2);
  const retrying = events.find((e) => e.type === "retrying");
  assertStringIncludes(retrying?.type === "retrying" ? retrying.message : "", "The server had an error");
  assertEquals(events.at(-1)?.type, "completed");
});
