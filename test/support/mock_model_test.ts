import { assert, assertEquals, assertMatch, assertStringIncludes } from "@std/assert";
import { chat, ev, startMockModelServer, turnOf } from "./mock_model.ts";

function post(url: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify(body),
  });
}

/** Splits an SSE body into `{ event, data }` records. */
function parseSse(text: string): Array<{ event?: string; data: string }> {
  return text.split("\n\n").filter((block) => block.trim() !== "").map((block) => {
    const lines = block.split("\n");
    const event = lines.find((line) => line.startsWith("event: "))?.slice(7);
    const data = lines.filter((line) => line.startsWith("data: ")).map((line) => line.slice(6)).join("\n");
    return { event, data };
  });
}

Deno.test("startMockModelServer() serves queued responses in order and records each request", async () => {
  await using server = await startMockModelServer();
  server.enqueue(turnOf(ev.assistantMessage("msg_1", "first")), { status: 429 });
  assertMatch(server.url, /^http:\/\/127\.0\.0\.1:\d+\/v1$/);

  const first = await post(`${server.url}/responses?api-version=1`, { model: "m", input: [] }, {
    authorization: "Bearer k",
  });
  assertEquals(first.status, 200);
  assertEquals(first.headers.get("content-type"), "text/event-stream");
  assertStringIncludes(await first.text(), "first");
  const second = await post(`${server.url}/responses`, { model: "m" });
  assertEquals(second.status, 429);
  await second.body?.cancel();

  assertEquals(server.requests.length, 2);
  assertEquals(server.requests[0].path, "/v1/responses");
  assertEquals(server.requests[0].query, { "api-version": "1" });
  assertEquals(server.requests[0].headers.authorization, "Bearer k");
  assertEquals(server.requests[0].body, { model: "m", input: [] });
});

Deno.test("startMockModelServer() answers 500 naming the empty queue, or serves the fallback", async () => {
  await using bare = await startMockModelServer();
  const empty = await post(`${bare.url}/responses`, {});
  assertEquals(empty.status, 500);
  assertStringIncludes((await empty.json()).error.message, "queue is empty");

  await using withFallback = await startMockModelServer({ fallback: { status: 503, headers: { "retry-after": "1" } } });
  const fallback = await post(`${withFallback.url}/responses`, {});
  assertEquals(fallback.status, 503);
  assertEquals(fallback.headers.get("retry-after"), "1");
  assertStringIncludes((await fallback.json()).error.message, "503");
});

Deno.test("startMockModelServer() writes Responses events with sequence numbers, output indexes and output", async () => {
  await using server = await startMockModelServer({
    responses: [turnOf(
      { responseId: "resp_7", usage: { inputTokens: 3, outputTokens: 2 } },
      ev.reasoning("rs_1", "thinking"),
      ev.assistantMessage("msg_1", "Hello", { deltas: ["Hel", "lo"] }),
      ev.functionCall("call_1", "shell", { command: ["ls"] }),
    )],
  });
  const records = parseSse(await (await post(`${server.url}/responses`, {})).text());
  const events = records.map((record) => JSON.parse(record.data));

  for (const [index, record] of records.entries()) {
    assertEquals(record.event, events[index].type);
    assertEquals(events[index].sequence_number, index);
  }
  assertEquals(events[0].type, "response.created");
  assertEquals(events[0].response.id, "resp_7");
  const indexOf = (type: string, id: string) =>
    events.find((e) => e.type === type && (e.item?.id ?? e.item_id) === id)?.output_index;
  assertEquals(indexOf("response.output_item.added", "rs_1"), 0);
  assertEquals(indexOf("response.reasoning_summary_text.delta", "rs_1"), 0);
  assertEquals(indexOf("response.output_text.delta", "msg_1"), 1);
  assertEquals(indexOf("response.output_item.done", "msg_1"), 1);
  assertEquals(indexOf("response.output_item.done", "fc_call_1"), 2);
  const deltas = events.filter((e) => e.type === "response.output_text.delta").map((e) => e.delta);
  assertEquals(deltas, ["Hel", "lo"]);

  const completed = events.at(-1);
  assertEquals(completed.type, "response.completed");
  assertEquals(completed.response.usage.total_tokens, 5);
  assertEquals(completed.response.output.map((item: { id: string }) => item.id), ["rs_1", "msg_1", "fc_call_1"]);
  assertEquals(completed.response.output[2].arguments, '{"command":["ls"]}');
});

Deno.test("startMockModelServer() cuts a stream after dropAfter events", async () => {
  await using server = await startMockModelServer({
    responses: [{ ...turnOf(ev.assistantMessage("msg_1", "Hi")), dropAfter: 2 }],
  });
  const types = parseSse(await (await post(`${server.url}/responses`, {})).text()).map((r) => r.event);
  assertEquals(types, ["response.created", "response.output_item.added"]);
});

Deno.test("startMockModelServer() holds a stream open until the client goes away", async () => {
  await using server = await startMockModelServer({ responses: [{ events: [ev.created("r")], holdOpen: true }] });
  const controller = new AbortController();
  const response = await fetch(`${server.url}/responses`, { method: "POST", body: "{}", signal: controller.signal });
  const reader = response.body!.getReader();
  const first = await reader.read();
  assertStringIncludes(new TextDecoder().decode(first.value), "response.created");
  const pending = reader.read();
  const winner = await Promise.race([pending.then(() => "data"), new Promise((r) => setTimeout(() => r("idle"), 100))]);
  assertEquals(winner, "idle");
  controller.abort();
  await pending.catch(() => {});
});

Deno.test("MockModelServer.close() ends streams still held open", async () => {
  const server = await startMockModelServer({ responses: [{ events: [ev.created("r")], holdOpen: true }] });
  const response = await post(`${server.url}/responses`, {});
  assertEquals(server.openStreams, 1);
  const body = response.text();
  await server.close();
  assertStringIncludes(await body, "response.created");
  assertEquals(server.openStreams, 0);
});

Deno.test("startMockModelServer() streams chat chunks and ends with [DONE]", async () => {
  await using server = await startMockModelServer({
    responses: [{ chat: [chat.role(), chat.text("Hi"), ...chat.toolCall(0, "call_1", "f", { a: 1 }), chat.finish()] }],
  });
  const response = await post(`${server.url}/chat/completions`, { model: "m", stream: true });
  const records = parseSse(await response.text());
  assertEquals(records.at(-1)?.data, "[DONE]");
  const chunks = records.slice(0, -1).map((r) => JSON.parse(r.data));
  assertEquals(chunks[1].choices[0].delta.content, "Hi");
  const args = chunks.slice(2, 5).map((c) => c.choices[0].delta.tool_calls[0].function.arguments).join("");
  assertEquals(args, '{"a":1}');
  assertEquals(chunks.at(-1).choices[0].finish_reason, "stop");
  assertEquals(server.requests[0].path, "/v1/chat/completions");
});

Deno.test("startMockModelServer() lists the mock model", async () => {
  await using server = await startMockModelServer();
  const list = await (await fetch(`${server.url}/models`)).json();
  assertEquals(list.data.map((m: { id: string }) => m.id), ["mock-model"]);
  assert(server.requests.length === 0, "GET /models is not a model request");
});
