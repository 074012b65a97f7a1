import { assertEquals } from "@std/assert";
import type { ModelToolSpec, ResponseItem } from "../../kernel/mod.ts";
import { chat, startMockModelServer } from "../../test/support/mock_model.ts";
import { modelError, run, testProvider, userRequest } from "./_testing.ts";
import { toChatMessages } from "./chat_wire.ts";

const tools: ModelToolSpec[] = [
  {
    type: "function",
    name: "shell",
    description: "Runs a command",
    parameters: { type: "object", properties: { command: { type: "string" } } },
    strict: false,
  },
  {
    type: "custom",
    name: "apply_patch",
    description: "Edits files",
    format: { type: "grammar", syntax: "lark", definition: "start: patch" },
  },
];

const history: ResponseItem[] = [
  { type: "message", role: "developer", content: [{ type: "input_text", text: "Be brief." }] },
  { type: "message", role: "user", content: [{ type: "input_text", text: "List files" }] },
  { type: "reasoning", id: "rs_1", summary: [{ type: "summary_text", text: "thinking" }] },
  { type: "message", id: "m1", role: "assistant", content: [{ type: "output_text", text: "Looking." }] },
  { type: "function_call", id: "fc_1", name: "shell", arguments: '{"command":"ls"}', call_id: "call_1" },
  { type: "custom_tool_call", id: "ct_1", name: "apply_patch", input: "*** Begin Patch", call_id: "call_2" },
  { type: "function_call_output", call_id: "call_1", output: "a.txt" },
  { type: "custom_tool_call_output", call_id: "call_2", output: [{ type: "input_text", text: "patched" }] },
];

Deno.test("Chat wire: history and tools convert to chat messages and function tools", async () => {
  await using server = await startMockModelServer({ responses: [{ chat: [chat.text("ok"), chat.finish()] }] });
  await run(testProvider(server.url, { wireApi: "chat" }), userRequest("", { input: history, tools }));
  const [recorded] = server.requests;
  assertEquals(recorded.path, "/v1/chat/completions");
  assertEquals(recorded.body.stream, true);
  assertEquals(recorded.body.stream_options, { include_usage: true });
  assertEquals(recorded.body.messages, [
    { role: "system", content: "You are a test.\n\nBe brief." },
    { role: "user", content: "List files" },
    {
      role: "assistant",
      content: "Looking.",
      tool_calls: [
        { id: "call_1", type: "function", function: { name: "shell", arguments: '{"command":"ls"}' } },
        { id: "call_2", type: "function", function: { name: "apply_patch", arguments: '{"input":"*** Begin Patch"}' } },
      ],
    },
    { role: "tool", tool_call_id: "call_1", content: "a.txt" },
    { role: "tool", tool_call_id: "call_2", content: "patched" },
  ]);
  assertEquals(recorded.body.tools, [
    {
      type: "function",
      function: {
        name: "shell",
        description: "Runs a command",
        parameters: { type: "object", properties: { command: { type: "string" } } },
      },
    },
    {
      type: "function",
      function: {
        name: "apply_patch",
        description: "Edits files\n\nThe input must follow this lark grammar:\nstart: patch",
        parameters: {
          type: "object",
          properties: { input: { type: "string", description: "The raw input for the tool" } },
          required: ["input"],
          additionalProperties: false,
        },
      },
    },
  ]);
  assertEquals(recorded.body.tool_choice, "auto");
});

Deno.test("Chat wire: streamed text and tool calls come back as message, function_call and custom_tool_call items", async () => {
  await using server = await startMockModelServer({
    responses: [{
      chat: [
        chat.role(),
        chat.text("Running "),
        chat.text("tools."),
        ...chat.toolCall(0, "call_a", "shell", { command: "ls" }),
        ...chat.toolCall(1, "call_b", "apply_patch", { input: "*** Begin Patch\n*** End Patch" }),
        chat.finish("tool_calls"),
        chat.usage(50, 20, { cachedTokens: 10, reasoningTokens: 5 }),
      ],
    }],
  });
  const { events, error } = await run(testProvider(server.url, { wireApi: "chat" }), userRequest("go", { tools }));
  assertEquals(error, undefined);
  assertEquals(events, [
    { type: "created", responseId: "chatcmpl-mock" },
    {
      type: "itemAdded",
      outputIndex: 0,
      item: { type: "message", id: "msg_chatcmpl-mock", role: "assistant", content: [] },
    },
    { type: "textDelta", itemId: "msg_chatcmpl-mock", outputIndex: 0, delta: "Running " },
    { type: "textDelta", itemId: "msg_chatcmpl-mock", outputIndex: 0, delta: "tools." },
    {
      type: "itemDone",
      outputIndex: 0,
      item: {
        type: "message",
        id: "msg_chatcmpl-mock",
        role: "assistant",
        content: [{ type: "output_text", text: "Running tools." }],
      },
    },
    {
      type: "itemAdded",
      outputIndex: 1,
      item: { type: "function_call", id: "fc_call_a", name: "shell", arguments: '{"command":"ls"}', call_id: "call_a" },
    },
    {
      type: "itemDone",
      outputIndex: 1,
      item: { type: "function_call", id: "fc_call_a", name: "shell", arguments: '{"command":"ls"}', call_id: "call_a" },
    },
    {
      type: "itemAdded",
      outputIndex: 2,
      item: {
        type: "custom_tool_call",
        id: "fc_call_b",
        name: "apply_patch",
        input: "*** Begin Patch\n*** End Patch",
        call_id: "call_b",
      },
    },
    {
      type: "itemDone",
      outputIndex: 2,
      item: {
        type: "custom_tool_call",
        id: "fc_call_b",
        name: "apply_patch",
        input: "*** Begin Patch\n*** End Patch",
        call_id: "call_b",
      },
    },
    {
      type: "completed",
      responseId: "chatcmpl-mock",
      usage: { inputTokens: 50, cachedInputTokens: 10, outputTokens: 20, reasoningOutputTokens: 5, totalTokens: 70 },
    },
  ]);
});

Deno.test("Chat wire: a stream cut before finish_reason is retried", async () => {
  await using server = await startMockModelServer({
    responses: [
      { chat: [chat.role(), chat.text("lost")], dropAfter: 1 },
      { chat: [chat.role(), chat.text("kept"), chat.finish()] },
    ],
  });
  const { events, error } = await run(testProvider(server.url, { wireApi: "chat" }), userRequest());
  assertEquals(error, undefined);
  assertEquals(server.requests.length, 2);
  const text = events.flatMap((e) => (e.type === "textDelta" ? [e.delta] : []));
  assertEquals(text, ["kept"]);
  assertEquals(events.filter((e) => e.type === "retrying").length, 1);
});

Deno.test("Chat wire: a stream that ends after finish_reason without [DONE] still completes", async () => {
  await using server = await startMockModelServer({
    responses: [{ chat: [chat.text("done"), chat.finish()], dropAfter: 2 }],
  });
  const { events, error } = await run(
    testProvider(server.url, { wireApi: "chat", streamMaxRetries: 0 }),
    userRequest(),
  );
  assertEquals(error, undefined);
  assertEquals(events.at(-1)?.type, "completed");
});

Deno.test("Chat wire: an error chunk fails the request with its message", async () => {
  await using server = await startMockModelServer({
    responses: [{ chat: [chat.error("model 'x' not found", "invalid_request_error")] }],
  });
  const error = modelError(await run(testProvider(server.url, { wireApi: "chat" }), userRequest()));
  assertEquals(error.info, "badRequest");
  assertEquals(
    error.message,
    `Model request to ${server.url}/chat/completions failed after 1 attempt: Response failed (invalid_request_error): model 'x' not found`,
  );
});

Deno.test("Chat wire: one system message, first; a later developer message joins its user message", () => {
  const developer = (text: string): ResponseItem => ({
    type: "message",
    role: "developer",
    content: [{ type: "input_text", text }],
  });
  const user = (text: string): ResponseItem => ({
    type: "message",
    role: "user",
    content: [{ type: "input_text", text }],
  });
  const messages = toChatMessages("Instructions.", [
    developer("Environment."),
    user("First."),
    { type: "message", id: "m1", role: "assistant", content: [{ type: "output_text", text: "Done." }] },
    user("Second."),
    developer("Hook context."),
  ]);
  assertEquals(messages, [
    { role: "system", content: "Instructions.\n\nEnvironment." },
    { role: "user", content: "First." },
    { role: "assistant", content: "Done." },
    { role: "user", content: "Second.\n\nHook context." },
  ]);
  assertEquals(messages.filter((m) => m.role === "system").length, 1);
});
